"""The hostile-input corpus (tests/bad_inputs/cases.yaml), run through the CLI.

Every case must end with exit code 2, a message naming the problem, no traceback and no output file. Every case
runs in-process (click's CliRunner: the same command objects, arguments and exit codes, without a cold interpreter
start per case), except the few about the process's own files; one case of each kind also runs end to end as a
real ``python -m legalcheck`` subprocess.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import traceback
from contextlib import chdir
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_inputs"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]
FIFTY_MB = 50 * 1024 * 1024
Run = tuple[subprocess.CompletedProcess[str], Path]


def _available(command: str) -> bool:
    from legalcheck.cli import LazyGroup

    target = LazyGroup.lazy.get(command)
    return target is None or importlib.util.find_spec(target.split(":")[0]) is not None


def cli(*args: str, cwd: Path = ROOT, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEGALCHECK_DEBUG"}
    return subprocess.run([sys.executable, "-m", "legalcheck", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=timeout)


def cli_in_process(*args: str, cwd: Path = ROOT, env: dict[str, str | None] | None = None
                   ) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process; an escaping exception is reported as a traceback on stderr, as a process would.

    Only for commands that touch no file of the process itself (/dev/stdout, stdin): see ``_needs_own_process``."""
    from click.testing import CliRunner

    from legalcheck.cli import main

    with chdir(cwd):
        r = CliRunner().invoke(main, list(args), env={"LEGALCHECK_DEBUG": None, **(env or {})})
    stderr = r.stderr
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(r.exception))
    return subprocess.CompletedProcess(["legalcheck", *args], r.exit_code, r.stdout, stderr)


def rules_copy(case_dir: str, tmp: Path) -> Path:
    """rules/_base with the case folder copied over it, plus the schemas (so $schema references resolve)."""
    dest = tmp / "rules"
    shutil.copytree(CORPUS / "rules" / "_base", dest)
    shutil.copytree(CORPUS / case_dir, dest, dirs_exist_ok=True)
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    return dest


def fifty_mb_file(tmp: Path, suffix: str = "yaml") -> Path:
    """A file of just over 50 MiB: a YAML engagement padded with comments, or a CSV plan padded with rows."""
    big = tmp / f"big.{suffix}"
    if suffix == "csv":
        head = (ROOT / "examples" / "plans" / "plan.csv").read_bytes().splitlines(keepends=True)[0]
        line = b"R1,geneva-hpc,2024-09-15,SO,," + b"x" * 990 + b",dialogue_meeting,,,,,,,\n"
    else:
        head, line = b"title: a very large engagement\n", b"# " + b"x" * 1021 + b"\n"
    with big.open("wb") as fh:
        fh.write(head)
        for _ in range(FIFTY_MB // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= FIFTY_MB
    return big


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 40
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for c in CASES:
        assert c.get("contains") is not None and c["args"], c["id"]
        if "file" in c:
            assert (CORPUS / c["file"]).exists() or "no-such" in c["file"], c["file"]
        if "rules" in c:
            assert (CORPUS / c["rules"]).is_dir(), c["rules"]
    kinds = {c.get("file", c.get("rules", "")).split("/")[0] for c in CASES}
    assert {"engagements", "rules", "lists", "plans"} <= kinds


def test_base_rules_are_valid(tmp_path: Path) -> None:
    """Control: the base every rule case starts from is itself valid, so each case fails for its own reason."""
    dest = rules_copy("rules/_base", tmp_path)
    r = cli_in_process("validate", str(dest))
    assert r.returncode == 0, r.stdout + r.stderr
    good = CORPUS / "engagements" / "good.yaml"
    r = cli_in_process("check", str(good), "--rules", str(dest), "--format", "json")
    assert r.returncode == 0, r.stderr
    r = cli("check", str(good), "--format", "json")
    assert r.returncode == 0, r.stderr


def _params() -> list[Any]:
    out = []
    for c in CASES:
        marks = []
        if c.get("xfail"):
            marks.append(pytest.mark.xfail(reason=c["xfail"], strict=True))
        out.append(pytest.param(c, id=c["id"], marks=marks))
    return out


def _prepare(case: dict[str, Any], base: Path) -> tuple[list[str], Path]:
    work = base / "work"
    work.mkdir(parents=True)
    subs = {"{out}": str(work / "out.file"), "{tmp}": str(work), "{root}": str(ROOT)}
    if case.get("generate") in ("50mb", "50mb-csv"):
        subs["{file}"] = str(fifty_mb_file(base, "csv" if case["generate"] == "50mb-csv" else "yaml"))
    elif "file" in case:
        subs["{file}"] = str(CORPUS / case["file"])
    if "rules" in case:
        subs["{rules}"] = str(rules_copy(case["rules"], base))
    args = []
    for a in case["args"]:
        for k, v in subs.items():
            a = a.replace(k, v)
        args.append(a)
    return args, work


def _first_of_each_kind() -> list[Any]:
    seen: dict[str, Any] = {}
    for c in CASES:
        kind = c.get("file", c.get("rules", "")).split("/")[0]
        if kind not in seen and not c.get("xfail") and not c.get("generate"):
            seen[kind] = pytest.param(c, id=c["id"])
    return list(seen.values())


@pytest.fixture(scope="module")
def end_to_end_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """One case of each kind as a real subprocess, run in parallel (each a fresh interpreter)."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = {}
    for param in _first_of_each_kind():
        c = param.values[0]
        if c.get("requires") and not _available(c["requires"]):
            continue
        jobs[c["id"]] = _prepare(c, tmp_path_factory.mktemp(c["id"]))
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {cid: pool.submit(cli, *args) for cid, (args, _) in jobs.items()}
        return {cid: (f.result(), jobs[cid][1]) for cid, f in futures.items()}


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    if case.get("requires") and not _available(case["requires"]):
        pytest.skip(f"`legalcheck {case['requires']}` is not available yet")
    args, work = _prepare(case, tmp_path)
    _assert_refused(case, (cli if _needs_own_process(args) else cli_in_process)(*args), work)


def _needs_own_process(args: list[str]) -> bool:
    """Cases about the process's own files (/dev/stdout, /dev/full, stdin as "-", /proc) run as a subprocess:
    in-process they would reach pytest's captured streams instead of a pipe."""
    return any(a == "-" or a.startswith(("/dev/", "/proc/")) for a in args)


@pytest.mark.parametrize("case", _first_of_each_kind())
def test_bad_input_end_to_end(
    case: dict[str, Any], end_to_end_runs: dict[str, Run]
) -> None:
    if case["id"] not in end_to_end_runs:
        pytest.skip(f"`legalcheck {case['requires']}` is not available yet")
    _assert_refused(case, *end_to_end_runs[case["id"]])


def _assert_refused(case: dict[str, Any], r: subprocess.CompletedProcess[str], work: Path) -> None:
    text = r.stdout + r.stderr
    assert "Traceback" not in text, text[-2000:]
    assert r.returncode == 2, f"exit {r.returncode}: {text[-1500:]}"
    assert case["contains"] in text, f"message lacks {case['contains']!r}: {text[-1500:]}"
    assert not (work / "out.file").exists(), "an output file was written for bad input"
    if case.get("no_output"):
        extra = Path(case["no_output"].replace("{tmp}", str(work)))
        assert not extra.exists(), f"{extra} was created"
    assert not list(work.iterdir()), f"files left behind: {list(work.iterdir())}"


def test_html_memo_escapes_free_text(tmp_path: Path) -> None:
    """Free text (title, names, descriptions) is escaped in HTML memos: no live <script> or <img onerror>."""
    if importlib.util.find_spec("legalcheck.memo_html") is None:
        pytest.skip("HTML memo (legalcheck.memo_html) not implemented yet")
    out = tmp_path / "memo.html"
    r = cli_in_process("check", str(CORPUS / "engagements" / "html-script-in-free-text.yaml"), "--format", "html",
                       "-o", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html or "&#60;script" in html.lower(), "the free text is missing from the memo"
    lowered = html.lower()
    for needle in ("<script>alert", "<script>document", "<script>m<", "<img src=x", "</td><script>"):
        assert needle not in lowered, f"unescaped {needle!r} in the HTML memo"



def test_markdown_memo_escapes_free_text() -> None:
    """The Markdown memo is often converted to HTML: tags in free text must arrive escaped, not as tags."""
    r = cli_in_process("check", str(CORPUS / "engagements" / "html-script-in-free-text.yaml"), "--format", "md")
    assert r.returncode == 0, r.stderr
    assert "&lt;script&gt;" in r.stdout
    for needle in ("<script>", "<img src=x", "</td>"):
        assert needle not in r.stdout, f"unescaped {needle!r} in the Markdown memo"
