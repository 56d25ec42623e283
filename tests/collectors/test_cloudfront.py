"""CloudFront collector against moto: distributions collected once (global) with behaviours and origins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.cloudfront import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION

[DISTRIBUTIONS] = DATASETS


def _collect(tmp_path: Path) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, DISTRIBUTIONS, account, GLOBAL_REGION)


def distribution_config(reference: str, web_acl: str = "") -> dict[str, Any]:
    return {
        "CallerReference": reference,
        "Comment": reference,
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "api",
                    "DomainName": "api.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                    },
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "api",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
        "WebACLId": web_acl,
    }


def test_distributions_with_behaviours_origins_and_web_acl(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none").items == ()
        cloudfront = boto3.client("cloudfront", region_name="us-east-1")
        created = cloudfront.create_distribution(DistributionConfig=distribution_config("claims", "acl-1"))
        record = _collect(tmp_path / "one")
    [found] = record.items
    assert found.resource_id == created["Distribution"]["ARN"] and found.region == GLOBAL_REGION
    assert found.data["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert found.data["Origins"]["Items"][0]["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert found.data["WebACLId"] == "acl-1" and found.evidence and not found.errors
