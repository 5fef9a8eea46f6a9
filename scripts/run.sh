#!/bin/sh
# Runs a command with the project's toolchain (Node 22 from scripts/bootstrap.sh) first on PATH.
set -eu
KEYHOLE_SCRIPT="$0" . "$(dirname "$0")/toolchain.sh"
exec "$@"
