"""Benchmark ``aftersales report`` over a generated file: wall time and peak memory.

Usage: python benchmarks/bench_report.py [--tickets N] [--full] [--keep DIR]

Generates a data set with the sample generator (``aftersales sample``: about 0.6
customers, 0.9 purchases and 0.4 survey responses per ticket), then runs the command a
user would run, in a fresh process::

    aftersales report --tickets tickets.jsonl --surveys surveys.jsonl \\
        --purchases purchases.jsonl --commitment electronics_shop.toml --format json

It measures the wall time and the peak resident set size of that process with
``/usr/bin/time -v`` when it is there, else with ``resource.getrusage`` on the child.
The default is 100,000 tickets so that ``make bench`` stays within a few minutes;
``--full`` runs the 1,000,000-ticket benchmark of the issue.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aftersales_core.sample import data_files, write

TIME = "/usr/bin/time"


def measure(command: list[str]) -> tuple[float, float]:
    """Run ``command``; return its wall time (s) and peak RSS (MB)."""
    if os.path.exists(TIME) and _gnu_time():
        start = time.perf_counter()
        done = subprocess.run([TIME, "-v", *command], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(done.stderr)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        elapsed = re.search(
            r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr
        )
        if elapsed:
            hours, minutes, seconds = elapsed.groups()
            wall = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
        assert rss is not None, done.stderr
        return wall, int(rss.group(1)) / 1024
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB on Linux


def _gnu_time() -> bool:
    probe = subprocess.run([TIME, "-v", "true"], capture_output=True, text=True, check=False)
    return "Maximum resident set size" in probe.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="tickets to generate")
    parser.add_argument("--full", action="store_true", help="1,000,000 tickets (the issue's size)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the files")
    args = parser.parse_args()
    size = 1_000_000 if args.full else args.tickets
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        files = write(folder, size=size)
        generated = time.perf_counter() - start
        commitment = data_files()["commitment"]
        megabytes = sum(p.stat().st_size for p in files.values()) / 1e6
        out = folder / "report.json"
        command = [
            sys.executable, "-m", "aftersales_core", "report",
            "--tickets", str(files["tickets"]), "--surveys", str(files["surveys"]),
            "--purchases", str(files["purchases"]), "--commitment", str(commitment),
            "--format", "json", "--out", str(out), "--no-progress",
        ]  # fmt: skip
        wall, rss = measure(command)
        report = json.loads(out.read_text(encoding="utf-8"))
        assert report["tickets"]["n"] == size, report["tickets"]
        print(f"## aftersales report over {size:,} tickets\n")
        print(
            "| tickets | survey responses | customers | input MB | generate s | report s | tickets/s | peak RSS MB |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        surveys = report["satisfaction"]["nps"]["n"]
        customers = report["customers_with_purchases"]
        print(
            f"| {size:,} | {surveys:,} | {customers:,} | {megabytes:,.0f} | "
            f"{generated:,.1f} | {wall:,.1f} | {size / wall:,.0f} | {rss:,.0f} |"
        )
        fr = report["sla"]["overall"]["first_response"]["score"]
        rs = report["sla"]["overall"]["resolution"]["score"]
        print(
            f"\nSLA met: first response {fr:.1f}%, resolution {rs:.1f}%; NPS {report['satisfaction']['nps']['score']:+.1f}."
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
