"""Benchmark: render the HTML and PDF reports of a large run; print numbers.

Usage: python bench/report_benchmark.py [--results 10000] [--accounts-copies 1] [--keep DIR]

Runs the built-in demo (a simulated organization of seven accounts, no PDF), then grows its result table to
the requested size by repeating each account's resources under new names (so every copy is a distinct
finding with the same verdict and evidence), optionally repeats the accounts too, and re-renders the reports
with `controlmap report` as a separate process, as a user would: HTML only, then with the executive PDF, then
with every pack's PDF. Prints the wall times, each PDF's page count, their size, and the render's peak memory.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from scanner import rundir
from scanner.model import ControlResult, Result


def _grow_results(results: list[Result], target: int) -> list[Result]:
    grown = list(results)
    for copy in itertools.count(1):
        for result in results:
            if len(grown) >= target:
                return grown
            grown.append(dataclasses.replace(result, resource_id=f"{result.resource_id}-copy{copy}"))
    return grown


def _copy_accounts(out: Path, copies: int) -> None:
    """Repeat every account (its results and controls) under new account ids."""
    run = rundir.read_run(out)
    accounts = list(run.accounts)
    results, controls = rundir.read_results(out), rundir.read_controls(out)
    new_accounts, new_results, new_controls = list(accounts), list(results), list(controls)
    placements = dict(run.placements)
    for copy in range(1, copies):
        ids = {a.account_id: f"{(int(a.account_id) + copy * 7919) % 10**12:012d}" for a in accounts}
        new_accounts += [
            dataclasses.replace(a, account_id=ids[a.account_id], name=f"{a.name}-{copy}") for a in accounts
        ]
        new_results += [
            dataclasses.replace(r, account_id=ids.get(r.account_id, r.account_id)) for r in results
        ]
        new_controls += [
            dataclasses.replace(c, account_id=ids.get(c.account_id, c.account_id)) for c in controls
        ]
        placements.update({ids[k]: v for k, v in run.placements.items() if k in ids})
    evaluation = dataclasses.replace(run.evaluation, placements=placements) if run.evaluation else None
    rundir.write_run(out, dataclasses.replace(run, accounts=tuple(new_accounts), evaluation=evaluation))
    rundir.write_results(out, new_results)
    rundir.write_controls(out, new_controls)


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds, and the peak resident memory in MiB of the largest child process so far."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=10_000)
    parser.add_argument("--accounts-copies", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="write the run here instead of a temp folder")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "scanner.cli"]
    with tempfile.TemporaryDirectory(prefix="controlmap-bench-") as tmp:
        out = args.keep or Path(tmp) / "run"
        env = {**os.environ, "CONTROLMAP_HISTORY": str(Path(tmp) / "history.sqlite")}
        subprocess.run(
            [*cli, "demo", "--out", str(out), "--no-pdf"], check=True, stdout=subprocess.DEVNULL, env=env
        )
        _copy_accounts(out, args.accounts_copies)
        rundir.write_results(out, _grow_results(rundir.read_results(out), args.results))
        results = rundir.read_results(out)
        controls: list[ControlResult] = rundir.read_controls(out)
        html_seconds, _ = _timed([*cli, "report", "--from", str(out), "--no-pdf"], env)
        executive_seconds, _ = _timed([*cli, "report", "--from", str(out), "--pack-by", "none"], env)
        both_seconds, peak = _timed([*cli, "report", "--from", str(out)], env)
        pdfs = sorted(out.glob("*.pdf")) + sorted((out / "packs").glob("*.pdf"))
        pages = {str(pdf.relative_to(out)): len(PdfReader(pdf).pages) for pdf in pdfs}
        figures = {
            "results": len(results),
            "accounts": len(rundir.read_run(out).accounts),
            "control_rows": len(controls),
            "html_only_seconds": round(html_seconds, 1),
            "html_and_executive_pdf_seconds": round(executive_seconds, 1),
            "html_executive_and_pack_pdfs_seconds": round(both_seconds, 1),
            "pdf_pages": pages,
            "largest_pdf_pages": max(pages.values(), default=0),
            "pdf_mib_total": round(sum(pdf.stat().st_size for pdf in pdfs) / 2**20, 1),
            "html_mib": round((out / rundir.REPORT_HTML).stat().st_size / 2**20, 1),
            "peak_rss_mib_largest_process": round(peak, 1),
        }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
