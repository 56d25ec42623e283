"""OpenSearch collector against moto: domains with the DescribeDomain status the hardening check reads."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.opensearch import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[DOMAINS] = DATASETS
REGION = "eu-west-1"


def test_domains_with_their_status(tmp_path: Path) -> None:
    with mock_aws():
        opensearch = boto3.client("opensearch", region_name=REGION)
        opensearch.create_domain(
            DomainName="security-logs",
            EncryptionAtRestOptions={"Enabled": True},
            DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        )
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        record = collect_dataset(provider, DOMAINS, account, REGION)
    [found] = record.items
    assert found.resource_id == f"arn:aws:es:{REGION}:{account}:domain/security-logs"
    assert found["Domain"]["EncryptionAtRestOptions"] == {"Enabled": True}
    assert found["Domain"]["DomainEndpointOptions"]["TLSSecurityPolicy"] == "Policy-Min-TLS-1-2-2019-07"
    assert found.evidence and not found.errors
