"""What the web app loads once at start-up (rules, lists, screening index, coverage) and the calls it makes on it."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..output import terminal_safe
from .security import Csrf, style_hash

MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


@dataclass
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    rules_dir: Path | None = None
    hosts: frozenset[str] | None = None
    """Host header values accepted; by default those naming ``host:port`` (tests use ``testserver``)."""


class AppState:
    """Rules, lists and the screening index, loaded once; a lock around the engine (one check at a time)."""

    def __init__(self, config: WebConfig) -> None:
        from ..paths import rules_folder
        from ..ruleset import load_ruleset

        self.config = config
        self.rules = load_ruleset(config.rules_dir)
        self.screener = self.rules.screener()  # the screening index, built once
        self.data_source = rules_folder(config.rules_dir).source
        self.lock = threading.Lock()
        from ..engine import Checker

        self.checker = Checker(self.rules, self.screener)  # kept: a re-check of an edited engagement reuses work
        self.csrf = Csrf()
        from ..plan.plain import Plainer

        self.plainer = Plainer(self.rules)
        from .jobs import PlanJobs

        self.jobs = PlanJobs()

    def check(self, raw: bytes, name: str, as_of: dt.date | None = None) -> Any:
        """The :class:`legalcheck.service.Checked` for an engagement document received as bytes."""
        from ..service import check_bytes

        with self.lock:
            return check_bytes(raw, name, self.rules, as_of=as_of, data_source=self.data_source,
                               checker=self.checker)

    def render(self, checked: Any, fmt: str) -> bytes:
        """Exactly the bytes ``legalcheck check --format fmt`` writes for the same input."""
        from ..service import render_checked

        with self.lock:
            data = render_checked(checked, fmt)
        return terminal_safe(data).encode("utf-8") if isinstance(data, str) else data


def plain_answers(plainer: Any, result: Any) -> dict[str, Any]:
    """{activity id: the plan's plain-language answer (reason, next step)} for every activity of a result."""
    out = {}
    for act in result.activities:
        one = result.model_copy(update={"activities": [act],
                                        "findings": [f for f in result.findings if f.activity == act.id]})
        out[act.id] = plainer.answer(one)
    return out


def memo_style_hashes(html: str) -> list[str]:
    """Hashes of the inline styles of an HTML memo, for a policy that lets it be shown in a frame."""
    return [style_hash(m) for m in _STYLE.findall(html)]


def parse_as_of(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.single("as_of", "not a date", expected="YYYY-MM-DD", found=repr(text)) from None
