"""The edit loop: save one playbook under `mkdocs serve` and time until the served page shows the change."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = ROOT / "playbooks" / "think-as-we.md"
ADDRESS = "127.0.0.1:8811"
URL = f"http://{ADDRESS}/playbooks/think-as-we/"


def fetch() -> str:
    """The served page, or empty while the server is not answering."""
    try:
        return urllib.request.urlopen(URL, timeout=2).read().decode("utf-8")
    except OSError:
        return ""


def wait_for(text: str, limit: float) -> float:
    """Seconds until the page contains text (limit if it never does)."""
    start = time.monotonic()
    while text not in fetch():
        if time.monotonic() - start > limit:
            return limit
        time.sleep(0.1)
    return time.monotonic() - start


def main(edits: int = 5, settle: float = 8.0) -> None:
    """Start the dev server, make `edits` saves, print each edit-to-visible time and the median."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", ADDRESS, "--livereload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = PLAYBOOK.read_text(encoding="utf-8")
    times = []
    try:
        wait_for("think-as-we", 120)
        time.sleep(settle)  # the Simplified edition builds in the background after the first build
        for number in range(edits):
            marker = f"編輯測試{number}{int(time.time())}"
            PLAYBOOK.write_text(original.replace("pitfalls:\n", f"pitfalls:\n  - {marker}\n", 1), encoding="utf-8")
            times.append(wait_for(marker, 30))
            time.sleep(settle)
    finally:
        PLAYBOOK.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    print("edit-to-visible seconds:", ", ".join(f"{t:.2f}" for t in times))
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (target ≤ 3 s)")


if __name__ == "__main__":
    main()
