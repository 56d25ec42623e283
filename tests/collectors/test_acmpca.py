"""Private CA collector against moto (which implements acm-pca): each owned CA with its configuration."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.acmpca import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[CERTIFICATE_AUTHORITIES] = DATASETS
REGION = "eu-west-1"


def test_certificate_authorities_with_algorithms_and_revocation(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        assert collect_dataset(provider, CERTIFICATE_AUTHORITIES, account, REGION).items == ()
        arn = boto3.client("acm-pca", region_name=REGION).create_certificate_authority(
            CertificateAuthorityConfiguration={
                "KeyAlgorithm": "EC_prime256v1",
                "SigningAlgorithm": "SHA256WITHECDSA",
                "Subject": {"CommonName": "hybrid-hosts"},
            },
            RevocationConfiguration={"CrlConfiguration": {"Enabled": True, "S3BucketName": "crl"}},
            CertificateAuthorityType="ROOT",
        )["CertificateAuthorityArn"]
        [authority] = collect_dataset(provider, CERTIFICATE_AUTHORITIES, account, REGION).items
    assert authority.resource_id == arn and authority.name == "hybrid-hosts"
    assert authority.data["Status"] == "PENDING_CERTIFICATE"
    assert authority.data["CertificateAuthorityConfiguration"]["KeyAlgorithm"] == "EC_prime256v1"
    assert authority.data["RevocationConfiguration"]["CrlConfiguration"]["Enabled"] is True
    assert authority.evidence and not authority.errors
