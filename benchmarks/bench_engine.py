"""The engine in a warm process, before and after, interleaved (issue 15): checks of the bundled example per CPU
second, with the rules loaded once and ``Checker(rules).check(eng)`` repeated.

Each revision (default: ``main`` and the working tree) is exported to a temporary folder and run from there by this
interpreter, one process per revision per round, in turn; each process checks the example once (warm-up), then
``--checks`` times, and reports checks per CPU second (``time.process_time``). Figures are medians over the rounds.

    .venv/bin/python benchmarks/bench_engine.py --rounds 15 --before main --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import EXAMPLE, WARM, export
from report import write_section

START, END = "<!-- engine:start -->", "<!-- engine:end -->"


def rates(args: argparse.Namespace, tmp: Path) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LEGALCHECK_DATA_DIR", "LEGALCHECK_DATA", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["LEGALCHECK_CACHE_DIR"] = str(tmp / "cache")
    folders = {rev: export(rev, tmp / rev.replace("/", "_")) for rev in (args.before, args.after)}
    code = WARM.replace("range(100)", f"range({args.checks})").replace("print(100 /", f"print({args.checks} /")
    out: dict[str, list[float]] = {rev: [] for rev in folders}
    for folder in folders.values():  # bytecode and the compiled rule snapshot, once, outside the rounds
        subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], cwd=folder, env=env, capture_output=True, check=True)
    for _ in range(args.rounds):
        for rev, folder in folders.items():
            res = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], cwd=folder, env=env, capture_output=True,
                                 text=True, check=True)
            out[rev].append(float(res.stdout.strip()))
    return out


def report(args: argparse.Namespace, got: dict[str, list[float]]) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    before, after = (statistics.median(got[r]) for r in (args.before, args.after))
    lines = [
        START,
        "## Engine in a warm process, before and after (issue 15)",
        "",
        f"Measured by `python benchmarks/bench_engine.py` (Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {args.rounds} interleaved rounds, one process per revision per round, each checking "
        f"`{EXAMPLE}` {args.checks} times after one warm-up check; medians; 1-minute load average {load:.1f} at the "
        "end). Before: `" + args.before + "`; after: `" + args.after + "`.",
        "",
        "| revision | checks per CPU second (median) | min | max |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {rev} | {statistics.median(r):.0f} | {min(r):.0f} | {max(r):.0f} |" for rev, r in got.items()]
    lines += [
        "",
        f"- Ratio after / before: **{after / before:.2f}x**.",
        f"- Reproduce: `.venv/bin/python benchmarks/bench_engine.py --rounds {args.rounds} --before {args.before} "
        f"--after {args.after} --write docs/benchmarks.md`.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--checks", type=int, default=100)
    ap.add_argument("--before", default="main")
    ap.add_argument("--after", default="WORKTREE")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="legalcheck-engine-") as tmp:
        got = rates(args, Path(tmp))
    text = report(args, got)
    print(text)
    if args.write:
        write_section(args.write, text, START, END)


if __name__ == "__main__":
    main()
