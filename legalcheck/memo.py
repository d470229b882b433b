"""Render a result as a memo with Jinja2 templates from ``templates/``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .models.engagement import Engagement
from .models.result import Result
from .paths import templates_dir
from .ruleset import RuleSet
from .vocabulary import VOCABULARY

OUTCOME_LABELS = {o: VOCABULARY.outcome(o).label for o in VOCABULARY.engine_outcomes}
OUTCOME_PLAIN = {o: VOCABULARY.outcome(o).plain for o in VOCABULARY.engine_outcomes}


def md_escape(value: Any) -> str:
    """Make free text safe inside Markdown (tables, emphasis, HTML)."""
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)
    return text


def environment(template_dir: Path | None = None) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir or templates_dir())),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_escape
    env.filters["sentence"] = lambda t: t if str(t).rstrip().endswith((".", "!", "?")) else f"{t}."
    env.filters["label"] = lambda o: OUTCOME_LABELS.get(getattr(o, "value", o), str(o))
    env.filters["plain"] = lambda o: OUTCOME_PLAIN.get(getattr(o, "value", o), str(o))
    return env


def context(result: Result, eng: Engagement, rules: RuleSet) -> dict[str, Any]:
    codes = [j.code for j in result.jurisdictions]
    grid: dict[str, dict[str, Any]] = {}
    for f in result.findings:
        grid.setdefault(f.activity, {})[f.jurisdiction] = f
    conditions: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    for f in result.findings:
        for c in f.components:
            for e in c.exemptions_considered:
                if e.result == "applies" and e.conditions and e.id not in seen:
                    seen.add(e.id)
                    conditions.append((e.title, ", ".join(e.provisions), e.conditions))
    return {
        "r": result,
        "eng": eng,
        "codes": codes,
        "grid": grid,
        "kinds": rules.activity_kinds,
        "conditions": conditions,
        "names": {j.code: j.name for j in result.jurisdictions},
    }


def render(result: Result, eng: Engagement, rules: RuleSet, fmt: str = "md", template_dir: Path | None = None) -> str:
    env = environment(template_dir)
    template = env.get_template(f"memo.{fmt}.j2")
    return str(template.render(**context(result, eng, rules)))
