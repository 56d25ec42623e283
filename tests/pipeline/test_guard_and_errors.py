"""Read-only guard, and the rule that unknown is never PASS: AccessDenied, throttling, disabled regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.aws.collectors.base import Api
from scanner.aws.sessions import SessionProvider, is_permitted
from scanner.datasets import Dataset, Reach
from scanner.errors import ReadOnlyViolationError, UndeclaredOperationError
from scanner.evaluate.registry import build_registry
from scanner.evidence import EvidenceStore, Recorder
from scanner.run import pipeline
from scanner.run.config import RunConfig
from tests.builders import aws_error

TEST_CATALOG = """
id: test-catalog
title: Test catalog
version: "1"
groups:
  - id: g
    title: Group
    controls:
      - id: encryption
        title: Buckets encrypted
        summary: Buckets encrypt by default.
        phase: both
        treatment: automated
        checks: [s3.bucket.default-encryption]
      - id: workgroups
        title: Workgroups encrypted
        summary: Athena workgroups encrypt results.
        phase: both
        treatment: automated
        checks: [athena.workgroup.results-encrypted]
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(TEST_CATALOG)
    return path


def _config(out: Path, catalog: Path, regions: tuple[str, ...] = ("us-east-1",)) -> RunConfig:
    """A scan of the caller's account against TEST_CATALOG alone: the checks these tests look at."""
    return RunConfig(
        out=out, regions=regions, catalogs=("test-catalog",), catalog_paths=(catalog,), pdf=False
    )


def _results(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("create_bucket", {"Bucket": "x"}),
        ("delete_bucket", {"Bucket": "x"}),
        ("put_bucket_policy", {"Bucket": "x", "Policy": "{}"}),
    ],
)
def test_guard_refuses_writes_before_they_are_sent(operation: str, params: dict[str, Any]) -> None:
    with mock_aws():
        recorder = Recorder(EvidenceStore(Path("/nonexistent-never-written")))
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), recorder)
        client = provider.client(None, "s3", "us-east-1")
        with pytest.raises(ReadOnlyViolationError, match="only reads"):
            getattr(client, operation)(**params)
        assert (
            boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"] == []
        )  # nothing was created
        assert recorder.calls == 0  # and nothing was sent


def test_guard_allows_reads_and_the_short_allowlist() -> None:
    assert is_permitted("s3", "ListBuckets")
    assert is_permitted("iam", "GetAccountSummary")
    assert is_permitted("sts", "AssumeRole")
    assert not is_permitted("iam", "GenerateCredentialReport")  # no collector declares it (starts a job)
    assert not is_permitted("s3", "PutBucketPolicy")
    assert not is_permitted("ec2", "RunInstances")
    assert not is_permitted("secretsmanager", "GetSecretValue")  # a read that would put secrets into evidence


def test_guard_covers_clients_in_assumed_member_accounts(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
        provider.caller()
        member = provider.client("222222222222", "ec2", "us-east-1")
        assert member.describe_vpcs()["Vpcs"] is not None  # reads go through in the member account
        with pytest.raises(ReadOnlyViolationError, match="RunInstances"):
            member.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)


def test_undeclared_operation_is_refused(tmp_path: Path) -> None:
    dataset = Dataset(
        "t.test",
        "s3",
        Reach.GLOBAL,
        "test",
        calls={"ListBuckets": "s3:ListAllMyBuckets"},
        collect=lambda api: [],
    )
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
        api = Api(
            dataset,
            lambda s: provider.client(None, s, "us-east-1"),
            provider.recorder,
            account_id="123456789012",
            region="global",
        )
        api.call("list_buckets")
        with pytest.raises(UndeclaredOperationError, match="GetBucketPolicy"):
            api.call("get_bucket_policy", Bucket="b")


def _seed(session: boto3.Session) -> None:
    s3 = session.client("s3")
    s3.create_bucket(Bucket="plain")
    session.client("athena").create_work_group(
        Name="wg", Configuration={"EnforceWorkGroupConfiguration": True}
    )


def test_access_denied_on_a_detail_call_gives_error_for_that_resource(tmp_path: Path, catalog: Path) -> None:
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        _seed(base)
        base.events.register("before-call.s3.GetBucketEncryption", aws_error("AccessDenied", 403))
        out = tmp_path / "run"
        pipeline.scan(_config(out, catalog), base)
    rows = [r for r in _results(out) if r["check_id"] == "s3.bucket.default-encryption"]
    assert [r["status"] for r in rows] == ["ERROR"]
    assert "access-denied" in rows[0]["message"] and "AccessDenied" in rows[0]["message"]
    controls = [json.loads(line) for line in (out / rundir.CONTROLS).read_text().splitlines()]
    encryption = next(c for c in controls if c["control_id"] == "encryption")
    assert encryption["status"] == "NOT_EVALUATED"  # never satisfied on unknown data


def test_access_denied_on_a_listing_gives_error_not_pass(tmp_path: Path, catalog: Path) -> None:
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        _seed(base)
        base.events.register("before-call.athena.ListWorkGroups", aws_error("AccessDeniedException", 400))
        out = tmp_path / "run"
        pipeline.scan(_config(out, catalog), base)
    rows = [r for r in _results(out) if r["check_id"] == "athena.workgroup.results-encrypted"]
    assert [r["status"] for r in rows] == ["ERROR"]
    assert "ListWorkGroups" in rows[0]["message"]


def test_throttling_after_retries_gives_error(tmp_path: Path, catalog: Path) -> None:
    calls = {"n": 0}
    throttle = aws_error("ThrottlingException", 400)

    def counting(**kwargs: Any) -> Any:
        calls["n"] += 1
        return throttle(**kwargs)

    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        _seed(base)
        base.events.register("before-call.athena.ListWorkGroups", counting)
        out = tmp_path / "run"
        pipeline.scan(_config(out, catalog), base)
    rows = [r for r in _results(out) if r["check_id"] == "athena.workgroup.results-encrypted"]
    assert [r["status"] for r in rows] == ["ERROR"]
    assert "throttled" in rows[0]["message"]


def test_disabled_region_gives_error(tmp_path: Path, catalog: Path) -> None:
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        _seed(base)
        out = tmp_path / "run"
        pipeline.scan(_config(out, catalog, ("us-east-1", "xx-nowhere-1")), base)
    rows = [r for r in _results(out) if r["check_id"] == "athena.workgroup.results-encrypted"]
    by_region = {r["region"]: r for r in rows if r["region"] == "xx-nowhere-1"}
    assert by_region["xx-nowhere-1"]["status"] == "ERROR"
    assert "not enabled" in by_region["xx-nowhere-1"]["message"]
    run = json.loads((out / rundir.RUN).read_text())
    assert list(run["disabled_regions"].values()) == [["xx-nowhere-1"]]


def test_evidence_is_redacted_before_it_is_stored(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    digest = store.put(
        {
            "response": {
                "Credentials": {"AccessKeyId": "AKIA", "SecretAccessKey": "s3cr3t", "SessionToken": "tok"},
                "ConnectionProperties": {"PASSWORD": "hunter2", "USERNAME": "bob"},
            }
        }
    )
    from scanner.evidence import redact

    stored = (tmp_path / f"{digest}.json").read_text()
    assert "s3cr3t" not in stored and "hunter2" not in stored and "tok" not in stored
    assert "bob" in stored and "AKIA" in stored
    assert redact({"MinimumPasswordLength": 14}) == {"MinimumPasswordLength": 14}


def test_member_account_whose_role_cannot_be_assumed_gives_errors(tmp_path: Path, catalog: Path) -> None:
    from demo.world import build_organization

    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        demo = build_organization(base)
        locked = demo.accounts["tenant-b"]

        def deny_locked(params: dict[str, Any], **kwargs: Any) -> Any:
            if locked in str(params.get("body", "")):
                return aws_error("AccessDenied", 403)(**kwargs)
            return None

        base.events.register("before-call.sts.AssumeRole", deny_locked)
        out = tmp_path / "run"
        pipeline.scan(
            RunConfig(out=out, org=True, regions=("us-east-1",), catalog_paths=(catalog,), pdf=False), base
        )
    rows = _results(out)
    # Checks that rest only on organization data (read from the management account, such as the SCPs on
    # the account's path) can still be decided; everything resting on the account's own data is ERROR.
    registry = build_registry()
    org_only = {
        cid
        for cid, spec in registry.checks.items()
        if all(registry.datasets[name].org_level for name in spec.uses)
    }
    locked_rows = [r for r in rows if r["account_id"] == locked and r["check_id"] not in org_only]
    assert locked_rows and all(r["status"] == "ERROR" for r in locked_rows)
    assert all("AccessDenied" in r["message"] for r in locked_rows)
    others = [r for r in rows if r["account_id"] != locked]
    assert any(r["status"] in ("PASS", "FAIL") for r in others)
