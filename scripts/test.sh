#!/bin/sh
# `npm test`: every check and test, inside a dbus session with an unlocked gnome-keyring (the
# real keychain keytar talks to), a fresh HOME and an X display (Xvfb) for the clipboard.
set -eu
KEYHOLE_SCRIPT="$0" . "$(dirname "$0")/toolchain.sh"
cd "$KEYHOLE_ROOT"

if [ -z "${KEYHOLE_TEST_SESSION:-}" ]; then
  fresh_home=$(mktemp -d -t keyhole-test-home-XXXXXX)
  export KEYHOLE_TEST_SESSION=1 HOME="$fresh_home"
  exec dbus-run-session -- sh scripts/keyring-session.sh xvfb-run -a -s "-screen 0 1440x900x24" sh scripts/test.sh
fi

npm run typecheck
npm run lint
npm run format:check
npm run electronegativity
npm run build
npm run test:unit
npm run test:e2e
