"""A throwaway PostgreSQL + PostGIS server for the test session, from the system's binaries."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg

BIN_DIRS = [Path(p) for p in os.environ.get("NABIJ_PG_BIN", "").split(":") if p] + sorted(
    Path("/usr/lib/postgresql").glob("*/bin"), reverse=True
)


def _bin_dir() -> Path:
    for directory in BIN_DIRS:
        if (directory / "initdb").exists():
            return directory
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; `make test` installs them")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the Debian packages provide the `postgres` user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgis_server():
    """Start a cluster on a free port in a temporary folder; yield its admin URL; remove it all."""
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="nabij-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    data, port = root / "data", free_port()

    def run(program: str, *args: str) -> None:
        subprocess.run(_as_server_user([str(bin_dir / program), *args]), check=True, capture_output=True)

    run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        run("pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """A new database with PostGIS enabled; returns its SQLAlchemy URL."""
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(f"{plain}/{name}", autocommit=True) as connection:
        connection.execute("CREATE EXTENSION postgis")
    return f"{admin_url}/{name}"
