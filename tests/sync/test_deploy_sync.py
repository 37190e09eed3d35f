"""The deploy guide's shared-project section (deploy/README.md, 「共享專案（CouchDB）」), followed once on this machine.

deploy/render_nginx.py renders the real nginx configuration with --sync-upstream: basic login from an htpasswd
made with `openssl passwd -apr1`, --sync-auth passthrough (the test server, pouchdb-server, has no proxy
authentication), CouchDB = the couch fixture and the provisioner = `python -m handbook.sync.provision`. Everything
after the setup goes through nginx only: a member creates a project, writes, invites; a non-member is refused; a
request without credentials gets nginx's own 401. Proxy mode, which production uses, is run against a tiny
upstream that echoes the headers it receives: a client's X-Auth-CouchDB-* never gets through.
"""

from __future__ import annotations

import http.client
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import zlib
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import ROOT, missing_tool, world_readable_dir
from sync_server import running_provisioner

sys.path.insert(0, str(ROOT / "tests" / "site"))
from nginx_server import MIME_TYPES, NGINX, Nginx, render_nginx  # noqa: E402 (the nginx helpers of tests/site)
from test_nginx import basic  # noqa: E402

USERS = {"alice": "alice-pw-31", "bob": "bob-pw-31"}  # alice leads the project, bob is invited later
HEADERS_SEEN = "/sync/hb-0123456789abcdef0123/"  # any project path: the echo upstream answers every request
FORGED = {"X-Auth-CouchDB-UserName": "admin", "X-Auth-CouchDB-Roles": "_admin", "X-Auth-CouchDB-Token": "0" * 40,
          "Cookie": "AuthSession=forged"}


# --------------------------------------------------------------------------- helpers

def apr1_line(user: str, password: str) -> str:
    """An htpasswd line made as the guide makes it: `openssl passwd -apr1`."""
    made = subprocess.run(["openssl", "passwd", "-apr1", password], capture_output=True, text=True, check=True)
    return f"{user}:{made.stdout.strip()}"


def call(server: Nginx, method: str, path: str, body=None, user: str | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, object]:
    """One request through nginx, as user (Basic) or anonymous: (status, headers, JSON body or raw bytes)."""
    sent = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
    if user:
        sent.update(basic(user, USERS[user]))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        connection.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=sent)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        return response.status, response.headers, json.loads(raw)
    except ValueError:
        return response.status, response.headers, raw


def answer_doc(user: str, checklist: str, field: str, text: str) -> dict:
    """A schema-valid answer to a checklist field (sync/README.md), written by user."""
    return {"_id": f"answer:{checklist}:field:{field}", "type": "answer", "value": text, "label": field,
            "by": user, "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "schema": 1}


def minimal_site() -> Path:
    """A one-page site the renderer accepts (its list of pages, no inline code), readable by nginx's workers."""
    site = world_readable_dir("handbook-sync-site-") / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>手冊</title><p>手冊</p>\n", encoding="utf-8")
    (site / ".handbook-pages.json").write_text(json.dumps({"pages": ["index.html"]}), encoding="utf-8")
    for path in (site.parent, site, *site.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return site


class Echo(http.server.BaseHTTPRequestHandler):
    """An upstream that answers every request with the path and headers it received, as JSON."""

    protocol_version = "HTTP/1.1"

    def answer(self):
        """Echo the request."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "must-revalidate")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = answer

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        """Stay silent."""


@contextmanager
def echo_upstream():
    """The echo upstream on a loopback port; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def nginx_needed():
    """nginx (and openssl, which makes the guide's htpasswd lines); in CI missing ones fail."""
    if not NGINX or not Path(MIME_TYPES).exists():
        missing_tool("no nginx: apt-get install nginx (Debian); with it on PATH (/usr/sbin)")
    if not shutil.which("openssl"):
        missing_tool("no openssl: apt-get install openssl (Debian)")


@pytest.fixture(scope="module")
def site():
    """The site folder nginx serves, removed afterwards."""
    folder = minimal_site()
    yield folder
    shutil.rmtree(folder.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def provisioner(couch, tmp_path_factory):
    """`python -m handbook.sync.provision` on a loopback port, its admin file mode 600 as the guide says; its URL."""
    with running_provisioner(couch, tmp_path_factory.mktemp("provisioner")) as url:
        yield url


@pytest.fixture(scope="module")
def deployed(nginx_needed, couch, provisioner, site):
    """nginx rendered as the guide says (basic login, passthrough) in front of the server and the provisioner."""
    for name, password in USERS.items():
        couch.add_user(name, password)  # CouchDB's _users holds the same accounts as the htpasswd file
    sync = render_nginx.SyncOptions(couch.url, provisioner, "passthrough")
    server = Nginx(site, "basic", tuple(apr1_line(n, p) for n, p in USERS.items()), sync=sync)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def echo_nginx(nginx_needed, site):
    """nginx in proxy mode in front of the echo upstream (as CouchDB and as the provisioner), one per login mode."""
    servers: dict[str, Nginx] = {}

    def start(auth: str) -> Nginx:
        if auth not in servers:
            login = {"basic": {"htpasswd_lines": (apr1_line("alice", USERS["alice"]),)},
                     "sso": {"sso_trusted": ["127.0.0.1"]}}[auth]
            servers[auth] = Nginx(site, auth, sync=render_nginx.SyncOptions(upstream, upstream, "proxy"), **login)
        return servers[auth]

    with echo_upstream() as upstream:
        yield start
        for server in servers.values():
            server.stop()


# --------------------------------------------------------------------------- the renderer

def sync_options(**changes) -> render_nginx.SyncOptions:
    """Shared-project options on loopback, proxy mode, changed as given."""
    values = {"upstream": "http://127.0.0.1:5984", "provisioner": "http://127.0.0.1:5985", "auth": "proxy"}
    return render_nginx.SyncOptions(**{**values, **changes})


def test_without_sync_the_configuration_has_no_trace_of_it(site):
    conf = render_nginx.render_site_conf(site, "8080")  # every other slot fills one line
    for trace in ("/sync", "handbook_couchdb", "handbook_provisioner", "X-Auth-CouchDB", "##", "@SYNC"):
        assert trace not in conf
    template = render_nginx.SITE_TEMPLATE.read_text(encoding="utf-8").splitlines()
    left_out = [line for line in template if line.startswith("##") or line.strip("@") in render_nginx.OPTIONAL_SLOTS]
    assert len(left_out) == 7 and len(conf.splitlines()) == len(template) - 7  # notes and slots vanish, lines and all


@pytest.mark.parametrize("auth, login, changes, message", [
    ("sso", {"sso_trusted": ["10.0.0.5"]}, {"auth": "passthrough"},
     "--sync-auth passthrough forwards the browser's Authorization header to CouchDB, and behind --auth sso "
     "there is none: use --sync-auth proxy"),
    ("none", {}, {"auth": "proxy"},
     "--sync-auth proxy tells CouchDB the user nginx signed in, and with --auth none nginx signs in nobody"),
    ("basic", {"htpasswd": "/h"}, {"upstream": "http://10.0.0.7:5984"},
     "--sync-upstream http://10.0.0.7:5984: not on this host (127.0.0.1, ::1 or localhost)"),
    ("basic", {"htpasswd": "/h"}, {"provisioner": "http://couch.intranet.example:5985"},
     "--sync-provisioner http://couch.intranet.example:5985: not on this host"),
    ("basic", {"htpasswd": "/h"}, {"upstream": "http://admin:secret@127.0.0.1:5984"},
     "--sync-upstream: no credentials in the URL"),
    ("basic", {"htpasswd": "/h"}, {"upstream": "http://127.0.0.1:5984/couchdb"},
     "--sync-upstream 'http://127.0.0.1:5984/couchdb': the server's root only"),
    ("basic", {"htpasswd": "/h"}, {"upstream": "http://127.0.0.1:99999"},
     "--sync-upstream 'http://127.0.0.1:99999': the port must be a number from 1 to 65535"),
    ("basic", {"htpasswd": "/h"}, {"upstream": "127.0.0.1:5984"},
     "--sync-upstream '127.0.0.1:5984': expected http://HOST:PORT"),
    ("basic", {"htpasswd": "/h"}, {"auth": "trust"}, "--sync-auth must be one of ('proxy', 'passthrough')"),
])
def test_the_renderer_refuses_sync_setups_that_cannot_be_safe(site, auth, login, changes, message):
    with pytest.raises(SystemExit, match=re.escape(message)):
        render_nginx.render_site_conf(site, "8080", auth=auth, sync=sync_options(**changes), **login)


@pytest.mark.parametrize("argv, message", [
    (["--sync-upstream", "http://127.0.0.1:5984"], "--sync-upstream and --sync-provisioner go together"),
    (["--sync-provisioner", "http://127.0.0.1:5985"], "--sync-upstream and --sync-provisioner go together"),
    (["--sync-upstream-remote-ok"], "--sync-upstream-remote-ok needs --sync-upstream"),
])
def test_the_command_line_takes_both_upstreams_or_neither(site, argv, message):
    with pytest.raises(SystemExit, match=re.escape(message)):
        render_nginx.main(["--site-dir", str(site), "--auth", "basic", "--htpasswd", "/h", *argv])


def test_a_remote_upstream_only_when_said_so(site):
    conf = render_nginx.render_site_conf(site, "8080", auth="basic", htpasswd="/h",
                                         sync=sync_options(upstream="https://couch.intranet.example:6984",
                                                           remote_ok=True))
    assert "server couch.intranet.example:6984;" in conf
    assert "proxy_pass https://handbook_couchdb$handbook_sync_uri;" in conf
    assert "proxy_ssl_name couch.intranet.example;" in conf and "proxy_ssl_verify on;" in conf


@pytest.mark.parametrize("auth, login, user", [
    ("basic", {"htpasswd": "/h"}, "$remote_user"),
    ("sso", {"sso_trusted": ["10.0.0.5"], "sso_header": "X-Forwarded-User"}, "$http_x_forwarded_user"),
])
def test_proxy_mode_names_the_signed_in_user_and_clears_what_the_client_sent(site, auth, login, user):
    conf = render_nginx.render_site_conf(site, "8080", auth=auth, sync=sync_options(), **login)
    for location in ("location ~ \"^/sync/", "location ^~ /sync-projects/"):
        block = conf[conf.index(location):]
        block = block[:block.index("}\n", block.index("proxy_hide_header"))]
        assert f"proxy_set_header X-Auth-CouchDB-UserName {user};" in block
        for cleared in ("X-Auth-CouchDB-Roles", "X-Auth-CouchDB-Token", "Authorization", "Cookie"):
            assert f'proxy_set_header {cleared} "";' in block


def test_passthrough_mode_forwards_the_login_and_clears_proxy_headers(site):
    conf = render_nginx.render_site_conf(site, "8080", auth="basic", htpasswd="/h",
                                         sync=sync_options(auth="passthrough"))
    assert "proxy_set_header Authorization" not in conf  # nginx passes the browser's on unchanged
    assert conf.count('proxy_set_header X-Auth-CouchDB-UserName "";') == 2


def test_the_csp_still_connects_to_the_sites_own_origin_only(site):
    conf = render_nginx.render_site_conf(site, "8080", auth="basic", htpasswd="/h", sync=sync_options())
    policy = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', conf).group(1)
    assert "connect-src 'self';" in policy
    assert "add_header" not in conf.split("location ^~ /sync/")[1]  # the server's security headers apply there too


# --------------------------------------------------------------------------- the guide, followed

def test_a_member_creates_writes_and_invites_and_only_then_the_other_reads(deployed):
    status, _, created = call(deployed, "POST", "/sync-projects/", {"name": "週年慶聯合促銷"}, user="alice")
    assert status == 201, created
    db = created["db"]
    assert re.fullmatch(r"hb-[0-9a-f]{20}", db)
    status, _, listed = call(deployed, "GET", "/sync-projects/", user="alice")
    assert status == 200 and db in [p["db"] for p in listed["projects"]]

    doc = answer_doc("alice", "project-kickoff", "goal", "十二月前完成聯合促銷")
    status, _, written = call(deployed, "PUT", f"/sync/{db}/{doc['_id']}", doc, user="alice")
    assert status == 201, written

    for method, path, body in (("GET", f"/sync/{db}/{doc['_id']}", None), ("GET", f"/sync/{db}/_changes", None),
                               ("PUT", f"/sync/{db}/answer:project-kickoff:field:owner",
                                answer_doc("bob", "project-kickoff", "owner", "bob"))):
        status, _, refused = call(deployed, method, path, body, user="bob")
        assert status in (401, 403), (method, path, status, refused)
    status, _, listed = call(deployed, "GET", "/sync-projects/", user="bob")
    assert db not in [p["db"] for p in listed["projects"]]

    status, _, security = call(deployed, "GET", f"/sync/{db}/_security", user="alice")
    assert status == 200
    security["members"]["names"].append("bob")
    assert call(deployed, "PUT", f"/sync/{db}/_security", security, user="alice")[0] == 200

    status, _, read = call(deployed, "GET", f"/sync/{db}/{doc['_id']}", user="bob")
    assert status == 200 and read["value"] == "十二月前完成聯合促銷" and read["by"] == "alice"
    own = answer_doc("bob", "project-kickoff", "owner", "售後服務部")
    assert call(deployed, "PUT", f"/sync/{db}/{own['_id']}", own, user="bob")[0] == 201
    forged = answer_doc("alice", "project-kickoff", "budget", "十萬")  # bob writing in alice's name
    assert call(deployed, "PUT", f"/sync/{db}/{forged['_id']}", forged, user="bob")[0] == 403
    assert db in [p["db"] for p in call(deployed, "GET", "/sync-projects/", user="bob")[2]["projects"]]


@pytest.mark.parametrize("path", ["/sync/", "/sync/_session", "/sync/hb-0123456789abcdef0123/", "/sync-projects/"])
def test_without_credentials_nginx_answers_401_itself(deployed, path):
    status, headers, _ = call(deployed, "GET", path)
    assert status == 401 and headers["WWW-Authenticate"] == 'Basic realm="Handbook"'  # nginx's realm, not CouchDB's
    status, _, _ = call(deployed, "GET", path, headers=basic("alice", "wrong"))
    assert status == 401


@pytest.mark.parametrize("method, path", [("GET", "/sync/_users/org.couchdb.user:bob"), ("GET", "/sync/_all_dbs"),
                                          ("POST", "/sync/_replicate"), ("GET", "/sync/_utils/"),
                                          ("GET", "/sync//_users"), ("GET", "/sync/hb-0123456789abcdef0123/../_users"),
                                          ("GET", "/sync/%68b-0123456789abcdef0123/")])
def test_only_project_databases_and_the_session_are_reachable(deployed, method, path):
    assert call(deployed, method, path, {} if method == "POST" else None, user="alice")[0] == 404


def test_the_session_says_who_is_signed_in_and_sync_answers_are_never_cached(deployed):
    status, headers, session = call(deployed, "GET", "/sync/_session", user="alice")
    assert status == 200 and session["userCtx"]["name"] == "alice"
    assert headers["Cache-Control"] == "no-store"  # CouchDB's own is replaced
    assert "connect-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_live_changes_feed_streams_through_nginx(deployed):
    """A change reaches a browser's continuous feed at once, gzipped (nginx flushes each line; with
    proxy_buffering on, or with the browser's Accept-Encoding passed to pouchdb-server, it stalls)."""
    db = call(deployed, "POST", "/sync-projects/", {"name": "即時同步"}, user="alice")[2]["db"]
    feed = http.client.HTTPConnection("127.0.0.1", deployed.port, timeout=10)
    try:
        feed.request("GET", f"/sync/{db}/_changes?feed=continuous&since=now&heartbeat=1000",
                     headers={**basic("alice", USERS["alice"]), "Accept-Encoding": "gzip, deflate, br"})
        response = feed.getresponse()
        assert response.status == 200 and response.headers["Content-Encoding"] == "gzip"
        doc = answer_doc("alice", "project-kickoff", "venue", "台北")
        written = time.monotonic()
        assert call(deployed, "PUT", f"/sync/{db}/{doc['_id']}", doc, user="alice")[0] == 201
        gunzip, seen = zlib.decompressobj(16 + zlib.MAX_WBITS), b""
        while doc["_id"].encode() not in seen:
            seen += gunzip.decompress(response.read1(65536))
            assert time.monotonic() - written < 5, "the change did not come through within 5 s"
    finally:
        feed.close()


@pytest.mark.parametrize("auth, login", [("basic", basic("alice", USERS["alice"])), ("sso", {"X-Remote-User": "alice"})])
@pytest.mark.parametrize("path", [HEADERS_SEEN, "/sync-projects/"])
def test_proxy_mode_never_passes_a_client_sent_identity(echo_nginx, auth, login, path):
    server = echo_nginx(auth)
    status, _, seen = call(server, "GET", path, headers={**login, **FORGED})
    assert status == 200, seen
    received = {name.lower(): value for name, value in seen["headers"].items()}
    assert received["x-auth-couchdb-username"] == "alice"
    for never in ("x-auth-couchdb-roles", "x-auth-couchdb-token", "authorization", "cookie"):
        assert never not in received
