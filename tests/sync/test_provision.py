"""The provisioner (handbook/sync/provision.py) against a real CouchDB-protocol server: it creates a project only its
lead can use, lists each caller's projects, knows callers only as CouchDB does, and refuses anything else cleanly."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT
from sync_server import ADMIN, basic, free_port

from handbook.sync import provision
from handbook.sync.design import DESIGN_ID, design_document

USERS = {name: f"{name}-pw" for name in ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
                                         "judy")}
PROJECT_DB = re.compile(r"^hb-[0-9a-f]{20}$")


@contextmanager
def running_provisioner(couch_url: str) -> Iterator[str]:
    """The provisioner in a thread on a free loopback port, working on couch_url as its admin; its URL."""
    server = provision.ProvisionServer(("127.0.0.1", 0), provision.CouchServer(couch_url, ADMIN))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def provisioner(couch) -> Iterator[str]:
    """The provisioner's URL, with the module's users created in CouchDB."""
    for name, password in USERS.items():
        couch.add_user(name, password)
    with running_provisioner(couch.url) as url:
        yield url


def send(url: str, method: str, path: str = "/", body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict, http.client.HTTPResponse]:
    """One raw HTTP request: (status, JSON body, the response)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else {}, response
    finally:
        connection.close()


def as_user(user: str | None) -> dict[str, str]:
    """The headers of a call made as a test user (none for anonymous)."""
    return {"Authorization": basic(user, USERS[user])} if user else {}


def create(url: str, user: str | None, name: str = "春季回廠活動") -> tuple[int, dict]:
    """POST / {"name": name} as user."""
    body = json.dumps({"name": name}).encode()
    status, answer, _ = send(url, "POST", body=body, headers={**as_user(user), "Content-Type": "application/json"})
    return status, answer


def projects(url: str, user: str) -> list[dict]:
    """GET / as user: their projects, sorted by database."""
    status, answer, _ = send(url, "GET", headers=as_user(user))
    assert status == 200, answer
    return sorted(answer["projects"], key=lambda project: project["db"])


def user_call(couch, method: str, path: str, user: str, body=None) -> int:
    """A request to CouchDB as a test user; its status."""
    return couch.request(method, path, body, auth=(user, USERS[user]))[0]


def an_answer(user: str) -> dict:
    """A well-formed checklist answer written by user."""
    return {"type": "answer", "value": True, "by": user, "at": "2025-01-31T08:00:00.000Z"}


def test_the_lead_alone_can_use_a_new_project(couch, provisioner):
    status, answer = create(provisioner, "alice")
    assert status == 201 and PROJECT_DB.match(answer["db"]), answer
    db = answer["db"]
    assert couch.request("GET", f"/{db}/_security")[1] == {
        "admins": {"names": ["alice"], "roles": []}, "members": {"names": ["alice"], "roles": []}}
    assert couch.request("GET", f"/{db}/{DESIGN_ID}")[1]["validate_doc_update"] == \
        design_document()["validate_doc_update"]
    assert couch.request("GET", f"/{db}/project")[1]["value"]["name"] == "春季回廠活動"
    assert user_call(couch, "PUT", f"/{db}/answer:launch:item:venue", "alice", an_answer("alice")) == 201
    assert user_call(couch, "GET", f"/{db}/_all_docs", "bob") == 401
    assert user_call(couch, "PUT", f"/{db}/answer:launch:item:food", "bob", an_answer("bob")) == 401


def test_an_invited_member_reads_and_writes(couch, provisioner):
    db = create(provisioner, "carol")[1]["db"]
    invited = {"admins": {"names": ["carol"], "roles": []}, "members": {"names": ["carol", "dave"], "roles": []}}
    assert user_call(couch, "PUT", f"/{db}/_security", "carol", invited) == 200
    assert user_call(couch, "GET", f"/{db}/project", "dave") == 200
    assert user_call(couch, "PUT", f"/{db}/answer:launch:item:venue", "dave", an_answer("dave")) == 201


def test_each_caller_sees_only_their_projects(couch, provisioner):
    first = create(provisioner, "erin", "門市週年慶")[1]["db"]
    second = create(provisioner, "erin", "新車發表會")[1]["db"]
    third = create(provisioner, "frank", "保養月")[1]["db"]
    invited = {"admins": {"names": ["frank"], "roles": []}, "members": {"names": ["frank", "erin"], "roles": []}}
    assert user_call(couch, "PUT", f"/{third}/_security", "frank", invited) == 200
    assert projects(provisioner, "erin") == sorted([
        {"db": first, "name": "門市週年慶", "lead": "erin"}, {"db": second, "name": "新車發表會", "lead": "erin"},
        {"db": third, "name": "保養月", "lead": "frank"}], key=lambda project: project["db"])
    assert projects(provisioner, "frank") == [{"db": third, "name": "保養月", "lead": "frank"}]
    assert projects(provisioner, "grace") == []


def test_a_session_cookie_is_enough(couch, provisioner):
    login = json.dumps({"name": "grace", "password": USERS["grace"]}).encode()
    host_url = couch.url.removeprefix("http://")
    status, _, response = send(f"http://{host_url}", "POST", "/_session", login, {"Content-Type": "application/json"})
    assert status == 200
    cookie = response.getheader("Set-Cookie").split(";")[0]
    status, answer, _ = send(provisioner, "GET", headers={"Cookie": cookie})
    assert (status, answer) == (200, {"projects": []})


def test_only_identity_headers_are_forwarded():
    headers = {"Authorization": "Basic x", "Cookie": "AuthSession=y", "X-Auth-CouchDB-UserName": "z",
               "Host": "example", "Content-Length": "3", "X-Forwarded-For": "10.0.0.1"}
    assert provision.forwarded_identity(headers) == {
        "Authorization": "Basic x", "Cookie": "AuthSession=y", "X-Auth-CouchDB-UserName": "z"}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_anonymous_and_wrong_password_are_refused(provisioner, method):
    body = b'{"name": "x"}' if method == "POST" else None
    for headers in ({}, {"Authorization": basic("alice", "wrong")}):
        status, answer, _ = send(provisioner, method, body=body, headers=headers)
        assert (status, answer["error"]) == (401, "unauthorized"), answer
        assert answer["reason"] == "請先登入內部網路的帳號，才能使用共用專案。"


@pytest.mark.parametrize("body, status, error", [
    (b"{not json", 400, "bad_request"),
    (b"\xff\xfe", 400, "bad_request"),
    (b'["a list"]', 400, "bad_request"),
    (b'{"name": ""}', 400, "bad_request"),
    (b'{"name": "   "}', 400, "bad_request"),
    (b'{"name": 7}', 400, "bad_request"),
    (json.dumps({"name": "名" * 201}).encode(), 400, "bad_request"),
    (b'{"name": "x", "admins": ["heidi"]}', 400, "bad_request"),
    (json.dumps({"name": "x" * 5000}).encode(), 413, "too_large"),
], ids=["not-json", "not-utf-8", "a-list", "empty-name", "blank-name", "number-name", "name-201", "extra-field",
        "over-4-kb"])
def test_a_malformed_creation_is_refused_cleanly(provisioner, body, status, error):
    found, answer, response = send(provisioner, "POST", body=body, headers=as_user("heidi"))
    assert (found, answer["error"]) == (status, error), answer
    assert response.getheader("Content-Type") == "application/json; charset=utf-8"
    assert projects(provisioner, "heidi") == []


def test_a_creation_without_a_length_is_refused(provisioner):
    host, port = provisioner.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Authorization", as_user("heidi")["Authorization"])
        connection.endheaders()
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())["error"]) == (411, "length_required")
    finally:
        connection.close()


@pytest.mark.parametrize("method, path, status", [
    ("PUT", "/", 405), ("DELETE", "/", 405), ("PATCH", "/", 405), ("BREW", "/", 405),
    ("GET", "/_all_dbs", 404), ("POST", "/hb-0123456789abcdef0123", 404), ("GET", "/../_users", 404),
])
def test_other_methods_and_paths_are_refused(provisioner, method, path, status):
    body = b'{"name": "x"}' if method in ("PUT", "POST", "PATCH") else None
    found, answer, response = send(provisioner, method, path, body, as_user("heidi"))
    assert found == status, answer
    assert answer["error"] in ("method_not_allowed", "not_found")
    if status == 405:
        assert response.getheader("Allow") == "GET, POST"


def test_a_lead_of_too_many_projects_is_refused(provisioner, monkeypatch):
    monkeypatch.setattr(provision, "MAX_LED", 2)
    assert create(provisioner, "ivan", "一")[0] == 201
    assert create(provisioner, "ivan", "二")[0] == 201
    assert create(provisioner, "ivan", "三") == (409, {
        "error": "too_many_projects", "reason": "你已經負責 2 個共用專案，請先刪除不需要的專案再建立新的。"})


def test_a_failed_setup_leaves_no_database_behind(couch, provisioner, monkeypatch):
    before = couch.request("GET", "/_all_dbs")[1]
    monkeypatch.setattr(provision, "project_document", lambda lead, name: {"_id": "project", "type": "project"})
    assert create(provisioner, "judy") == (502, {"error": "bad_gateway", "reason": "資料庫伺服器沒有建立專案（403）。"})
    assert couch.request("GET", "/_all_dbs")[1] == before
    assert projects(provisioner, "judy") == []


def test_an_unreachable_couchdb_is_a_clean_502():
    with running_provisioner(f"http://127.0.0.1:{free_port()}") as url:
        status, answer, _ = send(url, "GET", headers=as_user("alice"))
    assert (status, answer["error"]) == (502, "bad_gateway")


def admin_file(folder: Path, mode: int, line: str = f"{ADMIN[0]}:{ADMIN[1]}\n") -> Path:
    """An admin file with the given permissions."""
    path = folder / "couch-admin"
    path.write_text(line, encoding="utf-8")
    path.chmod(mode)
    return path


def run_provisioner(*arguments: str) -> subprocess.Popen:
    """`python -m handbook.sync.provision` with arguments, its output captured."""
    return subprocess.Popen([sys.executable, "-m", "handbook.sync.provision", *arguments], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_an_admin_file_others_can_read_is_refused(tmp_path):
    path = admin_file(tmp_path, 0o644)
    with pytest.raises(SystemExit, match=re.escape(f"的權限是 0644，群組或其他人也能讀取；請執行 chmod 600 {path} 再啟動")):
        provision.read_admin_file(path)
    process = run_provisioner("--couch", "http://127.0.0.1:9", "--admin-file", str(path), "--listen", "127.0.0.1:9")
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1 and "chmod 600" in stderr, stderr


@pytest.mark.parametrize("line", ["admin\n", ":secret\n", "admin:\n", "admin:a\nroot:b\n"])
def test_an_admin_file_must_be_one_line_name_and_password(tmp_path, line):
    with pytest.raises(SystemExit, match="必須只有一行「帳號:密碼」"):
        provision.read_admin_file(admin_file(tmp_path, 0o600, line))


@pytest.mark.parametrize("listen", ["0.0.0.0:5985", "192.168.1.10:5985", "127.0.0.1", "localhost:5985",
                                    "127.0.0.1:0", "127.0.0.1:http"])
def test_only_a_loopback_address_is_listened_on(listen):
    with pytest.raises(SystemExit, match="--listen 必須是本機回送位址"):
        provision.loopback_address(listen)


def first_answer(url: str, process: subprocess.Popen, user: str, seconds: float = 20) -> tuple[int, dict]:
    """GET / as user once the started provisioner answers (bounded wait); fails if it exits or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status, answer, _ = send(url, "GET", headers=as_user(user))
            return status, answer
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the provisioner did not answer: {process.stderr.read() if process.poll() is not None else ''}")


def test_the_command_serves_on_loopback(couch, provisioner, tmp_path):
    port = free_port()
    process = run_provisioner("--couch", couch.url, "--admin-file", str(admin_file(tmp_path, 0o600)),
                              "--listen", f"127.0.0.1:{port}")
    try:
        assert first_answer(f"http://127.0.0.1:{port}", process, "grace") == (200, {"projects": []})
    finally:
        process.terminate()
        process.communicate(timeout=10)
