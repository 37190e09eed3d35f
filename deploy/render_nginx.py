#!/usr/bin/env python3
"""Render the nginx configuration for the built handbook (standard library only).

Fills in deploy/nginx/handbook.conf for a given site folder, listen address and
access-control mode, with a Content-Security-Policy computed from the built site:
the inline <script>s and <style>s the theme and the handbook emit are allowed by their
sha256 hashes, and only those listed (and reviewed) in deploy/csp-inline.json. The
renderer refuses a site holding any other inline script or style, a style="" attribute,
an event handler, a javascript: URL, a resource from another host, a meta refresh (but to a relative URL of
the site: the pages kept at a playbook's old address) or a base tag;
an HTML page the build did not write (its list: site/.handbook-pages.json), or a script or other
active file (.js, .svg, .xml, .wasm…) outside the reviewed paths of deploy/csp-inline.json.
Re-render after each build.

Examples:
  # Debian server, basic auth:
  python3 deploy/render_nginx.py --site-dir /srv/handbook/site --listen 80 \
      --server-name handbook.intranet.example --auth basic \
      --htpasswd /etc/nginx/handbook.htpasswd -o /etc/nginx/sites-available/handbook

  # Behind the single sign-on proxy at 10.0.0.5, which sets X-Remote-User:
  python3 deploy/render_nginx.py --site-dir /srv/handbook/site --listen 8080 \
      --auth sso --sso-trusted 10.0.0.5 -o /etc/nginx/sites-available/handbook

  # With shared projects (CouchDB on this host, the provisioner beside it; deploy/README.md, 共享專案):
  python3 deploy/render_nginx.py --site-dir /srv/handbook/site --listen 80 --auth basic \
      --htpasswd /etc/nginx/handbook.htpasswd --sync-upstream http://127.0.0.1:5984 \
      --sync-provisioner http://127.0.0.1:5985 --sync-auth proxy -o /etc/nginx/sites-available/handbook

  # Local preview in the foreground, no root needed:
  python3 deploy/render_nginx.py --site-dir site --listen 127.0.0.1:8080 --standalone /tmp/hb-nginx
  nginx -c /tmp/hb-nginx/nginx.conf -p /tmp/hb-nginx -e /tmp/hb-nginx/error.log
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import html.parser
import ipaddress
import json
import re
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the handbook's one URL rule, standard library only
from handbook.publish.urls import refresh_target, scheme_problem, url_problem, within_site  # noqa: E402

MANIFEST = ".handbook-pages.json"  # handbook/publish/manifest.py writes it
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml"}
# Files a browser may run or render with scripts when served from the site: only at reviewed paths.
ACTIVE_SUFFIXES = {".js", ".mjs", ".cjs", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".wasm", ".swf", ".pdf",
                   ".xsd", ".rdf", ".appcache", ".webmanifest"}
RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "imagesrcset"}
LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
SITE_TEMPLATE = HERE / "nginx" / "handbook.conf"
REVIEWED_INLINE = HERE / "csp-inline.json"
STANDALONE_TEMPLATE = HERE / "nginx" / "standalone.conf"
SYNC_HTTP_TEMPLATE = HERE / "nginx" / "sync-http.conf"
SYNC_LOCATIONS_TEMPLATE = HERE / "nginx" / "sync-locations.conf"
AUTH_MODES = ("none", "basic", "sso")
SYNC_AUTH_MODES = ("proxy", "passthrough")
# The headers of CouchDB's proxy authentication ([chttpd_auth] x_auth_username, x_auth_roles, x_auth_token).
COUCHDB_PROXY_HEADERS = ("X-Auth-CouchDB-UserName", "X-Auth-CouchDB-Roles", "X-Auth-CouchDB-Token")
# Slots that vanish, line and all, when empty (so handbook.conf renders as before without sync).
OPTIONAL_SLOTS = ("SYNC_HTTP", "SYNC_CACHE", "SYNC_LOCATIONS", "SYNC_TLS", "PROJECTS_TLS")

# Script types a browser executes; anything else (application/json config, ...) is data.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module",
                    "text/ecmascript", "application/ecmascript"}
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)


def csp_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class _Attributes(html.parser.HTMLParser):
    """Collects inline style attributes, <style> bodies and constructs a hash CSP cannot allow."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.style_attributes: set[str] = set()
        self.style_elements: list[str] = []
        self.problems: list[str] = []
        self._in_style = False
        self._style_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            self.problems.append(f"{self.source}: <base> tag")
        if tag == "meta" and any(n == "http-equiv" and (v or "").strip().lower() == "refresh" for n, v in attrs):
            target = refresh_target(dict(attrs).get("content") or "")
            if not (target and within_site(target)):  # the build's old-address pages send readers within the site
                self.problems.append(f"{self.source}: <meta http-equiv=refresh>")
        for name, value in attrs:
            if name == "style" and value:
                self.style_attributes.add(value)
                self.problems.append(f"{self.source}: style attribute <{tag} style=...>")
            elif name.startswith("on"):
                self.problems.append(f"{self.source}: inline event handler <{tag} {name}=...>")
            elif value:
                self.problems.extend(f"{self.source}: {problem} <{tag} {name}>"
                                     for problem in self._url_problems(tag, name, value, attrs))
        if tag == "style":
            self._in_style, self._style_text = True, []

    def _url_problems(self, tag, name, value, attrs) -> list[str]:
        """What is wrong with an attribute's URLs: a scheme that runs code anywhere, another host for a resource."""
        if self._loads(tag, name, attrs):
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
            return [problem for url in urls if (problem := url_problem(url, (), resource=True))]
        problem = scheme_problem(value) if name in ("href", "src", "action", "formaction") else None
        return [problem] if problem else []

    @staticmethod
    def _loads(tag, name, attrs) -> bool:
        """Whether the browser loads this attribute's URL on its own (a resource, not a link to follow)."""
        if tag == "link" and name == "href":
            return bool(LOADED_LINKS & set((dict(attrs).get("rel") or "").lower().split()))
        return name in RESOURCE_ATTRIBUTES

    def handle_data(self, data):
        if self._in_style:
            self._style_text.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._in_style:
            self._in_style = False
            self.style_elements.append("".join(self._style_text))


def _attributes_of(tag_rest: str) -> dict[str, str]:
    parser = html.parser.HTMLParser()
    found: dict[str, str] = {}
    parser.handle_starttag = lambda tag, attrs: found.update({k: v or "" for k, v in attrs})
    parser.feed(f"<script{tag_rest}>")
    parser.close()
    return found


@dataclass
class InlineContent:
    """What the built pages carry inline, as CSP hash sources."""

    script_hashes: set[str] = field(default_factory=set)
    style_element_hashes: set[str] = field(default_factory=set)
    style_attribute_hashes: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    pages: int = 0


def scan_site(site_dir: Path) -> InlineContent:
    """Scan every page of the built site for inline scripts and styles."""
    found = InlineContent()
    for page in sorted(site_dir.rglob("*.html")):
        # Universal newlines, like the HTML parser's CRLF normalisation before hashing.
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(site_dir))
        found.pages += 1
        for match in SCRIPT_RE.finditer(text):
            attributes = _attributes_of(match.group(1))
            if "src" in attributes:
                continue
            if attributes.get("type", "").strip().lower() in EXECUTABLE_TYPES:
                found.script_hashes.add(csp_hash(match.group(2)))
        parser = _Attributes(name)
        parser.feed(text)
        parser.close()
        found.style_attribute_hashes.update(csp_hash(v) for v in parser.style_attributes)
        found.style_element_hashes.update(csp_hash(v) for v in parser.style_elements)
        found.problems.extend(parser.problems)
    return found


def site_files_problems(site_dir: Path, reviewed_paths: dict[str, str]) -> list[str]:
    """Pages the build did not write, and active files outside the reviewed paths, as problem lines."""
    manifest = site_dir / MANIFEST
    if not manifest.is_file():
        return [f"{MANIFEST} missing: build the site with the handbook plugin (make build)"]
    pages = set(json.loads(manifest.read_text(encoding="utf-8"))["pages"])
    problems = []
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        name = file.relative_to(site_dir).as_posix()
        suffix = file.suffix.lower()
        if suffix in PAGE_SUFFIXES and name not in pages:
            problems.append(f"{name}: an HTML page the build did not write")
        elif suffix in ACTIVE_SUFFIXES and not any(fnmatch.fnmatchcase(name, pattern) for pattern in reviewed_paths):
            problems.append(f"{name}: a {suffix} file outside the reviewed paths of {REVIEWED_INLINE.name}")
    return problems


def reviewed_inline() -> dict[str, dict[str, str]]:
    """The inline scripts and styles a person has reviewed: {"scripts"|"styles": {hash: what emits it}}."""
    return json.loads(REVIEWED_INLINE.read_text(encoding="utf-8"))


def unreviewed(found: InlineContent, reviewed: dict[str, dict[str, str]]) -> list[str]:
    """Inline code in the build that nobody reviewed: each as a problem line."""
    return ([f"unreviewed inline script {h}" for h in sorted(found.script_hashes - set(reviewed["scripts"]))]
            + [f"unreviewed inline style {h}" for h in sorted(found.style_element_hashes - set(reviewed["styles"]))])


def inline_samples(site_dir: Path) -> dict[str, tuple[str, str]]:
    """Each inline script hash of the site, with the first page holding it and the script's start."""
    samples: dict[str, tuple[str, str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        for match in SCRIPT_RE.finditer(page.read_text(encoding="utf-8")):
            attributes = _attributes_of(match.group(1))
            if "src" not in attributes and attributes.get("type", "").strip().lower() in EXECUTABLE_TYPES:
                samples.setdefault(csp_hash(match.group(2)), (str(page.relative_to(site_dir)), match.group(2)[:80]))
    return samples


def build_csp(site_dir: Path, inline_policy: str = "hashes") -> str:
    """The Content-Security-Policy for this build of the site.

    inline_policy "hashes" (default) allows exactly the reviewed inline code the build contains;
    "unsafe-inline" allows any inline script or style (weaker; see deploy/README.md).
    """
    if inline_policy == "unsafe-inline":
        script_src = ["'self'", "'unsafe-inline'"]
        style_src = ["'self'", "'unsafe-inline'"]
    else:
        found = scan_site(site_dir)
        if found.pages == 0:
            raise SystemExit(f"no HTML pages under {site_dir}: build the site first")
        reviewed = reviewed_inline()
        problems = (site_files_problems(site_dir, reviewed["files"]) + found.problems
                    + unreviewed(found, reviewed))
        if problems:
            raise SystemExit("the site holds code the CSP would run that nobody reviewed (review new theme or "
                             f"handbook scripts and add them to {REVIEWED_INLINE.name}; content may carry none):\n  "
                             + "\n  ".join(problems[:50]))
        script_src = ["'self'", *sorted(found.script_hashes)]
        style_src = ["'self'", *sorted(found.style_element_hashes)]
    # Pagefind compiles its WebAssembly search (pagefind/wasm.*.pagefind); nothing else is evaluated.
    script_src.append("'wasm-unsafe-eval'")
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", script_src),
        ("style-src", style_src),
        # Material draws its icons with data: SVGs in CSS.
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        # The search (Pagefind, in a worker) fetches its index files from pagefind/.
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def access_control_block(auth: str, htpasswd: str | None, sso_header: str,
                         sso_trusted: list[str]) -> str:
    """The nginx lines for the access-control mode, indented for the server block."""
    if auth == "none":
        return "    # (none: the network or a proxy in front decides who gets in)"
    if auth == "basic":
        if not htpasswd:
            raise SystemExit("--auth basic needs --htpasswd FILE")
        return (f'    auth_basic "Handbook";\n'
                f"    auth_basic_user_file {_nginx_path(htpasswd)};")
    if not re.fullmatch(r"[A-Za-z0-9-]+", sso_header):
        raise SystemExit(f"--sso-header {sso_header!r}: letters, digits and '-' only")
    if not sso_trusted:
        raise SystemExit("--auth sso needs at least one --sso-trusted address of the proxy")
    lines = []
    for address in sso_trusted:
        ipaddress.ip_network(address, strict=False)  # refuses anything but an address/CIDR
        lines.append(f"    allow {address};")
    variable = _header_variable(sso_header)
    lines += ["    deny all;",
              f"    # The proxy sets {sso_header} after sign-on; without it, refuse.",
              f'    if ({variable} = "") {{',
              "        return 403;",
              "    }"]
    return "\n".join(lines)


def _header_variable(header: str) -> str:
    """The nginx variable holding a request header: X-Remote-User → $http_x_remote_user."""
    return "$http_" + header.lower().replace("-", "_")


@dataclass(frozen=True)
class SyncOptions:
    """Shared projects: where CouchDB and the provisioner listen, and how CouchDB learns who the user is."""

    upstream: str
    provisioner: str
    auth: str = "proxy"
    remote_ok: bool = False


def upstream_server(url: str, option: str, remote_ok: bool = False) -> tuple[str, str]:
    """(scheme, host:port) of an upstream URL; refuses paths, credentials and, unless remote_ok, other hosts."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SystemExit(f"{option} {url!r}: expected http://HOST:PORT")
    if parts.username or parts.password:
        raise SystemExit(f"{option}: no credentials in the URL (the provisioner reads its admin file)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SystemExit(f"{option} {url!r}: the server's root only, no path or query")
    if not re.fullmatch(r"[A-Za-z0-9.:-]+", parts.hostname):
        raise SystemExit(f"{option} {url!r}: unexpected characters in the host name")
    if not (remote_ok or _loopback(parts.hostname)):
        raise SystemExit(f"{option} {url}: not on this host (127.0.0.1, ::1 or localhost). CouchDB's proxy "
                         "authentication believes any X-Auth-CouchDB-UserName that reaches it, so it must listen "
                         "on loopback only; if the link to that host is private, pass --sync-upstream-remote-ok")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise SystemExit(f"{option} {url!r}: the port must be a number from 1 to 65535") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return parts.scheme, f"{host}:{port}"


def _loopback(host: str) -> bool:
    """Whether a host name or address is this machine's loopback."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sync_auth_problem(auth: str, sync_auth: str) -> str | None:
    """Why this pair of site access control and CouchDB identity mode cannot work, or None."""
    if sync_auth not in SYNC_AUTH_MODES:
        return f"--sync-auth must be one of {SYNC_AUTH_MODES}"
    if sync_auth == "passthrough" and auth == "sso":
        return ("--sync-auth passthrough forwards the browser's Authorization header to CouchDB, and behind "
                "--auth sso there is none: use --sync-auth proxy")
    if sync_auth == "proxy" and auth == "none":
        return ("--sync-auth proxy tells CouchDB the user nginx signed in, and with --auth none nginx signs in "
                "nobody: use --auth basic or --auth sso (or --sync-auth passthrough, CouchDB checking passwords)")
    return None


def sync_identity(auth: str, sync_auth: str, sso_header: str, indent: str) -> str:
    """The proxy_set_header lines telling CouchDB (or the provisioner) who the user is."""
    cleared = [f'proxy_set_header {name} "";' for name in COUCHDB_PROXY_HEADERS]
    if sync_auth == "passthrough":
        lines = ["# CouchDB checks the browser's own Authorization header against its _users; headers of its",
                 "# proxy authentication never pass from the client.", *cleared]
    else:
        user = "$remote_user" if auth == "basic" else _header_variable(sso_header)
        lines = ["# CouchDB's proxy authentication: the user is the one the site's login names (nginx's own, or",
                 "# the SSO proxy's header), never what the client sent. An empty value sends no header: no roles,",
                 "# no token (see deploy/README.md for proxy_use_secret); no password or cookie passes.",
                 f"proxy_set_header {COUCHDB_PROXY_HEADERS[0]} {user};", *cleared[1:],
                 'proxy_set_header Authorization "";', 'proxy_set_header Cookie "";']
    return "\n".join(indent + line for line in lines)


def _tls_lines(scheme: str, server: str, indent: str) -> str:
    """For an https upstream: check its certificate against the system's CAs under its own name."""
    if scheme != "https":
        return ""
    name = server.rsplit(":", 1)[0].strip("[]")
    return "\n".join(indent + line for line in (
        "proxy_ssl_server_name on;", f"proxy_ssl_name {name};", "proxy_ssl_verify on;",
        "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;"))


def sync_slots(sync: SyncOptions | None, auth: str, sso_header: str) -> dict[str, str]:
    """The shared-project slots of handbook.conf: all empty without sync, so the output stays as it was."""
    if sync is None:
        return {"SYNC_HTTP": "", "SYNC_CACHE": "", "SYNC_LOCATIONS": ""}
    problem = sync_auth_problem(auth, sync.auth)
    if problem:
        raise SystemExit(problem)
    couch_scheme, couch = upstream_server(sync.upstream, "--sync-upstream", sync.remote_ok)
    projects_scheme, projects = upstream_server(sync.provisioner, "--sync-provisioner", sync.remote_ok)
    http = _fill(SYNC_HTTP_TEMPLATE.read_text(encoding="utf-8"),
                 {"COUCHDB_SERVER": couch, "PROVISIONER_SERVER": projects})
    locations = _fill(SYNC_LOCATIONS_TEMPLATE.read_text(encoding="utf-8"), {
        "COUCHDB": f"{couch_scheme}://handbook_couchdb",
        "PROVISIONER": f"{projects_scheme}://handbook_provisioner",
        "SYNC_IDENTITY": sync_identity(auth, sync.auth, sso_header, " " * 12),
        "PROJECTS_IDENTITY": sync_identity(auth, sync.auth, sso_header, " " * 8),
        "SYNC_TLS": _tls_lines(couch_scheme, couch, " " * 12),
        "PROJECTS_TLS": _tls_lines(projects_scheme, projects, " " * 8),
    })
    return {"SYNC_HTTP": http.rstrip("\n"),
            "SYNC_CACHE": '    "~^/sync(-projects)?/"        "no-store";',
            "SYNC_LOCATIONS": locations.rstrip("\n")}


def edition_locations(site_dir: Path) -> str:
    """Locations giving each sub-site with its own 404.html (the zh-Hans edition) that page."""
    blocks = []
    for page in sorted(site_dir.glob("*/**/404.html")):
        folder = page.parent.relative_to(site_dir).as_posix()
        if not re.fullmatch(r"[\w.-]+(/[\w.-]+)*", folder):
            raise SystemExit(f"unexpected folder name for a 404 page: {folder!r}")
        blocks.append(f"    # A missing page under /{folder}/ gets that edition's own 404 page.\n"
                      f"    location /{folder}/ {{\n"
                      f"        try_files $uri $uri/ =404;\n"
                      f"        error_page 404 /{folder}/404.html;\n"
                      f"    }}")
    return "\n".join(blocks)


def _nginx_path(path: str | Path) -> str:
    text = str(path)
    if re.search(r"[\s;{}\"'$#]", text):
        raise SystemExit(f"path {text!r} contains characters nginx would misread")
    return text


def _left_out(line: str, values: dict[str, str]) -> bool:
    """Whether a template line stays out of the output: a `##` note, or an optional slot filled with nothing."""
    text = line.strip()
    return text.startswith("##") or (text.strip("@") in OPTIONAL_SLOTS and values.get(text.strip("@")) == "")


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace @KEY@ placeholders on live lines; comment lines keep their documentation.

    `##` lines are notes for the template's reader and are left out; so is a line holding nothing but an
    empty OPTIONAL_SLOTS placeholder.
    """
    lines = []
    for line in template.splitlines(keepends=True):
        if _left_out(line, values):
            continue
        if not line.lstrip().startswith("#"):
            for key, value in values.items():
                line = line.replace(f"@{key}@", value)
            left = re.findall(r"@[A-Z_]+@", line)
            if left:
                raise SystemExit(f"unfilled placeholders: {left}")
        lines.append(line)
    return "".join(lines)


def render_site_conf(site_dir: Path, listen: str, server_name: str = "_", auth: str = "none",
                     htpasswd: str | None = None, sso_header: str = "X-Remote-User",
                     sso_trusted: list[str] | None = None, inline_policy: str = "hashes",
                     csp: str | None = None, extra: str = "", hsts: bool = False,
                     sync: SyncOptions | None = None) -> str:
    """The site configuration (map + server block) for deploy/nginx/handbook.conf.

    sync adds the shared-project upstreams and locations; csp replaces the computed policy; extra is
    inserted verbatim into the server block (both for tests; production leaves them alone).
    """
    if auth not in AUTH_MODES:
        raise SystemExit(f"--auth must be one of {AUTH_MODES}")
    if not re.fullmatch(r"[\w.:\[\]]+", listen):
        raise SystemExit(f"--listen {listen!r}: expected PORT or ADDRESS:PORT")
    # absolute(), not resolve(): a /srv/handbook/current -> releases/<n> symlink stays a
    # symlink, so switching it deploys a new build without re-rendering the root.
    site_dir = Path(site_dir).absolute()
    if not (site_dir / "index.html").is_file():
        raise SystemExit(f"{site_dir}/index.html missing: build the site first")
    policy = csp if csp is not None else build_csp(site_dir, inline_policy)
    if '"' in policy:
        raise SystemExit("the CSP must not contain a double quote")
    return _fill(SITE_TEMPLATE.read_text(encoding="utf-8"), {
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "SITE_ROOT": _nginx_path(site_dir),
        "CSP": policy,
        "ACCESS_CONTROL": access_control_block(auth, htpasswd, sso_header, sso_trusted or []),
        "LOCATIONS": edition_locations(site_dir),
        "EXTRA": extra,
        "HSTS": '    add_header Strict-Transport-Security "max-age=31536000" always;' if hsts else "",
        **sync_slots(sync, auth, sso_header),
    })


def write_standalone(prefix: Path, site_conf: str, user: str | None = None,
                     mime_types: str = "/etc/nginx/mime.types") -> Path:
    """Write prefix/nginx.conf + prefix/handbook.conf for `nginx -c prefix/nginx.conf -p prefix`.

    user: the worker user (and group) when nginx is started as root, e.g. "nobody nogroup";
    that user must be able to read the site folder (and the htpasswd file).
    """
    prefix = Path(prefix).resolve()
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    (prefix / "handbook.conf").write_text(site_conf, encoding="utf-8")
    conf = _fill(STANDALONE_TEMPLATE.read_text(encoding="utf-8"), {
        "USER": f"user {user};" if user else "",
        "PREFIX": _nginx_path(prefix),
        "MIME_TYPES": _nginx_path(mime_types),
    })
    path = prefix / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    return path


def add_sync_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line's shared-project options."""
    sync = parser.add_argument_group("shared projects (deploy/README.md, 共享專案)")
    sync.add_argument("--sync-upstream", metavar="URL", help="CouchDB, e.g. http://127.0.0.1:5984: serve it at /sync/")
    sync.add_argument("--sync-provisioner", metavar="URL",
                      help="the provisioner (python -m handbook.sync.provision), e.g. http://127.0.0.1:5985: "
                           "serve it at /sync-projects/")
    sync.add_argument("--sync-auth", choices=SYNC_AUTH_MODES, default="proxy",
                      help="proxy: nginx tells CouchDB who signed in (CouchDB 3's proxy authentication; default); "
                           "passthrough: CouchDB checks the browser's Authorization itself")
    sync.add_argument("--sync-upstream-remote-ok", action="store_true",
                      help="allow upstreams on another host (only over a private link)")


def sync_options(args: argparse.Namespace) -> SyncOptions | None:
    """The shared-project options of the command line: both upstreams or neither."""
    if not (args.sync_upstream or args.sync_provisioner):
        if args.sync_upstream_remote_ok:
            raise SystemExit("--sync-upstream-remote-ok needs --sync-upstream")
        return None
    if not (args.sync_upstream and args.sync_provisioner):
        raise SystemExit("--sync-upstream and --sync-provisioner go together: CouchDB at /sync/, "
                         "the provisioner that creates its project databases at /sync-projects/")
    return SyncOptions(args.sync_upstream, args.sync_provisioner, args.sync_auth, args.sync_upstream_remote_ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--site-dir", required=True, type=Path, help="the built site/ folder")
    parser.add_argument("--listen", default="8080", help="PORT or ADDRESS:PORT (default 8080)")
    parser.add_argument("--server-name", default="_", help="server_name (default _)")
    parser.add_argument("--auth", choices=AUTH_MODES, default="none", help="access control")
    parser.add_argument("--htpasswd", help="htpasswd file for --auth basic")
    parser.add_argument("--sso-header", default="X-Remote-User",
                        help="header the SSO proxy sets (default X-Remote-User)")
    parser.add_argument("--sso-trusted", action="append", default=[], metavar="ADDRESS",
                        help="address/CIDR of the SSO proxy (repeatable)")
    parser.add_argument("--inline-policy", choices=("hashes", "unsafe-inline"), default="hashes",
                        help="how the CSP allows inline scripts/styles (default hashes)")
    parser.add_argument("-o", "--output", type=Path, help="write the site config here (default stdout)")
    parser.add_argument("--standalone", type=Path, metavar="DIR",
                        help="write DIR/nginx.conf + DIR/handbook.conf for a foreground nginx")
    parser.add_argument("--user", help="with --standalone as root: worker user and group")
    parser.add_argument("--print-csp", action="store_true", help="only print the CSP")
    parser.add_argument("--list-inline", action="store_true",
                        help="list the inline scripts the site holds (hash, first page, start), to review")
    parser.add_argument("--hsts", action="store_true",
                        help="TLS mode: add Strict-Transport-Security (only when users reach the site over https)")
    add_sync_arguments(parser)
    args = parser.parse_args(argv)

    if args.list_inline:
        for digest, (page, start) in sorted(inline_samples(args.site_dir).items()):
            print(f"{digest}  {page}  {start!r}")
        return 0
    if args.print_csp:
        print(build_csp(args.site_dir, args.inline_policy))
        return 0
    conf = render_site_conf(args.site_dir, args.listen, args.server_name, args.auth, args.htpasswd,
                            args.sso_header, args.sso_trusted, args.inline_policy, hsts=args.hsts,
                            sync=sync_options(args))
    if args.standalone:
        path = write_standalone(args.standalone, conf, args.user)
        prefix = path.parent
        print(f"nginx -c {path} -p {prefix} -e {prefix}/error.log")
    elif args.output:
        args.output.write_text(conf, encoding="utf-8")
    else:
        sys.stdout.write(conf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
