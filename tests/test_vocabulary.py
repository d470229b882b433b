"""The vocabulary lives in jurisdictions/_common/vocabulary.yaml only: the code derives every list from it, and
adding a jurisdiction, an outcome label or an organisation flag is a change to data alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import rules

from legalcheck.memo import OUTCOME_LABELS
from legalcheck.models.common import OrgType, Outcome
from legalcheck.models.engagement import Organisation
from legalcheck.models.rules import JurisdictionMeta, Predicate
from legalcheck.plan.plain import OUTCOME_ORDER, PLAIN_OUTCOME
from legalcheck.predicates import FLAG_QUESTIONS
from legalcheck.vocabulary import VOCABULARY

ROOT = Path(__file__).resolve().parents[1]
VOCAB_FILE = ROOT / "jurisdictions" / "_common" / "vocabulary.yaml"


def _yaml() -> dict:
    return yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))


def test_code_lists_come_from_the_yaml() -> None:
    data = _yaml()
    engine = [o["id"] for o in data["outcomes"] if not o.get("row_only")]
    assert [o.value for o in Outcome] == engine
    assert [o.severity for o in Outcome] == list(range(len(engine) - 1, -1, -1))
    assert OUTCOME_ORDER == [o["id"] for o in data["outcomes"]] and "error" in PLAIN_OUTCOME
    assert OUTCOME_LABELS["needs_review"] == next(o["label"] for o in data["outcomes"] if o["id"] == "needs_review")
    assert [t.value for t in OrgType] == [t["id"] for t in data["organisation_types"]]
    flags = [f["id"] for f in data["organisation_flags"]]
    assert list(FLAG_QUESTIONS) == flags
    assert [f for f in Organisation.model_fields if f in flags] == flags
    codes = [j["code"] for j in data["jurisdictions"]]
    assert [j.meta.code for j in rules().ordered_jurisdictions()] == [c for c in codes if c in rules().jurisdictions]
    assert set(VOCABULARY.activity_kinds) == set(rules().activity_kinds)


def test_schemas_list_the_vocabulary_and_models_reject_other_values() -> None:
    code = JurisdictionMeta.model_json_schema()["properties"]["code"]
    assert code["enum"] == list(VOCABULARY.jurisdiction_codes)
    try:
        Predicate.model_validate({"org_flag": "un_plan_participnt"})
    except ValueError as exc:
        assert "unknown organisation flag 'un_plan_participnt'" in str(exc)
    else:
        raise AssertionError("a misspelled organisation flag was accepted")
    org = Organisation.model_validate({"name": "X", "type": "company", "incorporated_in": "GB"})
    assert org.implementing_partner is None and org.un_plan_participant is None  # unstated flags are unknown (issue 12)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "legalcheck", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def test_a_jurisdiction_an_outcome_label_and_a_flag_are_data_only(tmp_path: Path) -> None:
    for d in ("jurisdictions", "designations", "templates", "schemas"):
        shutil.copytree(ROOT / d, tmp_path / d)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    vocab = tmp_path / "jurisdictions" / "_common" / "vocabulary.yaml"
    text = vocab.read_text(encoding="utf-8")
    text = text.replace("- code: UN\n", "- code: NZ\n  name: New Zealand\n- code: UN\n", 1)
    text = text.replace("  label: NEEDS REVIEW\n", "  label: ASK A LAWYER\n", 1)
    text = text.replace(
        "organisation_flags:\n",
        "organisation_flags:\n- id: nz_registered_charity\n  question: Is it a registered charity in New Zealand?\n"
        "  label: is a registered charity in New Zealand\n",
        1,
    )
    vocab.write_text(text, encoding="utf-8")
    nz = tmp_path / "jurisdictions" / "NZ"
    nz.mkdir()
    (nz / "jurisdiction.yaml").write_text(
        "jurisdiction:\n  code: NZ\n  name: New Zealand\n  countries: [NZ]\n  connections:\n"
        "    - {basis: nationality, description: New Zealand nationals among the staff}\n"
        "  summary: Test jurisdiction added by data alone.\n",
        encoding="utf-8",
    )
    env = {**os.environ, "LEGALCHECK_DATA": str(tmp_path)}
    assert _run(env, "schemas", "--write").returncode == 0
    r = _run(env, "validate", "--format", "json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert any(line.startswith("NZ: 0 prohibitions") for line in json.loads(r.stdout)["summary"])
    eng = yaml.safe_load((ROOT / "examples" / "engagements" / "uk-peacebuilding-dialogue-readiness.yaml").read_text())
    eng["organisation"]["nz_registered_charity"] = True
    eng.pop("$schema", None)
    (tmp_path / "e.yaml").write_text(yaml.safe_dump(eng), encoding="utf-8")
    r = _run(env, "check", str(tmp_path / "e.yaml"), "--format", "md")
    assert r.returncode == 0, r.stderr
    assert "ASK A LAWYER ask the legal team" in r.stdout  # the memo legend still spells the order out
    r = _run(env, "check", str(tmp_path / "e.yaml"), "--format", "json")
    assert "NZ" in {j["code"] for j in json.loads(r.stdout)["jurisdictions"]}


def test_a_rule_set_with_another_vocabulary_is_flagged() -> None:
    from legalcheck.models.rules import Vocabulary
    from legalcheck.validation.references import vocabulary_drift

    ours = [{"code": j.code, "name": j.name} for j in VOCABULARY.jurisdictions]
    same = Vocabulary.model_validate({"jurisdictions": ours})
    assert vocabulary_drift(same, "v.yaml") == []
    other = Vocabulary.model_validate({"jurisdictions": [{"code": "NZ", "name": "New Zealand"}]})
    (problem,) = vocabulary_drift(other, "v.yaml")
    assert problem.field == "jurisdictions" and problem.found == "NZ" and problem.severity == "warning"
