"""Athena API activity is watched by an EventBridge rule, or by a metric filter with an alarm on the trail's
log group (the organization trail's, in the management account, for central detection)."""

from __future__ import annotations

import json
from typing import Any

from checks.athena_activity import MONITORED_CALLS, api_activity_monitored
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, trail

MGMT = "999999999999"
ORG_GROUP = f"arn:aws:logs:{REGION}:{MGMT}:log-group:org-trail:*"
API_CALLS = {"source": ["aws.athena"], "detail-type": ["AWS API Call via CloudTrail"]}


def rule(pattern: dict[str, Any], *, state: str = "ENABLED", targets: int = 1) -> Item:
    arn = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/athena-calls"
    data = {"State": state, "EventPattern": json.dumps(pattern), "Targets": [{"Arn": "t"}] * targets}
    return item(arn, data, name="default/athena-calls")


def metric_filter(pattern: str, alarms: list[dict[str, Any]] | None = None) -> Item:
    arn = f"arn:aws:logs:{REGION}:{MGMT}:log-group:org-trail:metric-filter/athena"
    acting = [{"AlarmName": "athena-calls", "ActionsEnabled": True, "AlarmActions": ["arn:aws:sns:topic"]}]
    data = {
        "logGroupName": "org-trail",
        "filterPattern": pattern,
        "Alarms": acting if alarms is None else alarms,
    }
    return item(arn, data, name="org-trail/athena")


def inventory(
    rules: list[Item], *, trails: list[Item] | None = None, filters: list[Item] | None = None
) -> InventoryBuilder:
    inv = InventoryBuilder().add("events.rules", rules).add("logs.metric-filters", [])
    inv.add("cloudtrail.trails", [trail()] if trails is None else trails)
    inv.add("cloudtrail.trails", [], account=MGMT)  # the management account owns no organization trail
    if filters is not None:
        inv.add("logs.metric-filters", filters, account=MGMT)
    return inv


def org_trail() -> Item:
    arn = f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/org"
    shadow = trail(arn, org=True)
    shadow.data["CloudWatchLogsLogGroupArn"] = ORG_GROUP
    return shadow


def run(inv: InventoryBuilder) -> Result:
    org = org_of(MGMT, ACCOUNT)
    [result] = run_check(api_activity_monitored, inv, accounts=[org.accounts[ACCOUNT]], org=org)
    return result


def test_passes_with_a_rule_matching_every_athena_api_call() -> None:
    result = run(inventory([rule(API_CALLS)]))
    assert result.status is Status.PASS and "athena-calls" in result.message
    by_event_source = {"detail": {"eventSource": ["athena.amazonaws.com"]}}
    assert run(inventory([rule(by_event_source)])).status is Status.PASS
    named = {**API_CALLS, "detail": {"eventName": sorted(MONITORED_CALLS)}}
    assert run(inventory([rule(named)])).status is Status.PASS


def test_passes_with_a_metric_filter_and_alarm_on_the_organization_trail_log_group() -> None:
    inv = inventory(
        [], trails=[org_trail()], filters=[metric_filter("{ $.eventSource = athena.amazonaws.com }")]
    )
    result = run(inv)
    assert result.status is Status.PASS and "metric filter" in result.message and result.evidence


def test_fails_for_rules_that_do_not_reach_every_call() -> None:
    partial = {**API_CALLS, "detail": {"eventName": ["StartQueryExecution"]}}
    result = run(inventory([rule(partial)]))
    assert result.status is Status.FAIL and "DeleteWorkGroup" in result.message
    assert "StartQueryExecution" not in result.details["unwatched_calls"]
    for useless in (
        rule(API_CALLS, state="DISABLED"),
        rule(API_CALLS, targets=0),
        rule({"source": ["aws.athena"], "detail-type": ["Athena Query State Change"]}),
        rule({"source": ["aws.s3"], "detail": {"eventSource": ["athena.amazonaws.com"]}}),
        rule({"source": [{"prefix": "aws.ath"}]}),
        item("arn:aws:events:r/custom", {**rule(API_CALLS).data, "EventBusName": "custom"}),
    ):
        assert run(inventory([useless])).status is Status.FAIL, useless.data


def test_fails_for_filters_without_an_acting_alarm_or_with_negations() -> None:
    silent = metric_filter("{ $.eventSource = athena.amazonaws.com }", alarms=[{"AlarmName": "x"}])
    negated = metric_filter("{ $.eventSource = athena.amazonaws.com && $.eventName != GetQueryResults }")
    for useless in (silent, negated):
        assert run(inventory([], trails=[org_trail()], filters=[useless])).status is Status.FAIL


def test_fails_when_no_trail_records_the_calls() -> None:
    result = run(inventory([rule(API_CALLS)], trails=[trail(logging=False)]))
    assert result.status is Status.FAIL and "no multi-region trail" in result.message


def test_errors_when_a_watcher_or_the_trail_cannot_be_read() -> None:
    unscanned = run(inventory([], trails=[org_trail()]))
    assert unscanned.status is Status.ERROR and "not scanned" in unscanned.message
    denied = InventoryBuilder().add("events.rules", []).add("cloudtrail.trails", [trail()])
    denied.unavailable("logs.metric-filters", ACCESS_DENIED)
    assert run(denied).status is Status.ERROR
    unknown_targets = item("arn:aws:events:r", {"State": "ENABLED", "EventPattern": json.dumps(API_CALLS)})
    unknown_targets.errors["Targets"] = ACCESS_DENIED
    assert run(inventory([unknown_targets])).status is Status.ERROR
    no_status = trail(with_status=False, home="eu-west-1")
    assert run(inventory([rule(API_CALLS)], trails=[no_status])).status is Status.ERROR
