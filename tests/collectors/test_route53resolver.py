"""Route 53 Resolver query logging associations, collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors import route53resolver
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

BY_NAME = {d.name: d for d in route53resolver.DATASETS}


REGION = "eu-west-1"


def _collect(directory: Path, name: str) -> DatasetRecord:
    return collect_in_moto(directory, BY_NAME[name], REGION)


def test_query_log_associations(tmp_path: Path) -> None:
    with mock_aws():
        vpc_id = boto3.client("ec2", region_name=REGION).create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        resolver = boto3.client("route53resolver", region_name=REGION)
        config = resolver.create_resolver_query_log_config(
            Name="central-dns", DestinationArn="arn:aws:s3:::dns-query-logs", CreatorRequestId="test"
        )["ResolverQueryLogConfig"]
        resolver.associate_resolver_query_log_config(ResolverQueryLogConfigId=config["Id"], ResourceId=vpc_id)
        record = _collect(tmp_path, "route53resolver.query-log-associations")
    [association] = record.items
    assert association.data["ResourceId"] == vpc_id and association.data["Status"] == "ACTIVE"
    assert association.data["ResolverQueryLogConfigId"] == config["Id"] and association.evidence
