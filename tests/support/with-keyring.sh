#!/usr/bin/env bash
# Runs a command with a private D-Bus session and an unlocked gnome-keyring (Secret Service), so
# tests use the real OS keychain without touching the user's own. Everything lives in a
# temporary HOME that is removed afterwards.
set -euo pipefail
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/home/.local/share"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
    printf "chargebench-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    exec "$@"' _ "$@"
