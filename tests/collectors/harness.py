"""How collector tests collect one dataset: in the caller's moto account, or through a stubbed client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord, Item


def collect_in_moto(
    evidence: Path, dataset: Any, region: str, *, home_region: str | None = None, available: bool = False
) -> DatasetRecord:
    """Collect a dataset as a scan does, in the caller's own (moto) account; `available=True` also asserts
    that it was read (else the record's reason is the failure message)."""
    session = boto3.Session(region_name=home_region or region)
    provider = SessionProvider(session, Recorder(EvidenceStore(evidence)))
    record = collect_dataset(provider, dataset, provider.caller().account_id, region)
    if available:
        assert record.available, record.unavailable
    return record


def stub_client(service: str, region: str) -> Any:
    """A client with dummy credentials, for botocore's Stubber (what moto lacks)."""
    return boto3.client(service, region_name=region, aws_access_key_id="x", aws_secret_access_key="x")


def collect_stubbed(
    evidence: Path, dataset: Dataset, client: Any, stubber: Stubber, *, account: str, region: str
) -> list[Item]:
    """Collect through a stubbed client; every queued response must have been asked for."""
    api = Api(
        dataset, lambda _service: client, Recorder(EvidenceStore(evidence)), account_id=account, region=region
    )
    with stubber:
        items = list(dataset.collect(api))
    stubber.assert_no_pending_responses()
    return items
