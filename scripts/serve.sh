#!/bin/sh
# `npm run serve`: builds the renderer and serves it with core through the e2e host on loopback,
# limited to sandbox connections. Prints the URL (with its one-time token) to open in a browser.
set -eu
KEYHOLE_SCRIPT="$0" . "$(dirname "$0")/toolchain.sh"
cd "$KEYHOLE_ROOT"
node node_modules/electron-vite/bin/electron-vite.js build >/dev/null
echo "Keyhole (e2e host, sandbox connections only). Open the url below in a browser; Ctrl+C stops it." >&2
exec node --import tsx e2e/host/main.ts "$@"
