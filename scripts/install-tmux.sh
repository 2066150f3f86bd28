#!/usr/bin/env bash
# Installs tmux (for the plugin's pseudo-terminal test) into .tools/ from Debian's packages, without root and without
# touching the system: `apt-get download` of pinned versions, sha256-checked, unpacked with `dpkg-deb -x` into
# .tools/tmux, plus a wrapper .tools/bin/tmux that finds the unpacked libraries. Idempotent: does nothing when the
# pinned version is already there. Deletes nothing (.tools is shared). Run by `make tools`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
DEST="$TOOLS/tmux"
BIN="$TOOLS/bin"
DOWNLOAD="$TOOLS/download"
TMUX_VERSION="3.3a"

# Debian 12 (bookworm), amd64: package, version, sha256 of the .deb. tmux needs libevent-core and libutempter besides
# libc and libtinfo, which every Debian system has.
PACKAGES=(
  "tmux 3.3a-3 6bd1558face5e145d66d72c9557cbc7ff5ad66701e94dcd568e6daf081269018"
  "libevent-core-2.1-7 2.1.12-stable-8 4cebf4a24fb222ddbc5569df9960c5ff2da8b7ed71a02e13c79a59dcaf3b518a"
  "libutempter0 1.2.1-3 e2bf3c7fb0ebd7d7966166d98320767adcd35a6d1eabc32220d8219c9efb1c0f"
)

if [[ -x "$BIN/tmux" ]] && "$BIN/tmux" -V 2>/dev/null | grep -qx "tmux $TMUX_VERSION"; then
  exit 0
fi

arch="$(dpkg --print-architecture 2>/dev/null || echo unknown)"
if [[ "$arch" != amd64 ]]; then
  echo "install-tmux: the pinned packages are for amd64, this machine is $arch; install tmux $TMUX_VERSION with your package manager" >&2
  exit 1
fi

mkdir -p "$DEST" "$BIN" "$DOWNLOAD"
updated=false
for entry in "${PACKAGES[@]}"; do
  read -r name version sha256 <<<"$entry"
  deb="$DOWNLOAD/${name}_${version}_${arch}.deb"
  if [[ ! -f "$deb" ]] || ! echo "$sha256  $deb" | sha256sum -c --status; then
    rm -f "$deb"
    if ! (cd "$DOWNLOAD" && apt-get download "$name=$version" >/dev/null 2>&1); then
      if [[ "$updated" == false ]]; then
        echo "install-tmux: apt-get update (the package lists are needed for apt-get download)" >&2
        apt-get update -qq >/dev/null
        updated=true
      fi
      (cd "$DOWNLOAD" && apt-get download "$name=$version" >/dev/null)
    fi
  fi
  if ! echo "$sha256  $deb" | sha256sum -c --status; then
    echo "install-tmux: $deb does not have the pinned sha256 $sha256" >&2
    exit 1
  fi
  dpkg-deb -x "$deb" "$DEST"
done

cat >"$BIN/tmux.tmp" <<'WRAPPER'
#!/bin/sh
# tmux unpacked by scripts/install-tmux.sh; its libraries live next to it.
here="$(cd "$(dirname "$0")/../tmux" && pwd)"
LD_LIBRARY_PATH="$here/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$here/usr/bin/tmux" "$@"
WRAPPER
chmod +x "$BIN/tmux.tmp"
mv -f "$BIN/tmux.tmp" "$BIN/tmux"
echo "install-tmux: $("$BIN/tmux" -V) in $BIN/tmux"
