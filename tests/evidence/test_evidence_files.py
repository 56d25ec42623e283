"""Evidence files say where they came from (schema 2: collection time, run id, the real account id and the
caller's ARN), and a run written before schema 2 still verifies, re-evaluates and links its evidence."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.aws.sessions import SessionProvider
from scanner.cli.deliver import scan_and_report
from scanner.cli.main import EXIT_OK, main
from scanner.evidence import EVIDENCE_SCHEMA_VERSION, EvidenceStore, Recorder, canonical_json, sha256_hex
from scanner.run.config import RunConfig

REGION = "us-east-1"
NEW_FIELDS = ("schema_version", "run_id", "collected_at", "caller_arn")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small scan under moto (one account, one region, the FSI Athena catalog), read as it is."""
    out = tmp_path_factory.mktemp("evidence") / "run"
    config = RunConfig(out=out, regions=(REGION,), catalogs=("fsi-athena",), pdf=False)
    with mock_aws():
        scan_and_report(config, boto3.Session(region_name=REGION))
    return out


def _evidence(run: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_bytes()) for p in sorted((run / rundir.EVIDENCE).glob("*.json"))}


def test_every_evidence_file_names_its_run_time_and_real_caller(scanned: Path) -> None:
    run = json.loads((scanned / rundir.RUN).read_text())
    started = datetime.fromisoformat(run["started_at"])
    evidence = _evidence(scanned)
    assert evidence
    for record in evidence.values():
        assert record["schema_version"] == EVIDENCE_SCHEMA_VERSION
        assert record["run_id"] == run["run_id"]
        assert record["account_id"] == run["caller"]["account_id"] != "caller"
        assert record["caller_arn"] == run["caller"]["arn"]
        collected = datetime.fromisoformat(record["collected_at"])
        assert started - timedelta(seconds=1) <= collected <= datetime.fromisoformat(run["evaluated_at"])
    operations = {record["operation"] for record in evidence.values()}
    assert "GetCallerIdentity" in operations  # written once the run id was known


def test_a_call_in_another_account_names_the_role_assumed_there(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path), run_id="run-1")
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), recorder, role_name="Audit")
        own = provider.caller()
        other = "222222222222" if own.account_id != "222222222222" else "333333333333"
        assert provider.principal(None).arn == own.arn
        assert provider.principal(other).arn == f"arn:aws:iam::{other}:role/Audit"
        provider.client(None, "s3", REGION).list_buckets()
    [listing] = [r for r in _evidence_in(tmp_path) if r["operation"] == "ListBuckets"]
    assert (listing["account_id"], listing["caller_arn"], listing["run_id"]) == (
        own.account_id,
        own.arn,
        "run-1",
    )


def _evidence_in(directory: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_bytes()) for p in sorted(directory.glob("*.json"))]


def _as_schema_1(run: Path) -> None:
    """Rewrite a run's evidence as a run before schema 2 wrote it (no provenance fields, the scan's own
    account as "caller"), renamed by their new digests and cited by them everywhere, then re-manifested."""
    caller = json.loads((run / rundir.RUN).read_text())["caller"]["account_id"]
    renamed: dict[str, str] = {}
    for path in sorted((run / rundir.EVIDENCE).glob("*.json")):
        record = {k: v for k, v in json.loads(path.read_bytes()).items() if k not in NEW_FIELDS}
        if record["account_id"] == caller:
            record["account_id"] = "caller"
        data = canonical_json(record)
        renamed[path.stem] = sha256_hex(data)
        path.unlink()
        (path.parent / f"{renamed[path.stem]}.json").write_bytes(data)
    digest = re.compile("|".join(renamed))
    for path in [*(run / rundir.INVENTORY).rglob("*.json"), *run.glob("*.jsonl"), run / "report.html"]:
        path.write_text(digest.sub(lambda m: renamed[m[0]], path.read_text()))
    rundir.write_manifest(run)


def test_a_run_from_before_schema_2_verifies_and_re_evaluates(scanned: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(scanned, old)
    _as_schema_1(old)
    assert all("schema_version" not in r for r in _evidence(old).values())
    assert main(["verify", str(old)]) == EXIT_OK
    before = (old / rundir.RESULTS).read_text()
    assert main(["evaluate", "--from", str(old), "--no-pdf"]) == EXIT_OK
    assert (old / rundir.RESULTS).read_text() == before
    assert main(["verify", str(old)]) == EXIT_OK
    cited = {d for line in before.splitlines() for d in json.loads(line)["evidence"]}
    linked = set(re.findall(r'href="evidence/([0-9a-f]{64})\.json"', (old / "report.html").read_text()))
    assert cited and linked and linked <= set(_evidence(old))
