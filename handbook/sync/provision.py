"""The provisioner: the one thing shared projects need a CouchDB server admin for, creating a project's database.

A tiny service on loopback, behind the intranet's nginx, standard library only:

    python -m handbook.sync.provision --couch http://127.0.0.1:5984 --admin-file /etc/handbook/couch-admin \
        --listen 127.0.0.1:5985

`POST /` {"name": "<project name>"} creates `hb-<20 hex digits>` with the caller as its lead (the database's
admin and first member), the design document and the project document, and answers 201 {"db": …};
`GET /` answers {"projects": [{"db", "name", "lead"}…]}, the projects the caller belongs to.

It never decides who the caller is: it forwards the caller's Authorization, Cookie and X-Auth-CouchDB-* headers
to CouchDB's `GET /_session` and believes the answer, so it trusts exactly what CouchDB trusts (nginx must strip
X-Auth-CouchDB-* from the browser's requests if CouchDB's proxy authentication is on). The admin's password stays
in a file only its owner can read.
"""

from __future__ import annotations

import argparse
import base64
import ipaddress
import json
import secrets
import stat
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from handbook.sync.design import design_document

DB_PREFIX = "hb-"
MAX_BODY = 4 * 1024
MAX_NAME = 200
MAX_LED = 100  # projects one person may lead
MAX_SCANNED = 1000  # databases looked at per request
COUCH_TIMEOUT = 10  # seconds, each request to CouchDB
CLIENT_TIMEOUT = 10  # seconds a caller may take to send its request
MAX_CONCURRENT = 16  # requests served at once; more wait for a turn (at most CLIENT_TIMEOUT), then are dropped
DRAIN_LIMIT = 64 * 1024  # bytes of an oversized body read before refusing it, so the caller gets the answer
IDENTITY_HEADERS = ("authorization", "cookie")
PROXY_HEADER_PREFIX = "x-auth-couchdb-"


class Refusal(Exception):
    """A request the provisioner answers with an HTTP error: its status, error code and a sentence for people."""

    def __init__(self, status: int, error: str, reason: str):
        super().__init__(reason)
        self.status, self.error, self.reason = status, error, reason


@dataclass(frozen=True)
class CouchServer:
    """The CouchDB the provisioner works on: its URL and its server admin's name and password."""

    url: str
    admin: tuple[str, str] = field(repr=False)


# --- the admin file -------------------------------------------------------------------------------------------

def admin_file_problem(path: Path) -> str:
    """What is wrong with the admin file's permissions, or "": nobody but its owner may read it."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return (f"管理者帳號檔 {path} 的權限是 {mode:04o}，群組或其他人也能讀取；"
                f"請執行 chmod 600 {path} 再啟動")
    return ""


def read_admin_file(path: Path) -> tuple[str, str]:
    """The server admin's (name, password) from a file of one line `name:password`; stops if others can read it."""
    try:
        problem = admin_file_problem(path)
        line = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise SystemExit(f"讀不到管理者帳號檔 {path}：{error.strerror}") from None
    if problem:
        raise SystemExit(problem)
    name, colon, password = line.partition(":")
    if not (name and colon and password) or "\n" in line:
        raise SystemExit(f"管理者帳號檔 {path} 必須只有一行「帳號:密碼」")
    return name, password


# --- talking to CouchDB ---------------------------------------------------------------------------------------

def basic_authorization(name: str, password: str) -> str:
    """An HTTP Basic Authorization header value."""
    return "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()


def couch_call(server: CouchServer, method: str, path: str, body: Any = None,
               identity: Mapping[str, str] | None = None) -> tuple[int, Any]:
    """One request to CouchDB, as its admin unless identity (a caller's headers) is given: (status, JSON body)."""
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    headers.update(identity if identity is not None else {"Authorization": basic_authorization(*server.admin)})
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=COUCH_TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except (OSError, ValueError) as error:
        raise Refusal(502, "bad_gateway", "連不上資料庫伺服器，請稍後再試。") from error


def forwarded_identity(headers: Mapping[str, str]) -> dict[str, str]:
    """The caller's headers that say who they are to CouchDB (and nothing else)."""
    return {name: value for name, value in headers.items()
            if name.lower() in IDENTITY_HEADERS or name.lower().startswith(PROXY_HEADER_PREFIX)}


def caller_name(server: CouchServer, headers: Mapping[str, str]) -> str:
    """The caller's CouchDB user name, as CouchDB's _session says; refuses anyone it does not know."""
    status, session = couch_call(server, "GET", "/_session", identity=forwarded_identity(headers))
    context = session.get("userCtx") if status == 200 and isinstance(session, dict) else None
    name = context.get("name") if isinstance(context, dict) else None
    if not isinstance(name, str) or not name:
        raise Refusal(401, "unauthorized", "請先登入內部網路的帳號，才能使用共用專案。")
    return name


def database_path(db: str, rest: str = "") -> str:
    """The URL path of a database (and of something in it)."""
    return "/" + urllib.parse.quote(db, safe="") + rest


# --- projects -------------------------------------------------------------------------------------------------

def project_databases(server: CouchServer) -> list[str]:
    """The names of the project databases, sorted, at most MAX_SCANNED."""
    keys = urllib.parse.urlencode({"startkey": json.dumps(DB_PREFIX), "endkey": json.dumps(DB_PREFIX + "\ufff0"),
                                   "limit": MAX_SCANNED})
    status, names = couch_call(server, "GET", "/_all_dbs?" + keys)
    if status != 200 or not isinstance(names, list):
        raise Refusal(502, "bad_gateway", "資料庫伺服器沒有列出專案。")
    return sorted(n for n in names if isinstance(n, str) and n.startswith(DB_PREFIX))[:MAX_SCANNED]


def security_names(security: Any, group: str) -> list[str]:
    """The user names in one group (admins or members) of a database's _security."""
    names = security.get(group, {}).get("names", []) if isinstance(security, dict) else []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []


def database_security(server: CouchServer, db: str) -> dict:
    """A database's _security ({} when it cannot be read)."""
    status, security = couch_call(server, "GET", database_path(db, "/_security"))
    return security if status == 200 and isinstance(security, dict) else {}


def project_name(server: CouchServer, db: str) -> str | None:
    """The name in a database's project document, when it has one."""
    status, project = couch_call(server, "GET", database_path(db, "/project"))
    value = project.get("value") if status == 200 and isinstance(project, dict) else None
    name = value.get("name") if isinstance(value, dict) else None
    return name if isinstance(name, str) else None


def memberships(server: CouchServer, user: str) -> list[tuple[str, dict]]:
    """(database, its _security) for each scanned project database user leads or belongs to."""
    found = []
    for db in project_databases(server):
        security = database_security(server, db)
        if user in security_names(security, "admins") or user in security_names(security, "members"):
            found.append((db, security))
    return found


def projects_of(server: CouchServer, user: str) -> list[dict]:
    """The projects user belongs to: database, project name and lead."""
    return [{"db": db, "name": project_name(server, db), "lead": next(iter(security_names(security, "admins")), None)}
            for db, security in memberships(server, user)]


def led_count(server: CouchServer, user: str) -> int:
    """How many of the scanned project databases user leads."""
    return sum(user in security_names(security, "admins") for _, security in memberships(server, user))


def utc_now() -> str:
    """The time now, ISO 8601 UTC with milliseconds (as browsers write it)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def project_document(lead: str, name: str) -> dict:
    """A new project's first project document: its name, written in the lead's name."""
    value = {"name": name, "departments": [], "eventDate": "", "target": "", "people": {}}
    return {"_id": "project", "type": "project", "value": value, "by": lead, "at": utc_now(), "schema": 1}


def setup_steps(db: str, lead: str, name: str) -> list[tuple[str, str, Any]]:
    """The writes that make a database a project: (method, path, body); its _security first, so that it is
    never open to anyone else."""
    security = {"admins": {"names": [lead], "roles": []}, "members": {"names": [lead], "roles": []}}
    return [("PUT", database_path(db), None),
            ("PUT", database_path(db, "/_security"), security),
            ("PUT", database_path(db, "/_design/handbook"), design_document()),
            ("PUT", database_path(db, "/project"), project_document(lead, name))]


def run_step(server: CouchServer, step: tuple[str, str, Any]) -> None:
    """One write of a project's setup, as the server admin; refuses (502) when CouchDB does not accept it."""
    method, path, body = step
    status, _ = couch_call(server, method, path, body)
    if status not in (200, 201, 202):
        raise Refusal(502, "bad_gateway", f"資料庫伺服器沒有建立專案（{status}）。")


def remove_database(server: CouchServer, db: str) -> None:
    """Remove a half-made project database, as far as CouchDB can be reached."""
    try:
        couch_call(server, "DELETE", database_path(db))
    except Refusal:
        pass  # CouchDB is gone; the half-made database stays until an admin removes it


def create_project(server: CouchServer, lead: str, name: str) -> str:
    """Create a project database led by lead; its name. A failed step removes the database it made."""
    if led_count(server, lead) >= MAX_LED:
        raise Refusal(409, "too_many_projects", f"你已經負責 {MAX_LED} 個共用專案，請先刪除不需要的專案再建立新的。")
    db = DB_PREFIX + secrets.token_hex(10)
    creation, *setup = setup_steps(db, lead, name)
    run_step(server, creation)  # nothing to undo when this fails: never delete a database this call did not make
    try:
        for step in setup:
            run_step(server, step)
    except Refusal:
        remove_database(server, db)
        raise
    return db


# --- the HTTP side --------------------------------------------------------------------------------------------

def requested_name(body: bytes) -> str:
    """The project name in a creation request's body {"name": …}; refuses anything else."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, "bad_request", "請求的內容不是 JSON。") from None
    name = data.get("name") if isinstance(data, dict) and set(data) == {"name"} else None
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise Refusal(400, "bad_request", f"請求必須是 {{\"name\": 專案名稱}}，名稱 1 到 {MAX_NAME} 個字。")
    return name.strip()


def declared_length(headers: Mapping[str, str]) -> int:
    """The declared length of a request's body; refuses a missing, chunked or malformed one."""
    if "chunked" in headers.get("Transfer-Encoding", "").lower() or headers.get("Content-Length") is None:
        raise Refusal(411, "length_required", "請求必須註明內容長度（Content-Length）。")
    try:
        length = int(headers["Content-Length"])
    except ValueError:
        length = -1
    if length < 0:
        raise Refusal(400, "bad_request", "內容長度（Content-Length）不是數字。")
    return length


class ProvisionHandler(BaseHTTPRequestHandler):
    """One caller's request: GET / lists their projects, POST / creates one; anything else is refused."""

    server_version = "handbook-provision"
    timeout = CLIENT_TIMEOUT  # a caller that stops sending is dropped

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """The caller's projects."""
        self.answer(lambda user, body: (200, {"projects": projects_of(self.server.couch, user)}))

    def do_POST(self) -> None:  # noqa: N802
        """A new project led by the caller."""
        def create(user: str, body: bytes) -> tuple[int, dict]:
            name = requested_name(body)
            with self.server.creating:  # one creation at a time, so the limit on projects led holds
                return 201, {"db": create_project(self.server.couch, user, name)}
        self.answer(create)

    def request_body(self) -> bytes:
        """The request's body (POST only), at most MAX_BODY bytes; an oversized one is refused after reading a
        bounded part of it (closing on unread data would reset the connection before the caller reads why)."""
        if self.command != "POST":
            return b""
        length = declared_length(self.headers)
        if length > MAX_BODY:
            self.rfile.read(min(length, DRAIN_LIMIT))
            raise Refusal(413, "too_large", f"請求的內容太大（最多 {MAX_BODY // 1024} KB）。")
        return self.rfile.read(length)

    def __getattr__(self, name: str):
        """Every other method (PUT, DELETE, HEAD…): 405, rather than http.server's 501."""
        if name.startswith("do_"):
            return self.refuse_method
        raise AttributeError(name)

    def refuse_method(self) -> None:
        """Refuse a method the provisioner does not offer."""
        self.send_json(405, {"error": "method_not_allowed", "reason": "只接受 GET 和 POST。"}, {"Allow": "GET, POST"})

    def answer(self, action) -> None:
        """Run action(caller's name, request body) for the path / and send its (status, JSON); refusals become
        their errors."""
        try:
            if urllib.parse.urlsplit(self.path).path != "/":
                raise Refusal(404, "not_found", "沒有這個網址。")
            request_body = self.request_body()
            status, body = action(caller_name(self.server.couch, self.headers), request_body)
        except Refusal as refusal:
            status, body = refusal.status, {"error": refusal.error, "reason": refusal.reason}
        self.send_json(status, body)

    def send_json(self, status: int, body: dict, extra: Mapping[str, str] | None = None) -> None:
        """Send a JSON answer that no cache keeps."""
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        for name, value in {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(len(data)),
                            "Cache-Control": "no-store", **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class ProvisionServer(ThreadingHTTPServer):
    """The provisioner's HTTP server: which CouchDB it works on, and the lock creations take turns on."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], couch: CouchServer):
        super().__init__(address, ProvisionHandler)
        self.couch = couch
        self.creating = threading.Lock()
        self.turns = threading.BoundedSemaphore(MAX_CONCURRENT)

    def process_request(self, request, client_address) -> None:
        """Serve a connection in a thread of its own once one of MAX_CONCURRENT turns is free; else drop it."""
        if not self.turns.acquire(timeout=CLIENT_TIMEOUT):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.turns.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        """Serve one connection, then give its turn back."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.turns.release()


def loopback_address(listen: str) -> tuple[str, int]:
    """(host, port) from HOST:PORT; only a loopback host is accepted (nginx in front is the way in)."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    try:
        if ipaddress.ip_address(host).is_loopback and 0 < int(port) < 65536:
            return host, int(port)
    except ValueError:
        pass
    raise SystemExit(f"--listen 必須是本機回送位址加連接埠，例如 127.0.0.1:5985（收到 {listen}）")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m handbook.sync.provision", description=__doc__.split("\n")[0])
    parser.add_argument("--couch", required=True, help="CouchDB's URL, e.g. http://127.0.0.1:5984")
    parser.add_argument("--admin-file", required=True, type=Path, help="a file of one line name:password, mode 600")
    parser.add_argument("--listen", default="127.0.0.1:5985", help="loopback HOST:PORT to listen on")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the provisioner until interrupted."""
    options = arguments(argv)
    couch = CouchServer(options.couch.rstrip("/"), read_admin_file(options.admin_file))
    with ProvisionServer(loopback_address(options.listen), couch) as server:
        print(f"provisioner on http://{options.listen}/ for {couch.url}", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
