"""The README's promise on a fresh machine without Chromium, Node or nginx: `make test` passes, and every test
that needs one of them skips with one line naming the tool and how to get it. Checked here by running those
tests again with PATH stripped of the three tools (and not in CI mode, where they fail instead)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

TOOLS = {"chromium", "chromium-browser", "google-chrome", "node", "nodejs", "npm", "npx", "nginx"}
# A test file needs a tool when it asks for the browser, page or anchor-crawl fixtures, nginx, Node or the Chromium
# lookup.
NEEDS_TOOL = re.compile(r"def test_\w+\([^)]*\b(?:page|browser|hijacked|anchor_crawl_server)\b|\bNGINX\b|\bNODE\b"
                        r"|chromium_path\(")
HOW_TO_GET = ("no Chromium: apt-get install chromium", "no Node.js: apt-get install nodejs",
              "no nginx: apt-get install nginx")


def tool_test_files() -> list[str]:
    """The test files with a test that needs Chromium, Node or nginx (this file aside)."""
    return sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")
                  if path.name != Path(__file__).name and NEEDS_TOOL.search(path.read_text(encoding="utf-8")))


def stripped_bin(scratch: Path) -> Path:
    """A folder of links to every program on PATH except the three tools."""
    folder = scratch / "bin"
    folder.mkdir()
    for directory in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/sbin", "/sbin"]:
        for program in sorted(Path(directory).iterdir()) if Path(directory).is_dir() else []:
            if program.name not in TOOLS and not (folder / program.name).exists() and os.access(program, os.X_OK):
                (folder / program.name).symlink_to(program)
    return folder


def test_every_test_needing_a_missing_tool_skips_and_says_how_to_get_it(tmp_path):
    files = tool_test_files()
    assert {"tests/site/test_nginx.py", "tests/domain/test_tools_parity.py", "tests/site/test_bench.py",
            "tests/browser/test_pages_browser.py", "tests/site/test_nginx_anchors_traditional.py"} <= set(files)
    env = {key: value for key, value in os.environ.items()
           if key not in ("CI", "HANDBOOK_CHROMIUM", "PYTEST_ADDOPTS")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), str(stripped_bin(tmp_path))])
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *files],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-4000:]
    reasons = re.findall(r"^SKIPPED \[\d+\] [^:]+:\d+: (.*)$", result.stdout, re.M)
    assert reasons, out[-4000:]
    assert all(reason.startswith(HOW_TO_GET) for reason in reasons), sorted(set(reasons))
    assert {reason.split(":")[0] for reason in reasons} == {"no Chromium", "no Node.js", "no nginx"}
