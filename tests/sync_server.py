"""A real CouchDB-protocol server for the shared-project tests: npm pouchdb-server, in memory, on loopback."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER_BIN = ROOT / "sync" / "node_modules" / ".bin" / "pouchdb-server"
SERVER_FIX = ROOT / "sync" / "pouchdb-server-fix.cjs"  # keeps replicated conflicts (a pouchdb-validation bug)
ADMIN = ("admin", "admin-secret")
MISSING = "needs Node.js, npm and the pinned sync packages: run `make sync-deps` (npm ci in sync/)"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def basic(user: str, password: str) -> str:
    """An HTTP Basic Authorization header value."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@dataclass(frozen=True)
class Couch:
    """A running server: its URL and how to talk to it as admin or as a user."""

    url: str

    def request(self, method: str, path: str, body=None, auth: tuple[str, str] | None = ADMIN,
                headers: dict[str, str] | None = None) -> tuple[int, dict]:
        """One request; (HTTP status, JSON body) whatever the status."""
        data = None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        if auth:
            sent["Authorization"] = basic(*auth)
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def add_user(self, name: str, password: str) -> None:
        """Create a user in _users (the intranet login the tests stand in for)."""
        status, body = self.request("PUT", f"/_users/org.couchdb.user:{name}",
                                    {"name": name, "password": password, "roles": [], "type": "user"})
        assert status in (201, 202, 409), body


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    """Wait for the server to answer (bounded), or fail with what it printed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited (pouchdb-server's output: server-output.txt in its folder)")
        try:
            with urllib.request.urlopen(url + "/", timeout=1):
                return
        except urllib.error.HTTPError:  # an answer, even a refusal: it is up
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def running_couch(workdir: Path, port: int | None = None, on_disk: bool = False) -> Iterator[Couch]:
    """pouchdb-server on a loopback port, admin party ended (ADMIN is the server admin); in memory, or with
    on_disk in workdir/data, so that a server started again on the same workdir has the same databases."""
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)  # it writes config.json and log.txt in its working folder
    storage = ["--dir", str(workdir / "data")] if on_disk else ["--in-memory"]
    log = (workdir / "server-output.txt").open("a")  # a file, not a pipe: an unread pipe would stall the server
    process = subprocess.Popen(["node", "--require", str(SERVER_FIX), str(SERVER_BIN.resolve()), *storage, "--host", "127.0.0.1", "--port", str(port)],
                               cwd=workdir, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        couch = Couch(f"http://127.0.0.1:{port}")
        wait_until_up(couch.url, process)
        if couch.request("GET", "/_session")[1].get("userCtx", {}).get("name") != ADMIN[0]:
            status, _ = couch.request("PUT", f"/_config/admins/{ADMIN[0]}", ADMIN[1], auth=None)
            assert status == 200, "could not end the admin party"
        yield couch
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def running_provisioner(couch: Couch, folder: Path) -> Iterator[str]:
    """`python -m handbook.sync.provision` on a loopback port, its admin file mode 600 as the deploy guide says;
    yields its URL (its output goes to folder/provisioner.log)."""
    admin_file = folder / "couch-admin"
    admin_file.write_text(":".join(ADMIN) + "\n", encoding="utf-8")
    admin_file.chmod(0o600)
    port = free_port()
    with (folder / "provisioner.log").open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "handbook.sync.provision", "--couch", couch.url,
                                    "--admin-file", str(admin_file), "--listen", f"127.0.0.1:{port}"],
                                   cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
