"""Render a result as one self-contained HTML memo (inline CSS, no scripts, fonts, images or other requests).

The template is ``templates/memo.html.j2``; autoescaping is on, so free text from an engagement file can never
become markup. Links to cited provisions are plain ``<a href>`` anchors (following one is the reader's choice,
never a request made by the page); any URL that is not http(s) is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .memo import OUTCOME_LABELS, OUTCOME_PLAIN, context
from .models.engagement import Engagement
from .models.result import Result
from .paths import templates_dir
from .ruleset import RuleSet

READINESS_CRITERIA: list[tuple[str, str]] = [
    ("agreed_topics", "Group willing to discuss topics agreed beforehand"),
    ("progress_likely", "Progress toward predetermined humanitarian or political goals reasonably likely"),
    ("security_guarantees", "Minimal security guarantees for the facilitators"),
    ("local_legitimacy", "Dialogue legitimate in the eyes of the local population"),
    ("international_acceptance", "Key international stakeholders accept the dialogue morally"),
    ("can_withdraw", "Organisation can pull out if the dialogue is abused or objectives cannot be met"),
]

_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def safe_url(value: Any) -> str:
    """Return the URL when it is a plain http(s) URL, else an empty string (the template then prints no link)."""
    text = "" if value is None else str(value)
    return text if _SAFE_URL.match(text) else ""


def anchor(value: Any) -> str:
    """A stable, HTML-safe fragment identifier for a free-text id."""
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-")
    return text or "x"


def css_string(value: Any) -> str:
    """Free text as the body of a CSS string: every character but letters, digits and spaces is hex-escaped, so no
    value can close the string, the rule or the style element."""
    out = []
    for ch in "" if value is None else str(value):
        if ch == " " or (ch.isascii() and ch.isalnum()):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return "".join(out)


def outcome_value(o: Any) -> str:
    return str(getattr(o, "value", o))


def environment(template_dir: Path | None = None) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir or templates_dir())),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["label"] = lambda o: OUTCOME_LABELS.get(outcome_value(o), str(o))
    env.filters["plain"] = lambda o: OUTCOME_PLAIN.get(outcome_value(o), str(o))
    env.filters["oclass"] = lambda o: "o-" + outcome_value(o).replace("_", "-")
    env.filters["url"] = safe_url
    env.filters["anchor"] = anchor
    env.filters["css_string"] = css_string
    return env


def render_html(result: Result, eng: Engagement, rules: RuleSet, template_dir: Path | None = None) -> str:
    env = environment(template_dir)
    template = env.get_template("memo.html.j2")
    ctx = context(result, eng, rules)
    ctx["readiness_criteria"] = READINESS_CRITERIA
    ctx["outcome_order"] = list(OUTCOME_LABELS)
    return str(template.render(**ctx))
