"""The design document's validate function (sync/validate_doc_update.js) and the database's _security, against a
real CouchDB-protocol server: what a hostile member may not write, what the pages do write, and who may read."""

from __future__ import annotations

import secrets
import urllib.parse

import pytest

from handbook.sync.design import DESIGN_ID, design_document

AT = "2025-01-31T08:00:00.000Z"
USERS = {"alice": "alice-pw", "bob": "bob-pw", "mallory": "mallory-pw", "carol": "carol-pw"}
LEAD, MEMBER, OUTSIDER = "alice", "bob", "mallory"
MISSING = object()  # a field a hostile row leaves out
LONG_SLUG_ID = "answer:" + "a" * 61 + ":item:b"  # checklist ids are at most 60 characters

WELL_FORMED = {
    "project": {"_id": "project", "type": "project", "schema": 1,
                "value": {"name": "春季回廠活動", "departments": ["sales", "service"], "eventDate": "2025-04-12",
                          "target": "回廠 300 台", "people": {"sales": "王小明", "service": ""}}},
    "entry": {"_id": "entry:meetings", "type": "entry", "value": {"items": [{"title": "啟動會議", "minutes": 30}]}},
    "item": {"_id": "answer:launch-prep:item:book-venue", "type": "answer", "value": True, "label": "訂好場地"},
    "field": {"_id": "answer:launch-prep:field:budget", "type": "answer", "value": "五萬元，含餐點", "label": "預算"},
}


def document(kind: str, writer: str = MEMBER, **changes) -> dict:
    """A well-formed document of one kind written by writer, with changes (MISSING removes a field)."""
    doc = {**WELL_FORMED[kind], "by": writer, "at": AT, **changes}
    return {name: value for name, value in doc.items() if value is not MISSING}


def project_value(**changes) -> dict:
    """The well-formed project's value with changes (MISSING removes a field)."""
    value = {**WELL_FORMED["project"]["value"], **changes}
    return {name: value for name, value in value.items() if value is not MISSING}


def nested(depth: int) -> dict:
    """A value nested depth levels deep."""
    value: dict = {}
    for _ in range(depth):
        value = {"inner": value}
    return value


def credentials(user: str | None) -> tuple[str, str] | None:
    """A test user's (name, password); None for anonymous."""
    return (user, USERS[user]) if user else None


def put(couch, db: str, doc: dict, user: str | None) -> tuple[int, dict]:
    """Write doc into db as user."""
    return couch.request("PUT", f"/{db}/{urllib.parse.quote(doc['_id'], safe=':')}", doc, auth=credentials(user))


def security(lead: str, members: list[str]) -> dict:
    """A project's _security: the lead as admin, the lead and members as members."""
    return {"admins": {"names": [lead], "roles": []}, "members": {"names": [lead, *members], "roles": []}}


@pytest.fixture(scope="module")
def users(couch):
    """The module's intranet users."""
    for name, password in USERS.items():
        couch.add_user(name, password)
    return couch


@pytest.fixture
def project(users):
    """A fresh project database as the provisioner leaves it: alice leads, bob is invited, mallory is not."""
    db = "hb-" + secrets.token_hex(10)
    assert users.request("PUT", f"/{db}")[0] == 201
    assert users.request("PUT", f"/{db}/_security", security(LEAD, [MEMBER]))[0] == 200
    assert users.request("PUT", f"/{db}/{DESIGN_ID}", design_document())[0] == 201
    return db


HOSTILE = [
    ("id-outside-the-schema", document("project", _id="settings"), "文件代號「settings」不是共用專案的文件。"),
    ("id-climbing-out", document("item", _id="answer:../x:item:a"), "文件代號「answer:../x:item:a」不是共用專案的文件。"),
    ("id-in-capitals", document("item", _id="answer:Launch:item:a"), "文件代號「answer:Launch:item:a」不是共用專案的文件。"),
    ("id-slug-too-long", document("item", _id=LONG_SLUG_ID), f"文件代號「{LONG_SLUG_ID}」不是共用專案的文件。"),
    ("entry-key-unknown", document("entry", _id="entry:admin"), "文件代號「entry:admin」不是共用專案的文件。"),
    ("type-of-another-kind", document("item", type="project"),
     "文件代號「answer:launch-prep:item:book-venue」的 type 必須是「answer」。"),
    ("type-missing", document("item", type=MISSING), "文件代號「answer:launch-prep:item:book-venue」的 type 必須是「answer」。"),
    ("by-someone-else", document("item", by=LEAD), "by 必須是你自己的使用者名稱。"),
    ("by-missing", document("field", by=MISSING), "文件必須記下寫入者的使用者名稱（by）。"),
    ("by-not-text", document("field", by=["bob"]), "文件必須記下寫入者的使用者名稱（by）。"),
    ("at-local-time", document("item", at="2025-01-31T16:00:00+08:00"),
     "at 必須是 ISO 8601 格式的 UTC 時間，例如 2025-01-31T08:00:00.000Z。"),
    ("at-a-number", document("item", at=1738310400000), "at 必須是 ISO 8601 格式的 UTC 時間，例如 2025-01-31T08:00:00.000Z。"),
    ("at-month-13", document("item", at="2025-13-01T00:00:00Z"),
     "at 必須是 ISO 8601 格式的 UTC 時間，例如 2025-01-31T08:00:00.000Z。"),
    ("unknown-top-level-field", document("item", admin=True), "文件裡有手冊不認得的欄位「admin」。"),
    ("attachment", document("field", _attachments={"x.html": {"content_type": "text/html", "data": "PGI+aGk8L2I+"}}),
     "共用專案的文件不可以帶附件。"),
    ("over-64-kb-in-utf-8", document("entry", value={"notes": "字" * 22000}), "文件太大（最多 64 KB）。"),
    ("nested-too-deep", document("entry", value=nested(25)), "文件的內容層次太多（最多 20 層）。"),
    ("entry-value-text", document("entry", value="<script>"), "紀錄的內容必須是一個物件。"),
    ("project-name-empty", document("project", value=project_value(name="")), "專案名稱必須是 1 到 200 個字。"),
    ("project-name-blank", document("project", value=project_value(name="   ")), "專案名稱必須是 1 到 200 個字。"),
    ("project-name-201", document("project", value=project_value(name="名" * 201)), "專案名稱必須是 1 到 200 個字。"),
    ("project-21-departments", document("project", value=project_value(departments=[f"d{i}" for i in range(21)])),
     "參與部門必須是最多 20 個部門代號的清單。"),
    ("project-department-number", document("project", value=project_value(departments=[7])),
     "參與部門必須是最多 20 個部門代號的清單。"),
    ("project-date-unpadded", document("project", value=project_value(eventDate="2025-4-12")),
     "活動日必須是空白或 YYYY-MM-DD 格式的日期。"),
    ("project-target-501", document("project", value=project_value(target="標" * 501)), "目標必須是最多 500 個字的文字。"),
    ("project-target-missing", document("project", value=project_value(target=MISSING)), "目標必須是最多 500 個字的文字。"),
    ("project-people-list", document("project", value=project_value(people=["王小明"])),
     "各部門負責人必須是「部門：姓名」的對照，每項最多 40 個字。"),
    ("project-person-41", document("project", value=project_value(people={"sales": "王" * 41})),
     "各部門負責人必須是「部門：姓名」的對照，每項最多 40 個字。"),
    ("project-extra-field", document("project", value=project_value(admins=["bob"])), "專案資料裡有手冊不認得的欄位「admins」。"),
    ("project-proto-key", document("project", value=project_value(__proto__={"name": "x"})),
     "專案資料裡有手冊不認得的欄位「__proto__」。"),
    ("item-value-text", document("item", value="true"), "勾選項目的答案只能是 true 或 false。"),
    ("field-value-5001", document("field", value="答" * 5001), "欄位的答案必須是最多 5000 個字的文字。"),
    ("field-value-number", document("field", value=5), "欄位的答案必須是最多 5000 個字的文字。"),
    ("label-on-a-project", document("project", label="x"), "label 只能用在答案上，而且最多 1000 個字。"),
    ("label-1001", document("item", label="項" * 1001), "label 只能用在答案上，而且最多 1000 個字。"),
    ("schema-2", document("item", schema=2), "這個資料庫只收第 1 版格式的文件（schema 1）。"),
    ("value-missing", document("item", value=MISSING), "文件沒有 value。"),
    ("tombstone-with-a-field", {"_id": "answer:launch-prep:item:x", "_deleted": True, "admin": True},
     "文件裡有手冊不認得的欄位「admin」。"),
    ("tombstone-over-64-kb", {"_id": "entry:steps", "_deleted": True, "value": {"x": "字" * 22000}}, "文件太大（最多 64 KB）。"),
]


@pytest.mark.parametrize("doc, reason", [row[1:] for row in HOSTILE], ids=[row[0] for row in HOSTILE])
def test_a_member_cannot_write_a_malformed_document(couch, project, doc, reason):
    assert put(couch, project, doc, MEMBER) == (403, {"error": "forbidden", "reason": reason})


@pytest.mark.parametrize("kind", WELL_FORMED)
def test_a_member_writes_each_kind_of_document(couch, project, kind):
    status, body = put(couch, project, document(kind), MEMBER)
    assert (status, body.get("ok")) == (201, True), body


def test_the_lead_writes_and_a_member_overwrites_and_deletes(couch, project):
    status, first = put(couch, project, document("field", LEAD), LEAD)
    assert status == 201, first
    status, second = put(couch, project, document("field", MEMBER, _rev=first["rev"], value="改成六萬"), MEMBER)
    assert status == 201, second
    status, deleted = couch.request("DELETE", f"/{project}/answer:launch-prep:field:budget?rev={second['rev']}",
                                    auth=credentials(MEMBER))
    assert (status, deleted.get("ok")) == (200, True), deleted


def test_a_server_admin_may_write_in_the_leads_name(couch, project):
    status, body = couch.request("PUT", f"/{project}/project", document("project", LEAD))  # as the server admin
    assert status == 201, body


def test_an_outsider_can_neither_write_nor_read(couch, project):
    assert put(couch, project, document("item", LEAD), LEAD)[0] == 201
    assert put(couch, project, document("field", OUTSIDER), OUTSIDER)[0] in (401, 403)
    for path in ("/answer:launch-prep:item:book-venue", "/_all_docs", "/_changes", "/_all_docs?include_docs=true"):
        assert couch.request("GET", f"/{project}{path}", auth=credentials(OUTSIDER))[0] in (401, 403), path


def test_anonymous_callers_are_refused(couch, project):
    for path in ("/answer:launch-prep:item:book-venue", "/_all_docs", "/_changes"):
        assert couch.request("GET", f"/{project}{path}", auth=None)[0] == 401, path
    assert put(couch, project, document("item"), None)[0] == 401


def test_a_member_cannot_change_security_or_the_design_document(couch, project):
    grab = {"admins": {"names": [MEMBER], "roles": []}, "members": {"names": [MEMBER], "roles": []}}
    assert couch.request("PUT", f"/{project}/_security", grab, auth=credentials(MEMBER))[0] in (401, 403)
    lax = {"validate_doc_update": "function () {}"}
    assert couch.request("PUT", f"/{project}/{DESIGN_ID}", lax, auth=credentials(MEMBER))[0] in (401, 403)
    assert couch.request("PUT", f"/{project}/_design/other", lax, auth=credentials(MEMBER))[0] in (401, 403)
    assert couch.request("GET", f"/{project}/_security")[1] == security(LEAD, [MEMBER])


def test_the_lead_invites_by_writing_security(couch, project):
    assert couch.request("GET", f"/{project}/_all_docs", auth=credentials("carol"))[0] in (401, 403)
    status, body = couch.request("PUT", f"/{project}/_security", security(LEAD, [MEMBER, "carol"]),
                                 auth=credentials(LEAD))
    assert status == 200, body
    assert couch.request("GET", f"/{project}/_all_docs", auth=credentials("carol"))[0] == 200
    assert put(couch, project, document("item", "carol"), "carol")[0] == 201


def test_a_member_by_role_alone_is_refused_by_the_design_document(couch, project):
    status, body = couch.request("PUT", "/_users/org.couchdb.user:rita",
                                 {"name": "rita", "password": "rita-pw", "roles": ["staff"], "type": "user"})
    assert status in (201, 202), body
    by_role = {**security(LEAD, [MEMBER]), "members": {"names": [LEAD, MEMBER], "roles": ["staff"]}}
    assert couch.request("PUT", f"/{project}/_security", by_role)[0] == 200
    assert couch.request("GET", f"/{project}/_all_docs", auth=("rita", "rita-pw"))[0] == 200  # the database lets her in
    assert couch.request("PUT", f"/{project}/answer:launch-prep:item:book-venue", document("item", "rita"),
                         auth=("rita", "rita-pw")) == (
        401, {"error": "unauthorized", "reason": "你不是這個共用專案的成員，請專案負責人邀請你。"})


def test_a_database_whose_security_was_emptied_refuses_every_write_but_a_server_admins(couch, project):
    # CouchDB opens a database whose _security names nobody to every signed-in user; the function does not follow
    # it there: writes by anyone it does not name are refused, so an emptied _security fails closed.
    assert couch.request("PUT", f"/{project}/_security", {})[0] == 200  # a public database, by mistake
    assert put(couch, project, document("item", "carol"), "carol") == (
        401, {"error": "unauthorized", "reason": "你不是這個共用專案的成員，請專案負責人邀請你。"})
    assert put(couch, project, {**document("item"), "by": "anonymous"}, None) == (
        401, {"error": "unauthorized", "reason": "請先登入，才能寫入共用專案。"})


def test_replicated_writes_meet_the_same_member_check(couch, project):
    # _bulk_docs with new_edits=false is how replication writes: someone the database lets in by a role alone is
    # refused there too (the test server needs sync/pouchdb-server-fix.cjs to hand the function the _security)
    status, body = couch.request("PUT", "/_users/org.couchdb.user:rolf",
                                 {"name": "rolf", "password": "rolf-pw", "roles": ["staff"], "type": "user"})
    assert status in (201, 202), body
    by_role = {**security(LEAD, [MEMBER]), "members": {"names": [LEAD, MEMBER], "roles": ["staff"]}}
    assert couch.request("PUT", f"/{project}/_security", by_role)[0] == 200
    replicated = {**document("item", "rolf"), "_rev": "1-0123456789abcdef0123456789abcdef",
                  "_revisions": {"start": 1, "ids": ["0123456789abcdef0123456789abcdef"]}}
    status, body = couch.request("POST", f"/{project}/_bulk_docs", {"docs": [replicated], "new_edits": False},
                                 auth=("rolf", "rolf-pw"))
    assert status == 201 and body and body[0]["error"] == "unauthorized", body


def test_a_replicated_conflicting_revision_is_kept(couch, project):
    # two members changed one answer offline: the server keeps both revisions (CouchDB's conflict)
    first = {**document("item"), "_id": "answer:launch-prep:item:conflict"}
    assert put(couch, project, first, MEMBER)[0] == 201
    other = {**first, "value": False, "by": MEMBER, "_rev": "1-" + "f" * 32, "_revisions": {"start": 1, "ids": ["f" * 32]}}
    status, body = couch.request("POST", f"/{project}/_bulk_docs", {"docs": [other], "new_edits": False},
                                 auth=credentials(MEMBER))
    assert status == 201 and body == [], body
    stored = couch.request("GET", f"/{project}/answer:launch-prep:item:conflict?conflicts=true", auth=credentials(LEAD))[1]
    assert stored.get("_conflicts"), stored


def test_the_design_document_is_the_file_and_compiles_as_one_function():
    design = design_document()
    assert design["_id"] == "_design/handbook" and design["schema"] == 1
    assert design["validate_doc_update"].startswith("function (newDoc, oldDoc, userCtx, secObj) {")
    assert design["validate_doc_update"].rstrip().endswith("}")
