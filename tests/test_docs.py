"""Documentation stays true: every rule is documented, the generated page is current, README has three commands."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

from conftest import rules

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_is_documented_in_jurisdictions_md() -> None:
    text = (ROOT / "docs" / "jurisdictions.md").read_text(encoding="utf-8")
    items = [i for j in rules().jurisdictions.values() for i in [*j.prohibitions, *j.exemptions]]
    missing = [i.id for i in items if i.id not in text]
    assert not missing, f"rules missing from docs/jurisdictions.md (update docs/jurisdictions/*.md): {missing}"


def test_jurisdictions_md_is_generated_from_pages() -> None:
    build = runpy.run_path(str(ROOT / "benchmarks" / "build_jurisdictions_doc.py"))["build"]
    assert (ROOT / "docs" / "jurisdictions.md").read_text(encoding="utf-8") == build(), (
        "docs/jurisdictions.md is stale: run python benchmarks/build_jurisdictions_doc.py"
    )


def test_readme_quick_start_has_exactly_three_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", quick, flags=re.S)
    assert len(blocks) == 3 and all("\n" not in b for b in blocks)
    assert "check examples/engagements/" in blocks[0]
    assert "'.[web]'" in blocks[2] and "legalcheck serve" in blocks[2]
    assert (ROOT / "docs" / "web-result.png").is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci.splitlines()
