"""Demo: SNS topics for security notifications. The security account's security-alerts topic, in each region,
is encrypted with its own KMS key and has the security team's email subscription, which was never confirmed
in the second region; shared-services' tagged hardening-pipeline topic is not encrypted. (The `events` seed
delivers the forwarded findings to security-alerts.)"""

from __future__ import annotations

from typing import Any

from checks.sns import SECURITY_TOPIC_TAG
from demo.world import DEMO_REGIONS, HOME, DemoWorld

SECURITY_TOPIC = "security-alerts"


def security_topic_arn(world: DemoWorld, region: str) -> str:
    return f"arn:aws:sns:{region}:{world.org.account_id('security')}:{SECURITY_TOPIC}"


def seed(world: DemoWorld) -> None:
    for region in DEMO_REGIONS:
        _security_alerts(world, region)
    _hardening_pipeline_topic(world)


def _security_alerts(world: DemoWorld, region: str) -> None:
    session = world.sessions["security"]
    key = session.client("kms", region_name=region).create_key(Description="security notifications")
    sns = session.client("sns", region_name=region)
    topic = sns.create_topic(Name=SECURITY_TOPIC, Attributes={"KmsMasterKeyId": key["KeyMetadata"]["Arn"]})
    subscription = sns.subscribe(TopicArn=topic["TopicArn"], Protocol="email", Endpoint="soc@example.com")
    if region != HOME:
        _leave_pending(world.org.account_id("security"), region, subscription["SubscriptionArn"])


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
