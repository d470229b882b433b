"""Maintainers' workflow: `legalcheck test`, `legalcheck diff`, strict `legalcheck validate`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "bad_inputs" / "rules" / "_base"

SCENARIO = """id: {id}
title: A US national pays Alpha Front at a checkpoint for a humanitarian convoy
sources: [{{title: test, url: "https://www.law.cornell.edu/uscode/text/18/2339B"}}]
engagement:
  title: Convoy
  date: 2024-05-01
  purpose: humanitarian
  organisation: {{name: Test NGO, type: ngo_humanitarian, incorporated_in: CH, staff: [{{nationality: US}}]}}
  counterparts: [{{id: g, name: Alpha Front}}]
  location: {{country: SO}}
  activities: [{{id: a, kind: checkpoint_payment, counterpart: g}}]
expect:
  - {{activity: a, jurisdiction: US, outcome: {outcome}, rules: {{us.test-offence: {outcome}}}}}
"""


def run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.output


def make_rules(dest: Path) -> Path:
    shutil.copytree(BASE, dest)
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    return dest


def scenario(folder: Path, sid: str, outcome: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / f"{sid}.yaml"
    f.write_text(SCENARIO.format(id=sid, outcome=outcome), encoding="utf-8")
    return f


def end_exemption(rules: Path, to: str = "2010-01-01") -> None:
    f = rules / "jurisdictions" / "US" / "rules.yaml"
    text = f.read_text(encoding="utf-8")
    assert "in_force: {from: 2000-01-01}" in text
    f.write_text(text.replace("in_force: {from: 2000-01-01}", f"in_force: {{from: 2000-01-01, to: {to}}}"),
                 encoding="utf-8")


# --------------------------------------------------------------------------- legalcheck test
def test_test_command_pass_fail_and_invalid(tmp_path: Path) -> None:
    rules = make_rules(tmp_path / "rules")
    sc = tmp_path / "sc"
    scenario(sc, "convoy-exempt", "exempt")
    code, out = run("test", str(sc), "--rules", str(rules))
    assert code == 0, out
    assert "PASS    convoy-exempt" in out and "1 passed, 0 failed, 0 invalid" in out

    scenario(sc, "convoy-prohibited", "prohibited")
    code, out = run("test", str(sc), "--rules", str(rules))
    assert code == 1
    assert "FAIL    convoy-prohibited" in out and "expected prohibited, got exempt" in out
    assert "1 passed, 1 failed" in out

    code, out = run("test", str(sc), "--rules", str(rules), "-k", "exempt", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["counts"] == {"pass": 1, "fail": 0, "invalid": 0}

    (sc / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    code, out = run("test", str(sc), "--rules", str(rules))
    assert code == 2 and "INVALID" in out and "YAML syntax error" in out


def test_test_command_runs_the_repository_scenarios() -> None:
    code, out = run("test", str(ROOT / "tests" / "scenarios"), "--format", "json")
    data = json.loads(out)
    assert sum(data["counts"].values()) >= 40
    assert code == (2 if data["counts"]["invalid"] else 1 if data["counts"]["fail"] else 0)


def test_test_command_no_scenarios(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out = run("test", str(tmp_path / "empty"))
    assert code == 2 and "no scenario files found" in out


# --------------------------------------------------------------------------- legalcheck diff
def test_diff_folders_reports_rule_and_outcome_changes(tmp_path: Path) -> None:
    old = make_rules(tmp_path / "old")
    new = make_rules(tmp_path / "new")
    end_exemption(new)
    lst = new / "designations" / "us-test.yaml"
    lst.write_text(lst.read_text(encoding="utf-8").replace("listed_from: 2001-01-01",
                                                           "listed_from: 2001-01-01\n    listed_to: 2030-01-01"),
                   encoding="utf-8")
    sc = tmp_path / "sc"
    scenario(sc, "convoy-exempt", "exempt")
    code, out = run("diff", str(old), str(new), "--scenarios", str(sc), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    changes = {(c["kind"], c["id"]): c for c in data["changes"]}
    ex = changes[("exemption", "us.test-exemption")]
    assert ex["change"] == "changed" and ex["fields"]["in_force"]["new"] == {"from": "2000-01-01", "to": "2010-01-01"}
    des = changes[("designation", "us-test/us-test.alpha")]
    assert des["fields"]["listed_to"] == {"old": None, "new": "2030-01-01"}
    assert data["outcome_changes"] == [{
        "scenario": "convoy-exempt", "file": str(sc / "convoy-exempt.yaml"), "activity": "a", "jurisdiction": "US",
        "old": "exempt", "new": "prohibited", "expected": "exempt",
        "rules": {"us.test-offence": {"old": "exempt", "new": "prohibited"}}}]

    code, text = run("diff", str(old), str(new), "--scenarios", str(sc))
    assert "changed  exemption us.test-exemption" in text
    assert "convoy-exempt  activity a / US: exempt -> prohibited  [scenario expects exempt: NOW FAILS]" in text
    code, md = run("diff", str(old), str(new), "--scenarios", str(sc), "--format", "md", "--fail-on-change")
    assert code == 1
    assert md.startswith("# Rule data impact report") and "| `convoy-exempt` | a | US | exempt | **prohibited** |" in md


def test_diff_identical_and_added_removed(tmp_path: Path) -> None:
    old = make_rules(tmp_path / "old")
    new = make_rules(tmp_path / "new")
    sc = tmp_path / "sc"
    scenario(sc, "convoy-exempt", "exempt")
    code, out = run("diff", str(old), str(new), "--scenarios", str(sc), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["changes"] == [] and data["outcome_changes"] == [] and data["scenarios_run"] == 1
    f = new / "jurisdictions" / "US" / "rules.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text[: text.index("exemptions:")], encoding="utf-8")
    _, out = run("diff", str(old), str(new), "--scenarios", str(sc), "--format", "json")
    data = json.loads(out)
    assert [(c["kind"], c["id"], c["change"]) for c in data["changes"]] == [
        ("exemption", "us.test-exemption", "removed")]
    _, out = run("diff", str(new), str(old), "--scenarios", str(sc), "--format", "json")
    assert json.loads(out)["changes"][0]["change"] == "added"


def test_diff_reports_vocabulary_and_coverage_changes(tmp_path: Path) -> None:
    """Layers, outcome labels and order, organisation flags, the memo's out_of_scope and coverage decisions change
    outcomes or a memo's wording: the diff reports each (a section a copy leaves out is the installed one's)."""
    import yaml

    old = make_rules(tmp_path / "old")
    new = make_rules(tmp_path / "new")
    vocab = new / "jurisdictions" / "_common" / "vocabulary.yaml"
    data = yaml.safe_load(vocab.read_text(encoding="utf-8"))
    full = yaml.safe_load((ROOT / "jurisdictions" / "_common" / "vocabulary.yaml").read_text(encoding="utf-8"))
    data["layers"] = [{**x, "plain_breach": "a criminal offence"} if x["id"] == "criminal" else x
                      for x in full["layers"]]
    outcomes = full["outcomes"]
    data["outcomes"] = [outcomes[1], outcomes[0], *outcomes[2:]]  # needs_review now more severe than prohibited
    data["organisation_flags"] = [{k: v for k, v in f.items() if k != "way_forward"} for f in
                                  full["organisation_flags"]]
    data["out_of_scope"] = [*full["out_of_scope"], "Tax law."]
    vocab.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    rules = new / "jurisdictions" / "US" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "coverage_decisions:\n- activity_kinds: [dialogue_meeting]\n"
                     "  decision: unsettled\n  reason: Test.\n  sources: [{title: t, url: 'https://example.org/'}]\n",
                     encoding="utf-8")
    sc = tmp_path / "sc"
    scenario(sc, "convoy-exempt", "exempt")
    code, out = run("diff", str(old), str(new), "--scenarios", str(sc), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    changes = {(c["kind"], c["id"]): c for c in data["changes"]}
    assert changes[("vocabulary:layers", "criminal")]["fields"] == {
        "plain_breach": {"old": "a crime", "new": "a criminal offence"}}
    assert changes[("vocabulary:outcomes", "(order)")]["fields"]["order"]["new"][:2] == ["needs_review", "prohibited"]
    assert "way_forward" in changes[("vocabulary:organisation_flags", "implementing_partner")]["fields"]
    assert changes[("vocabulary:out_of_scope", "(list)")]["fields"]["items"]["new"][-1] == "Tax law."
    assert changes[("coverage_decision", "US/dialogue_meeting")]["change"] == "added"
    assert ("vocabulary:layers", "(order)") not in changes and ("vocabulary:jurisdictions", "US") not in changes
    assert any("vocabulary's layers, organisation_flags, outcomes differ" in n for n in data["notes"])
    _, text = run("diff", str(old), str(new), "--scenarios", str(sc))
    assert "changed  vocabulary:layers criminal" in text and "plain_breach: a crime -> a criminal offence" in text


def test_diff_rejects_bad_arguments(tmp_path: Path) -> None:
    good = make_rules(tmp_path / "good")
    (tmp_path / "plain").mkdir()
    code, out = run("diff", str(tmp_path / "plain"), str(good))
    assert code == 2 and "not a rule folder" in out
    code, out = run("diff", "--upload-pack=evil", str(good))
    assert code == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_diff_git_revisions_read_only_and_cleaned_up(tmp_path: Path) -> None:
    repo = make_rules(tmp_path / "repo")
    sc = scenario(tmp_path / "sc", "convoy-exempt", "exempt").parent
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "one")
    end_exemption(repo)
    git("commit", "-qam", "two")
    end_exemption_status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True,
                                          text=True, env=env).stdout
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    r = subprocess.run([sys.executable, "-m", "legalcheck", "diff", "HEAD~1", "HEAD", "--scenarios", str(sc),
                        "--format", "json"], cwd=repo, capture_output=True, text=True,
                       env={**env, "TMPDIR": str(tmpdir), "PYTHONPATH": str(ROOT)}, timeout=300)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["old"]["label"].startswith("HEAD~1 (") and data["new"]["label"].startswith("HEAD (")
    assert [o["new"] for o in data["outcome_changes"]] == ["prohibited"]
    assert list(tmpdir.iterdir()) == [], "temporary export left behind"
    after = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True,
                           env=env).stdout
    assert after == end_exemption_status, "diff changed the repository"
    r = subprocess.run([sys.executable, "-m", "legalcheck", "diff", "no-such-rev", "HEAD", "--scenarios", str(sc)],
                       cwd=repo, capture_output=True, text=True, env={**env, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert r.returncode == 2 and "not a git revision" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- legalcheck validate
def test_validate_strict_and_summary(tmp_path: Path) -> None:
    rules = make_rules(tmp_path / "rules")
    code, out = run("validate", str(rules), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["unverified"] == {"US": []}
    f = rules / "jurisdictions" / "US" / "rules.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("verified: true\n    last_reviewed: 2026-01-01\nexemptions:",
                              "verified: false\n    last_reviewed: 2026-01-01\nexemptions:"), encoding="utf-8")
    code, out = run("validate", str(rules))
    assert code == 0, out
    assert "US: 1 prohibitions, 1 exemptions, 1 of 2 verified, 1 unverified: us.test-offence" in out
    assert "no unverified_points" in out and "warning" in out
    code, out = run("validate", str(rules), "--strict")
    assert code == 2 and "FAILED" in out and "--strict" in out


def test_validate_single_rule_file(tmp_path: Path) -> None:
    rules = make_rules(tmp_path / "rules")
    code, out = run("validate", str(rules / "jurisdictions" / "US" / "rules.yaml"))
    assert code == 0 and "valid (rule-file file" in out
    bad = rules / "jurisdictions" / "US" / "rules.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("layer: criminal\n    kind:", "layer: penal\n    kind:"),
                   encoding="utf-8")
    code, out = run("validate", str(bad))
    assert code == 2 and "instruments.0.layer" in out


def test_repository_data_files_carry_schema_reference() -> None:
    """Every rule and list file starts with a $schema line naming its schema (warnings are listed for the lead)."""
    from legalcheck.jsonschema_check import schema_problems

    files = sorted((ROOT / "jurisdictions").rglob("*.yaml")) + sorted((ROOT / "designations").glob("*.yaml"))
    problems = [p for p in schema_problems(files, ROOT) if p.field == "$schema"]
    missing = [p.render() for p in problems if "no '$schema'" in p.message]
    assert not missing, "\n".join(missing)
