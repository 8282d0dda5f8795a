"""A private MariaDB server for the DedeCMS tests: its own data directory, a free port in
3400-3499 (or in DEDECMS_TEST_MARIADB_PORTS, e.g. 8400-8499), started as the current user (as
root, it is told to run as root)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pymysql


def ports():
    first, _, last = os.environ.get("DEDECMS_TEST_MARIADB_PORTS", "3400-3499").partition("-")
    return range(int(first), int(last) + 1)


def find_server():
    """The mariadbd binary, or None when MariaDB is not installed."""
    return shutil.which("mariadbd") or next(
        (p for p in ("/usr/sbin/mariadbd", "/usr/libexec/mariadbd") if Path(p).exists()), None
    )


def free_ports():
    for port in ports():
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        yield port


class MariaDB:
    def __init__(self, server):
        self.server = server
        self.home = Path(tempfile.mkdtemp(prefix="dede-mariadb-"))
        self.port = None
        self.process = None
        self.log = None

    def start(self):
        # --no-defaults first: the machine's my.cnf must not redirect data or sockets.
        self.user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                shutil.which("mariadb-install-db") or "mariadb-install-db",
                "--no-defaults",
                *self.user,
                f"--datadir={self.home / 'data'}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
        )
        # A port free when probed may be taken before the server binds it (another test run
        # starting at the same time): then the next free one is tried.
        for port in free_ports():
            self.port = port
            if self._serve():
                return self
        self.stop()
        raise RuntimeError(f"no free port in {ports()}")

    def _serve(self):
        """Whether the server started on self.port; False if the port was taken."""
        if self.log:
            self.log.close()
        self.log = (self.home / "server.log").open("w")
        self.process = subprocess.Popen(
            [
                self.server,
                "--no-defaults",
                *self.user,
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
                if self._answering_is_ours():
                    return True
            except pymysql.err.OperationalError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.home / "server.log").read_text()
                if self.process.poll() is not None and "Address already in use" in log:
                    return False
                self.stop()
                raise RuntimeError("MariaDB did not start:\n" + log)
            time.sleep(0.2)

    def _answering_is_ours(self):
        """Whether the server on the port is this one (not another that took the port)."""
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT @@datadir")
                return Path(cursor.fetchone()[0]).resolve() == (self.home / "data").resolve()
        finally:
            connection.close()

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
        if self.log:
            self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)
