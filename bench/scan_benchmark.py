"""Benchmark: scan a simulated organization of N accounts held in a moto server on 127.0.0.1; print numbers.

Usage: python bench/scan_benchmark.py [--accounts N] [--regions us-east-1,eu-west-2] [--workers W] [--pdf]
                                      [--bare] [--buckets B]

The organization has OUs and SCPs along the OU paths (tests/e2e/bare_org.py); `--bare` adds nothing else,
otherwise each member gets B buckets and an Athena workgroup per region. Prints the scan's wall time (a
separate process, as a user runs it), the AWS API calls it made, its peak resident memory, result counts, and
why results are ERROR (moto lacks many operations). Not a test: nothing is asserted; track the numbers.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from moto.server import ThreadedMotoServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scanner import rundir
from tests.e2e.bare_org import build_bare_org, scan_environment


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--regions", default="us-east-1,eu-west-2")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--pdf", action="store_true", help="also render the PDF (off by default)")
    parser.add_argument("--bare", action="store_true", help="only OUs, accounts and SCPs")
    parser.add_argument("--keep", type=Path, default=None, help="write the run here instead of a temp dir")
    parser.add_argument("--buckets", type=int, default=3, help="S3 buckets per member (without --bare)")
    args = parser.parse_args()
    regions = [r for r in args.regions.split(",") if r]

    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # the moto server logs every request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    started = time.perf_counter()
    if args.bare:
        build_bare_org(endpoint, args.accounts - 1)
    else:
        build_bare_org(endpoint, args.accounts - 1, buckets=args.buckets, regions=tuple(regions))
    setup_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "run"
        env = scan_environment(endpoint, Path(tmp))
        command = [
            sys.executable,
            "-m",
            "scanner.cli.main",
            "scan",
            "--org",
            "--regions",
            ",".join(regions),
            "--workers",
            str(args.workers),
            "--out",
            str(out),
        ]
        if not args.pdf:
            command.append("--no-pdf")
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        server.stop()
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        run = rundir.read_run(out)
        results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
        statuses: dict[str, int] = {}
        for row in results:
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        evidence_files = sum(1 for _ in (out / "evidence").glob("*.json"))
        reasons: dict[str, int] = {}
        for row in results:
            if row["status"] == "ERROR":
                why = row["message"].removeprefix("not evaluated: ").split(":")[0]
                reasons[why] = reasons.get(why, 0) + 1

    print(f"accounts            {args.accounts}")
    print(f"regions             {len(regions)} ({','.join(regions)})")
    print(f"workers             {args.workers}")
    print(f"org setup (s)       {setup_seconds:.1f}")
    print(f"scan wall time (s)  {wall:.2f}")
    print(f"api calls           {run.api_calls}")
    print(f"evidence files      {evidence_files}")
    print(f"peak memory (MiB)   {peak_kib / 1024:.1f}")
    print(f"results             {len(results)} {json.dumps(statuses, sort_keys=True)}")
    print(f"ERROR reasons       {json.dumps(reasons, sort_keys=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
