# Backups Operator — the commands a developer and CI use.
#   make test       build and run every test (installs kubectl/helm into .tools/ when missing)
#   make run        local API server + DigitalOcean simulator + operator, in the foreground
#   make manifests  regenerate crds/ from the C# types
#   make simulator  the DigitalOcean API simulator on 127.0.0.1:$(SIMULATOR_PORT)
#   make sandbox    the local Kubernetes-compatible API server on 127.0.0.1:$(SANDBOX_PORT)
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

.PHONY: help tools prometheus-tools restore build test manifests simulator sandbox run clean

help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'

tools: $(TOOLS_BIN)/kubectl $(TOOLS_BIN)/helm prometheus-tools

$(TOOLS_BIN)/kubectl $(TOOLS_BIN)/helm:
	@bash scripts/install-tools.sh

# Debian's prometheus (promtool) and prometheus-alertmanager, pinned; the script is idempotent and cheap when installed.
prometheus-tools:
	@bash scripts/install-prometheus.sh

restore:
	$(DOTNET) restore $(SOLUTION)

build: restore
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --no-restore

test: tools build
	$(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --no-build --logger "console;verbosity=normal"

manifests:
	$(DOTNET) run --project operator/Backups.Operator.CrdGenerator -c $(CONFIGURATION) -- crds

simulator:
	$(DOTNET) run --project operator/Backups.Operator.Simulator -c $(CONFIGURATION) -- \
	  --urls http://127.0.0.1:$(SIMULATOR_PORT) --seed $(CURDIR)/examples/simulator/seed.json \
	  --seconds-per-gb $${SIMULATOR_SECONDS_PER_GB:-2} --min-action-seconds $${SIMULATOR_MIN_ACTION_SECONDS:-10}

sandbox:
	@mkdir -p .sandbox
	$(DOTNET) run --project tests/Backups.Operator.ApiServer -c $(CONFIGURATION) -- \
	  --port $(SANDBOX_PORT) --kubeconfig $(CURDIR)/.sandbox/kubeconfig \
	  $(if $(wildcard crds/*.yaml),--crds $(CURDIR)/crds)

run: tools
	@DOTNET=$(DOTNET) CONFIGURATION=$(CONFIGURATION) SANDBOX_PORT=$(SANDBOX_PORT) SIMULATOR_PORT=$(SIMULATOR_PORT) \
	  METRICS_PORT=$(METRICS_PORT) HEALTH_PORT=$(HEALTH_PORT) bash scripts/run-local.sh

clean:
	$(DOTNET) clean $(SOLUTION)
	rm -rf .sandbox
