# Backups Operator — the commands a developer and CI use.
#   make test       build and run every test but the measurements (installs kubectl/helm into .tools/ when missing)
#   make bench      the measurement tests and the benchmark program; writes benchmarks/RESULTS.md
#   make chaos      the kill campaign (CHAOS_KILLS=200, CHAOS_SEED) and the fault matrix; writes benchmarks/CHAOS.md
#   make run        local API server + DigitalOcean simulator + operator, in the foreground
#   make manifests  regenerate crds/ from the C# types, the chart's crd-sources/ and charts/rendered/
#   make simulator  the DigitalOcean API simulator on 127.0.0.1:$(SIMULATOR_PORT)
#   make sandbox    the local Kubernetes-compatible API server on 127.0.0.1:$(SANDBOX_PORT)
#   make image      the operator and simulator images with docker (needs a registry to pull the .NET images from)
#   make deploy-manifests  re-render charts/rendered/ (kubectl apply -k .) from charts/backups-operator
#   make install-plugin  kubectl backup: the plugin into $(PREFIX)/bin (default ~/.local/bin)
#   make pack-plugin     the plugin as a .NET global tool package (operator/Backups.Operator.Cli/bin/nupkg)
SHELL := /bin/bash
.DEFAULT_GOAL := help

DOTNET ?= dotnet
CONFIGURATION ?= Release
SOLUTION := Backups.Operator.sln
TOOLS_BIN := $(CURDIR)/.tools/bin
export PATH := $(TOOLS_BIN):$(PATH)
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

SANDBOX_PORT ?= 16443
SIMULATOR_PORT ?= 18090
METRICS_PORT ?= 18080
HEALTH_PORT ?= 18081

.PHONY: help tools prometheus-tools restore build test bench chaos manifests simulator sandbox run clean image deploy-manifests install-plugin pack-plugin

help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'

# kubectl, helm (SHA-256 checked) and the Kubernetes schema packages; the script is idempotent and cheap when installed.
tools: prometheus-tools $(TOOLS_BIN)/tmux
	@bash scripts/install-tools.sh

# Debian's prometheus (promtool) and prometheus-alertmanager, pinned; the script is idempotent and cheap when installed.
prometheus-tools:
	@bash scripts/install-prometheus.sh

# Debian's tmux for the plugin's pseudo-terminal test, pinned (scripts/install-tmux.sh).
$(TOOLS_BIN)/tmux:
	@bash scripts/install-tmux.sh

restore:
	$(DOTNET) restore $(SOLUTION)

build: restore
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --no-restore

# Measurement classes ([Trait("Category", "Measurement")]) print figures and belong to `make bench`, not here.
test: tools build
	$(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --no-build --filter "Category!=Measurement" --logger "console;verbosity=normal"

# Figures, never pass/fail on timings: the measurement tests (printed) and the benchmark program (benchmarks/RESULTS.md).
# BENCH_SCALE=N divides the object counts of the large runs; BENCH_ONLY=a,b,c picks sections; BENCH_TESTS=0 skips the tests.
bench: tools build
	@if [ "$${BENCH_TESTS:-1}" != 0 ]; then $(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --no-build --filter "Category=Measurement" --logger "console;verbosity=detailed"; fi
	$(DOTNET) run --project tests/Backups.Operator.Benchmarks/Backups.Operator.Benchmarks.csproj -c $(CONFIGURATION) --no-build

# The full kill campaign and fault matrix (docs/chaos.md); the last line is `chaos: N kills, V violations`, non-zero exit on any.
chaos: tools
	$(DOTNET) build tests/Backups.Operator.Chaos -c $(CONFIGURATION)
	@mkdir -p benchmarks
	CHAOS_KILLS=$${CHAOS_KILLS:-200} $(DOTNET) run --project tests/Backups.Operator.Chaos -c $(CONFIGURATION) --no-build -- all --results $(CURDIR)/benchmarks/CHAOS.md

# Regenerates crds/, copies them into the chart (crd-sources/) and re-renders charts/rendered/, so the three never drift.
manifests: tools
	$(DOTNET) run --project operator/Backups.Operator.CrdGenerator -c $(CONFIGURATION) -- crds
	cp crds/*.yaml charts/backups-operator/crd-sources/
	bash scripts/render-manifests.sh

simulator:
	$(DOTNET) run --project operator/Backups.Operator.Simulator -c $(CONFIGURATION) -- \
	  --urls http://127.0.0.1:$(SIMULATOR_PORT) --seed $(CURDIR)/examples/simulator/seed.json \
	  --seconds-per-gb $${SIMULATOR_SECONDS_PER_GB:-2} --min-action-seconds $${SIMULATOR_MIN_ACTION_SECONDS:-10}

sandbox:
	@mkdir -p .sandbox
	$(DOTNET) run --project tests/Backups.Operator.ApiServer -c $(CONFIGURATION) -- \
	  --port $(SANDBOX_PORT) --kubeconfig $(CURDIR)/.sandbox/kubeconfig --state-file $(CURDIR)/.sandbox/api-server-state.json \
	  $(if $(wildcard crds/*.yaml),--crds $(CURDIR)/crds)

run: tools
	@DOTNET=$(DOTNET) CONFIGURATION=$(CONFIGURATION) SANDBOX_PORT=$(SANDBOX_PORT) SIMULATOR_PORT=$(SIMULATOR_PORT) \
	  METRICS_PORT=$(METRICS_PORT) HEALTH_PORT=$(HEALTH_PORT) bash scripts/run-local.sh

IMAGE ?= backups-operator
IMAGE_TAG ?= dev
image:
	docker build --target operator -t $(IMAGE):$(IMAGE_TAG) .
	docker build --target simulator -t $(IMAGE)-simulator:$(IMAGE_TAG) .

deploy-manifests: tools
	bash scripts/render-manifests.sh
# kubectl finds kubectl-backup on the PATH; kubectl_complete-backup gives `kubectl backup <TAB>` completion (kubectl 1.26+).
PREFIX ?= $(HOME)/.local
PLUGIN_DIR := $(PREFIX)/lib/kubectl-backup
install-plugin:
	$(DOTNET) publish operator/Backups.Operator.Cli -c $(CONFIGURATION) -o $(PLUGIN_DIR) --nologo -v quiet
	@mkdir -p $(PREFIX)/bin
	ln -sf $(PLUGIN_DIR)/kubectl-backup $(PREFIX)/bin/kubectl-backup
	install -m 0755 operator/Backups.Operator.Cli/completion/kubectl_complete-backup $(PREFIX)/bin/kubectl_complete-backup
	@echo "installed $(PREFIX)/bin/kubectl-backup; make sure $(PREFIX)/bin is on your PATH, then: kubectl backup --help"

pack-plugin:
	$(DOTNET) pack operator/Backups.Operator.Cli -c $(CONFIGURATION) --nologo
	@echo "install with: dotnet tool install --global Backups.Operator.Cli --add-source operator/Backups.Operator.Cli/bin/nupkg"

clean:
	$(DOTNET) clean $(SOLUTION)
	rm -rf .sandbox
