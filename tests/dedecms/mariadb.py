"""A private MariaDB server for the DedeCMS tests: its own data directory, a free port in
3400-3499, started as the current user (as root, it is told to run as root)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pymysql

PORTS = range(3400, 3500)


def find_server():
    """The mariadbd binary, or None when MariaDB is not installed."""
    return shutil.which("mariadbd") or next(
        (p for p in ("/usr/sbin/mariadbd", "/usr/libexec/mariadbd") if Path(p).exists()), None
    )


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 3400-3499")


class MariaDB:
    def __init__(self, server):
        self.server = server
        self.home = Path(tempfile.mkdtemp(prefix="dede-mariadb-"))
        self.port = free_port()
        self.process = None

    def start(self):
        # --no-defaults first: the machine's my.cnf must not redirect data or sockets.
        user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                shutil.which("mariadb-install-db") or "mariadb-install-db",
                "--no-defaults",
                *user,
                f"--datadir={self.home / 'data'}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
        )
        self.log = (self.home / "server.log").open("w")
        self.process = subprocess.Popen(
            [
                self.server,
                "--no-defaults",
                *user,
                f"--datadir={self.home / 'data'}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                f"--socket={self.home / 'mysqld.sock'}",
                f"--pid-file={self.home / 'mysqld.pid'}",
                "--skip-name-resolve",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=16M",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.connect().close()
                return self
            except pymysql.err.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        "MariaDB did not start:\n" + (self.home / "server.log").read_text()
                    ) from None
                time.sleep(0.2)

    def connect(self, database=None, charset="utf8mb4"):
        return pymysql.connect(
            host="127.0.0.1",
            port=self.port,
            user="root",
            database=database,
            charset=charset,
            autocommit=True,
        )

    def url(self, database):
        return f"mysql://root@127.0.0.1:{self.port}/{database}"

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)
