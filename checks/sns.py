"""SNS checks on security notification topics: encrypted, and someone is actually subscribed."""

from __future__ import annotations

from collections.abc import Iterator

from checks.events import finding_sources_routed
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# A topic is a security notification topic when a security-findings rule targets it, or when it carries
# this tag (for topics fed some other way, such as alarms or the hardening pipeline's notifications).
SECURITY_TOPIC_TAG = ("controlmap:purpose", "security-notifications")
# EventBridge cannot publish to a topic encrypted with the AWS managed key, whose policy cannot be changed.
# https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification
AWS_MANAGED_SNS_KEY = "alias/aws/sns"


def _rule_targets(scope: Scope) -> dict[str, list[Item]]:
    """Topic ARN -> the security-findings rules of this scope that target it."""
    targets: dict[str, list[Item]] = {}
    for rule in scope.items("events.rules"):
        if finding_sources_routed(rule):
            for target in rule["Targets"]:
                targets.setdefault(str(target.get("Arn", "")), []).append(rule)
    return targets


def _security_topics(scope: Scope) -> Iterator[tuple[Item, list[Item] | None]]:
    """Each security notification topic with the rules that feed it (empty when designated by tag only);
    the rules are None for a topic whose tags could not be read and that no rule targets (unknown)."""
    fed_by = _rule_targets(scope)
    key, value = SECURITY_TOPIC_TAG
    for topic in scope.items("sns.topics"):
        rules = fed_by.get(topic.resource_id, [])
        if rules:
            yield topic, rules
        elif "Tags" in topic.errors:
            yield topic, None
        elif str(topic["Tags"].get(key, "")).lower() == value:
            yield topic, rules


def _unknown(scope: Scope, topic: Item) -> Result:
    return scope.on_item(
        topic,
        Status.ERROR,
        f"not evaluated: whether this is a security topic is unknown (tags: {topic.errors['Tags']})",
    )


def _why(rules: list[Item]) -> str:
    return f"fed by {', '.join(r.name for r in rules)}" if rules else f"tagged {'='.join(SECURITY_TOPIC_TAG)}"


@check(
    id="sns.topic-encrypted",
    title="Security notification topics are encrypted with a KMS key EventBridge can use",
    uses=("sns.topics", "events.rules"),
    severity=Severity.MEDIUM,
    rationale="Findings name resources, accounts and sometimes data; encrypting the topic protects them at "
    "rest, and a customer managed key is needed for EventBridge to be allowed to publish at all.",
    remediation="Set KmsMasterKeyId on the topic to a customer managed key whose policy lets "
    "events.amazonaws.com use it (kms:GenerateDataKey, kms:Decrypt).",
)
def topic_encrypted(scope: Scope) -> Iterator[Result]:
    """PASS for each security notification topic (target of an enabled security-findings EventBridge rule in
    the same account and region, or tagged controlmap:purpose=security-notifications) whose KmsMasterKeyId
    is set; a topic fed by EventBridge must use a customer managed key, not alias/aws/sns. Other topics are
    not judged."""
    for topic, rules in _security_topics(scope):
        if rules is None:
            yield _unknown(scope, topic)
            continue
        key = str(topic["Attributes"].get("KmsMasterKeyId") or "")
        why = _why(rules)
        evidence = [d for r in rules for d in r.evidence]
        if not key:
            yield scope.failed(topic, f"security topic ({why}) is not encrypted", evidence=evidence)
        elif rules and key.endswith(AWS_MANAGED_SNS_KEY):
            yield scope.failed(
                topic,
                f"security topic ({why}) uses the AWS managed key {AWS_MANAGED_SNS_KEY}, which EventBridge "
                "cannot use: its deliveries fail",
                evidence=evidence,
            )
        else:
            yield scope.passed(topic, f"security topic ({why}) is encrypted with {key}", evidence=evidence)


def _confirmed(subscription: dict[str, object]) -> bool:
    """ListSubscriptionsByTopic shows "PendingConfirmation" (or "Deleted") instead of an ARN until
    confirmed."""
    return str(subscription.get("SubscriptionArn", "")).startswith("arn:")


@check(
    id="sns.security-subscription-confirmed",
    title="Security notification topics have a confirmed subscription",
    uses=("sns.topics", "events.rules"),
    severity=Severity.HIGH,
    rationale="A topic whose only subscriptions were never confirmed delivers to nobody: findings are "
    "published and silently dropped, the failure seen in incident-response exercises.",
    remediation="Subscribe the responders' endpoint (email list, chat integration, ticketing queue) and "
    "confirm the subscription; remove stale pending ones.",
)
def security_subscription_confirmed(scope: Scope) -> Iterator[Result]:
    """PASS for each security notification topic (as for sns.topic-encrypted) that has at least one
    confirmed subscription, that is one whose SubscriptionArn is an ARN rather than PendingConfirmation."""
    for topic, rules in _security_topics(scope):
        if rules is None:
            yield _unknown(scope, topic)
            continue
        subscriptions = topic["Subscriptions"]
        confirmed = [s for s in subscriptions if _confirmed(s)]
        why = _why(rules)
        evidence = [d for r in rules for d in r.evidence]
        if confirmed:
            kinds = ", ".join(sorted({str(s.get("Protocol", "?")) for s in confirmed}))
            yield scope.passed(
                topic,
                f"security topic ({why}) has {len(confirmed)} confirmed subscription(s) ({kinds})",
                evidence=evidence,
            )
        else:
            pending = len(subscriptions)
            yield scope.failed(
                topic,
                f"security topic ({why}) has no confirmed subscription ({pending} pending or deleted)",
                evidence=evidence,
            )
