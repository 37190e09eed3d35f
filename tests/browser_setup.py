"""Make sure Playwright has a Chromium: the system one if present, else Playwright's own download."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def system_chromium() -> str | None:
    """Debian's chromium, or the path in $HANDBOOK_CHROMIUM."""
    for candidate in (os.environ.get("HANDBOOK_CHROMIUM"), shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def main() -> int:
    """Report the system Chromium, or fall back to `playwright install chromium`."""
    found = system_chromium()
    if found:
        print(f"browser tests will use {found}")
        return 0
    print("no system Chromium: trying `playwright install chromium`")
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    if result.returncode != 0:
        print("could not install a browser; browser tests will fail. "
              "Install Debian's chromium (apt-get install chromium) or set HANDBOOK_CHROMIUM.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
