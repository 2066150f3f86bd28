#!/usr/bin/env bash
# Installs Debian bookworm's prometheus (prometheus, promtool) and prometheus-alertmanager (prometheus-alertmanager,
# amtool) into .tools/prometheus/ with links in .tools/bin/, without root: apt-get runs with its own package lists
# and cache under .tools/prometheus/apt (so no system state is read or written), `apt-get download` fetches the
# pinned .debs, their sha256 sums are checked, and `dpkg-deb -x` unpacks them. Idempotent: nothing happens when the
# pinned versions are already installed. Only .tools/prometheus/ and four entries of .tools/bin/ are touched.
#
# Debian's alertmanager reads its default notification template from the absolute path
# /usr/share/prometheus/alertmanager/default.tmpl (a Debian patch; upstream embeds it) and exits without it. Without
# root that path cannot be filled, so a copy of the binary has that one string replaced by the same-length relative
# path usr/share/prometheus//alertmanager, and .tools/bin/prometheus-alertmanager is a wrapper that runs the copy
# from the unpacked package root (pass absolute paths to it). Nothing else of the binary changes.
set -euo pipefail

PROMETHEUS_VERSION=2.42.0+ds-5+deb12u1
ALERTMANAGER_VERSION=0.25.0-1+b4
declare -A SHA256=(
  ["prometheus_${PROMETHEUS_VERSION}_amd64.deb"]=81d59a24fce84f7fbe97a45a4f2914b6a5881b5cd1db2a6a0e129e515e1a5f55
  ["prometheus-alertmanager_${ALERTMANAGER_VERSION}_amd64.deb"]=4fb9aed15cfe8e0c32408e643ab32a1e41ee87d2cc26f18aeba928b1b0b98ae7
)

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
home="$tools/prometheus"
stamp="$home/installed-$PROMETHEUS_VERSION-$ALERTMANAGER_VERSION-relocated"

link_binaries() {
  mkdir -p "$tools/bin"
  for b in prometheus promtool amtool; do
    ln -sfn "../prometheus/root/usr/bin/$b" "$tools/bin/$b"
  done
  rm -f "$tools/bin/prometheus-alertmanager"
  cat > "$tools/bin/prometheus-alertmanager" <<'WRAPPER'
#!/bin/sh
# Debian's alertmanager, run from its unpacked package root so that it finds its default template (see
# scripts/install-prometheus.sh). Pass absolute paths.
root=$(cd "$(dirname "$0")/../prometheus/root" && pwd)
cd "$root" && exec ./usr/bin/prometheus-alertmanager.relocated "$@"
WRAPPER
  chmod 0755 "$tools/bin/prometheus-alertmanager"
}

if [ -f "$stamp" ] && [ -x "$home/root/usr/bin/promtool" ] && [ -x "$home/root/usr/bin/prometheus-alertmanager.relocated" ]; then
  link_binaries
  exit 0
fi

if [ "$(dpkg --print-architecture 2>/dev/null || echo unknown)" != amd64 ]; then
  echo "install-prometheus.sh: the pinned .debs are amd64; this machine is $(dpkg --print-architecture 2>/dev/null || uname -m)" >&2
  exit 1
fi

apt_dir="$home/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$home/debs"
apt_options=(-q -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1
  -o APT::Sandbox::User="$(id -un)")

cd "$home/debs"
missing=()
for deb in "${!SHA256[@]}"; do
  if ! echo "${SHA256[$deb]}  $deb" | sha256sum --quiet -c - >/dev/null 2>&1; then missing+=("$deb"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  # Private package lists: `apt-get update` as any user, then the pinned versions.
  if ! apt-get "${apt_options[@]}" download "prometheus=$PROMETHEUS_VERSION" "prometheus-alertmanager=$ALERTMANAGER_VERSION" >/dev/null 2>&1; then
    apt-get "${apt_options[@]}" update >/dev/null
    apt-get "${apt_options[@]}" download "prometheus=$PROMETHEUS_VERSION" "prometheus-alertmanager=$ALERTMANAGER_VERSION"
  fi
fi
for deb in "${!SHA256[@]}"; do
  echo "${SHA256[$deb]}  $deb" | sha256sum --quiet -c - || { echo "install-prometheus.sh: $deb has the wrong sha256" >&2; exit 1; }
done

rm -rf "$home/root.new"
mkdir -p "$home/root.new"
for deb in "${!SHA256[@]}"; do dpkg-deb -x "$deb" "$home/root.new"; done
perl -0777 -pe 's{/usr/share/prometheus/alertmanager}{usr/share/prometheus//alertmanager}g' \
  "$home/root.new/usr/bin/prometheus-alertmanager" > "$home/root.new/usr/bin/prometheus-alertmanager.relocated"
chmod 0755 "$home/root.new/usr/bin/prometheus-alertmanager.relocated"
rm -rf "$home/root"
mv "$home/root.new" "$home/root"
rm -f "$home"/installed-*
touch "$stamp"
link_binaries
"$tools/bin/promtool" --version 2>&1 | sed -n 1p
"$tools/bin/prometheus-alertmanager" --version 2>&1 | sed -n 1p
