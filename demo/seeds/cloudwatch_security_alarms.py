"""Demo: CIS security alarms on the organization trail. The management account's trail also delivers to a
CloudWatch Logs group there, with a metric filter and an alarm notifying an SNS topic for each CIS monitoring
category except network gateway changes (never built) and network ACL changes (its alarm is still muted
from testing). The networking account closes both gaps for itself with EventBridge rules in both regions
forwarding to the security account's bus; every other account shows the two categories as unwatched."""

from __future__ import annotations

import json
from typing import Any

from checks.cloudwatch_security_alarms import API_CALL, CATEGORIES, Category
from demo.seeds._lib.events import security_bus_arn
from demo.seeds._lib.iam import service_trust
from demo.seeds.cloudtrail import TRAIL
from demo.world import DEMO_REGIONS, HOME, DemoWorld

AFTER = ("cloudtrail",)  # the organization trail, which it also sends to CloudWatch Logs

LOG_GROUP = "/organization/cloudtrail"
NAMESPACE = "CISBenchmark"
NOT_BUILT = "network-gateway-changes"
MUTED = "nacl-changes"
# The benchmark's own patterns for the categories not defined by event names alone (CIS AWS Foundations
# v3.0.0, 4.1, 4.2, 4.3 and 4.6); the others are built from the event names of checks.security_alarms.
SPECIAL_PATTERNS = {
    "unauthorized-api-calls": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
    '&& ($.sourceIPAddress != "delivers.aws.internal") && ($.eventName != "HeadBucket") }',
    "console-sign-in-without-mfa": '{ ($.eventName = "ConsoleLogin") '
    '&& ($.additionalEventData.MFAUsed != "Yes") }',
    "root-account-use": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }',
    "console-authentication-failures": "{ ($.eventName = ConsoleLogin) "
    '&& ($.errorMessage = "Failed authentication") }',
}


def _event_names(category: Category) -> list[str]:
    return [str(event["eventName"]) for event in category.events]


def filter_pattern(category: Category) -> str:
    """The benchmark-style filter pattern of a category: its event source and any of its event names."""
    if category.key in SPECIAL_PATTERNS:
        return SPECIAL_PATTERNS[category.key]
    source = category.events[0]["eventSource"]
    names = " || ".join(f"($.eventName = {name})" for name in _event_names(category))
    return f"{{ ($.eventSource = {source}) && ({names}) }}"


def seed(world: DemoWorld) -> None:
    management = world.sessions["management"]
    account = world.org.account_id("management")
    logs = management.client("logs", region_name=HOME)
    logs.create_log_group(logGroupName=LOG_GROUP)
    role = management.client("iam").create_role(
        RoleName="CloudTrailToCloudWatchLogs",
        AssumeRolePolicyDocument=service_trust("cloudtrail.amazonaws.com"),
    )["Role"]
    management.client("cloudtrail", region_name=HOME).update_trail(
        Name=TRAIL,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{HOME}:{account}:log-group:{LOG_GROUP}:*",
        CloudWatchLogsRoleArn=role["Arn"],
    )
    topic = management.client("sns", region_name=HOME).create_topic(Name="security-alarms")["TopicArn"]
    cloudwatch = management.client("cloudwatch", region_name=HOME)
    for category in CATEGORIES:
        if category.key == NOT_BUILT:
            continue
        metric = f"cis-{category.cis}-{category.key}"
        logs.put_metric_filter(
            logGroupName=LOG_GROUP,
            filterName=metric,
            filterPattern=filter_pattern(category),
            metricTransformations=[{"metricName": metric, "metricNamespace": NAMESPACE, "metricValue": "1"}],
        )
        cloudwatch.put_metric_alarm(**_alarm(metric, topic, muted=category.key == MUTED))
    _networking_rules(world)


def _alarm(metric: str, topic: str, *, muted: bool) -> dict[str, Any]:
    return {
        "AlarmName": metric,
        "MetricName": metric,
        "Namespace": NAMESPACE,
        "Statistic": "Sum",
        "Period": 300,
        "EvaluationPeriods": 1,
        "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching",
        "ActionsEnabled": not muted,
        "AlarmActions": [topic],
    }


def _networking_rules(world: DemoWorld) -> None:
    """The networking account watches its own NACL and gateway changes in every region it uses."""
    names = [n for c in CATEGORIES if c.key in (NOT_BUILT, MUTED) for n in _event_names(c)]
    pattern = {"source": ["aws.ec2"], "detail-type": [API_CALL], "detail": {"eventName": names}}
    for region in DEMO_REGIONS:
        events = world.sessions["networking"].client("events", region_name=region)
        events.put_rule(Name="network-edge-changes", EventPattern=json.dumps(pattern), State="ENABLED")
        events.put_targets(
            Rule="network-edge-changes",
            Targets=[{"Id": "security-account", "Arn": security_bus_arn(world, region)}],
        )
