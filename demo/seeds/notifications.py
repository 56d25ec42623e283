"""Demo: the central-notification pattern. Every account forwards security findings from its default bus to
the security account's bus, where a rule delivers them to an encrypted SNS topic with a confirmed
subscription. Gaps: tenant-b forwards only GuardDuty in its second region, log-archive forwards nothing
there, the second region's topic subscription was never confirmed, and shared-services' tagged hardening
pipeline topic is not encrypted."""

from __future__ import annotations

import json
from typing import Any

from checks.events import FINDING_SOURCES
from checks.sns import SECURITY_TOPIC_TAG
from demo.world import DEMO_REGIONS, HOME, DemoWorld

BUS = "security-findings"
ALL_FINDINGS = json.dumps(
    {"source": list(FINDING_SOURCES), "detail-type": [d for _, d in FINDING_SOURCES.values()]}
)
GUARDDUTY_ONLY = json.dumps({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"]})


def seed(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        _security_account(world, region)
        bus_arn = f"arn:aws:events:{region}:{security}:event-bus/{BUS}"
        for name, session in world.sessions.items():
            if name == "security" or (name == "log-archive" and region != HOME):
                continue
            pattern = GUARDDUTY_ONLY if name == "tenant-b" and region != HOME else ALL_FINDINGS
            events = session.client("events", region_name=region)
            events.put_rule(Name="forward-security-findings", EventPattern=pattern, State="ENABLED")
            events.put_targets(
                Rule="forward-security-findings", Targets=[{"Id": "security-account", "Arn": bus_arn}]
            )
    _hardening_pipeline_topic(world)


def _security_account(world: DemoWorld, region: str) -> None:
    session = world.sessions["security"]
    key = session.client("kms", region_name=region).create_key(Description="security notifications")
    sns = session.client("sns", region_name=region)
    topic = sns.create_topic(
        Name="security-alerts", Attributes={"KmsMasterKeyId": key["KeyMetadata"]["Arn"]}
    )["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="soc@example.com")
    if region != HOME:
        _leave_pending(world.org.account_id("security"), region, subscription["SubscriptionArn"])
    events = session.client("events", region_name=region)
    events.create_event_bus(Name=BUS)
    for bus in ("default", BUS):  # the security account's own findings, and everyone else's
        events.put_rule(Name="notify-security-team", EventBusName=bus, EventPattern=ALL_FINDINGS)
        events.put_targets(
            Rule="notify-security-team", EventBusName=bus, Targets=[{"Id": "alerts", "Arn": topic}]
        )


def _leave_pending(account: str, region: str, subscription_arn: str) -> None:
    """moto confirms every subscription at once; the simulation shows this one as AWS lists an unconfirmed
    subscription (SubscriptionArn "PendingConfirmation")."""
    from moto.sns.models import sns_backends

    subscription: Any = sns_backends[account][region].subscriptions[subscription_arn]
    subscription.arn = "PendingConfirmation"


def _hardening_pipeline_topic(world: DemoWorld) -> None:
    key, value = SECURITY_TOPIC_TAG
    sns = world.sessions["shared-services"].client("sns", region_name=HOME)
    topic = sns.create_topic(Name="image-pipeline-alerts", Tags=[{"Key": key, "Value": value}])["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="platform@example.com")
