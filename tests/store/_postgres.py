"""A PostgreSQL server for the store's tests: the one `.ci/run` started, or a throwaway one.

`.ci/run` starts a throwaway cluster and passes its URL in ``AFTERSALES_TEST_POSTGRES_URL``.
Without it, the tests start their own cluster from the server binaries if any are installed
(``initdb``/``pg_ctl`` on the PATH or under /usr/lib/postgresql), on a Unix socket in a temporary
directory; as root the server runs as the ``postgres`` user (initdb refuses root). Only when no
server binary exists are the PostgreSQL tests skipped, and `describe` says so in the header.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ENV = "AFTERSALES_TEST_POSTGRES_URL"


def binaries() -> Path | None:
    """The directory holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def describe() -> str:
    """One line for the test report's header: where the PostgreSQL tests run, or why not."""
    if os.environ.get(ENV):
        return f"postgresql: the server at {ENV}"
    folder = binaries()
    if folder is None:
        return (
            "postgresql: no server binary (initdb, pg_ctl) found: the PostgreSQL tests are skipped"
        )
    return f"postgresql: a throwaway cluster from {folder}"


class Cluster:
    """A throwaway cluster in a temporary directory, listening on a Unix socket only."""

    def __init__(self, folder: Path) -> None:
        self.bin = folder
        self.root = Path(tempfile.mkdtemp(prefix="aftersales-pg-"))
        self.data, self.socket = self.root / "data", self.root / "socket"
        self.socket.mkdir()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.root, user=self.user)
            shutil.chown(self.socket, user=self.user)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c max_connections=100"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "log"),
            "start",
        )
        return f"postgresql+psycopg://postgres@/postgres?host={self.socket}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
