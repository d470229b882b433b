"""The memo: one view model (``view.py``) rendered as Markdown, HTML (Jinja2 templates in ``templates/``) or Word.

``build_view`` decides everything the memo says; ``render`` (Markdown, HTML) and ``word.render_docx`` only print
it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..models.runtime import Engagement, Result
from ..ruleset import RuleSet
from .text import OUTCOME_LABELS, OUTCOME_PLAIN, md_escape
from .view import MemoView, build_view

__all__ = ["OUTCOME_LABELS", "OUTCOME_PLAIN", "MemoView", "build_view", "md_escape", "render", "render_view"]


def render_view(view: MemoView, fmt: str = "md", template_dir: Path | None = None) -> str:
    """The memo ``view`` printed by the template ``memo.<fmt>.j2`` (``md`` or ``html``)."""
    from .templates import environment

    template = environment(fmt, template_dir).get_template(f"memo.{fmt}.j2")
    return str(template.render(v=view))


def render(result: Result, eng: Engagement, rules: RuleSet, fmt: str = "md", template_dir: Path | None = None,
           memo_date: dt.date | None = None, ways: list[Any] | None = None) -> str:
    return render_view(build_view(result, eng, rules, memo_date, ways), fmt, template_dir)
