# syntax=docker/dockerfile:1.7
# The Backups Operator image (target "operator", the default) and the DigitalOcean simulator image (target "simulator").
#   docker build -t backups-operator .                         # or: make image
#   docker build --target simulator -t backups-operator-simulator .
# Runtime: the chiseled ASP.NET image ("extra": ICU and tzdata for IANA time zones; CA certificates for HTTPS);
# no shell, no package manager; runs as the numeric non-root user 65532 with a read-only root filesystem.
# tests/Backups.Operator.Install.Tests reads this file: it publishes with the same `dotnet publish` line and runs the
# result with the same user, environment and working directory.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra

FROM ${SDK_IMAGE} AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Restore first, from the project files only, so source changes reuse the cached restore layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY operator/Backups.Operator/Backups.Operator.csproj operator/Backups.Operator/
COPY operator/Backups.Operator.Api/Backups.Operator.Api.csproj operator/Backups.Operator.Api/
COPY operator/Backups.Operator.Rules/Backups.Operator.Rules.csproj operator/Backups.Operator.Rules/
COPY operator/Backups.Operator.Kubernetes/Backups.Operator.Kubernetes.csproj operator/Backups.Operator.Kubernetes/
COPY operator/Backups.Operator.DigitalOcean/Backups.Operator.DigitalOcean.csproj operator/Backups.Operator.DigitalOcean/
COPY operator/Backups.Operator.Simulator/Backups.Operator.Simulator.csproj operator/Backups.Operator.Simulator/
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet restore operator/Backups.Operator/Backups.Operator.csproj && \
    dotnet restore operator/Backups.Operator.Simulator/Backups.Operator.Simulator.csproj
COPY operator/ operator/
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish operator/Backups.Operator/Backups.Operator.csproj --no-restore -c Release -o /app/operator -p:UseAppHost=false
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish operator/Backups.Operator.Simulator/Backups.Operator.Simulator.csproj --no-restore -c Release -o /app/simulator -p:UseAppHost=false

FROM ${RUNTIME_IMAGE} AS simulator
WORKDIR /app
ENV DOTNET_EnableDiagnostics=0 DOTNET_gcServer=0 HOME=/nonexistent
COPY --from=build /app/simulator/ /app/
USER 65532:65532
EXPOSE 8090
ENTRYPOINT ["dotnet", "/app/Backups.Operator.Simulator.dll"]

FROM ${RUNTIME_IMAGE} AS operator
WORKDIR /app
ENV DOTNET_EnableDiagnostics=0 DOTNET_gcServer=0 HOME=/nonexistent
COPY --from=build /app/operator/ /app/
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["dotnet", "/app/Backups.Operator.dll"]
