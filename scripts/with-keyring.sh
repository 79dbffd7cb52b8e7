#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# so keytar-backed tests and the app use a real OS keychain on headless Linux (CI, containers).
# Usage: scripts/with-keyring.sh <command> [args...]   The command's exit code is preserved.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "Usage: scripts/with-keyring.sh <command> [args...]" >&2
  exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is not installed (apt-get install dbus gnome-keyring libsecret-1-0)." >&2
    exit 127
  fi
done

# First pass: re-run this script inside a fresh session bus; the bus (and the keyring daemon
# bound to it) ends when the command ends.
if [ "${RMS_WITH_KEYRING_INNER:-}" != "1" ]; then
  export RMS_WITH_KEYRING_INNER=1
  exec dbus-run-session -- bash "$0" "$@"
fi
unset RMS_WITH_KEYRING_INNER

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/rms-keyring.XXXXXX")"
# The daemon exits by itself when dbus-run-session closes the bus.
cleanup() { rm -rf "$keyring_home"; }
trap cleanup EXIT

# Keyrings live in $XDG_DATA_HOME/keyrings: a throwaway folder, never the user's real keyring.
export XDG_DATA_HOME="$keyring_home/data"
mkdir -p "$XDG_DATA_HOME/keyrings"

# Start the daemon with the secrets component; the password on stdin creates and unlocks
# the "login" keyring (which becomes the default collection).
eval "$(printf 'rms-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

# Wait until the Secret Service name is on the bus (up to ~10 s).
ready=0
for _ in $(seq 1 100); do
  if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
      /org/freedesktop/DBus org.freedesktop.DBus.ListNames 2>/dev/null | grep -q '"org.freedesktop.secrets"'; then
    ready=1
    break
  fi
  sleep 0.1
done
if [ "$ready" != "1" ]; then
  echo "with-keyring: org.freedesktop.secrets did not appear on the session bus; running without a keychain." >&2
fi

set +e
"$@"
rc=$?
set -e
exit "$rc"
