"""A throw-away PostgreSQL cluster for the load bench (bench/load.py): initdb in a
temporary folder, on a free loopback port, so that the bench may restart it."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run by `postgres` when we are root
    (PostgreSQL refuses root), as .ci/run does."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
        if not bins:
            raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(bins[-1])
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="tremplin-bench-pg."))
        self.data = self.dir / "data"
        self.root = os.geteuid() == 0
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tremplin"

    def _run(self, *args: str, check=True) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.root:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(map(_quote, command))]
        # No pipes: the server pg_ctl starts would hold them open, and we would wait forever.
        with open(self.dir / "commands.log", "a") as log:
            subprocess.run(command, check=check, stdout=log, stderr=subprocess.STDOUT)

    def start(self) -> None:
        if self.root:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        (self.dir / "commands.log").touch(mode=0o666)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        # fsync off, as in CI, to seed faster: the fault is a clean `restart -m fast` (a
        # checkpoint, then the same files), not a machine crash, so what PostgreSQL
        # acknowledged survives it either way; synchronous_commit stays on.
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-o",
                  options, "start")  # fmt: skip
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "tremplin")  # fmt: skip

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-m", "fast", "-w",
                  "restart")  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
