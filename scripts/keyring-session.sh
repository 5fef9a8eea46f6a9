#!/bin/sh
# Runs inside `dbus-run-session`: starts gnome-keyring unlocked, waits until it owns the Secret
# Service name (a request before that would start a second, locked daemon), then runs "$@".
set -eu
printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  tries=$((tries + 1))
  [ "$tries" -lt 100 ] || { echo "gnome-keyring did not come up" >&2; exit 1; }
  sleep 0.1
done
exec "$@"
