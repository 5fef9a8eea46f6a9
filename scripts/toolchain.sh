# Sourced by the npm scripts: puts the provisioned Node 22 (scripts/bootstrap.sh) first on PATH
# and points node-gyp at its headers. Harmless where Node 22 is already the system Node.
KEYHOLE_ROOT=$(cd "$(dirname "${KEYHOLE_SCRIPT:-$0}")/.." && pwd)
if [ -x "$KEYHOLE_ROOT/.tools/node/bin/node" ]; then
  PATH="$KEYHOLE_ROOT/.tools/node/bin:$PATH"
  npm_config_nodedir="$KEYHOLE_ROOT/.tools/node"
  export PATH npm_config_nodedir
fi
export ELECTRON_SKIP_BINARY_DOWNLOAD=${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
node -e 'const [major] = process.versions.node.split(".").map(Number); if (major < 22) { console.error("Keyhole needs Node 22 or newer (found " + process.version + "): run `bash scripts/bootstrap.sh` once."); process.exit(1); }'
