"""The vendored browser PouchDB (docs/assets/vendor/): the committed bundle is the locked one, built from the pinned
package, published in both editions byte for byte, and rebuilt from sync/node_modules to the same bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path, PurePosixPath

from conftest import ROOT, THEME_PACKS, missing_tool

from handbook.checks import docs_file_problems
from handbook.publish.edition import is_converted, write_edition_file

LOCK = json.loads((ROOT / "sync" / "vendor.lock.json").read_text(encoding="utf-8"))
BUNDLE = ROOT / LOCK["file"]
LICENCES = BUNDLE.with_name("pouchdb-browser.LICENSE.txt")
PACKAGE = json.loads((ROOT / "sync" / "package.json").read_text(encoding="utf-8"))
INSTALLED = json.loads((ROOT / "sync" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
BUNDLED = ("pouchdb-browser", "events", "spark-md5", "uuid", "vuvuzela")  # what pouchdb-browser 9 pulls in
BUILD_SCRIPT = ROOT / "sync" / "build-pouchdb.mjs"
ESBUILD = ROOT / "sync" / "node_modules" / "esbuild" / "package.json"
NO_NODE_MODULES = "needs Node.js and the pinned sync packages to rebuild the bundle: run `make sync-deps`"


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_problem(path: Path, lock: dict) -> str:
    """What is wrong with a bundle against its lock, or ""."""
    found = sha256(path)
    return "" if found == lock["sha256"] else f"{path.name}: sha256 {found}, the lock says {lock['sha256']}"


def test_the_committed_bundle_is_the_locked_one():
    assert LOCK["file"] == "docs/assets/vendor/pouchdb-browser.js"
    assert lock_problem(BUNDLE, LOCK) == ""


def test_a_bundle_with_one_changed_byte_fails_the_lock(tmp_path):
    changed = bytearray(BUNDLE.read_bytes())
    changed[len(changed) // 2] ^= 0x01
    copy = tmp_path / BUNDLE.name
    copy.write_bytes(bytes(changed))
    assert lock_problem(copy, LOCK).startswith("pouchdb-browser.js: sha256 ")


def test_the_lock_the_pin_and_the_banner_name_one_version():
    pinned = PACKAGE["dependencies"]["pouchdb-browser"]
    assert LOCK["package"] == "pouchdb-browser" and LOCK["version"] == pinned == "9.0.0"
    first_line = BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line.startswith(f"/*! pouchdb-browser {pinned} (Apache-2.0)"), first_line
    assert "pouchdb-browser.LICENSE.txt" in first_line


def test_the_licence_file_covers_every_bundled_package():
    text = LICENCES.read_text(encoding="utf-8")
    for name in BUNDLED:
        version = INSTALLED[f"node_modules/{name}"]["version"]
        license_name = INSTALLED[f"node_modules/{name}"]["license"]
        assert f"\n{name} {version} ({license_name})\n" in text, name
    assert text.count("Apache License") >= 2  # pouchdb-browser's and vuvuzela's full texts


def test_the_simplified_edition_copies_the_vendored_files_unchanged(tmp_path):
    for built in ("assets/vendor/pouchdb-browser.js", "assets/vendor/pouchdb-browser.LICENSE.txt"):
        assert not is_converted(PurePosixPath(built)), built
    assert is_converted(PurePosixPath("assets/store.js"))  # the handbook's own scripts still are
    copy = tmp_path / BUNDLE.name
    write_edition_file(BUNDLE, PurePosixPath("assets/vendor/pouchdb-browser.js"), copy, THEME_PACKS)
    assert copy.read_bytes() == BUNDLE.read_bytes()


def test_the_content_checks_accept_the_vendored_files():
    assert list(docs_file_problems(ROOT, [BUNDLE, LICENCES])) == []


def test_rebuilding_from_the_pinned_packages_gives_the_same_bytes(tmp_path):
    if not (shutil.which("node") and ESBUILD.exists()):
        missing_tool(NO_NODE_MODULES)
    result = subprocess.run(["node", str(BUILD_SCRIPT), "--out", str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / BUNDLE.name).read_bytes() == BUNDLE.read_bytes()
    assert (tmp_path / LICENCES.name).read_bytes() == LICENCES.read_bytes()
