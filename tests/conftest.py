"""Shared fixtures: one strict build per session, a local HTTP server, and headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_setup import system_chromium  # tests/browser_setup.py
from loopback import served  # tests/loopback.py (the benchmark uses it too; no test imports bench/)
from sync_server import MISSING as NO_SYNC_SERVER, SERVER_BIN, running_couch  # tests/sync_server.py

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                  "--disable-dev-shm-usage"]  # a CI container's /dev/shm may be 64 MB
ARTIFACTS = ROOT / "test-artifacts"
import material  # noqa: E402 - the theme's language packs, which the hook hands the Simplified edition
THEME_PACKS = Path(material.__file__).parent / "templates" / "partials" / "languages"


def build_site(project: Path, site_dir: Path, simplified: bool = True) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of project into site_dir (optionally without the Simplified edition)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if not simplified:
        env["HANDBOOK_SKIP_SIMPLIFIED"] = "1"
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(project / "mkdocs.yml"), "-d", str(site_dir)],
                          cwd=project, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def handbook():
    """The real handbook's content, loaded once per session and shared read-only (its models are frozen)."""
    from handbook.content.loading import load  # imported here: the fresh-machine test reads this file without it
    loaded, problems = load(ROOT)
    assert not problems, problems
    return loaded


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The handbook built once, strictly, into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = build_site(ROOT, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built handbook, served over HTTP on loopback."""
    with served(site) as url:
        yield url


def chromium_path() -> str | None:
    """The Chromium to drive: $HANDBOOK_CHROMIUM, or the `chromium` on PATH (Debian's), or none."""
    return system_chromium()  # the one lookup, shared with make's bootstrap and bench/


def missing_tool(message: str) -> None:
    """A test that needs a tool this machine lacks: skipped, saying which and how to get it; in CI, failed."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def couch(tmp_path_factory):
    """A running in-memory CouchDB-protocol server (pouchdb-server) for one test module; skipped without Node."""
    if not (shutil.which("node") and SERVER_BIN.exists()):
        missing_tool(NO_SYNC_SERVER)
    with running_couch(tmp_path_factory.mktemp("couch")) as server:
        yield server


NO_CHROMIUM = "no Chromium: apt-get install chromium (Debian), or set HANDBOOK_CHROMIUM to a Chromium binary"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through Playwright; in CI a missing browser is a failure, never a skip."""
    from playwright import sync_api
    path = chromium_path()
    if path is None:
        missing_tool(NO_CHROMIUM)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh browser page; the test fails if the page requests anything outside the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW",
                                  accept_downloads=True)
    outside: list[str] = []  # requests to anywhere but the local server

    def watch(request):
        if not request.url.startswith((base_url, "data:", "blob:", "about:")):
            outside.append(request.url)

    context.on("request", watch)
    # Block anything external so a failure is fast and nothing leaves the machine.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        (base_url, "data:", "blob:")) else route.abort())
    new_page = context.new_page()
    new_page.external_requests = outside
    yield new_page
    context.close()
    assert not outside, f"requests left the site: {outside}"


def world_readable_dir(prefix: str) -> Path:
    """A fresh temporary folder nginx's workers and linkchecker (both drop to nobody as root) can read."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


@contextlib.contextmanager
def world_readable_copy(site: Path, prefix: str) -> Iterator[Path]:
    """A copy of a built site that anyone on the machine can read, removed afterwards."""
    holder = world_readable_dir(prefix)
    target = holder / "site"
    shutil.copytree(site, target)
    for folder, _, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    try:
        yield target
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ (kept by CI)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def search(page, query: str) -> None:
    """Open the handbook's search box, type query and wait until results show."""
    page.locator(".hb-search__open").click()
    page.locator(".hb-search__input").fill(query)
    page.locator(".hb-search__result").first.wait_for(timeout=30000)
