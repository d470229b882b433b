"""Word memo of a 200-activity engagement (issue 14: at most 20 s): time each phase in-process.

The engagement is the Swiss example's five activities repeated 200 times, each on its own date (so that no two
activities are the same and the ways forward are computed for every one). Prints seconds of CPU time (process
time, robust to a loaded machine) and wall time per phase: check, view (with the ways forward), Word.

    .venv/bin/python benchmarks/bench_memo.py [N]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def engagement(n: int, folder: Path) -> Path:
    data = yaml.safe_load((ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml").read_text(encoding="utf-8"))
    data.pop("$schema", None)
    acts = data["activities"]
    data["activities"] = [dict(acts[i % len(acts)], id=f"x{i}",
                               date=(dt.date(2024, 9, 1) + dt.timedelta(days=i)).isoformat()) for i in range(n)]
    path = folder / f"engagement-{n}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def main(n: int = 200) -> None:
    from legalcheck.engagement_io import load_engagement
    from legalcheck.engine import Checker
    from legalcheck.memo.view import build_view
    from legalcheck.memo.word import write_docx
    from legalcheck.ruleset import load_ruleset

    rules = load_ruleset()
    with tempfile.TemporaryDirectory() as tmp:
        eng, _ = load_engagement(engagement(n, Path(tmp)), rules)
    phases = []
    cpu, wall = time.process_time(), time.perf_counter()
    result = Checker(rules).check(eng)
    phases.append(("check", cpu, wall))
    cpu, wall = time.process_time(), time.perf_counter()
    view = build_view(result, eng, rules, dt.date(2026, 12, 1))
    phases.append(("view (with ways forward)", cpu, wall))
    cpu, wall = time.process_time(), time.perf_counter()
    write_docx(view, ROOT / "templates" / "memo-reference.docx")
    phases.append(("Word", cpu, wall))
    end_cpu, end_wall = time.process_time(), time.perf_counter()
    marks = [*phases[1:], ("", end_cpu, end_wall)]
    for (name, c0, w0), (_, c1, w1) in zip(phases, marks, strict=True):
        print(f"{name:28} {c1 - c0:6.2f} s CPU {w1 - w0:6.2f} s wall")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
