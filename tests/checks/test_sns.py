"""SNS checks: security topics are encrypted with a key EventBridge may use, and their subscriptions are
confirmed."""

from __future__ import annotations

import dataclasses
from typing import Any

from checks.sns import security_subscription_confirmed, topic_encrypted
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, REGION, InventoryBuilder, item, run_check, statuses
from tests.checks.test_events import ALL_SOURCES, SECURITY, TOPIC, organization, rule, run_in


def topic(
    arn: str = TOPIC,
    *,
    key: str | None = "arn:aws:kms:us-east-1:333333333333:key/k1",
    subscriptions: tuple[str, ...] = (f"{TOPIC}:sub-1",),
    tags: dict[str, str] | None = None,
) -> Item:
    attributes = {"TopicArn": arn, **({"KmsMasterKeyId": key} if key else {})}
    subs = [{"SubscriptionArn": s, "Protocol": "email"} for s in subscriptions]
    return item(arn, {"TopicArn": arn, "Attributes": attributes, "Subscriptions": subs, "Tags": tags or {}})


def sns_run(check: Any, topics: list[Item], rules: list[Item] | None = None) -> list[Result]:
    fed = rules if rules is not None else [rule(ALL_SOURCES, [TOPIC], account=SECURITY)]
    return run_in(check, fed, SECURITY, sns_topics=topics)


def test_topics_fed_by_security_rules_or_tagged_are_judged_others_not() -> None:
    other = topic(f"arn:aws:sns:{REGION}:{SECURITY}:build-notices", key=None, subscriptions=())
    tagged = topic(
        f"arn:aws:sns:{REGION}:{SECURITY}:alarms",
        key=None,
        tags={"controlmap:purpose": "security-notifications"},
    )
    results = {
        r.resource_id.rsplit(":", 1)[-1]: r for r in sns_run(topic_encrypted, [topic(), other, tagged])
    }
    assert set(results) == {"security-alerts", "alarms"}
    assert results["security-alerts"].status is Status.PASS and "fed by" in results["security-alerts"].message
    assert results["alarms"].status is Status.FAIL and "not encrypted" in results["alarms"].message


def test_topic_encrypted_with_the_aws_managed_key_fails_when_eventbridge_feeds_it() -> None:
    [result] = sns_run(topic_encrypted, [topic(key="alias/aws/sns")])
    assert result.status is Status.FAIL and "EventBridge cannot use" in result.message
    tagged = topic(key="alias/aws/sns", tags={"controlmap:purpose": "security-notifications"})
    assert statuses(sns_run(topic_encrypted, [tagged], rules=[])) == ["PASS"]


def test_subscription_confirmed_passes_pending_fails() -> None:
    assert statuses(sns_run(security_subscription_confirmed, [topic()])) == ["PASS"]
    [pending] = sns_run(security_subscription_confirmed, [topic(subscriptions=("PendingConfirmation",))])
    assert pending.status is Status.FAIL and "no confirmed subscription" in pending.message
    assert statuses(sns_run(security_subscription_confirmed, [topic(subscriptions=())])) == ["FAIL"]


def test_topics_unknown_are_error() -> None:
    untagged = dataclasses.replace(
        topic(f"arn:aws:sns:{REGION}:{SECURITY}:maybe"), errors={"Tags": ACCESS_DENIED}
    )
    assert statuses(sns_run(topic_encrypted, [topic(), untagged])) == ["PASS", "ERROR"]
    subs_unread = dataclasses.replace(topic(), errors={"Subscriptions": ACCESS_DENIED})
    assert statuses(sns_run(security_subscription_confirmed, [subs_unread])) == ["ERROR"]
    denied = (
        InventoryBuilder()
        .unavailable("sns.topics", account=SECURITY)
        .add("events.rules", [], account=SECURITY)
    )
    org = organization()
    assert statuses(run_check(topic_encrypted, denied, accounts=[org.accounts[SECURITY]], org=org)) == [
        "ERROR"
    ]
