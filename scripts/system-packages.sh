#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing:
# PostgreSQL 15 server binaries with PostGIS 3 (Debian's postgresql-15-postgis-3).
set -euo pipefail

have_postgis() {
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
        ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}

if have_postgis; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "PostGIS is missing: run 'sudo apt-get install postgresql-15-postgis-3' (Debian), then 'make test' again." >&2
    exit 1
fi
echo "Installing PostgreSQL 15 with PostGIS 3 (apt-get) ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql-15-postgis-3 >/dev/null
have_postgis
