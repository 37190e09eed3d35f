"""Fixtures of the shared-project tests: one pouchdb-server per test module's worker."""

from __future__ import annotations

import shutil

import pytest

from conftest import missing_tool
from sync_server import MISSING, SERVER_BIN, running_couch


@pytest.fixture(scope="module")
def couch(tmp_path_factory):
    """A running in-memory CouchDB-protocol server (skipped without Node and the sync packages; failed in CI)."""
    if not (shutil.which("node") and SERVER_BIN.exists()):
        missing_tool(MISSING)
    with running_couch(tmp_path_factory.mktemp("couch")) as server:
        yield server
