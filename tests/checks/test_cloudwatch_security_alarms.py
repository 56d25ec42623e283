"""The CIS AWS Foundations monitoring events raise alarms: metric filters with acting alarms on the
organization trail's log group, or EventBridge rules, judged conservatively."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from checks.cloudwatch_security_alarms import CATEGORIES, security_events_alarmed
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, trail

MGMT = "999999999999"


OTHER_REGION = "eu-west-1"


ORG_GROUP = f"arn:aws:logs:{REGION}:{MGMT}:log-group:org-trail:*"


def _names(*names: str) -> str:
    return " || ".join(f"($.eventName = {name})" for name in names)


# The filter patterns of the CIS AWS Foundations Benchmark v3.0.0 remediation steps (4.1 to 4.15).
CIS_PATTERNS = {
    "unauthorized-api-calls": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
    '&& ($.sourceIPAddress != "delivers.aws.internal") && ($.eventName != "HeadBucket") }',
    "console-sign-in-without-mfa": '{ ($.eventName = "ConsoleLogin") '
    '&& ($.additionalEventData.MFAUsed != "Yes") }',
    "root-account-use": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }',
    "iam-policy-changes": "{"
    + _names(
        *("DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy"),
        *("PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion"),
        *("AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy"),
        *("AttachGroupPolicy", "DetachGroupPolicy"),
    )
    + "}",
    "cloudtrail-changes": "{"
    + _names("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
    + "}",
    "console-authentication-failures": "{ ($.eventName = ConsoleLogin) "
    '&& ($.errorMessage = "Failed authentication") }',
    "cmk-disabled-or-deleted": "{ ($.eventSource = kms.amazonaws.com) && "
    "(($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
    "s3-bucket-policy-changes": "{ ($.eventSource = s3.amazonaws.com) && ("
    + _names(
        *("PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication"),
        *("DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"),
    )
    + ") }",
    "config-changes": "{ ($.eventSource = config.amazonaws.com) && ("
    + _names(
        "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"
    )
    + ") }",
    "security-group-changes": "{"
    + _names(
        *("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress"),
        *("RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"),
    )
    + "}",
    "nacl-changes": "{"
    + _names(
        *("CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry"),
        *("ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"),
    )
    + "}",
    "network-gateway-changes": "{"
    + _names(
        *("CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway"),
        *("DeleteInternetGateway", "DetachInternetGateway"),
    )
    + "}",
    "route-table-changes": "{ ($.eventSource = ec2.amazonaws.com) && ("
    + _names(
        *("CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation"),
        *("DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"),
    )
    + ") }",
    "vpc-changes": "{"
    + _names(
        *("CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection"),
        *("CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection"),
        *("AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"),
    )
    + "}",
    "organizations-changes": "{ ($.eventSource = organizations.amazonaws.com) && ("
    + _names(
        *("AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy"),
        *(
            "DeclineHandshake",
            "DeleteOrganization",
            "DeleteOrganizationalUnit",
            "DeletePolicy",
            "DetachPolicy",
        ),
        *("DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization"),
        *("MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"),
    )
    + ") }",
}


ACTING = [{"AlarmName": "security", "ActionsEnabled": True, "AlarmActions": ["arn:aws:sns:us-east-1:1:sec"]}]


SIGN_IN_TYPES = ["AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail"]


def metric_filter(
    key: str, pattern: str | None = None, alarms: list[dict[str, Any]] | None = None, *, readable: bool = True
) -> Item:
    arn = f"arn:aws:logs:{REGION}:{MGMT}:log-group:org-trail:metric-filter/{key}"
    data: dict[str, Any] = {
        "logGroupName": "org-trail",
        "filterPattern": CIS_PATTERNS[key] if pattern is None else pattern,
    }
    if not readable:
        return item(arn, data, name=f"org-trail/{key}", errors={"Alarms": ACCESS_DENIED})
    return item(arn, data | {"Alarms": ACTING if alarms is None else alarms}, name=f"org-trail/{key}")


def rule(
    name: str, pattern: dict[str, Any], *, region: str = REGION, state: str = "ENABLED", readable: bool = True
) -> Item:
    arn = f"arn:aws:events:{region}:{ACCOUNT}:rule/{name}"
    data: dict[str, Any] = {"State": state, "EventPattern": json.dumps(pattern)}
    if not readable:
        return item(arn, data, name=f"default/{name}", region=region, errors={"Targets": ACCESS_DENIED})
    return item(arn, data | {"Targets": [{"Arn": "arn:aws:sns:t"}]}, name=f"default/{name}", region=region)


def org_trail() -> Item:
    shadow = trail(f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/org", org=True)
    return item(shadow.resource_id, {**shadow.data, "CloudWatchLogsLogGroupArn": ORG_GROUP})


def inventory(
    filters: list[Item] | None, rules: Sequence[Item] = (), *, trails: list[Item] | None = None
) -> InventoryBuilder:
    inv = InventoryBuilder()
    for region in (REGION, OTHER_REGION):
        inv.add("events.rules", [r for r in rules if r.region == region], region=region)
        inv.add("logs.metric-filters", [], region=region)
    inv.add("cloudtrail.trails", [org_trail()] if trails is None else trails)
    inv.add("cloudtrail.trails", [], region=OTHER_REGION)
    inv.add("cloudtrail.trails", [], account=MGMT)
    if filters is not None:
        inv.add("logs.metric-filters", filters, account=MGMT)
    return inv


def run(inv: InventoryBuilder) -> Result:
    org = org_of(MGMT, ACCOUNT)
    [result] = run_check(
        security_events_alarmed,
        inv,
        accounts=[org.accounts[ACCOUNT]],
        org=org,
        regions=(REGION, OTHER_REGION),
    )
    return result


def all_filters(*, but: str = "") -> list[Item]:
    return [metric_filter(key) for key in CIS_PATTERNS if key != but]


def test_every_category_has_its_benchmark_pattern() -> None:
    assert [c.key for c in CATEGORIES] == list(CIS_PATTERNS)
    assert [c.cis for c in CATEGORIES] == [f"4.{n}" for n in range(1, 16)]


def test_passes_with_the_benchmark_metric_filters_on_the_organization_trail_log_group() -> None:
    result = run(inventory(all_filters()))
    assert result.status is Status.PASS, result.message
    assert (
        "metric filter org-trail/vpc-changes (alarm security)" in result.details["watched_by"]["vpc-changes"]
    )
    assert result.evidence


def test_passes_with_eventbridge_rules_where_each_event_arrives() -> None:
    # IAM and Organizations events arrive in us-east-1 only: one rule there is enough for them.
    iam_and_org = {"source": ["aws.iam", "aws.organizations"], "detail-type": ["AWS API Call via CloudTrail"]}
    filters = [
        f
        for f in all_filters()
        if f.name not in ("org-trail/iam-policy-changes", "org-trail/organizations-changes")
    ]
    result = run(inventory(filters, [rule("iam-org", iam_and_org)]))
    assert result.status is Status.PASS, result.message
    # Regional events need a rule in every region; sign-in rules must let both detail-type spellings through.
    failures = {
        "detail-type": SIGN_IN_TYPES,
        "detail": {"eventName": ["ConsoleLogin"], "responseElements": {"ConsoleLogin": ["Failure"]}},
    }
    rules = [rule("sign-in-failures", failures, region=region) for region in (REGION, OTHER_REGION)]
    result = run(inventory(all_filters(but="console-authentication-failures"), rules))
    assert result.status is Status.PASS, result.message


def test_fails_naming_the_categories_nothing_watches() -> None:
    result = run(inventory(all_filters(but="nacl-changes")))
    assert result.status is Status.FAIL
    assert result.message == "security events not watched: network ACL changes (CIS 4.11)"
    assert result.details["unwatched"] == ["network ACL changes (CIS 4.11)"]


@pytest.mark.parametrize(
    "pattern",
    [
        "{ ($.eventName = CreateNetworkAcl) || ($.eventName = DeleteNetworkAcl) }",  # some event names only
        CIS_PATTERNS["nacl-changes"][:-1] + ' && $.userIdentity.arn != "arn:aws:iam::1:role/admin" }',
        CIS_PATTERNS["nacl-changes"][:-1] + ' && $.awsRegion = "us-east-1" }',  # narrowed to one region
        "CreateNetworkAcl DeleteNetworkAcl",  # a text pattern
        CIS_PATTERNS["nacl-changes"][:-1],  # unbalanced
    ],
)
def test_an_unusual_pattern_watches_nothing(pattern: str) -> None:
    filters = [*all_filters(but="nacl-changes"), metric_filter("nacl-changes", pattern)]
    assert run(inventory(filters)).status is Status.FAIL


def test_fails_for_silent_alarms_disabled_rules_and_rules_missing_a_region() -> None:
    silent = metric_filter(
        "vpc-changes", alarms=[{"AlarmName": "x", "ActionsEnabled": False, "AlarmActions": ["a"]}]
    )
    assert run(inventory([*all_filters(but="vpc-changes"), silent])).status is Status.FAIL
    vpc = {"source": ["aws.ec2"], "detail": {"eventName": [{"prefix": "Create"}, {"wildcard": "*Vpc*"}]}}
    only_home = run(inventory(all_filters(but="vpc-changes"), [rule("vpc", vpc)]))
    assert only_home.status is Status.FAIL, "eu-west-1 has no rule"
    disabled = [rule("vpc", vpc, region=r, state="DISABLED") for r in (REGION, OTHER_REGION)]
    assert run(inventory(all_filters(but="vpc-changes"), disabled)).status is Status.FAIL
    # Root's read-only calls reach only a rule in the state that receives read-only management events.
    root = {"detail": {"userIdentity": {"type": ["Root"]}}}
    for state, expected in (
        ("ENABLED", Status.FAIL),
        ("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", Status.PASS),
    ):
        rules = [rule("root", root, region=r, state=state) for r in (REGION, OTHER_REGION)]
        assert run(inventory(all_filters(but="root-account-use"), rules)).status is expected, state


def test_fails_when_no_trail_records_the_events() -> None:
    result = run(inventory(all_filters(), trails=[trail(logging=False)]))
    assert result.status is Status.FAIL and "no multi-region trail" in result.message


def test_errors_when_a_source_that_could_watch_cannot_be_read() -> None:
    unscanned = run(inventory(None))
    assert unscanned.status is Status.ERROR and "not scanned" in unscanned.message
    unreadable_alarms = metric_filter("vpc-changes", readable=False)
    assert run(inventory([*all_filters(but="vpc-changes"), unreadable_alarms])).status is Status.ERROR
    unknown_targets = rule("vpc", {"source": ["aws.ec2"]}, readable=False)
    assert run(inventory(all_filters(but="vpc-changes"), [unknown_targets])).status is Status.ERROR
    no_status = trail(with_status=False, home="eu-central-1")
    assert run(inventory(all_filters(), trails=[no_status])).status is Status.ERROR


def test_a_watched_category_is_not_hidden_by_an_unreadable_source() -> None:
    unknown_targets = rule("other", {"source": ["aws.ec2"]}, readable=False)
    assert run(inventory(all_filters(), [unknown_targets])).status is Status.PASS
