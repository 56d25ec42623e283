"""Account-level Block Public Access, in-process and through a moto server (a custom endpoint)."""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from moto.server import ThreadedMotoServer

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.s3_control import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.model import GLOBAL_REGION

[DATASET] = DATASETS


ALL_ON = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _collect(tmp_path: Path) -> object:
    provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, DATASET, account, GLOBAL_REGION), account


def test_configured_and_absent_account_block_public_access(tmp_path: Path) -> None:
    with mock_aws():
        record, _ = _collect(tmp_path / "a")
        assert record.available  # type: ignore[attr-defined]
        [item] = record.items  # type: ignore[attr-defined]
        assert item["PublicAccessBlockConfiguration"] is None  # not configured: data, not an error
        account = boto3.client("sts").get_caller_identity()["Account"]
        boto3.client("s3control", region_name="us-east-1").put_public_access_block(
            AccountId=account, PublicAccessBlockConfiguration=ALL_ON
        )
        record, _ = _collect(tmp_path / "b")
        [item] = record.items  # type: ignore[attr-defined]
        assert item["PublicAccessBlockConfiguration"] == ALL_ON
        assert item.evidence


def test_works_against_a_custom_endpoint(tmp_path: Path) -> None:
    """boto3 prefixes the s3control host with the account id; on a custom endpoint that host is unknown."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
            record, _ = _collect(tmp_path)
    finally:
        server.stop()
    assert record.available, record.unavailable  # type: ignore[attr-defined]
    assert os.environ.get("AWS_ENDPOINT_URL") is None
