"""Render a result as one self-contained HTML memo (inline CSS, no scripts, fonts, images or other requests).

The template is ``templates/memo.html.j2``; it prints the memo view model (``legalcheck/memo/view.py``) with
autoescaping on, so free text from an engagement file can never become markup. Links to cited provisions are plain
``<a href>`` anchors (following one is the reader's choice, never a request made by the page); any URL that is not
http(s) is dropped.
"""

from __future__ import annotations

from pathlib import Path

from .memo import render
from .models.engagement import Engagement
from .models.result import Result
from .ruleset import RuleSet


def render_html(result: Result, eng: Engagement, rules: RuleSet, template_dir: Path | None = None) -> str:
    return render(result, eng, rules, "html", template_dir)
