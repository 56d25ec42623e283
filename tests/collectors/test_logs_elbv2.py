"""CloudWatch Logs and ELBv2 collectors against moto: log groups, load balancers with attributes, listeners
and the rules of HTTP listeners."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.elbv2 import DATASETS as ELB_DATASETS
from scanner.aws.collectors.logs import DATASETS as LOGS_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

[LOG_GROUPS] = LOGS_DATASETS
[LOAD_BALANCERS] = ELB_DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)  # type: ignore[arg-type]


def test_log_groups_with_retention_and_key(tmp_path: Path) -> None:
    with mock_aws():
        key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
        logs = boto3.client("logs", region_name=REGION)
        logs.create_log_group(logGroupName="/app/audit", kmsKeyId=key)
        logs.put_retention_policy(logGroupName="/app/audit", retentionInDays=400)
        logs.create_log_group(logGroupName="/app/debug")
        record = _collect(tmp_path, LOG_GROUPS)
    audit, debug = sorted(record.items, key=lambda i: i.name)
    assert audit.resource_id.endswith(":log-group:/app/audit") and audit.name == "/app/audit"
    assert audit.data["retentionInDays"] == 400 and audit.data["kmsKeyId"] == key
    assert "retentionInDays" not in debug.data and "kmsKeyId" not in debug.data
    assert record.evidence or audit.evidence


def test_load_balancers_with_attributes_listeners_and_http_rules(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        elb = boto3.client("elbv2", region_name=REGION)
        arn = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
        elb.modify_load_balancer_attributes(
            LoadBalancerArn=arn,
            Attributes=[
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": "elb-logs"},
            ],
        )
        redirect = {
            "Type": "redirect",
            "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
        }
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=[redirect])
        record = _collect(tmp_path, LOAD_BALANCERS)
    [balancer] = record.items
    assert balancer.resource_id == arn and balancer.name == "web" and not balancer.errors
    assert balancer["Attributes"]["access_logs.s3.enabled"] == "true"
    [listener] = balancer["Listeners"]
    assert listener["Protocol"] == "HTTP"
    [default_rule] = listener["Rules"]
    assert default_rule["IsDefault"] and default_rule["Actions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"
    assert balancer.evidence
