// Validates Kubernetes objects against the JSON schemas of one Kubernetes API version, as compiled into the npm
// package kubernetes-models (installed by scripts/install-tools.sh into .tools/node/kubernetes-models-<version>).
// usage: node validate-kubernetes.mjs <kubernetes-models directory> < objects.json   (a JSON array of objects)
// Prints a JSON array of {index, apiVersion, kind, name, errors}; exits 0 when every object is valid.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.join(process.argv[2], "node_modules", "kubernetes-models");
const objects = JSON.parse(fs.readFileSync(0, "utf8"));
const results = [];
for (const [index, object] of objects.entries()) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const dir = path.join(root, group, version);
  const file = [path.join(dir, "index.mjs"), path.join(dir, "index.js")].find((f) => fs.existsSync(f));
  const name = object.metadata?.name;
  if (!fs.existsSync(path.join(root, group || "v1"))) {
    // Not a Kubernetes API group (e.g. monitoring.coreos.com): no schema here; the caller decides whether that is fine.
    results.push({ index, apiVersion: object.apiVersion, kind: object.kind, name, errors: [], skipped: true });
    continue;
  }
  if (!file) {
    results.push({ index, apiVersion: object.apiVersion, kind: object.kind, name, errors: [`no schema for ${object.apiVersion}`] });
    continue;
  }
  const module = await import(pathToFileURL(file).href);
  const Model = module[object.kind];
  if (!Model) {
    results.push({ index, apiVersion: object.apiVersion, kind: object.kind, name, errors: [`no schema for kind ${object.kind} in ${object.apiVersion}`] });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ index, apiVersion: object.apiVersion, kind: object.kind, name, errors: [] });
  } catch (e) {
    const details = (e.errors ?? []).map((d) => `${d.instancePath} ${d.message ?? d.keyword}`);
    results.push({ index, apiVersion: object.apiVersion, kind: object.kind, name, errors: details.length ? details : [String(e.message ?? e)] });
  }
}
process.stdout.write(JSON.stringify(results));
process.exit(results.some((r) => r.errors.length) ? 1 : 0);
