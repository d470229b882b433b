"""``screen NAME --index`` without pydantic (issue 15): the fast reader of list entries against the pydantic model.

The screening index stores each entry as JSON; the entries a query reports are read back when they are shown. The
fast reader (``legalcheck.fast_input.fast_designation_json``) builds the runtime entry when every value is exactly
what :class:`legalcheck.models.designations.Designation` accepts as it is, and leaves anything else to pydantic.
It must never accept what pydantic refuses, build equal objects, and the command must print the same bytes.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from test_fast_path import DUMPS, typed

from legalcheck import fast_input
from legalcheck.cli import main
from legalcheck.models.designations import Designation

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Harakat al-Shabaab al-Mujahideen", "Hamas", "Hezbollah", "HSM", "Islamic State", "Hizba11ah", "PKK",
         "Tehrik-i-Taliban", "Norwegian Refugee Council", "Boko Haram"]


@pytest.fixture(scope="module")
def lists() -> list[Any]:
    from legalcheck.ruleset import _load_ruleset

    return list(_load_ruleset(None).lists.values())  # validated by pydantic, from the YAML


def _texts(lists: list[Any]) -> list[str]:
    return [e.model_dump_json(by_alias=True, exclude_defaults=True) for lst in lists for e in lst.entries]


def _agrees(name: str, text: str) -> bool:
    fast = fast_input.fast_designation_json(text)
    try:
        model = Designation.model_validate_json(text)
    except (ValidationError, ValueError, RecursionError):
        assert fast is None, f"{name}: the fast reader accepted what pydantic refuses"
        return False
    if fast is not None:
        for kw in DUMPS:
            assert typed(fast.model_dump(**kw)) == typed(model.model_dump(**kw)), f"{name}: {kw}"
        assert (fast.margin_days, fast.names(), fast.model_dump_json()) == (model.margin_days, model.names(),
                                                                             model.model_dump_json())
    return fast is not None


def test_every_bundled_entry_reads_back_as_pydantic_reads_it(lists: list[Any]) -> None:
    texts = _texts(lists)
    assert len(texts) > 100 and all(_agrees(f"entry {i}", t) for i, t in enumerate(texts))


_EDITS: list[Any] = [None, True, False, 0, 1, -1, 1.5, "", "x", "2024-05-01", "2024-5-1", "2024-02-30", "0000-01-01",
                     "2024-05-01T00:00:00", "20240501", 20240501, "a" * 2001, "ab\u202ecd", "\ud800", "ZZ", "zz",
                     "http://x y", "https://example.org", [], ["x"], [{}], {}, {"k": 1}, "DELETE"]


def _mutations(lists: list[Any]) -> Iterator[tuple[str, str]]:
    samples = [json.loads(t) for t in _texts(lists)[::40]]
    for i, doc in enumerate(samples):
        for key in Designation.model_fields:
            for value in _EDITS:
                out = copy.deepcopy(doc)
                if value == "DELETE":
                    out.pop(key, None)
                else:
                    out[key] = value
                yield f"{i}:{key}={value!r:.20}", json.dumps(out)
        for value in _EDITS:
            out = copy.deepcopy(doc)
            out["sources"] = [{**out["sources"][0], "url": value}] if value != "DELETE" else [{"title": "t"}]
            yield f"{i}:sources.url={value!r:.20}", json.dumps(out)
        text = json.dumps(doc)
        yield f"{i}:duplicate key", text[:-1] + ', "name": "Other"}'
        yield f"{i}:NaN", text[:-1] + ', "date_margin_days": NaN}'
        yield f"{i}:trailing", text + " x"
        yield f"{i}:unknown key", text[:-1] + ', "unknwon": 1}'
        yield f"{i}:escaped surrogate", text.replace('"name": "', '"name": "\\ud800', 1)


def test_the_fast_reader_agrees_with_pydantic_on_mutated_entries(lists: list[Any]) -> None:
    taken = [_agrees(name, text) for name, text in _mutations(lists)]
    assert len(taken) > 1000 and 0 < sum(taken) < len(taken)


def test_every_designation_field_has_a_fast_check() -> None:
    from legalcheck.models.common import Source

    assert set(fast_input.SPECS["Designation"]) == set(Designation.model_fields)
    assert set(fast_input.SPECS["Source"]) == set(Source.model_fields)


# ------------------------------------------------------------------------------------------ the command
@pytest.fixture(scope="module")
def imported(lists: list[Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from legalcheck.importers.common import write_list

    out = tmp_path_factory.mktemp("imported")
    for lst in lists:
        if lst.entries:
            write_list(lst, out, force=True)
    return out


def _screen(imported: Path, cache: Path) -> list[tuple[int, str]]:
    out = []
    for name in NAMES:
        for fmt in ("text", "json"):
            r = CliRunner().invoke(main, ["screen", name, "--index", "--imported", str(imported), "--cache-dir",
                                          str(cache), "--format", fmt, "--as-of", "2024-05-01"])
            out.append((r.exit_code, r.stdout.split("\n", 1)[1] if fmt == "text" else r.stdout))  # 1st: the index
    return out


def test_screen_index_prints_the_same_bytes_on_both_paths(imported: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _screen(imported, tmp_path)
    monkeypatch.setattr(fast_input, "ENABLED", False)
    slow = _screen(imported, tmp_path)
    assert fast == slow
    assert sum("MATCH" in text for _, text in fast) >= 5


def test_screen_index_imports_no_pydantic(imported: Path, tmp_path: Path) -> None:
    probe = ("import sys\nfrom legalcheck.cli import main\ntry:\n    main(sys.argv[1:], standalone_mode=False)\n"
             "except SystemExit:\n    pass\nprint('PYDANTIC', 'pydantic' in sys.modules)\n")
    args = ["screen", NAMES[0], "--index", "--imported", str(imported), "--cache-dir", str(tmp_path)]
    runs = [subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT,
                           timeout=300) for _ in range(2)]  # the first builds the index (with pydantic)
    assert "MATCH" in runs[1].stdout and "PYDANTIC False" in runs[1].stdout, runs[1].stdout + runs[1].stderr
