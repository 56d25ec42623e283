"""Benchmark: scan a simulated organization of N accounts held in a moto server on 127.0.0.1; print numbers.

Usage: python bench/scan_benchmark.py [--accounts N] [--regions us-east-1,eu-west-2] [--workers W] [--pdf]

Prints the scan's wall time (a separate process, as a user runs it), the AWS API calls it made, its peak
resident memory, and result counts. Not a test: nothing is asserted; track the numbers over time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer


def build_org(endpoint: str, accounts: int, regions: list[str]) -> None:
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench")
    org = session.client("organizations", endpoint_url=endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
    sts = session.client("sts", endpoint_url=endpoint)
    for index in range(accounts - 1):
        account_id = org.create_account(AccountName=f"acct-{index}", Email=f"a{index}@example.com")[
            "CreateAccountStatus"
        ]["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ou)
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="bench"
        )["Credentials"]
        member = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name="us-east-1",
        )
        s3 = member.client("s3", endpoint_url=endpoint)
        for bucket in range(3):
            s3.create_bucket(Bucket=f"bench-{account_id}-{bucket}")
        for region in regions:
            member.client("athena", region_name=region, endpoint_url=endpoint).create_work_group(Name="wg")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--regions", default="us-east-1,eu-west-2")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--pdf", action="store_true", help="also render the PDF (off by default)")
    args = parser.parse_args()
    regions = [r for r in args.regions.split(",") if r]

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the moto server logs every request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    started = time.perf_counter()
    build_org(endpoint, args.accounts, regions)
    setup_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env |= {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
        command = [
            sys.executable,
            "-m",
            "scanner.cli",
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
        run = json.loads((out / "run.json").read_text())
        results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
        statuses: dict[str, int] = {}
        for row in results:
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        evidence_files = sum(1 for _ in (out / "evidence").glob("*.json"))

    print(f"accounts            {args.accounts}")
    print(f"regions             {len(regions)} ({','.join(regions)})")
    print(f"workers             {args.workers}")
    print(f"org setup (s)       {setup_seconds:.1f}")
    print(f"scan wall time (s)  {wall:.2f}")
    print(f"api calls           {run['api_calls']}")
    print(f"evidence files      {evidence_files}")
    print(f"peak memory (MiB)   {peak_kib / 1024:.1f}")
    print(f"results             {len(results)} {json.dumps(statuses, sort_keys=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
