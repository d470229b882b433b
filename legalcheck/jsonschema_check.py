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

    from .paths import data_root, vocabulary_root

    if vocabulary_root() != data_root():  # a --rules copy with its own vocabulary: the models' schema, not the file's
        from .schemas import render_schema, schema_models

        schema = json.loads(render_schema(schema_models()[name], name))
    else:
        schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def check(data: Any, schema_name: str, lines: LineMap, file: str) -> list[Problem]:
    validator = _validator(schema_name)
    out = []
    for err in sorted(validator.iter_errors(_plain(data)), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        out.append(
            Problem(
                file=file,
                line=lines.line(path),
                field=".".join(map(str, path)) or None,
                message=f"schema: {err.message[:300]}",
            )
        )
    return out


def schema_for(path: Path) -> str | None:
    parts = path.parts
    if "jurisdictions" in parts:
        return "vocabulary.schema.json" if "_common" in parts else "rule-file.schema.json"
    if "designations" in parts and path.suffix in {".yaml", ".yml"}:
        return "designation-list.schema.json"
    return None


def _rel(path: Path, base: Path | None) -> str:
    if base is None:
        return str(path)
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def schema_ref_problems(data: Any, path: Path, schema_name: str, lines: LineMap, file: str) -> list[Problem]:
    """The file's first key must be ``$schema`` naming ``schema_name`` by a relative path that resolves.

    Editors use this reference to validate while a maintainer types; its absence is a warning (an error under
    ``validate --strict``).
    """
    if not isinstance(data, dict):
        return []
    keys = list(data)
    ref = data.get("$schema")
    if ref is None:
        return [
            Problem(
                file=file,
                line=1,
                field="$schema",
                severity="warning",
                message="no '$schema' reference: editors cannot validate this file while you type",
                expected=f"a first line '$schema: <relative path>/schemas/{schema_name}'",
            )
        ]
    out = []
    line = lines.line(("$schema",))
    if keys[0] != "$schema":
        out.append(
            Problem(
                file=file,
                line=line,
                field="$schema",
                severity="warning",
                message="'$schema' must be the first key",
                found=f"first key {keys[0]!r}",
            )
        )
    if not isinstance(ref, str) or Path(ref).name != schema_name:
        out.append(
            Problem(
                file=file,
                line=line,
                field="$schema",
                severity="warning",
                message="'$schema' names the wrong schema",
                expected=schema_name,
                found=repr(ref),
            )
        )
    elif "://" not in ref and not (path.parent / ref).is_file():
        out.append(
            Problem(
                file=file,
                line=line,
                field="$schema",
                severity="warning",
                message=f"'$schema' path {ref!r} does not lead to a file from this folder",
                expected=f"a relative path to schemas/{schema_name}",
            )
        )
    return out


def schema_problems(files: list[Path], base: Path | None) -> list[Problem]:
    """JSON-Schema and ``$schema`` problems of data files; files that do not parse are left to the loader."""
    from .errors import InputError
    from .yamlio import load_document

    out: list[Problem] = []
    for path in files:
        name = schema_for(path.resolve())
        if name is None:
            continue
        try:
            data, lines = load_document(path)
        except InputError:
            continue  # the loader reports syntax errors with their line
        if data is None:
            continue
        file = _rel(path, base)
        out.extend(schema_ref_problems(data, path, name, lines, file))
        out.extend(check(data, name, lines, file))
    return out
