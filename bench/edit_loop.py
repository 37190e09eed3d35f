"""The edit loop: save one playbook under `mkdocs serve` and time until the served page shows the change.

    python bench/edit_loop.py                 # the real handbook (`make bench-edit`)
    python bench/edit_loop.py <project> 3     # another project, such as a benchmark corpus, 3 saves

`make bench` runs it on its largest corpus (bench/run.py). Every rebuild is whatever `mkdocs serve` does today.
"""

from __future__ import annotations

import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = "think-as-we"  # a real playbook, also in every benchmark corpus (the real items are its seed)
HOST = "127.0.0.1"


def free_address() -> str:
    """A loopback address with a port nothing listens on now (two runs, or a developer's own serve, never meet)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return f"{HOST}:{probe.getsockname()[1]}"


def hear_ctrl_c() -> None:
    """In the child: take Ctrl-C (SIGINT) as serve does in a terminal. A pytest-xdist worker ignores SIGINT, and a
    child inherits that: serve then never stopped, and its temporary site was left behind."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(server: subprocess.Popen) -> None:
    """Stop serve as Ctrl-C does (it then deletes the site it built in a temporary folder); kill it when it hangs."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # busy with the last save's build on a loaded machine
        server.kill()
        server.wait(timeout=30)


def fetch(url: str) -> str:
    """The served page, or empty while the server is not answering."""
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float) -> float:
    """Seconds until the page contains text; infinite if it does not within limit (a save that never showed)."""
    start = time.monotonic()
    while text not in fetch(url):
        if time.monotonic() - start > limit:
            return math.inf
        time.sleep(0.1)
    return time.monotonic() - start


def edit_times(project: Path = ROOT, edits: int = 5, settle: float = 8.0, limit: float = 30.0,
               first_build_limit: float = 120.0) -> list[float]:
    """Start the dev server on project, save its playbook `edits` times; seconds from each save to the page."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    source = project / "playbooks" / f"{PLAYBOOK}.md"
    address = free_address()
    url = f"http://{address}/playbooks/{PLAYBOOK}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address, "--livereload", "--dirty"]  # make serve
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              preexec_fn=hear_ctrl_c)
    original = source.read_text(encoding="utf-8")
    times = []
    try:
        wait_for(url, PLAYBOOK, first_build_limit)
        for number in range(edits):
            time.sleep(settle)  # let the last build's writes settle before the next save (none after the last)
            marker = f"編輯測試{number}{int(time.time())}"
            source.write_text(original.replace("pitfalls:\n", f"pitfalls:\n  - {marker}\n", 1), encoding="utf-8")
            times.append(wait_for(url, marker, limit))
    finally:
        source.write_text(original, encoding="utf-8")
        stop(server)
    return times


def main() -> None:
    """Time the edit loop of the project named on the command line (the real handbook by default)."""
    project = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    times = edit_times(project, edits)
    print("edit-to-visible seconds:", ", ".join(f"{t:.2f}" for t in times))
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (target ≤ 2 s)")


if __name__ == "__main__":
    main()
