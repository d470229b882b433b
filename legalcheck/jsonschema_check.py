"""Validate data files against the checked-in JSON Schemas (the same ones editors use)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Problem
from .paths import schemas_dir
from .yamlio import LineMap


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@cache
def _validator(name: str) -> Any:
    import jsonschema

    schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def check(data: Any, schema_name: str, lines: LineMap, file: str) -> list[Problem]:
    validator = _validator(schema_name)
    out = []
    for err in sorted(validator.iter_errors(_plain(data)), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        out.append(Problem(file=file, line=lines.line(path), field=".".join(map(str, path)) or None,
                           message=f"schema: {err.message[:300]}"))
    return out


def schema_for(path: Path) -> str | None:
    parts = path.parts
    if "jurisdictions" in parts:
        return "vocabulary.schema.json" if "_common" in parts else "rule-file.schema.json"
    if "designations" in parts and path.suffix in {".yaml", ".yml"}:
        return "designation-list.schema.json"
    return None
