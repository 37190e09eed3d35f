"""JSON Schemas of the content files, for editors' autocompletion and a staleness test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handbook.content.kinds import REGISTRY
from handbook.content.loading import GLOSSARY
from handbook.content.models import Glossary

SCHEMA_DIR = "schema"
# Fields the loader fills in: the id comes from the file name, the body from the Markdown.
DERIVED_FIELDS = ("id", "slug", "body")


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind's file, without the fields the loader fills in."""
    schema = REGISTRY[kind].model.model_json_schema()
    for name in DERIVED_FIELDS:
        schema["properties"].pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{kind} file ({REGISTRY[kind].id_field} = file name)"
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every schema by its file name."""
    schemas = {f"{kind}.schema.json": file_schema(kind) for kind in REGISTRY}
    glossary = Glossary.model_json_schema()
    glossary["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schemas[GLOSSARY.replace(".yml", ".schema.json")] = glossary
    return schemas


def render(schema: dict[str, Any]) -> str:
    """A schema as committed: stable key order, readable Chinese."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under schema/."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
