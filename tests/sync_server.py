"""A real CouchDB-protocol server for the shared-project tests: npm pouchdb-server, in memory, on loopback."""

from __future__ import annotations

import base64
import functools
import http.client
import http.server
import json
import socket
import subprocess
import threading
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


# --- the intranet in front of it: the site, its login and the /sync/ proxy, as nginx does in deploy/ ----------

class IntranetHandler(http.server.SimpleHTTPRequestHandler):
    """Static site behind Basic login; /sync/ to CouchDB and /sync-projects/ to the provisioner, login forwarded."""

    users: dict[str, str] = {}
    upstreams: dict[str, str] = {}

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        """Stay silent."""

    def logged_in(self) -> bool:
        """Whether the request carries one of the users' Basic credentials; answers 401 with a challenge if not."""
        given = self.headers.get("Authorization", "")
        if any(given == basic(name, password) for name, password in self.users.items()):
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="intranet"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def upstream_of(self) -> str | None:
        """The upstream URL this request goes to, or None for a file of the site."""
        for prefix, url in self.upstreams.items():
            if self.path.startswith(prefix):
                return url + "/" + self.path[len(prefix):]
        return None

    def forward(self, url: str) -> None:
        """Send the request on (login included) and its answer back."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        keep = ("Authorization", "Content-Type", "Accept")
        sent = {name: self.headers[name] for name in keep if self.headers.get(name)}
        req = urllib.request.Request(url, data=body, method=self.command, headers=sent)
        try:
            response = urllib.request.urlopen(req, timeout=70)
        except urllib.error.HTTPError as error:
            response = error
        except OSError:
            return self.send_error(502, "upstream down")
        with response:
            try:
                data = response.read()
            except (http.client.IncompleteRead, OSError):  # the server stopped mid-answer (a test stops it)
                return self.send_error(502, "upstream stopped")
            self.send_response(response.status if hasattr(response, "status") else response.code)
            self.send_header("Content-Type", response.headers.get("Content-Type", "application/json"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

    def handle_any(self) -> None:
        """Log in, then forward or serve a file."""
        if not self.logged_in():
            return
        url = self.upstream_of()
        if url:
            return self.forward(url)
        if self.command in ("GET", "HEAD"):
            return super().do_GET() if self.command == "GET" else super().do_HEAD()
        self.send_error(405)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = handle_any

    def handle(self) -> None:
        """Serve the connection; a browser that went away mid-answer is not an error."""
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def intranet(site_dir: Path, users: dict[str, str], upstreams: dict[str, str]) -> Iterator[str]:
    """The site on a loopback port behind Basic login, with upstreams {"/sync/": couch URL, …}; yields its URL."""
    handler_class = type("Handler", (IntranetHandler,), {"users": users, "upstreams": upstreams})
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
