"""Shared projects in Chromium: department heads in one project through a real CouchDB-protocol server (npm
pouchdb-server on disk, restarted mid-session), behind nginx rendered by deploy/render_nginx.py as the deploy guide
says (basic login, /sync/ and /sync-projects/): the guide followed once, with two browsers."""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path

import pytest

from accessibility import serious_violations
from conftest import ROOT, build_site, missing_tool, screenshot, world_readable_copy
from project_pages import create_project
from handbook.publish.edition import to_simplified
from handbook.sync.design import design_document
from scenario import scenario
from sync_server import MISSING, SERVER_BIN, free_port, running_couch, running_provisioner
from test_deploy_sync import MIME_TYPES, NGINX, Nginx, apr1_line, render_nginx  # nginx as the guide renders it

USERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"}  # alice leads, bob is invited, carol is not
SYNC_CONFIG = "extra:\n  sync:\n    server: /sync/\n    projects: /sync-projects/\n"
SEEN_WITHIN_MS = 2000


def sync_scenario(target, sync: bool = True):
    """A small handbook (one playbook, one checklist, the project pages), with extra.sync unless sync is False."""
    scenario("minimal", target, simplified=True)
    shutil.copytree(ROOT / "docs" / "projects", target / "docs" / "projects")
    checklist_file = target / "checklists" / "first-list.yml"  # a second item, for ticks made apart to merge
    checklist_file.write_text(checklist_file.read_text(encoding="utf-8").replace(
        "        text: 第一個要勾選的項目\n",
        "        text: 第一個要勾選的項目\n      - id: second-item\n        text: 第二個要勾選的項目\n", 1), encoding="utf-8")
    if sync:
        config = target / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("extra:\n", SYNC_CONFIG, 1), encoding="utf-8")
    result = build_site(target, target / "site", simplified=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return target / "site"


@pytest.fixture(scope="module")
def server_dir(tmp_path_factory):
    """Where the on-disk server keeps its databases (the same folder after a restart)."""
    if not (shutil.which("node") and SERVER_BIN.exists()):
        missing_tool(MISSING)
    return tmp_path_factory.mktemp("couch-disk")


class Server:
    """The on-disk server, stopped and started again on the same port and folder (the same databases)."""

    def __init__(self, folder, port: int):
        self.folder, self.port, self.running = folder, port, None

    def start(self):
        """Start it; its Couch."""
        self.running = running_couch(self.folder, self.port, on_disk=True)
        return self.running.__enter__()

    def stop(self):
        """Stop it."""
        self.running.__exit__(None, None, None)


@pytest.fixture(scope="module")
def world(tmp_path_factory, server_dir):
    """The deploy guide followed (deploy/README.md, 共享專案): the site with extra.sync served by the rendered nginx,
    basic login, passthrough to the server (three users in both) and the provisioner; {url, couch, server}."""
    if not NGINX or not Path(MIME_TYPES).exists():
        missing_tool("no nginx: apt-get install nginx (Debian); with it on PATH (/usr/sbin)")
    if not shutil.which("openssl"):
        missing_tool("no openssl: apt-get install openssl (Debian)")
    site = sync_scenario(tmp_path_factory.mktemp("sync-site") / "project")
    server = Server(server_dir, free_port())
    couch = server.start()
    try:
        for name, password in USERS.items():
            couch.add_user(name, password)
        logins = tuple(apr1_line(name, password) for name, password in USERS.items())
        with running_provisioner(couch, tmp_path_factory.mktemp("provisioner")) as provisioner_url, \
                world_readable_copy(site, "handbook-sync-browser-") as served:
            front = Nginx(served, "basic", logins, sync=render_nginx.SyncOptions(couch.url, provisioner_url, "passthrough"))
            try:
                yield {"url": front.url, "couch": couch, "server": server}
            finally:
                front.stop()
    finally:
        server.stop()


def shared_project(couch, lead="alice", members=("alice", "bob")) -> str:
    """A project database made as the provisioner makes it: lead as admin, members, the design document."""
    db = "hb-" + secrets.token_hex(10)
    assert couch.request("PUT", f"/{db}")[0] == 201
    security = {"admins": {"names": [lead], "roles": []}, "members": {"names": list(members), "roles": []}}
    assert couch.request("PUT", f"/{db}/_security", security)[0] == 200
    assert couch.request("PUT", f"/{db}/_design/handbook", design_document())[0] == 201
    return db


@pytest.fixture
def head(browser, world):
    """open(user) → a page of a fresh browser context logged in as user (each a different department head)."""
    contexts, errors = [], []

    def open_as(user: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW",
                                      http_credentials={"username": user, "password": USERS[user]})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{user}: {error}"))
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not errors, f"script errors: {errors}"


def wait_status(page, text: str, timeout: float = 15000) -> None:
    """Wait until the project bar's sync status shows text."""
    page.wait_for_function("text => (document.querySelector('.hb-sync-status') || {}).textContent?.includes(text)",
                           arg=text, timeout=timeout)


def join(page, world, db, edition=""):
    """Join project db from the list page's ?join= link; wait until it says it is synced."""
    page.goto(world["url"] + edition + f"projects/?join={db}")
    wait_status(page, "已同步")


def checklist(page, world, edition=""):
    """Open the scenario's checklist page."""
    page.goto(world["url"] + edition + "checklists/first-list/")
    page.wait_for_selector("input[data-item-id]")


def two_heads_on_the_checklist(world, head):
    """A new shared project with alice and bob each on its checklist page: (database, alice's page, bob's page)."""
    db = shared_project(world["couch"])
    alice, bob = head("alice"), head("bob")
    for page in (alice, bob):
        join(page, world, db)
        checklist(page, world)
    return db, alice, bob


def first_field(page):
    """The checklist's first field (a text box)."""
    return page.locator("[data-field-id]").first


def test_what_one_head_ticks_and_types_the_other_sees_within_two_seconds(world, head):
    db, alice, bob = two_heads_on_the_checklist(world, head)
    item_id = alice.locator("input[data-item-id]").first.get_attribute("data-item-id")
    started = time.monotonic()
    alice.locator("input[data-item-id]").first.check()
    first_field(alice).fill("售後：保養廠週六可加開兩個工位")
    bob.wait_for_function(
        "([id, text]) => document.querySelector(`input[data-item-id='${id}']`).checked &&"
        " document.querySelector('[data-field-id]').value === text",
        arg=[item_id, "售後：保養廠週六可加開兩個工位"], timeout=SEEN_WITHIN_MS + 3000)
    seen_ms = (time.monotonic() - started) * 1000
    assert seen_ms <= SEEN_WITHIN_MS, f"bob saw alice's answers after {seen_ms:.0f} ms"
    bob.wait_for_function("() => document.querySelectorAll('.hb-sync-by').length === 2")  # beside both answers
    assert all(mark.startswith("alice・") for mark in bob.locator(".hb-sync-by").all_inner_texts())
    # who changed it is recorded on the server, by the name the login gave
    status, doc = world["couch"].request("GET", f"/{db}/answer:first-list:item:{item_id}")
    assert status == 200 and doc["by"] == "alice" and doc["value"] is True
    bob.goto(world["url"] + "projects/project/")
    bob.wait_for_function("() => /跨部門共用alice（2 項）/.test((document.querySelector('[data-sync-people]') || {}).textContent)")
    bob.wait_for_function("() => /alice、bob/.test((document.querySelector('[data-sync-members]') || {}).textContent)")
    screenshot(bob, "sync-project-page-bob")


def test_two_heads_changing_one_field_offline_keep_both_until_one_is_chosen(world, head):
    _, alice, bob = two_heads_on_the_checklist(world, head)
    bob.context.set_offline(True)
    first_field(bob).fill("bob 的版本：週六")
    wait_status(bob, "離線，變更會在連線後送出")
    first_field(alice).fill("alice 的版本：週日")
    wait_status(alice, "已同步")
    bob.context.set_offline(False)
    for page in (alice, bob):
        page.goto(world["url"] + "projects/project/")
        page.wait_for_selector("[data-sync-conflicts]", timeout=15000)
        text = page.locator("[data-sync-conflicts]").inner_text()
        assert "bob 的版本：週六" in text and "alice 的版本：週日" in text, text
        assert "alice" in text and "bob" in text
    assert not serious_violations(bob), "the conflicts must pass axe"
    screenshot(bob, "sync-conflict")
    bob.locator("[data-sync-conflicts] li li", has_text="alice 的版本").get_by_role("button").click()
    for page in (alice, bob):
        page.wait_for_selector("[data-sync-conflicts]", state="detached", timeout=10000)
        checklist(page, world)
        assert first_field(page).input_value() == "alice 的版本：週日"


def test_ticks_made_apart_while_one_head_is_offline_merge_without_a_conflict(world, head):
    _, alice, bob = two_heads_on_the_checklist(world, head)
    bob.context.set_offline(True)
    bob.check("input[data-item-id='second-item']")
    wait_status(bob, "離線，變更會在連線後送出")
    alice.check("input[data-item-id='first-item']")
    wait_status(alice, "已同步")
    bob.context.set_offline(False)
    both = "() => ['first-item', 'second-item'].every(id => document.querySelector(`input[data-item-id='${id}']`).checked)"
    for page in (alice, bob):
        page.wait_for_function(both, timeout=15000)
        wait_status(page, "已同步")
        assert page.evaluate("() => HandbookSync.conflicts()") == []
        assert "衝突" not in page.locator(".hb-sync-status").inner_text()


def test_a_head_who_is_not_a_member_gets_nothing_and_is_told_why(world, head):
    db = shared_project(world["couch"])
    world["couch"].request("PUT", f"/{db}/project", {"type": "project", "by": "admin", "at": "2026-12-07T00:00:00Z",
                                                     "value": {"name": "續保週末", "departments": [],
                                                               "eventDate": "", "target": "", "people": {}}})
    assert world["couch"].request("GET", f"/{db}/_all_docs", auth=("carol", USERS["carol"]))[0] in (401, 403)
    assert world["couch"].request("GET", f"/{db}/project", auth=("carol", USERS["carol"]))[0] in (401, 403)
    carol = head("carol")
    carol.goto(world["url"] + f"projects/?join={db}")
    wait_status(carol, "無法同步：你不是這個專案的成員")
    assert "續保週末" not in carol.content()


def answer_while_the_server_is_down(page):
    """Tick every item and fill the first field while the server is stopped; they stay, also across a reload."""
    boxes = page.locator("input[data-item-id]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    first_field(page).fill("伺服器停機時填的")
    wait_status(page, "離線，變更會在連線後送出")
    page.reload()  # the answers are this browser's until the server is back, also across a reload
    page.wait_for_selector("input[data-item-id]")
    assert first_field(page).input_value() == "伺服器停機時填的"


def test_nothing_is_lost_when_the_server_stops_and_starts_again_mid_session(world, head):
    db, alice, bob = two_heads_on_the_checklist(world, head)
    world["server"].stop()
    try:
        answer_while_the_server_is_down(alice)
    finally:
        world["couch"] = world["server"].start()
    boxes = alice.locator("input[data-item-id]")
    ids = boxes.evaluate_all("boxes => boxes.map(box => box.getAttribute('data-item-id'))")
    seen = ("([ids, text]) => ids.every(id => document.querySelector(`input[data-item-id='${id}']`).checked) &&"
            " document.querySelector('[data-field-id]').value === text")
    try:
        bob.wait_for_function(seen, arg=[ids, "伺服器停機時填的"], timeout=20000)
    except Exception:
        state = "() => document.querySelector('.hb-sync-status').textContent + ' ' + document.querySelector('[data-field-id]').value"
        pytest.fail(f"alice: {alice.evaluate(state)}; bob: {bob.evaluate(state)}; "
                    f"server: {world['couch'].request('GET', f'/{db}/_all_docs')}")
    for item in ids:
        status, doc = world["couch"].request("GET", f"/{db}/answer:first-list:item:{item}")
        assert status == 200 and doc["value"] is True, (item, doc)


def test_the_status_reads_in_both_editions(world, head):
    db = shared_project(world["couch"])
    alice = head("alice")
    join(alice, world, db, edition="zh-Hans/")
    assert alice.locator(".hb-sync-status").inner_text().startswith("共享・已同步")
    checklist(alice, world, edition="zh-Hans/")
    alice.context.set_offline(True)
    alice.locator("input[data-item-id]").first.check()
    wait_status(alice, to_simplified("離線，變更會在連線後送出"))  # the edition's own wording (脫機…)
    alice.context.set_offline(False)


def test_a_lead_shares_a_local_project_invites_a_head_who_joins_and_keeps_a_copy(world, head):
    alice, bob = head("alice"), head("bob")
    create_project(alice, world["url"], "交車週協調", departments=["operations"])
    checklist(alice, world)
    alice.locator("input[data-item-id]").first.check()
    first_field(alice).fill("售後 周主任")
    alice.goto(world["url"] + "projects/project/")
    alice.get_by_role("button", name="共享這個專案").click()
    wait_status(alice, "已同步")
    db = alice.evaluate("() => HandbookStore.currentProject().shared")
    assert world["couch"].request("GET", f"/{db}/answer:first-list:field:owner-name")[1]["value"] == "售後 周主任"
    alice.wait_for_selector("[data-sync-invite]")  # only the lead may invite
    alice.fill("#hb-sync-invite", "bob")
    alice.locator("[data-sync-invite] button").click()
    alice.wait_for_function("() => /alice、bob/.test((document.querySelector('[data-sync-members]') || {}).textContent)")
    assert "已邀請 bob" in alice.locator("[data-sync-invite]").inner_text()
    assert not serious_violations(alice), "the sharing part of the project page must pass axe"
    screenshot(alice, "sync-lead-project-page")
    alice.set_viewport_size({"width": 390, "height": 844})
    screenshot(alice, "sync-lead-project-page-390")
    bob.goto(world["url"] + "projects/")
    bob.locator(f"[data-shared-db='{db}']", has_text="交車週協調").get_by_role("button", name="加入").click()
    wait_status(bob, "已同步")
    checklist(bob, world)
    bob.wait_for_function("() => document.querySelector('[data-field-id]').value === '售後 周主任'")
    assert bob.locator("input[data-item-id]").first.is_checked()
    bob.goto(world["url"] + "projects/project/")
    assert bob.locator("[data-sync-invite]").count() == 0  # a member does not invite
    bob.get_by_role("button", name="另存一份本機副本").click()
    copy = bob.evaluate("() => HandbookStore.projects().filter(p => !p.shared).map(p => [p.name, p.id])")
    assert [name for name, _ in copy] == ["交車週協調（本機副本）"]
    answers = bob.evaluate("id => HandbookStore.entry('checklist:first-list', id).value.fields", copy[0][1])
    assert answers["owner-name"]["value"] == "售後 周主任"


def test_without_extra_sync_no_page_loads_pouchdb_or_connects(tmp_path):
    site = sync_scenario(tmp_path / "plain", sync=False)
    pages = list(site.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "handbook-sync" not in text and "pouchdb" not in text and "sync.js" not in text, page
