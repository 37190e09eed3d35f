"""The shared-project load benchmark (bench/sync_load.py, `make bench-sync`) runs end to end, small.

Run as the program `make bench-sync` runs, never imported: every member's answers arrive (0 lost, none refused)
and every member converges. No time is asserted (timings are not tests; BENCHMARKS.md has the figures).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import NO_SYNC_SERVER, ROOT, SERVER_BIN, missing_tool
from sync_server import ADMIN

BENCH = ROOT / "bench" / "sync_load.py"
LINE = re.compile(r"^sync-load: (.*)$", re.M)


def load(*argv: str) -> subprocess.CompletedProcess:
    """Run the benchmark with these arguments (bounded)."""
    return subprocess.run([sys.executable, str(BENCH), *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def figures(output: str) -> dict[str, str]:
    """The figures of the run's `sync-load:` line, by name."""
    found = LINE.findall(output)
    assert len(found) == 1, output
    return dict(pair.split("=", 1) for pair in found[0].split())


@pytest.fixture(scope="module")
def node_server():
    """pouchdb-server can be started (Node and `make sync-deps`); in CI a missing one fails."""
    if not (shutil.which("node") and SERVER_BIN.exists()):
        missing_tool(NO_SYNC_SERVER)


def test_small_load_on_a_server_it_starts_loses_nothing_and_everyone_converges(node_server):
    result = load("--clients", "5", "--writes", "10", "--timeout", "60")
    assert result.returncode == 0, result.stdout + result.stderr
    seen = figures(result.stdout)
    assert (seen["clients"], seen["writes"], seen["written"], seen["refused"]) == ("5", "50", "50", "0")
    assert seen["converged"] == "5/5" and seen["lost"] == "0"
    assert seen["server"].startswith("pouchdb-server-")
    for name in ("writes_per_s", "write_p50_ms", "converge_s", "after_last_write_s"):
        float(seen[name])  # measured, whatever the time


def test_load_on_a_given_server_cleans_up_after_itself(couch, tmp_path):
    admin_file = tmp_path / "couch-admin"
    admin_file.write_text(":".join(ADMIN) + "\n", encoding="utf-8")
    admin_file.chmod(0o600)
    result = load("--url", couch.url, "--admin-file", str(admin_file), "--clients", "3", "--writes", "4")
    assert result.returncode == 0, result.stdout + result.stderr
    seen = figures(result.stdout)
    assert (seen["written"], seen["converged"], seen["lost"]) == ("12", "3/3", "0")
    status, users = couch.request("GET", "/_users/_all_docs")
    assert status == 200 and not [row for row in users["rows"] if row["id"].startswith("org.couchdb.user:load-")]
    status, databases = couch.request("GET", "/_all_dbs")
    assert status == 200 and not [name for name in databases if name.startswith("hb-")]


@pytest.mark.parametrize("argv, message", [
    (["--url", "http://10.0.0.7:5984", "--admin-file", os.devnull], "--url http://10.0.0.7:5984: loopback only"),
    (["--url", "http://127.0.0.1:5984"], "--url needs --admin-file"),
    (["--clients", "0"], "--clients and --writes must be at least 1"),
    (["--member-auth", "proxy"], "--member-auth proxy needs --url: pouchdb-server has no proxy authentication"),
])
def test_the_benchmark_refuses_what_it_must_not_do(argv, message):
    result = load(*argv)
    assert result.returncode != 0 and message in result.stderr
