#!/usr/bin/env bash
# Prepares a machine to run and test RMS Console (Debian 12; idempotent, quiet when done already):
#   1. OS packages the tests and the app need (apt, only those missing; root or passwordless sudo),
#   2. PostgreSQL answering on 127.0.0.1:5432 for user postgres without a password (the tests use
#      postgres://postgres@127.0.0.1:5432/postgres; override with TEST_POSTGRES_URL),
#   3. npm dependencies (`npm ci` on a fresh clone; `npm install` only when the lock file changed),
#   4. the Electron binary, if it can be downloaded (otherwise the browser host is used).
# Usage: bash scripts/setup.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(chromium xvfb xauth dbus dbus-x11 gnome-keyring libsecret-1-dev libsecret-tools postgresql g++ make python3)
PG_PORT="${RMS_PG_PORT:-5432}"
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:${PG_PORT}/postgres}"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through passwordless sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 126
  fi
}

can_be_root() { [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }

# Runs a command as the postgres OS user (for local peer-authenticated admin queries).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -n -u postgres "$@"
  fi
}

# --- 1. OS packages -----------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  can_be_root || die "missing OS packages: ${missing[*]}. Run this script as root (or with passwordless sudo), or install them: apt-get install ${missing[*]}"
  say "installing OS packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. PostgreSQL on 127.0.0.1:$PG_PORT ------------------------------------------------------
pg_answers() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 3 >/dev/null 2>&1; }
pg_connects() { PGCONNECT_TIMEOUT=5 psql -w -X -q -tA "$PG_URL" -c 'select 1' >/dev/null 2>&1; }

if ! pg_answers; then
  command -v pg_lsclusters >/dev/null 2>&1 || die "PostgreSQL is not answering on 127.0.0.1:$PG_PORT and is not installed here."
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port {print $1, $2; exit}')"
  if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
    [ -n "$version" ] || die "no PostgreSQL server version found under /usr/lib/postgresql."
    say "creating PostgreSQL $version cluster 'main' on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$version" main >/dev/null || die "pg_createcluster failed (root needed)."
    cluster="$version main"
  fi
  say "starting PostgreSQL cluster $cluster"
  # shellcheck disable=SC2086 # "$cluster" is "<version> <name>"
  as_root pg_ctlcluster --skip-systemctl-redirect $cluster start || die "could not start PostgreSQL cluster $cluster (root needed)."
  for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  pg_answers || die "PostgreSQL did not come up on 127.0.0.1:$PG_PORT within 30 s."
fi

if ! pg_connects; then
  can_be_root || die "cannot connect to $PG_URL and cannot fix pg_hba.conf without root. Allow 'host all postgres 127.0.0.1/32 trust' or set TEST_POSTGRES_URL."
  hba_file="$(as_postgres psql -X -p "$PG_PORT" -tA -c 'show hba_file' 2>/dev/null || true)"
  [ -n "$hba_file" ] && [ -f "$hba_file" ] || die "cannot connect to $PG_URL and cannot find pg_hba.conf."
  say "allowing trust authentication for postgres from 127.0.0.1 in $hba_file"
  as_root sed -i '1i host all postgres 127.0.0.1/32 trust  # added by RMS Console scripts/setup.sh for local tests' "$hba_file"
  as_postgres psql -X -p "$PG_PORT" -q -tA -c 'select pg_reload_conf()' >/dev/null
  for _ in $(seq 1 10); do pg_connects && break; sleep 1; done
  pg_connects || die "still cannot connect to $PG_URL after allowing trust in $hba_file."
fi

# --- 3. npm dependencies ------------------------------------------------------------------
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.rms-setup-lock.sha256"
if [ ! -d node_modules ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  # node_modules exists (a working tree in use): update it in place, never wipe it.
  say "package-lock.json changed: updating npm dependencies (npm install)"
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 >"$stamp"
fi

# --- 4. Electron binary (optional) --------------------------------------------------------
if ! node -e 'require("fs").accessSync(require("electron"))' >/dev/null 2>&1; then
  if ! timeout 300 node node_modules/electron/install.js >/dev/null 2>&1; then
    say "the Electron binary could not be downloaded; npm start and the e2e suites use the browser host instead."
  fi
fi

say "ready (node $(node --version), PostgreSQL at 127.0.0.1:$PG_PORT)."
