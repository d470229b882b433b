"""Adding a jurisdiction, an outcome label and an organisation flag is a change to data only, also in a copy of the
data given with ``--rules`` (its own ``_common/vocabulary.yaml`` is used): the walk-through of CONTRIBUTING.md."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

NZ_JURISDICTION = """\
jurisdiction:
  code: NZ
  name: New Zealand
  encoded_from: 2002-10-17
  countries: [NZ]
  connections:
    - {basis: nationality, description: New Zealand nationals among the staff}
  summary: Test jurisdiction added by data alone.
"""
SOURCE = '{title: "TSA 2002", url: "https://www.legislation.govt.nz/act/public/2002/0034/latest/whole.html"}'
NZ_LAW = f"""\
instruments:
  - id: nz.tsa2002
    title: Terrorism Suppression Act 2002 (test)
    citation: TSA 2002
    url: https://www.legislation.govt.nz/act/public/2002/0034/latest/whole.html
    layer: criminal
    kind: statute
    in_force: {{from: 2002-10-17}}
    verified: true
    last_reviewed: 2026-11-30
prohibitions:
  - id: nz.tsa2002.s10
    title: Financing of terrorism (test)
    instrument: nz.tsa2002
    provisions: ["s.10"]
    summary: Test rule added by data alone.
    layer: criminal
    activity_kinds: [checkpoint_payment]
    designation_lists: [un-1267]
    mental_element: Knowing.
    reach: [{{basis: nationality, description: New Zealand nationals}}]
    penalty: {{max_imprisonment: 14 years, summary: Up to 14 years, verified: true}}
    in_force: {{from: 2002-10-17}}
    sources: [{SOURCE}]
    verified: true
    last_reviewed: 2026-11-30
exemptions:
  - id: nz.tsa2002.charity-test
    title: Registered charity exemption (test)
    instrument: nz.tsa2002
    provisions: ["test"]
    summary: Test exemption for registered charities.
    kind: statutory_exception
    effect: exempt
    applies_to: [nz.tsa2002.s10]
    qualifies: {{org_flag: nz_registered_charity}}
    in_force: {{from: 2002-10-17}}
    sources: [{SOURCE}]
    verified: true
    last_reviewed: 2026-11-30
"""
ENGAGEMENT = {
    "title": "NZ test", "date": "2024-06-01", "purpose": "humanitarian",
    "organisation": {"name": "Kiwi Aid", "type": "ngo_humanitarian", "incorporated_in": "NZ",
                     "staff": [{"nationality": "NZ"}]},
    "counterparts": [{"id": "g", "name": "ISIL"}], "location": {"country": "SY"},
    "activities": [{"id": "a", "kind": "checkpoint_payment", "counterpart": "g"}],
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the data (no schemas, no code) with New Zealand, a relabelled outcome and a new flag."""
    dst = tmp_path_factory.mktemp("data-only")
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    vocab = dst / "jurisdictions" / "_common" / "vocabulary.yaml"
    text = vocab.read_text(encoding="utf-8")
    text = text.replace("- code: UN\n", "- code: NZ\n  name: New Zealand\n- code: UN\n", 1)
    text = text.replace("  label: NEEDS REVIEW\n", "  label: ASK A LAWYER\n", 1)
    text = text.replace("organisation_flags:\n", "organisation_flags:\n- id: nz_registered_charity\n"
                        "  question: Is it a registered charity in New Zealand?\n"
                        "  label: is a registered charity in New Zealand\n", 1)
    vocab.write_text(text, encoding="utf-8")
    (dst / "jurisdictions" / "NZ").mkdir()
    (dst / "jurisdictions" / "NZ" / "jurisdiction.yaml").write_text(NZ_JURISDICTION, encoding="utf-8")
    (dst / "jurisdictions" / "NZ" / "law.yaml").write_text(NZ_LAW, encoding="utf-8")
    for name, charity in (("unstated", None), ("charity", True)):
        eng = json.loads(json.dumps(ENGAGEMENT))
        if charity is not None:
            eng["organisation"]["nz_registered_charity"] = charity
        (dst / f"{name}.yaml").write_text(yaml.safe_dump(eng), encoding="utf-8")
    return dst


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA", "LEGALCHECK_DATA_DIR")}
    return subprocess.run([sys.executable, "-m", "legalcheck", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False, cwd=ROOT)


def _nz(result: str) -> dict:
    return next(f for f in json.loads(result)["findings"] if f["jurisdiction"] == "NZ")


@pytest.mark.parametrize("how", [("--rules",), ()])
def test_validate_accepts_the_copy_with_its_own_vocabulary(copy: Path, how: tuple[str, ...]) -> None:
    r = _run("validate", *how, str(copy), "--format", "json")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    report = json.loads(r.stdout)
    assert any(line.startswith("NZ: 1 prohibitions, 1 exemptions") for line in report["summary"])


def test_the_new_flag_is_asked_then_decides_and_the_new_label_is_printed(copy: Path) -> None:
    r = _run("check", str(copy / "unstated.yaml"), "--rules", str(copy), "--format", "json")
    assert r.returncode == 0, r.stderr
    nz = _nz(r.stdout)
    assert nz["outcome"] == "needs_review"
    assert [q["key"] for q in nz["open_questions"]] == ["nz_registered_charity"]
    r = _run("check", str(copy / "charity.yaml"), "--rules", str(copy), "--format", "json")
    assert _nz(r.stdout)["outcome"] == "exempt"
    r = _run("check", str(copy / "unstated.yaml"), "--rules", str(copy), "--format", "md")
    assert "#### New Zealand: ASK A LAWYER" in r.stdout
    assert "Not stated whether the organisation is a registered charity in New Zealand" in r.stdout
