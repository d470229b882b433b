"""Streaming plans (issue 15): ``legalcheck plan`` on a large plan, before and after, interleaved rounds.

    .venv/bin/python benchmarks/bench_plan_stream.py --before 942188d --rows 100000 --rounds 15
    .venv/bin/python benchmarks/bench_plan_stream.py --before 942188d --rows 20000 --rounds 3 --format xlsx
    .venv/bin/python benchmarks/bench_plan_stream.py --before 942188d --before a35bd26 --after HEAD --rounds 15

The plan is the one ``bench_plan.py`` generates (seed 42: recurring activity streams, a unique description per
row). The ``--before`` revision is exported with ``git archive`` and run by this interpreter from that folder, with
its row limit lifted (it refused more than 10,000 rows). Every round runs ``python -c pass``, the before revision
and this checkout (``--jobs 1`` and ``--jobs 2``), each under ``/usr/bin/time`` for CPU (user + system, children
included), wall clock and peak resident memory; the medians are printed as a Markdown table, CPU as a ratio to
``python -c pass``. ``--before`` may be given more than once; ``--after REV`` runs that revision (exported too)
instead of this checkout, so that editing the checkout during a long run changes nothing. Every variant runs once
before the rounds (not timed): an exported revision builds its compiled rule snapshot in the user cache then.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent))
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_plan import generate
from compare_revisions import export

ROOT = Path(__file__).resolve().parents[1]
LIFT = ("import sys, legalcheck.plan.reader as r; r.MAX_ROWS = r.MAX_SHEET_ROWS = 10**6; "
        "from legalcheck.cli import main; main(sys.argv[1:])")


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(CPU s, wall s, peak MB) of one run, from GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        r = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%U %S %e %M", *cmd], cwd=cwd, env=env,
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
        u, s, e, m = t.read().split()[-4:]
    return float(u) + float(s), float(e), float(m) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", action="append", default=[], help="git revision to compare with (repeatable)")
    ap.add_argument("--after", default=None, help="git revision to measure instead of this checkout")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--format", default="csv", choices=["csv", "xlsx", "json"])
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA_DIR", "PYTHONPATH")}
    tmp = Path(tempfile.mkdtemp(prefix="legalcheck-plan-bench-"))
    plan = tmp / "plan.csv"
    generate(plan, args.rows)
    shutil.copy(ROOT / "examples" / "plans" / "profiles.yaml", tmp / "profiles.yaml")
    out = ["-o", str(tmp / f"out.{args.format}"), "--no-summary", "--no-progress"]
    variants: dict[str, tuple[list[str], Path]] = {"python -c pass": ([sys.executable, "-c", "pass"], ROOT)}
    for rev in args.before:
        folder = export(rev, tmp / f"before-{rev}")
        variants[f"before ({rev})"] = ([sys.executable, "-c", LIFT, "plan", str(plan), *out], folder)
    after = export(args.after, tmp / "after") if args.after else ROOT
    for jobs in ("1", "2"):
        variants[f"after{f' ({args.after})' if args.after else ''}, --jobs {jobs}"] = (
            [sys.executable, "-m", "legalcheck", "plan", str(plan), *out, "--jobs", jobs], after)
    for cmd, cwd in variants.values():
        timed(cmd, cwd, env)  # warm-up: snapshots built, files cached
    samples: dict[str, list[tuple[float, float, float]]] = {k: [] for k in variants}
    load = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for name, (cmd, cwd) in variants.items():
            samples[name].append(timed(cmd, cwd, env))
        load.append(os.getloadavg()[0])
    base = statistics.median(x[0] for x in samples["python -c pass"])
    print(f"{args.rows:,} rows, {args.format}; {args.rounds} interleaved rounds; 1-minute load average "
          f"{min(load):.1f} to {max(load):.1f} (median {statistics.median(load):.1f})")
    print("| variant | CPU s | CPU ratio | wall s | peak MB |\n| --- | ---: | ---: | ---: | ---: |")
    for name, xs in samples.items():
        c, w, m = (statistics.median(x[i] for x in xs) for i in range(3))
        print(f"| {name} | {c:.2f} | {c / base:.0f}x | {w:.2f} | {m:.0f} |")
    if os.environ.get("BENCH_KEEP"):
        print("kept:", tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
