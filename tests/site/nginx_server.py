"""One foreground nginx serving a copy of the built handbook, and linkchecker crawls of it, for the tests.

Used by test_nginx.py and by the two parts of the anchor crawl, test_nginx_anchors_traditional.py and
test_nginx_anchors_simplified.py. linkchecker's anchor check fetches and parses a page again for each #fragment
link to it (linkchecker issue 781; no option avoids it), which made one crawl of the whole site the slowest test of
the suite (~90 s). Three things bring it down without checking less:
- a URL with a fragment is checked against the anchors of its page, but not parsed again for links (the page itself
  is parsed, once, at its address without a fragment);
- one checking thread instead of ten: the work is Python parsing HTML, and more threads only contend for the GIL;
- two parts, one per edition, in two files that pytest-xdist (--dist loadfile) runs on different workers. Each part
  starts at, and parses, the pages of its edition; test_nginx.py proves every built page is parsed by exactly one.
"""

from __future__ import annotations

import contextlib
import csv
import grp
import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, missing_tool, world_readable_copy, world_readable_dir

sys.path.insert(0, str(ROOT / "deploy"))
import render_nginx  # noqa: E402  (deploy/ is not a package)

MIME_TYPES = "/etc/nginx/mime.types"
# On PATH only (root's has /usr/sbin), so a PATH without it means none; no use without Debian's mime.types either.
NGINX = (shutil.which("nginx") or "") if Path(MIME_TYPES).exists() else ""
NO_NGINX = "no nginx: apt-get install nginx (Debian); with it on PATH (/usr/sbin)"
LINKCHECKER = Path(sys.executable).with_name("linkchecker")
# linkchecker waits ~0.3 s between requests to one host unless the host answers with a "LinkChecker" header;
# this test-only header makes a crawl take seconds, not minutes.
CRAWL_HEADER = '    add_header LinkChecker "crawl" always;'


# --------------------------------------------------------------------------- nginx

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_user() -> str | None:
    """As root, run the workers as nobody:<its group> - what a Debian install does with www-data."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam("nobody")
    return f"nobody {grp.getgrgid(entry.pw_gid).gr_name}"


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class Nginx:
    """One foreground nginx serving site_dir with the rendered handbook configuration."""

    def __init__(self, site_dir: Path, auth: str = "none", htpasswd_lines: tuple[str, ...] = (),
                 **render):
        self.site_dir = site_dir
        self.prefix = world_readable_dir("handbook-nginx-")
        if auth == "basic":
            htpasswd = self.prefix / "handbook.htpasswd"
            htpasswd.write_text("".join(line + "\n" for line in htpasswd_lines), encoding="utf-8")
            htpasswd.chmod(0o644)  # read by the workers; on a server: root:www-data 0640
            render["htpasswd"] = str(htpasswd)
        if auth == "sso":
            render.setdefault("sso_trusted", ["127.0.0.1"])
        self.process = None
        for _ in range(5):  # another process may grab the free port first
            self.port = free_port()
            self.conf = render_nginx.render_site_conf(site_dir, f"127.0.0.1:{self.port}",
                                                      auth=auth, **render)
            config = render_nginx.write_standalone(self.prefix, self.conf, worker_user(), MIME_TYPES)
            self.process = subprocess.Popen(
                [NGINX, "-c", str(config), "-p", str(self.prefix), "-e", str(self.prefix / "error.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait_until_listening():
                break
            if "Address already in use" not in self.error_log():
                pytest.fail(f"nginx did not start:\n{self.error_log()}")
        else:
            pytest.fail(f"nginx found no free port:\n{self.error_log()}")
        self.url = f"http://127.0.0.1:{self.port}/"

    def _wait_until_listening(self) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        if self.process and self.process.poll() is not None and self.process.stderr:
            text += self.process.stderr.read().decode(errors="replace")
        return text

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", "/" + path.lstrip("/"), headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)


@contextlib.contextmanager
def crawl_server(site: Path) -> Iterator[Nginx]:
    """A world-readable copy of site (linkchecker and the nginx workers run as nobody) served for a crawl."""
    with world_readable_copy(site, "handbook-crawl-") as target:
        server = Nginx(target, "none", extra=CRAWL_HEADER)
        try:
            yield server
        finally:
            server.stop()



@pytest.fixture(scope="module")
def anchor_crawl_server(site):
    """The crawl server of one anchor-crawl file (test_nginx_anchors_*.py), its own: each file may run on another
    worker than test_nginx.py."""
    if not NGINX:
        missing_tool(NO_NGINX)
    with crawl_server(site) as served:
        yield served


# --------------------------------------------------------------------------- linkchecker

@dataclass
class Crawl:
    """A finished linkchecker run: its process, the rows of its CSV report and the URLs it started at."""
    run: subprocess.CompletedProcess
    rows: list[dict]
    starts: list[str]

    @property
    def counts(self) -> tuple[str, str] | None:
        """(warnings, errors) from the summary line, or None when linkchecker did not finish."""
        summary = re.search(r"(\d+) warnings? found\. (\d+) errors? found", self.run.stdout)
        return summary.groups() if summary else None

    @property
    def log(self) -> str:
        return self.run.stdout[-3000:] + self.run.stderr[-3000:]

    @property
    def problems(self) -> list[dict]:
        """Rows that are neither fetched with 200 nor left out on purpose (outside the site, data: URLs)."""
        return [row for row in self.rows if not row["result"].startswith(("200", "filtered", "ignored"))]

    @property
    def fetched(self) -> set[str]:
        """The URLs fetched with 200, each with its #fragment."""
        return {row["url"] for row in self.rows if row["result"].startswith("200")}


def crawl(server: Nginx, starts: list[str] | tuple[str, ...] = ("",), credentials: tuple[str, str] | None = None,
          anchors: bool = True, nofollow: list[str] | tuple[str, ...] = ()) -> Crawl:
    """Crawl the site from the start pages with linkchecker, recursing into every page it reaches on the server
    except the URLs that match a nofollow pattern (those are checked, anchors too, but not parsed)."""
    config = server.prefix / "linkcheckerrc"
    # One checking thread: the work is parsing HTML in Python, so more threads only fight over the GIL (the
    # default 10 took twice the CPU time and longer on two cores); nginx answers from another process meanwhile.
    lines = ["[checking]", "threads=1", "maxrequestspersecond=500", "recursionlevel=-1",
             "[filtering]", f"internlinks=^{re.escape(server.url)}"]
    if nofollow:
        lines += ["nofollow=" + "\n  ".join(nofollow)]  # one pattern a line; a line starting with # is skipped
    if anchors:
        lines += ["[AnchorCheck]"]
    if credentials:
        lines += ["[authentication]",
                  f"entry=^{re.escape(server.url)} {credentials[0]} {credentials[1]}"]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config.chmod(0o644)  # linkchecker run as root drops to nobody before reading it
    output = server.prefix / "linkchecker.csv"
    output.write_text("", encoding="utf-8")
    output.chmod(0o666)  # ... and writes its CSV report as nobody
    urls = [server.url + start for start in starts]
    run = subprocess.run([str(LINKCHECKER), "--no-status", "-f", str(config), "-v", "-o", "text",
                          "-F", f"csv/utf-8/{output}", *urls],
                         capture_output=True, text=True, timeout=600, cwd=server.prefix)
    return Crawl(run, read_report(output), urls)


def read_report(path: Path) -> list[dict]:
    """The rows of linkchecker's CSV report. Its comments are the lines before the header and the last line;
    a row may start with # as well (a link to an anchor of the same page), so no other line is dropped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next((n for n, line in enumerate(lines) if line.startswith("urlname;")), len(lines))
    if lines and lines[-1].startswith("# Stopped checking at"):
        lines.pop()
    return list(csv.DictReader(lines[header:], delimiter=";"))


# --------------------------------------------------------------------------- the anchor crawl in parts

ANCHOR_PARTS = ("traditional", "simplified")
SIMPLIFIED = "zh-Hans/"
# Every URL with a fragment: checked against the anchors of its page, never parsed (the page itself is). The
# brackets matter: linkchecker reads a pattern line starting with # as a comment.
FRAGMENT = "[#]"


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a build, at the address nginx serves it at (a folder's index.html at the folder)."""
    return sorted(page.relative_to(site).as_posix().removesuffix("index.html") for page in site.rglob("*.html"))


def anchor_part(page: str) -> str:
    """The part of the anchor crawl that parses a page: one part per edition."""
    return "simplified" if page.startswith(SIMPLIFIED) else "traditional"


def page_pattern(url: str, page: str) -> str:
    """A page's URL in every form a link gives it: with or without index.html, with a query or a fragment."""
    index = r"(?:index\.html)?" if page == "" or page.endswith("/") else ""
    return f"^{re.escape(url + page)}{index}(?:[?#]|$)"


def anchor_nofollow(url: str, pages: list[str], parse: list[str]) -> list[str]:
    """The nofollow patterns of a crawl that starts at, and parses, exactly the pages in parse."""
    return [FRAGMENT] + [page_pattern(url, page) for page in pages if page not in parse]


def crawl_anchors(server: Nginx, parse: list[str]) -> Crawl:
    """Crawl with the anchor check, parsing the given pages: every link and #fragment on them is checked. A page
    elsewhere on the site and a URL with a fragment are fetched and checked but not parsed."""
    return crawl(server, starts=parse, nofollow=anchor_nofollow(server.url, site_pages(server.site_dir), parse))


def crawl_anchor_part(server: Nginx, part: str) -> Crawl:
    """One part of the anchor crawl: it starts at, and parses, every page of its edition."""
    return crawl_anchors(server, [page for page in site_pages(server.site_dir) if anchor_part(page) == part])


def check_anchor_part(server: Nginx, part: str) -> None:
    """Crawl one part and assert what each part's test asserts: no error or warning, every page of the part
    fetched, anchors among the checked URLs."""
    result = crawl_anchor_part(server, part)
    assert result.run.returncode == 0 and result.counts == ("0", "0"), result.log
    assert result.problems == []
    assert set(result.starts) <= result.fetched, sorted(set(result.starts) - result.fetched)
    anchors = {url for url in result.fetched if "#" in url}
    assert anchors
    print(f"\n{part}: {len(result.starts)} pages parsed, {len(result.rows)} URLs, {len(anchors)} with an anchor")
