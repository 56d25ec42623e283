"""CloudTrail collector against moto: a trail with its status and advanced event selectors."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from checks.cloudtrail import data_event_coverage
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.cloudtrail import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[TRAILS] = DATASETS
REGION = "eu-west-1"
DATA_EVENTS = [
    {"Field": "eventCategory", "Equals": ["Data"]},
    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::athena-data/"]},
]


def test_trail_with_status_and_advanced_selectors(tmp_path: Path) -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="trail-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
        cloudtrail = boto3.client("cloudtrail", region_name=REGION)
        cloudtrail.create_trail(Name="main", S3BucketName="trail-logs", IsMultiRegionTrail=True)
        cloudtrail.put_event_selectors(
            TrailName="main", AdvancedEventSelectors=[{"Name": "s3", "FieldSelectors": DATA_EVENTS}]
        )
        cloudtrail.start_logging(Name="main")
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, TRAILS, provider.caller().account_id, REGION)
    [trail] = record.items
    assert trail.data["S3BucketName"] == "trail-logs" and trail["Status"]["IsLogging"]
    assert data_event_coverage(trail["EventSelectors"], "aws", "athena-data").complete
    assert not data_event_coverage(trail["EventSelectors"], "aws", "other").reads
    assert trail.evidence and not trail.errors
