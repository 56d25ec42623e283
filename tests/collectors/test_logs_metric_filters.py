"""Metric filters with the alarms on their metric (moto), and the security-alarm check over what the
collectors read from moto: a trail delivering to CloudWatch Logs, the benchmark metric filters on its log
group with alarms (cloudtrail.trails, logs.metric-filters) and an EventBridge rule (events.rules), which
proves the shapes the check reads are the ones these collectors produce."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from checks.cloudwatch_security_alarms import API_CALL, CATEGORIES, security_events_alarmed
from demo.seeds.cloudwatch_security_alarms import filter_pattern
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import (
    cloudtrail,
    events,
    logs_metric_filters,
)
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord, Inventory
from scanner.model import Account, Status
from tests.builders import run_check

REGION = "eu-west-1"


ACCOUNT = "111111111111"


[METRIC_FILTERS] = logs_metric_filters.DATASETS


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)


def test_metric_filters_with_the_alarms_on_their_metric(tmp_path: Path) -> None:
    with mock_aws():
        logs = boto3.client("logs", region_name=REGION)
        logs.create_log_group(logGroupName="org-trail")
        logs.put_metric_filter(
            logGroupName="org-trail",
            filterName="athena-calls",
            filterPattern="{ $.eventSource = athena.amazonaws.com }",
            metricTransformations=[
                {"metricName": "AthenaCalls", "metricNamespace": "Audit", "metricValue": "1"}
            ],
        )
        boto3.client("cloudwatch", region_name=REGION).put_metric_alarm(
            AlarmName="athena-calls",
            MetricName="AthenaCalls",
            Namespace="Audit",
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            AlarmActions=[f"arn:aws:sns:{REGION}:{ACCOUNT}:security"],
        )
        record = _collect(tmp_path, METRIC_FILTERS)
    [metric_filter] = record.items
    assert metric_filter.name == "org-trail/athena-calls"
    assert metric_filter.data["filterPattern"] == "{ $.eventSource = athena.amazonaws.com }"
    assert [a["AlarmName"] for a in metric_filter["Alarms"]] == ["athena-calls"]
    assert metric_filter.evidence and not metric_filter.errors


TRAIL_REGION = "us-east-1"


GROUP = "/organization/cloudtrail"


UNWATCHED = "nacl-changes"


def _seed(account: str) -> None:
    s3 = boto3.client("s3", region_name=TRAIL_REGION)
    s3.create_bucket(Bucket="trail-logs")
    logs = boto3.client("logs", region_name=TRAIL_REGION)
    logs.create_log_group(logGroupName=GROUP)
    trail = boto3.client("cloudtrail", region_name=TRAIL_REGION)
    trail.create_trail(
        Name="main",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{TRAIL_REGION}:{account}:log-group:{GROUP}:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:role/CloudTrailToCloudWatchLogs",
    )
    trail.put_event_selectors(
        TrailName="main", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}]
    )
    trail.start_logging(Name="main")
    topic = boto3.client("sns", region_name=TRAIL_REGION).create_topic(Name="security-alarms")["TopicArn"]
    cloudwatch = boto3.client("cloudwatch", region_name=TRAIL_REGION)
    for category in CATEGORIES:
        if category.key in (UNWATCHED, "security-group-changes"):
            continue
        metric = f"cis-{category.cis}"
        logs.put_metric_filter(
            logGroupName=GROUP,
            filterName=category.key,
            filterPattern=filter_pattern(category),
            metricTransformations=[{"metricName": metric, "metricNamespace": "CIS", "metricValue": "1"}],
        )
        cloudwatch.put_metric_alarm(
            AlarmName=metric,
            MetricName=metric,
            Namespace="CIS",
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            AlarmActions=[topic],
        )
    bridge = boto3.client("events", region_name=TRAIL_REGION)
    names = [{"wildcard": "*SecurityGroup*"}]
    pattern = {"source": ["aws.ec2"], "detail-type": [API_CALL], "detail": {"eventName": names}}
    bridge.put_rule(Name="security-groups", EventPattern=json.dumps(pattern), State="ENABLED")
    bridge.put_targets(Rule="security-groups", Targets=[{"Id": "alerts", "Arn": topic}])


def test_collected_filters_alarms_and_rules_decide_the_check(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=TRAIL_REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        _seed(account)
        datasets = (*cloudtrail.DATASETS, *logs_metric_filters.DATASETS, *events.DATASETS)
        wanted = ("cloudtrail.trails", "logs.metric-filters", "events.rules")
        records = [collect_dataset(provider, d, account, TRAIL_REGION) for d in datasets if d.name in wanted]
    assert len(records) == len(wanted) and all(r.available for r in records), records
    inventory = Inventory({r.key: r for r in records})
    [result] = run_check(security_events_alarmed, inventory, accounts=[Account(account, name="scanned")])
    assert result.status is Status.FAIL, result.message
    assert result.details["unwatched"] == ["network ACL changes (CIS 4.11)"]
    watched = result.details["watched_by"]
    assert watched["security-group-changes"] == ["EventBridge rule default/security-groups (us-east-1)"]
    assert watched["vpc-changes"] == ["metric filter /organization/cloudtrail/vpc-changes (alarm cis-4.14)"]
