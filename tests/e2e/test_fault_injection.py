"""Faults never turn into a wrong verdict: the same organization scanned without faults and at 30% faults.

The CLI runs as a separate process against a seeded fault-injecting proxy (tests/e2e/fault_proxy.py) in front
of a moto server holding a small organization. With faults the scan must still finish (exit 0); no result may
be PASS that was not PASS without faults, no control SATISFIED or INHERITED that was not so without; and every
result of the clean scan is there again, as itself or covered by an ERROR of the same check and account.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from moto.server import ThreadedMotoServer

from tests.e2e.bare_org import BareOrg, build_bare_org, scan_environment
from tests.e2e.fault_proxy import FaultPlan, fault_proxy

SEED = 20261207
# The scan's scope must be readable for the two runs to be comparable: who the caller is and which accounts
# the organization has. Everything else, AssumeRole included, may fail.
SPARED = frozenset(
    {"sts:GetCallerIdentity", "organizations:ListAccounts", "organizations:DescribeOrganization"}
)
MET = frozenset({"SATISFIED", "INHERITED"})


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset, timeout=30)  # moto servers in one process share their state
    yield endpoint
    urllib.request.urlopen(reset, timeout=30)
    server.stop()


@pytest.fixture(scope="module")
def organization(moto_server: str) -> BareOrg:
    return build_bare_org(moto_server, members=2, buckets=2, regions=("us-east-1",))


@dataclass(frozen=True)
class Scanned:
    returncode: int
    stderr: str
    results: dict[tuple[str, str, str], list[dict[str, Any]]]  # (check, account, resource) -> its rows
    controls: dict[tuple[str, str, str], str]
    plan: FaultPlan


def _scan(endpoint: str, rate: float, home: Path) -> Scanned:
    plan = FaultPlan(rate=rate, seed=SEED, spared=SPARED)
    out = home / "run"
    with fault_proxy(endpoint, plan) as proxy:
        env = scan_environment(proxy, home)
        command = [
            sys.executable,
            "-m",
            "scanner.cli.main",
            "scan",
            "--org",
            "--regions",
            "us-east-1",
            "--no-pdf",
        ]
        command += ["--throttle-attempts", "3", "--throttle-wait", "2", "--out", str(out)]
        command += ["--workers", "32"]  # under faults most collectors wait to retry: let more wait at once
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        return Scanned(done.returncode, done.stderr, {}, {}, plan)
    # A resource is matched on its identity, not its region: a bucket whose GetBucketLocation failed is filed
    # under "global" and keeps its verdict where that verdict does not need the region.
    results: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in map(json.loads, (out / "results.jsonl").read_text().splitlines()):
        results.setdefault((row["check_id"], row["account_id"], row["resource_id"]), []).append(row)
    controls = {
        (c["catalog"], c["control_id"], c["account_id"]): c["status"]
        for c in map(json.loads, (out / "controls.jsonl").read_text().splitlines())
    }
    return Scanned(done.returncode, done.stderr, results, controls, plan)


@pytest.fixture(scope="module")
def scans(
    moto_server: str, organization: BareOrg, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Scanned, Scanned]:
    """The clean and the faulted scan, run side by side: the faulted one spends most of its time waiting to
    retry. Each has its own proxy and fault plan; both only read the organization."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        clean = pool.submit(_scan, moto_server, 0.0, tmp_path_factory.mktemp("clean"))
        faulted = pool.submit(_scan, moto_server, 0.30, tmp_path_factory.mktemp("faulted"))
        return clean.result(), faulted.result()


@pytest.fixture(scope="module")
def clean(scans: tuple[Scanned, Scanned]) -> Scanned:
    return scans[0]


@pytest.fixture(scope="module")
def faulted(scans: tuple[Scanned, Scanned]) -> Scanned:
    return scans[1]


def test_both_scans_finish(clean: Scanned, faulted: Scanned) -> None:
    assert clean.returncode == 0, clean.stderr[-2000:]
    assert faulted.returncode == 0, faulted.stderr[-2000:]
    assert sum(faulted.plan.injected.values()) > 50, faulted.plan.injected  # the faults really happened
    assert "Traceback" not in faulted.stderr


def test_no_pass_appears_under_faults(clean: Scanned, faulted: Scanned) -> None:
    wrong = [
        key
        for key, rows in faulted.results.items()
        if any(r["status"] == "PASS" for r in rows)
        and not any(r["status"] == "PASS" for r in clean.results.get(key, []))
    ]
    assert not wrong, wrong[:20]


def test_no_control_is_met_under_faults_that_was_not_met_without(clean: Scanned, faulted: Scanned) -> None:
    wrong = [
        key for key, status in faulted.controls.items() if status in MET and clean.controls.get(key) != status
    ]
    assert not wrong, wrong[:20]


def test_every_clean_result_is_there_again_or_not_evaluated(clean: Scanned, faulted: Scanned) -> None:
    errors = {
        (k[0], k[1]) for k, rows in faulted.results.items() if any(r["status"] == "ERROR" for r in rows)
    }
    missing = [key for key in clean.results if key not in faulted.results and (key[0], key[1]) not in errors]
    assert not missing, missing[:20]
    assert {k[1] for k in clean.results} == {k[1] for k in faulted.results}
