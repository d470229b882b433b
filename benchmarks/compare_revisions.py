"""Before/after: one legalcheck command under two git revisions, interleaved, as CPU-time ratios to `python -c pass`.

Each revision is exported with ``git archive`` into a temporary folder and run by this interpreter from that folder
(``python -m`` puts the working directory first on the path, so its code and its data are used; relative paths in
the command resolve there). Every round runs ``python -c pass``, then the command
under each revision; medians of CPU time (user + system, from getrusage) and wall time over the rounds.

    .venv/bin/python benchmarks/compare_revisions.py --rounds 15 main HEAD -- check \\
        examples/engagements/swiss-ngo-somalia.yaml --format docx -o /tmp/memo.docx
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench_check import timed

ROOT = Path(__file__).resolve().parents[1]


def export(rev: str, dest: Path) -> Path:
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = [a for a in args.command if a != "--"]
    tmp = Path(tempfile.mkdtemp(prefix="legalcheck-revs-"))
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA_DIR", "LEGALCHECK_DATA", "PYTHONPATH")}
    variants = {"python -c pass": ([sys.executable, "-c", "pass"], ROOT)}
    for rev in (args.before, args.after):
        folder = export(rev, tmp / rev.replace("/", "_"))
        variants[f"{rev}: legalcheck {' '.join(command)}"] = ([sys.executable, "-m", "legalcheck", *command], folder)
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    for _ in range(args.rounds):
        for name, (cmd, cwd) in variants.items():
            samples[name].append(timed(cmd, env, cwd))
    base = statistics.median(x[0] for x in samples["python -c pass"])
    print(f"{args.rounds} interleaved rounds; load average {os.getloadavg()[0]:.1f}")
    print("| variant | CPU s | CPU ratio | wall s |\n| --- | ---: | ---: | ---: |")
    for name, xs in samples.items():
        c, w = statistics.median(x[0] for x in xs), statistics.median(x[1] for x in xs)
        print(f"| {name} | {c:.3f} | {c / base:.1f}x | {w:.3f} |")


if __name__ == "__main__":
    main()
