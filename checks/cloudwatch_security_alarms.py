"""Security alarms: the CIS AWS Foundations monitoring events are watched by a metric filter with an alarm on
the trail's log group, or by an EventBridge rule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from checks._lib.event_matching import Exclusion, event_pattern_matches, filter_pattern_matches
from checks._lib.trail_monitoring import (
    alarmed,
    logging_trails,
    rule_event_pattern,
    rule_receives_cloudtrail_events,
    trail_metric_filters,
)
from scanner.checkapi import Per, Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status

# Events of global services are delivered to EventBridge only in US East (N. Virginia).
# https://repost.aws/knowledge-center/use-eventbridge-rule-across-regions
GLOBAL_EVENT_SOURCES = frozenset({"iam.amazonaws.com", "organizations.amazonaws.com"})
GLOBAL_EVENTS_REGION = "us-east-1"
API_CALL = "AWS API Call via CloudTrail"
# CloudTrail's sign-in events: the EventBridge guide names their detail-type "AWS Console Signin via
# CloudTrail" while delivered events read "AWS Console Sign In via CloudTrail"; a rule must let both through.
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
SIGN_IN_DETAIL_TYPES = ("AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail")
_SAMPLE_IP = "203.0.113.10"


@dataclass(frozen=True)
class Category:
    """One monitored event category: sample CloudTrail records a watcher must match (each of them), and the
    negative conditions the benchmark's own filter pattern uses (tolerated in a pattern, nothing else is)."""

    key: str
    title: str
    cis: str
    events: tuple[Mapping[str, Any], ...]
    exclusions: frozenset[Exclusion] = frozenset()


def _record(source: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"eventSource": source, "eventName": name, "eventType": "AwsApiCall", "readOnly": False, **fields}


def _calls(source: str, *names: str) -> tuple[dict[str, Any], ...]:
    return tuple(_record(source, name) for name in names)


def _sign_in(**fields: Any) -> dict[str, Any]:
    return _record("signin.amazonaws.com", "ConsoleLogin", eventType="AwsConsoleSignIn", **fields)


_EC2 = "ec2.amazonaws.com"
# The event categories of the CIS AWS Foundations Benchmark v3.0.0, section 4 (Monitoring), recommendations
# 4.1 to 4.15 (4.16, Security Hub enabled, is not an event category), with the event names of each
# recommendation's metric filter. For 4.1, 4.2, 4.3 and 4.6 the samples are typical records of the category.
CATEGORIES = (
    Category(
        "unauthorized-api-calls",
        "unauthorised API calls",
        "4.1",
        (
            _record(
                _EC2, "RunInstances", errorCode="Client.UnauthorizedOperation", sourceIPAddress=_SAMPLE_IP
            ),
            _record(
                "s3.amazonaws.com", "PutBucketPolicy", errorCode="AccessDenied", sourceIPAddress=_SAMPLE_IP
            ),
            _record(
                "kms.amazonaws.com",
                "DescribeKey",
                errorCode="AccessDeniedException",
                sourceIPAddress=_SAMPLE_IP,
                readOnly=True,
            ),
        ),
        frozenset({("sourceIPAddress", "delivers.aws.internal"), ("eventName", "HeadBucket")}),
    ),
    Category(
        "console-sign-in-without-mfa",
        "console sign-in without MFA",
        "4.2",
        (
            _sign_in(
                userIdentity={"type": "IAMUser"},
                additionalEventData={"MFAUsed": "No"},
                responseElements={"ConsoleLogin": "Success"},
            ),
        ),
        frozenset({("additionalEventData.MFAUsed", "Yes")}),
    ),
    Category(
        "root-account-use",
        "root account use",
        "4.3",
        (
            _sign_in(userIdentity={"type": "Root"}, responseElements={"ConsoleLogin": "Success"}),
            _record(_EC2, "RunInstances", userIdentity={"type": "Root"}),
            _record(_EC2, "DescribeInstances", userIdentity={"type": "Root"}, readOnly=True),
        ),
        frozenset({("userIdentity.invokedBy", None), ("eventType", "AwsServiceEvent")}),
    ),
    Category(
        "iam-policy-changes",
        "IAM policy changes",
        "4.4",
        _calls(
            "iam.amazonaws.com",
            *("DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy"),
            *("PutGroupPolicy", "PutRolePolicy", "PutUserPolicy"),
            *("CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion"),
            *("AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy"),
            *("AttachGroupPolicy", "DetachGroupPolicy"),
        ),
    ),
    Category(
        "cloudtrail-changes",
        "CloudTrail configuration changes",
        "4.5",
        _calls(
            "cloudtrail.amazonaws.com",
            "CreateTrail",
            "UpdateTrail",
            "DeleteTrail",
            "StartLogging",
            "StopLogging",
        ),
    ),
    Category(
        "console-authentication-failures",
        "console authentication failures",
        "4.6",
        (
            _sign_in(
                userIdentity={"type": "IAMUser"},
                errorMessage="Failed authentication",
                responseElements={"ConsoleLogin": "Failure"},
            ),
        ),
    ),
    Category(
        "cmk-disabled-or-deleted",
        "disabling or scheduled deletion of customer managed keys",
        "4.7",
        _calls("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
    ),
    Category(
        "s3-bucket-policy-changes",
        "S3 bucket policy changes",
        "4.8",
        _calls(
            "s3.amazonaws.com",
            *(
                "PutBucketAcl",
                "PutBucketPolicy",
                "PutBucketCors",
                "PutBucketLifecycle",
                "PutBucketReplication",
            ),
            *("DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"),
        ),
    ),
    Category(
        "config-changes",
        "AWS Config configuration changes",
        "4.9",
        _calls(
            "config.amazonaws.com",
            *("StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel"),
            "PutConfigurationRecorder",
        ),
    ),
    Category(
        "security-group-changes",
        "security group changes",
        "4.10",
        _calls(
            _EC2,
            *("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"),
            *("RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress"),
            *("CreateSecurityGroup", "DeleteSecurityGroup"),
        ),
    ),
    Category(
        "nacl-changes",
        "network ACL changes",
        "4.11",
        _calls(
            _EC2,
            *("CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry"),
            *("ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"),
        ),
    ),
    Category(
        "network-gateway-changes",
        "network gateway changes",
        "4.12",
        _calls(
            _EC2,
            *("CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway"),
            *("CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"),
        ),
    ),
    Category(
        "route-table-changes",
        "route table changes",
        "4.13",
        _calls(
            _EC2,
            *("CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation"),
            *("DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"),
        ),
    ),
    Category(
        "vpc-changes",
        "VPC changes",
        "4.14",
        _calls(
            _EC2,
            *("CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection"),
            *("CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection"),
            *(
                "AttachClassicLinkVpc",
                "DetachClassicLinkVpc",
                "DisableVpcClassicLink",
                "EnableVpcClassicLink",
            ),
        ),
    ),
    Category(
        "organizations-changes",
        "AWS Organizations changes",
        "4.15",
        _calls(
            "organizations.amazonaws.com",
            *("AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy"),
            *("DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy"),
            *("DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization"),
            *("LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy"),
            "UpdateOrganizationalUnit",
        ),
    ),
)


def event_envelopes(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The EventBridge events CloudTrail delivers for a record (one per possible sign-in detail-type)."""
    source = "aws." + str(record["eventSource"]).split(".", 1)[0]
    sign_in = record.get("eventType") == "AwsConsoleSignIn"
    detail_types = SIGN_IN_DETAIL_TYPES if sign_in else (API_CALL,)
    return [{"source": source, "detail-type": kind, "detail": dict(record)} for kind in detail_types]


def delivery_regions(record: Mapping[str, Any], regions: tuple[str, ...]) -> tuple[str, ...]:
    """The regions where EventBridge must watch the record: us-east-1 for global services (whether or not it
    was scanned), else every scanned region (the event may happen in any of them)."""
    return (GLOBAL_EVENTS_REGION,) if record["eventSource"] in GLOBAL_EVENT_SOURCES else regions


@dataclass(frozen=True)
class _Rule:
    item: Item
    pattern: Mapping[str, Any]
    receives_read_only: bool


@dataclass
class Watchers:
    """The acting watchers of the account's management events, and what could not be read."""

    filters: list[tuple[Item, list[str]]] = field(default_factory=list)  # metric filter, its acting alarms
    rules: dict[str, list[_Rule]] = field(default_factory=dict)  # region -> rules receiving CloudTrail events
    unknown: list[str] = field(default_factory=list)

    def of_record(
        self, record: Mapping[str, Any], exclusions: frozenset[Exclusion], regions: tuple[str, ...]
    ) -> list[str]:
        """Names of the watchers of a sample record: metric filters with an acting alarm matching it, or (only
        when every region it may be delivered to has one) the EventBridge rules matching it; empty if none."""
        names = [
            f"metric filter {f.name} (alarm {', '.join(alarms)})"
            for f, alarms in self.filters
            if filter_pattern_matches(str(f.data.get("filterPattern") or ""), record, exclusions)
        ]
        envelopes = event_envelopes(record)
        by_rules: list[str] = []
        for region in delivery_regions(record, regions):
            matching = [
                f"EventBridge rule {r.item.name} ({region})"
                for r in self.rules.get(region, [])
                if (r.receives_read_only or not record.get("readOnly"))
                and all(event_pattern_matches(r.pattern, e) for e in envelopes)
            ]
            if not matching:
                by_rules = []
                break
            by_rules += matching
        return names + by_rules


def watchers(scope: Scope, trails: list[Item]) -> Watchers:
    """The metric filters with acting alarms on the trails' log groups, and this account's EventBridge rules
    that receive CloudTrail's events, by region."""
    found = Watchers()
    for metric_filter in trail_metric_filters(scope, trails, found.unknown):
        try:
            alarms = alarmed(metric_filter)
        except AspectUnavailable as exc:
            found.unknown.append(f"alarms of metric filter {metric_filter.name}: {exc.reason}")
            continue
        if alarms:
            found.filters.append((metric_filter, alarms))
    for rule in scope.items("events.rules"):
        pattern = rule_event_pattern(rule)
        if pattern is None:
            continue
        try:
            if rule_receives_cloudtrail_events(rule):
                read_only = rule_receives_cloudtrail_events(rule, read_only=True)
                found.rules.setdefault(rule.region, []).append(_Rule(rule, pattern, read_only))
        except AspectUnavailable as exc:
            found.unknown.append(f"targets of EventBridge rule {rule.name} ({rule.region}): {exc.reason}")
    return found


def category_watchers(category: Category, found: Watchers, regions: tuple[str, ...]) -> list[str] | None:
    """The watchers covering a category (every sample record watched), or None when a record is unwatched."""
    names: list[str] = []
    for record in category.events:
        watching = found.of_record(record, category.exclusions, regions)
        if not watching:
            return None
        names += watching
    return list(dict.fromkeys(names))


@check(
    id="cloudwatch.security-events-alarmed",
    title="Security-relevant events raise an alarm (CIS AWS Foundations monitoring)",
    uses=("cloudtrail.trails", "logs.metric-filters", "events.rules"),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Root use, denied calls, failed or MFA-less sign-ins and changes to IAM policies, trails, "
    "Config, keys, bucket policies, the network and the organization are how an intrusion begins or hides; "
    "someone must be told when they happen, not find out in a later audit.",
    remediation="On the CloudWatch Logs group of the multi-region (organization) trail, create the CIS AWS "
    "Foundations section 4 metric filters with an alarm each that notifies (an SNS topic); or create enabled "
    "EventBridge rules on the default bus matching the same events, with a target, in every region (IAM and "
    "Organizations events arrive in us-east-1; read-only events need the rule state "
    "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).",
)
def security_events_alarmed(scope: Scope) -> Iterator[Result]:
    """One result per account (a metric filter on a multi-region trail's log group watches every region at
    once; rules are judged region by region within it). PASS when a multi-region trail records all of the
    account's management events (its own or the organization trail) and every event category of CATEGORIES
    (CIS AWS Foundations v3.0.0, 4.1 to 4.15) is watched: each sample record of the category is matched by
    a metric filter, with an alarm that has actions, on a log group such a trail delivers to, or by enabled
    EventBridge rules on the default bus with a target in every region the event may arrive in (us-east-1
    for IAM and Organizations; sign-in rules must let both documented detail-type spellings through, and
    read-only events reach only rules that receive read-only management events). Patterns are read
    conservatively: unknown syntax, negations other than the benchmark's own, and narrowing conditions make
    a pattern match nothing, so an unusual pattern FAILs rather than PASSes. FAIL names the unwatched
    categories; ERROR when one is unwatched and a source that might watch it (metric filters, alarms, rule
    targets, the trail) could not be read."""
    trails = logging_trails(scope)
    where = scope.account_id
    if not trails.trails:
        if trails.unknown:
            message = f"not evaluated: no trail could be confirmed: {'; '.join(trails.unknown)}"
            yield scope.result(Status.ERROR, where, message)
        else:
            message = (
                "no multi-region trail records this account's management events, so no metric filter or "
            )
            message += "rule can see the security events"
            yield scope.result(Status.FAIL, where, message)
        return
    found = watchers(scope, trails.trails)
    regions = tuple(scope.regions)
    covered: dict[str, list[str]] = {}
    for category in CATEGORIES:
        names = category_watchers(category, found, regions)
        if names is not None:
            covered[category.key] = names
    uncovered = [f"{c.title} (CIS {c.cis})" for c in CATEGORIES if c.key not in covered]
    if GLOBAL_EVENTS_REGION not in regions and uncovered:
        found.unknown.append(
            f"EventBridge rules in {GLOBAL_EVENTS_REGION}, where IAM and Organizations events "
            "arrive, were not scanned"
        )
    evidence = [*trails.evidence, *(d for f, _ in found.filters for d in f.evidence)]
    evidence += [d for rules in found.rules.values() for r in rules for d in r.item.evidence]
    details = {"watched_by": covered, "unwatched": uncovered}
    if not uncovered:
        message = f"all {len(CATEGORIES)} CIS monitoring event categories raise an alarm"
        yield scope.result(Status.PASS, where, message, evidence=evidence, details=details)
    elif found.unknown:
        message = f"not evaluated: {', '.join(uncovered)} not shown to be watched; could not read "
        message += "; ".join(found.unknown)
        yield scope.result(Status.ERROR, where, message, evidence=evidence, details=details)
    else:
        message = f"security events not watched: {', '.join(uncovered)}"
        yield scope.result(Status.FAIL, where, message, evidence=evidence, details=details)
