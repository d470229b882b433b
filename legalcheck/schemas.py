"""JSON Schemas generated from the pydantic models (checked in under ``schemas/``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel


def schema_models() -> dict[str, type[BaseModel]]:
    from .models.designations import DesignationList
    from .models.engagement import Engagement
    from .models.result import Result
    from .models.rules import RuleFile, Vocabulary
    from .scenarios import Scenario

    return {
        "rule-file.schema.json": RuleFile,
        "vocabulary.schema.json": Vocabulary,
        "designation-list.schema.json": DesignationList,
        "engagement.schema.json": Engagement,
        "result.schema.json": Result,
        "scenario.schema.json": Scenario,
    }


def render_schema(model: type[BaseModel], name: str) -> str:
    schema: dict[str, Any] = model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generate(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in schema_models().items():
        path = target / name
        path.write_text(render_schema(model, name), encoding="utf-8")
        written.append(path)
    from .models import runtime_gen

    if runtime_gen.drift():  # the runtime classes are generated from the same models
        written.append(runtime_gen.write())
    return written


def drift(target: Path) -> list[str]:
    """Names of checked-in schemas that differ from the models."""
    out = []
    for name, model in schema_models().items():
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(model, name):
            out.append(name)
    from .models import runtime_gen

    if runtime_gen.drift():
        out.append(str(runtime_gen.TARGET.relative_to(runtime_gen.TARGET.parents[2])))
    return out
