#!/bin/sh
# `npm start`: the app on the embedded sandbox where Electron's binary exists; otherwise says so
# and points to `npm run serve`, which serves the same renderer and core to a local browser.
set -eu
KEYHOLE_SCRIPT="$0" . "$(dirname "$0")/toolchain.sh"
cd "$KEYHOLE_ROOT"
# Checked without requiring the electron package, whose index.js would try to download the binary.
if [ ! -f node_modules/electron/path.txt ] || [ ! -e "node_modules/electron/dist/$(cat node_modules/electron/path.txt)" ]; then
  echo "Electron's binary is not installed on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or headless)."
  echo "Run the same app in a local browser instead, limited to sandbox connections:"
  echo "    npm run serve"
  exit 1
fi
node node_modules/electron-vite/bin/electron-vite.js build
exec node node_modules/electron/cli.js .
