#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing:
# PostgreSQL 15 server binaries with PostGIS 3 (Debian's postgresql-15-postgis-3), Debian's
# chromium for the browser tests, and Node.js with npm for the map pages' scripts.
set -euo pipefail

have_postgis() {
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
        ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}
have_chromium() { command -v chromium >/dev/null 2>&1; }
have_npm() { command -v npm >/dev/null 2>&1; }

missing=()
have_postgis || missing+=(postgresql-15-postgis-3)
have_chromium || missing+=(chromium)
have_npm || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: run 'sudo apt-get install ${missing[*]}' (Debian), then 'make test' again." >&2
    exit 1
fi
echo "Installing ${missing[*]} (apt-get) ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
have_postgis && have_chromium && have_npm
