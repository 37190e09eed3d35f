"""The design document every shared project's database holds: CouchDB's validate function and the schema version.

The function's source is sync/validate_doc_update.js, kept as a file of its own so that it reads (and is reviewed)
as JavaScript; this module only wraps it.
"""

from __future__ import annotations

from pathlib import Path

VALIDATE_SOURCE = Path(__file__).resolve().parents[2] / "sync" / "validate_doc_update.js"
DESIGN_ID = "_design/handbook"
SCHEMA_VERSION = 1


def design_document(source: Path = VALIDATE_SOURCE) -> dict:
    """The design document `_design/handbook`, its validate function read from source."""
    return {"_id": DESIGN_ID, "validate_doc_update": source.read_text(encoding="utf-8"), "schema": SCHEMA_VERSION}
