#!/usr/bin/env bash
# Renders the chart's defaults into charts/rendered/ for `kubectl apply -k .` (the kustomization at the repository root).
# Usage: scripts/render-manifests.sh [output directory, default charts/rendered/]. A test fails when the checked-in files differ from a fresh render: run `make deploy-manifests` after changing the chart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
helm=${HELM:-$root/.tools/bin/helm}
out="${1:-$root/charts/rendered}"
mkdir -p "$out"
cat > "$out/namespace.yaml" <<'YAML'
# Rendered by scripts/render-manifests.sh; do not edit. The release namespace (helm install --create-namespace).
apiVersion: v1
kind: Namespace
metadata:
  name: backups-system
  labels:
    app.kubernetes.io/part-of: backups-operator
    pod-security.kubernetes.io/enforce: restricted
YAML
{
  echo "# Rendered by scripts/render-manifests.sh from charts/backups-operator with its default values; do not edit."
  "$helm" template backups-operator "$root/charts/backups-operator" --namespace backups-system
} > "$out/backups-operator.yaml"
echo "wrote $out/namespace.yaml $out/backups-operator.yaml"
