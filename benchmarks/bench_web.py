"""Latency of ``POST /api/check`` on the bundled example, side by side with ``legalcheck check``.

Starts the web app exactly as ``legalcheck serve`` does (uvicorn, access log off) on a free loopback port, then
posts the example over one keep-alive HTTP connection, interleaving JSON and Markdown requests. Each request
records its wall time and the process CPU time it took (client and server share this process; the client is
``http.client`` and costs little). The CLI runs (a new process each: interpreter start, rule loading, check) are
interleaved with the requests so machine noise hits both alike. With --write, the "Web app" section of
docs/benchmarks.md is replaced.

    .venv/bin/python benchmarks/bench_web.py --runs 60 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"
sys.path.insert(0, str(ROOT / "tests"))

BEGIN, END = "<!-- bench_web: begin -->", "<!-- bench_web: end -->"


def post(conn: http.client.HTTPConnection, fmt: str, body: bytes) -> tuple[float, float, int]:
    """(wall ms, CPU ms, bytes) of one request."""
    c0, t0 = time.process_time(), time.perf_counter()
    conn.request("POST", f"/api/check?format={fmt}", body=body, headers={"content-type": "application/yaml"})
    resp = conn.getresponse()
    data = resp.read()
    assert resp.status == 200, data[:300]
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000, len(data)


def cli(fmt: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "legalcheck", "check", str(EXAMPLE), "--format", fmt], cwd=ROOT,
                   env={k: v for k, v in os.environ.items() if k != "LEGALCHECK_CACHE_DIR"},
                   stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0) * 1000


def measure(runs: int, cli_every: int) -> dict[str, list[float]]:
    from web_server import running_app

    body = EXAMPLE.read_bytes()
    out: dict[str, list[float]] = {k: [] for k in ("json wall", "json cpu", "md wall", "md cpu", "cli json",
                                                  "cli md", "startup")}
    t0 = time.perf_counter()
    with running_app() as base:
        out["startup"].append((time.perf_counter() - t0) * 1000)
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port))
        for fmt in ("json", "md"):  # warm-up: first requests import the memo modules
            post(conn, fmt, body)
        for i in range(runs):
            for fmt in ("json", "md"):
                wall, cpu, _ = post(conn, fmt, body)
                out[f"{fmt} wall"].append(wall)
                out[f"{fmt} cpu"].append(cpu)
            if i % cli_every == 0:
                out["cli json"].append(cli("json"))
                out["cli md"].append(cli("md"))
                conn.close()  # the server closes idle keep-alive connections after 5 s
                conn = http.client.HTTPConnection(host, int(port))
        conn.close()
    return out


def report(m: dict[str, list[float]], runs: int) -> str:
    def med(k: str) -> str:
        return f"{statistics.median(m[k]):.1f}"

    def p90(k: str) -> str:
        return f"{statistics.quantiles(m[k], n=10)[-1]:.1f}" if len(m[k]) >= 10 else "n/a"

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        BEGIN,
        "## Web app: `POST /api/check` (issue 13)",
        "",
        f"`benchmarks/bench_web.py --runs {runs}`: the bundled example (`swiss-ngo-somalia.yaml`, four activities) "
        "posted over one keep-alive connection to the app started as `legalcheck serve` starts it, JSON and "
        "Markdown interleaved, with `legalcheck check` (a new process each time) interleaved too. "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs shared with other work (load average "
        f"{load:.1f} at the end of the run). Target: at most 30 ms median for a check through `/api/check`.",
        "",
        "| What | Median (ms) | 90th percentile (ms) | Runs |",
        "|---|---:|---:|---:|",
        f"| `/api/check?format=json`, wall | {med('json wall')} | {p90('json wall')} | {len(m['json wall'])} |",
        f"| `/api/check?format=json`, CPU (client and server) | {med('json cpu')} | {p90('json cpu')} | "
        f"{len(m['json cpu'])} |",
        f"| `/api/check?format=md`, wall | {med('md wall')} | {p90('md wall')} | {len(m['md wall'])} |",
        f"| `/api/check?format=md`, CPU (client and server) | {med('md cpu')} | {p90('md cpu')} | "
        f"{len(m['md cpu'])} |",
        f"| `legalcheck check --format json` (new process) | {med('cli json')} | {p90('cli json')} | "
        f"{len(m['cli json'])} |",
        f"| `legalcheck check --format md` (new process) | {med('cli md')} | {p90('cli md')} | "
        f"{len(m['cli md'])} |",
        f"| App start-up (rules, lists, screening index loaded once) | {med('startup')} | | 1 |",
        "",
        "The app answers from rules, lists and a screening index loaded once at start-up, so a request costs the "
        "check and the rendering only; the CLI pays interpreter start-up and rule loading on every run. The CPU "
        "column is the better guide on a shared machine: wall times include waiting for a core.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write(doc: Path, section: str) -> None:
    text = doc.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--cli-every", type=int, default=6, help="one CLI run of each format per this many requests")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    section = report(measure(args.runs, args.cli_every), args.runs)
    print(section)
    if args.write:
        write(args.write, section)


if __name__ == "__main__":
    main()
