"""The security-alarm check over what the collectors read from moto: a trail delivering to CloudWatch Logs,
the benchmark metric filters on its log group with alarms (cloudtrail.trails, logs.metric-filters) and an
EventBridge rule (events.rules). No new collector: this proves the shapes the check reads are the ones the
existing collectors produce."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from checks.cloudwatch_security_alarms import API_CALL, CATEGORIES, security_events_alarmed
from demo.seeds.security_alarms import filter_pattern
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import cloudtrail, events, logs_metric_filters
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Inventory
from scanner.model import Account, Status
from tests.builders import run_check

REGION = "us-east-1"
GROUP = "/organization/cloudtrail"
UNWATCHED = "nacl-changes"


def _seed(account: str) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="trail-logs")
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName=GROUP)
    trail = boto3.client("cloudtrail", region_name=REGION)
    trail.create_trail(
        Name="main",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{REGION}:{account}:log-group:{GROUP}:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:role/CloudTrailToCloudWatchLogs",
    )
    trail.put_event_selectors(
        TrailName="main", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}]
    )
    trail.start_logging(Name="main")
    topic = boto3.client("sns", region_name=REGION).create_topic(Name="security-alarms")["TopicArn"]
    cloudwatch = boto3.client("cloudwatch", region_name=REGION)
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
    bridge = boto3.client("events", region_name=REGION)
    names = [{"wildcard": "*SecurityGroup*"}]
    pattern = {"source": ["aws.ec2"], "detail-type": [API_CALL], "detail": {"eventName": names}}
    bridge.put_rule(Name="security-groups", EventPattern=json.dumps(pattern), State="ENABLED")
    bridge.put_targets(Rule="security-groups", Targets=[{"Id": "alerts", "Arn": topic}])


def test_collected_filters_alarms_and_rules_decide_the_check(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        _seed(account)
        datasets = (*cloudtrail.DATASETS, *logs_metric_filters.DATASETS, *events.DATASETS)
        wanted = ("cloudtrail.trails", "logs.metric-filters", "events.rules")
        records = [collect_dataset(provider, d, account, REGION) for d in datasets if d.name in wanted]
    assert len(records) == len(wanted) and all(r.available for r in records), records
    inventory = Inventory({r.key: r for r in records})
    [result] = run_check(security_events_alarmed, inventory, accounts=[Account(account, name="scanned")])
    assert result.status is Status.FAIL, result.message
    assert result.details["unwatched"] == ["network ACL changes (CIS 4.11)"]
    watched = result.details["watched_by"]
    assert watched["security-group-changes"] == ["EventBridge rule default/security-groups (us-east-1)"]
    assert watched["vpc-changes"] == ["metric filter /organization/cloudtrail/vpc-changes (alarm cis-4.14)"]
