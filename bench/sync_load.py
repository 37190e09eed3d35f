"""Shared projects under load: many members write answers into one project; how fast, and how soon all see all.

    python bench/sync_load.py                        # `make bench-sync`: pouchdb-server started here, 50 × 40
    python bench/sync_load.py --clients 5 --writes 10
    python bench/sync_load.py --url http://127.0.0.1:5984 --admin-file /etc/handbook/couch-admin --member-auth proxy
                                                     # a CouchDB 3 on this host, set up as deploy/README.md says

Loopback only and bounded in time (--timeout). One project database is made as the provisioner makes it
(handbook/sync/provision.py), with every simulated member in its _security. Each member is a thread with its own
keep-alive connection, signed in with a session cookie (an account in _users) or, with --member-auth proxy, named in
X-Auth-CouchDB-UserName as the intranet's nginx names users to CouchDB's proxy authentication: it writes its answers one by one, as a browser's live replication pushes
each change (schema-valid `answer:<checklist>:field:<field>` documents in its own name, through the design
document's validate function), then follows the database's _changes feed (longpoll, documents included) until it
holds every member's answers with the values written. Ends with a short table and one line

    sync-load: clients=… writes=… written=… refused=… writes_per_s=… write_p50_ms=… write_p95_ms=…
               converged=…/… converge_s=… after_last_write_s=… lost=… server=…

`lost` counts answers missing from the database at the end, or holding another value than written (must be 0).
A server this script starts is pouchdb-server in memory, as the tests start it (tests/sync_server.py); with --url,
the project database and the load-test users are deleted again at the end.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import ipaddress
import json
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from handbook.sync.provision import DB_PREFIX, read_admin_file, setup_steps  # noqa: E402
from sync_server import ADMIN, running_couch  # noqa: E402 (the tests' server, started the same way)

CHECKLIST = "project-kickoff"
LONGPOLL_MS = 10_000  # PouchDB's live replication waits on the feed about as long (its heartbeat is 10 s)
BATCH = 100  # changes per feed request: PouchDB's default batch_size


# --------------------------------------------------------------------------- talking to the server

class Session:
    """One client's keep-alive connection to the server, signed in by an admin's Basic login or a user's cookie."""

    def __init__(self, url: str, timeout: float = 30):
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}

    def request(self, method: str, path: str, body=None, timeout: float | None = None) -> tuple[int, object]:
        """One request: (status, JSON answer); reconnects once if the server closed the idle connection."""
        data = None if body is None else json.dumps(body).encode()
        for attempt in (1, 2):
            try:
                if timeout:
                    self.connection.timeout = timeout
                    if self.connection.sock:
                        self.connection.sock.settimeout(timeout)
                self.connection.request(method, path, body=data, headers=self.headers)
                response = self.connection.getresponse()
                raw = response.read()
                self._keep_cookie(response)
                return response.status, json.loads(raw or b"null")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _keep_cookie(self, response: http.client.HTTPResponse) -> None:
        """Keep the session cookie the server sets (CouchDB renews it now and then)."""
        cookie = response.getheader("Set-Cookie", "")
        if cookie.startswith("AuthSession="):
            self.headers["Cookie"] = cookie.split(";", 1)[0]

    def sign_in(self, name: str, password: str, proxy: bool = False) -> None:
        """Sign in as a user: a session cookie (POST /_session, as a browser does), or proxy authentication's
        user-name header, as nginx sends it; either goes with every request."""
        if proxy:
            self.headers["X-Auth-CouchDB-UserName"] = name
            return
        status, answer = self.request("POST", "/_session", {"name": name, "password": password})
        if status != 200 or "Cookie" not in self.headers:
            raise SystemExit(f"{name} could not sign in: {status} {answer}")

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def admin_session(url: str, admin: tuple[str, str]) -> Session:
    """A session as the server admin (Basic)."""
    session = Session(url)
    session.headers["Authorization"] = "Basic " + base64.b64encode(":".join(admin).encode()).decode()
    return session


def checked(answer: tuple[int, object], *expected: int) -> object:
    """The JSON of an answer with one of the expected statuses; stops the run on any other."""
    status, body = answer
    if status not in expected:
        raise SystemExit(f"server answered {status}: {body}")
    return body


# --------------------------------------------------------------------------- the project and its members

@dataclass(frozen=True)
class Member:
    """A simulated department head: name, password and the answers they write."""

    name: str
    password: str
    index: int

    def answer_id(self, number: int) -> str:
        """The id of this member's answer number (a field of the kickoff checklist)."""
        return f"answer:{CHECKLIST}:field:m{self.index}-q{number}"

    def answer_text(self, number: int) -> str:
        """What this member writes into answer number."""
        return f"{self.name} 的第 {number} 個答案"


def members_of(count: int, run: str) -> list[Member]:
    """count members with names unique to this run."""
    return [Member(f"load-{run}-{k:02d}", secrets.token_hex(8), k) for k in range(1, count + 1)]


def prepare_project(admin: Session, members: list[Member], accounts: bool) -> str:
    """Create the members' accounts (unless proxy authentication names them) and one project database (as the
    provisioner does) naming them all; its name."""
    for member in members if accounts else ():
        checked(admin.request("PUT", f"/_users/org.couchdb.user:{member.name}",
                              {"name": member.name, "password": member.password, "roles": [], "type": "user"}), 201, 202)
    db = DB_PREFIX + secrets.token_hex(10)
    lead = members[0].name
    for method, path, body in setup_steps(db, lead, "負載測試專案"):
        checked(admin.request(method, path, body), 200, 201, 202)
    names = [member.name for member in members]
    checked(admin.request("PUT", f"/{db}/_security",
                          {"admins": {"names": [lead], "roles": []}, "members": {"names": names, "roles": []}}), 200)
    return db


def remove_project(admin: Session, db: str, members: list[Member]) -> None:
    """Delete the project database and the members' accounts again."""
    admin.request("DELETE", f"/{db}")
    for member in members:
        status, user = admin.request("GET", f"/_users/org.couchdb.user:{member.name}")
        if status == 200:
            admin.request("DELETE", f"/_users/org.couchdb.user:{member.name}?rev={user['_rev']}")


def answer_document(member: Member, number: int) -> dict:
    """A schema-valid answer (sync/README.md) in the member's own name."""
    at = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"_id": member.answer_id(number), "type": "answer", "value": member.answer_text(number),
            "label": f"問題 {number}", "by": member.name, "at": at, "schema": 1}


# --------------------------------------------------------------------------- one member's run

@dataclass
class MemberRun:
    """What one member did and saw: write latencies, refusals, when its last write was acknowledged, convergence."""

    latencies: list[float] = field(default_factory=list)
    refused: int = 0
    last_ack: float = 0.0
    converged_at: float | None = None
    held: int = 0
    error: str = ""


def write_answers(session: Session, db: str, member: Member, count: int, deadline: float, run: MemberRun) -> None:
    """Write the member's answers one by one, as live replication pushes each change."""
    for number in range(1, count + 1):
        if time.monotonic() > deadline:
            return
        doc = answer_document(member, number)
        started = time.monotonic()
        status, _ = session.request("PUT", f"/{db}/{urllib.parse.quote(doc['_id'], safe=':')}", doc)
        run.last_ack = time.monotonic()
        run.latencies.append(run.last_ack - started)
        run.refused += status != 201


def follow_changes(session: Session, db: str, expected: dict[str, str], deadline: float, run: MemberRun) -> None:
    """Follow _changes (longpoll, with documents) until this member holds every expected answer's value."""
    held: dict[str, str] = {}
    since = "0"
    while time.monotonic() < deadline:
        wait_ms = int(min(LONGPOLL_MS, max(1.0, (deadline - time.monotonic()) * 1000)))
        query = urllib.parse.urlencode({"feed": "longpoll", "since": since, "timeout": wait_ms, "limit": BATCH,
                                        "include_docs": "true", "style": "all_docs"})
        status, feed = session.request("GET", f"/{db}/_changes?{query}", timeout=wait_ms / 1000 + 30)
        if status != 200:
            raise RuntimeError(f"_changes answered {status}: {feed}")
        for change in feed["results"]:
            if change["id"] in expected and isinstance(change.get("doc"), dict):
                held[change["id"]] = change["doc"].get("value")
        since = feed["last_seq"]
        run.held = sum(held.get(key) == value for key, value in expected.items())
        if run.held == len(expected):
            run.converged_at = time.monotonic()
            return


def member_thread(url: str, db: str, member: Member, writes: int, expected: dict[str, str], proxy: bool,
                  start: threading.Barrier, clock: dict[str, float], run: MemberRun) -> None:
    """Sign in, wait for everyone, write, then follow the feed; errors are kept in run.error."""
    session = Session(url)
    try:
        session.sign_in(member.name, member.password, proxy)
        start.wait()
        write_answers(session, db, member, writes, clock["deadline"], run)
        follow_changes(session, db, expected, clock["deadline"], run)
    except (OSError, RuntimeError, SystemExit, threading.BrokenBarrierError, ValueError) as error:
        run.error = f"{type(error).__name__}: {error}"
    finally:
        session.close()


# --------------------------------------------------------------------------- the whole run

@dataclass
class Outcome:
    """The run's figures."""

    clients: int
    writes: int
    runs: list[MemberRun]
    started: float
    lost: int
    server: str

    @property
    def written(self) -> int:
        """Answers the server acknowledged (201)."""
        return sum(len(r.latencies) - r.refused for r in self.runs)

    @property
    def refused(self) -> int:
        """Writes the server refused."""
        return sum(r.refused for r in self.runs)

    @property
    def write_seconds(self) -> float:
        """From the start until the last write was acknowledged."""
        return max((r.last_ack for r in self.runs), default=self.started) - self.started

    @property
    def converged(self) -> list[MemberRun]:
        """The members that ended up holding every answer."""
        return [r for r in self.runs if r.converged_at is not None]

    def figures(self) -> dict[str, object]:
        """The figures of the `sync-load:` line, by name."""
        latencies = sorted(x for r in self.runs for x in r.latencies) or [0.0]
        everyone = len(self.converged) == self.clients
        last = max((r.converged_at for r in self.converged), default=None)
        last_write = self.started + self.write_seconds
        return {
            "clients": self.clients, "writes": self.clients * self.writes, "written": self.written,
            "refused": self.refused,
            "writes_per_s": round(self.written / self.write_seconds, 1) if self.write_seconds else 0,
            "write_p50_ms": round(statistics.median(latencies) * 1000, 1),
            "write_p95_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000, 1),
            "converged": f"{len(self.converged)}/{self.clients}",
            "converge_s": round(last - self.started, 2) if everyone and last else "none",
            "after_last_write_s": round(last - last_write, 2) if everyone and last else "none",
            "lost": self.lost, "server": self.server,
        }


def lost_answers(admin: Session, db: str, expected: dict[str, str]) -> int:
    """Answers missing from the database, or holding another value than written."""
    status, rows = admin.request("POST", f"/{db}/_all_docs?include_docs=true", {"keys": sorted(expected)})
    if status != 200:
        return len(expected)
    found = {row["key"]: row["doc"].get("value") for row in rows["rows"] if isinstance(row.get("doc"), dict)}
    return sum(found.get(key) != value for key, value in expected.items())


def server_name(welcome: dict) -> str:
    """The server's kind and version from its welcome answer (GET /), e.g. couchdb-3.4.2 or pouchdb-server-4.2.0."""
    kind = "couchdb" if "couchdb" in welcome else "pouchdb-server" if "express-pouchdb" in welcome else "server"
    return f"{kind}-{welcome.get('version', '?')}"


def run_load(url: str, admin: tuple[str, str], clients: int, writes: int, timeout: float, keep: bool,
             proxy: bool = False) -> Outcome:
    """Prepare the project, run every member in its own thread, and count what arrived."""
    root = admin_session(url, admin)
    info = checked(root.request("GET", "/"), 200)
    server = server_name(info)
    members = members_of(clients, secrets.token_hex(3))
    db = prepare_project(root, members, accounts=not proxy)
    expected = {m.answer_id(n): m.answer_text(n) for m in members for n in range(1, writes + 1)}
    runs = [MemberRun() for _ in members]
    clock: dict[str, float] = {}

    def set_clock() -> None:
        """Start the clock as the barrier opens (before any member writes)."""
        clock["started"] = time.monotonic()
        clock["deadline"] = clock["started"] + timeout

    start = threading.Barrier(clients + 1, action=set_clock)
    threads = [threading.Thread(target=member_thread, args=(url, db, m, writes, expected, proxy, start, clock, r), daemon=True)
               for m, r in zip(members, runs)]
    for thread in threads:
        thread.start()
    try:
        start.wait(timeout=120)  # every member signed in
    except threading.BrokenBarrierError:
        raise SystemExit("the members could not all sign in within 120 s: "
                         + "; ".join(r.error for r in runs if r.error)) from None
    for thread in threads:
        thread.join(timeout=max(0.0, clock["deadline"] + 60 - time.monotonic()))
    lost = lost_answers(root, db, expected)
    if not keep:
        remove_project(root, db, members)
    root.close()
    return Outcome(clients, writes, runs, clock["started"], lost, server)


# --------------------------------------------------------------------------- the report

def report(outcome: Outcome) -> str:
    """A short table of the run, then the one `sync-load:` line."""
    f = outcome.figures()
    converge_times = sorted(r.converged_at - outcome.started for r in outcome.converged)
    rows = [
        ("members × answers", f"{outcome.clients} × {outcome.writes} = {f['writes']:,}"),
        ("written (201) / refused", f"{f['written']:,} / {f['refused']}"),
        ("write time", f"{outcome.write_seconds:.2f} s → {f['writes_per_s']} writes/s"),
        ("write latency p50 / p95", f"{f['write_p50_ms']} ms / {f['write_p95_ms']} ms"),
        ("members holding every answer", f"{f['converged']}"),
        ("first / median / last member", " / ".join(f"{t:.2f} s" for t in (
            converge_times[0], statistics.median(converge_times), converge_times[-1])) if converge_times else "none"),
        ("last member after the last write", f"{f['after_last_write_s']} s"),
        ("lost answers", f"{f['lost']}"),
        ("server", f"{f['server']}"),
    ]
    errors = [r.error for r in outcome.runs if r.error]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name.ljust(width)}  {value}" for name, value in rows]
    lines += [f"error: {error}" for error in errors[:5]]
    lines.append("sync-load: " + " ".join(f"{key}={value}" for key, value in f.items()))
    return "\n".join(lines)


def loopback_url(url: str) -> str:
    """The URL, if it names this machine's loopback; the benchmark sends nothing anywhere else."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"--url {url}: loopback only (127.0.0.1, ::1 or localhost)")
    return url.rstrip("/")


@contextmanager
def server_for(args: argparse.Namespace):
    """(URL, admin) of the server to load: the one given, or pouchdb-server started in a scratch folder."""
    if args.url:
        yield loopback_url(args.url), read_admin_file(args.admin_file)
        return
    with tempfile.TemporaryDirectory(prefix="sync-load-") as scratch, running_couch(Path(scratch)) as couch:
        yield couch.url, ADMIN


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="simulated members (default 50)")
    parser.add_argument("--writes", type=int, default=40, help="answers each member writes (default 40)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for writing and converging (default 120)")
    parser.add_argument("--url", help="a CouchDB on this machine instead of a pouchdb-server started here")
    parser.add_argument("--admin-file", type=Path, help="with --url: its server admin, one line name:password (mode 600)")
    parser.add_argument("--member-auth", choices=("cookie", "proxy"), default="cookie",
                        help="cookie: accounts in _users, session cookies (default); proxy: X-Auth-CouchDB-UserName, "
                             "as nginx sends it to a CouchDB with proxy authentication (--url only)")
    parser.add_argument("--keep", action="store_true", help="keep the project database and the users afterwards")
    args = parser.parse_args(argv)
    if args.url and not args.admin_file:
        parser.error("--url needs --admin-file")
    if args.member_auth == "proxy" and not args.url:
        parser.error("--member-auth proxy needs --url: pouchdb-server has no proxy authentication")
    if args.clients < 1 or args.writes < 1:
        parser.error("--clients and --writes must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the load once; exit 1 unless every member converged and nothing was lost."""
    args = arguments(argv)
    with server_for(args) as (url, admin):
        outcome = run_load(url, admin, args.clients, args.writes, args.timeout, args.keep,
                           proxy=args.member_auth == "proxy")
    print(report(outcome), flush=True)
    return 0 if outcome.lost == 0 and len(outcome.converged) == args.clients else 1


if __name__ == "__main__":
    sys.exit(main())
