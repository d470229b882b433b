"""The web app keeps one checker: a re-check of the same (or an edited) engagement reuses what the engine remembers
(``legalcheck.engine.memo``) and answers byte for byte as a new checker would."""

from __future__ import annotations

import yaml
from conftest import ROOT

from legalcheck.service import check_bytes
from legalcheck.web.state import AppState, WebConfig

EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"


def _json(checked: object) -> str:
    return checked.result.model_dump_json()  # type: ignore[attr-defined]


def test_the_web_state_keeps_one_checker_and_answers_as_a_fresh_one() -> None:
    state = AppState(WebConfig(hosts=frozenset({"testserver"})))
    raw = EXAMPLE.read_bytes()
    edited = yaml.safe_load(raw)
    edited["activities"][0]["date"] = "2021-03-01"  # one activity changed: the others' work is reused
    edited_raw = yaml.safe_dump(edited, sort_keys=False).encode()
    for doc in (raw, raw, edited_raw, raw, edited_raw):
        kept = state.check(doc, "e.yaml")
        fresh = check_bytes(doc, "e.yaml", state.rules, data_source=state.data_source)
        assert _json(kept) == _json(fresh)
    assert state.checker._memos._by_engagement, "the kept checker remembered nothing across re-checks"
