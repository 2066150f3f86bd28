#!/usr/bin/env bash
# make run: the local Kubernetes-compatible API server, the DigitalOcean API simulator and the operator, all on 127.0.0.1.
# Nothing real is touched: no cluster, no DigitalOcean account. Ctrl-C stops all three.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DOTNET="${DOTNET:-dotnet}"
CONFIGURATION="${CONFIGURATION:-Release}"
SANDBOX_PORT="${SANDBOX_PORT:-16443}"
SIMULATOR_PORT="${SIMULATOR_PORT:-18090}"
METRICS_PORT="${METRICS_PORT:-18080}"
HEALTH_PORT="${HEALTH_PORT:-18081}"
# Fast snapshot timing so a backup completes in seconds: an action takes SECONDS_PER_GB per used GB, at least MIN_ACTION_SECONDS.
SECONDS_PER_GB="${SIMULATOR_SECONDS_PER_GB:-2}"
MIN_ACTION_SECONDS="${SIMULATOR_MIN_ACTION_SECONDS:-10}"
KUBECTL="$ROOT/.tools/bin/kubectl"
SANDBOX_DIR="$ROOT/.sandbox"
KUBECONFIG_PATH="$SANDBOX_DIR/kubeconfig"
LOGS="$SANDBOX_DIR/logs"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'make run: %s\n' "$*" >&2; exit 1; }

for port in "$SANDBOX_PORT" "$SIMULATOR_PORT" "$METRICS_PORT" "$HEALTH_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is in use (another make run?). Set SANDBOX_PORT, SIMULATOR_PORT, METRICS_PORT or HEALTH_PORT."
  fi
done
[ -x "$KUBECTL" ] || fail "$KUBECTL is missing: run 'make tools'."

say "Building the API server, the simulator and the operator ($CONFIGURATION)"
for project in tests/Backups.Operator.ApiServer operator/Backups.Operator.Simulator operator/Backups.Operator; do
  "$DOTNET" build "$project" -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly >/dev/null || fail "building $project failed"
done
API_SERVER_DLL="tests/Backups.Operator.ApiServer/bin/$CONFIGURATION/net10.0/Backups.Operator.ApiServer.dll"
SIMULATOR_DLL="operator/Backups.Operator.Simulator/bin/$CONFIGURATION/net10.0/Backups.Operator.Simulator.dll"
OPERATOR_DLL="operator/Backups.Operator/bin/$CONFIGURATION/net10.0/Backups.Operator.dll"

mkdir -p "$SANDBOX_DIR" "$LOGS"
rm -f "$KUBECONFIG_PATH"
PIDS=()
cleanup() {
  trap - INT TERM EXIT
  echo
  say "Stopping the operator, the simulator and the API server"
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup INT TERM EXIT

wait_for() { # wait_for <what> <seconds> <command...>
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  fail "$what did not come up within ${seconds}s; see $LOGS/"
}

say "Starting the local API server on 127.0.0.1:$SANDBOX_PORT (log: .sandbox/logs/api-server.log)"
# The cluster's objects survive restarts in .sandbox/api-server-state.json (delete it for a fresh cluster).
"$DOTNET" "$API_SERVER_DLL" --port "$SANDBOX_PORT" --kubeconfig "$KUBECONFIG_PATH" --crds "$ROOT/crds" \
  --state-file "$SANDBOX_DIR/api-server-state.json" >"$LOGS/api-server.log" 2>&1 &
PIDS+=($!)

# The seed of examples/ as it is. The simulator is fast (SECONDS_PER_GB per used GB), so the operator's first-poll estimate
# for a droplet it knows nothing about is lowered to match (FIRST_POLL_SECONDS_PER_DISK_GB per GB of disk: an 80 GB disk
# is first looked at after ~16 s); after the first backup of a droplet the operator uses what it learned.
SEED="$ROOT/examples/simulator/seed.json"
FIRST_POLL_SECONDS_PER_DISK_GB="${FIRST_POLL_SECONDS_PER_DISK_GB:-0.2}"

say "Starting the DigitalOcean simulator on 127.0.0.1:$SIMULATOR_PORT (log: .sandbox/logs/simulator.log)"
"$DOTNET" "$SIMULATOR_DLL" --urls "http://127.0.0.1:$SIMULATOR_PORT" --seed "$SEED" \
  --seconds-per-gb "$SECONDS_PER_GB" --min-action-seconds "$MIN_ACTION_SECONDS" >"$LOGS/simulator.log" 2>&1 &
PIDS+=($!)

wait_for "The API server" 60 "$KUBECTL" --kubeconfig "$KUBECONFIG_PATH" get --raw /readyz
wait_for "The API server's CRDs" 30 "$KUBECTL" --kubeconfig "$KUBECONFIG_PATH" get crd backups.backup.platform.dev
wait_for "The simulator" 60 curl -sf "http://127.0.0.1:$SIMULATOR_PORT/_simulator/health"

say "Creating the demo namespace team-a and its token Secret (examples/00-namespace.yaml, examples/01-token-secret.yaml)"
"$KUBECTL" --kubeconfig "$KUBECONFIG_PATH" apply -f examples/00-namespace.yaml -f examples/01-token-secret.yaml

cat <<TEXT

  Nothing real is touched: Kubernetes is the local in-memory API server (kubeconfig .sandbox/kubeconfig) and
  DigitalOcean is the simulator at http://127.0.0.1:$SIMULATOR_PORT (accounts, tokens and droplets of
  examples/simulator/seed.json).
  Snapshot timing is FAST: a snapshot or rebuild takes ${SECONDS_PER_GB} s per used GB, at least ${MIN_ACTION_SECONDS} s
  (real DigitalOcean takes minutes); the operator first looks after 10-20 s, so a backup is Available in about half a minute.

  In another shell, from $ROOT:
    export KUBECONFIG=.sandbox/kubeconfig PATH=\$PWD/.tools/bin:\$PATH
    kubectl apply -f examples/12-policy-pro.yaml -f examples/20-backup-manual.yaml
    kubectl -n team-a get bk -w                    # the manual backup: Creating -> Available
    kubectl apply -f examples/30-restore.yaml      # once it is Available
    kubectl -n team-a get backuprestores -w        # BackingUp -> Restoring -> Succeeded
    kubectl delete -f examples/12-policy-pro.yaml  # deletes its backups and their snapshots
    curl -s http://127.0.0.1:$SIMULATOR_PORT/_simulator/requests?recent=5   # what the operator asked DigitalOcean
    curl -s http://127.0.0.1:$METRICS_PORT/metrics | grep ^backup_

  The operator runs below (metrics http://127.0.0.1:$METRICS_PORT/metrics, health http://127.0.0.1:$HEALTH_PORT/healthz).
  Press Ctrl-C to stop all three.

TEXT

"$DOTNET" "$OPERATOR_DLL" --kubeconfig "$KUBECONFIG_PATH" --digitalocean-url "http://127.0.0.1:$SIMULATOR_PORT" \
  --metrics-port "$METRICS_PORT" --health-port "$HEALTH_PORT" --bind-address 127.0.0.1 \
  --first-poll-seconds-per-disk-gb "$FIRST_POLL_SECONDS_PER_DISK_GB" &
PIDS+=($!)
wait "${PIDS[-1]}" || true
