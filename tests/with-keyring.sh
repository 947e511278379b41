#!/bin/sh
# Runs a command inside the test's private D-Bus session with a real Secret Service: GNOME
# Keyring, its login keyring unlocked with a throwaway password in a throwaway XDG_DATA_HOME, so
# the desk keeps its token and its cache key across restarts as on a clerk's PC.
set -eu
command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring is not installed (run .ci/run)" >&2; exit 1; }
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
mkdir -p "$XDG_DATA_HOME/keyrings"
said="$(printf %s chengban-test | gnome-keyring-daemon --unlock --components=secrets)"
for line in $said; do export "$line"; done
exec "$@"
