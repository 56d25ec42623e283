"""What watches the management events a trail records: metric filters with alarms on the trail's log group,
and EventBridge rules that receive CloudTrail's events (shared by the Athena-activity and security-alarm
checks)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from checks.cloudtrail import trail_verdicts, trails_logging_account
from scanner.checkapi import Scope
from scanner.inventory import Item

_LOG_GROUP_ARN = re.compile(r"^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)")
# A rule in this state also receives read-only management events (Get/List/Describe) delivered by CloudTrail;
# a rule that is plainly ENABLED does not.
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
ALL_MANAGEMENT_EVENTS_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"


@dataclass
class LoggingTrails:
    """The multi-region trails recording all of this account's management events; why others are unknown."""

    trails: list[Item] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def evidence(self) -> list[str]:
        return [digest for trail in self.trails for digest in trail.evidence]


def logging_trails(scope: Scope) -> LoggingTrails:
    """The trails (this account's own, or the organization trail of the management account) that are
    multi-region, logging and record all read and write management events for this account."""
    trails, unknown = trails_logging_account(scope)
    verdicts = trail_verdicts(trails)
    return LoggingTrails(
        [v.item for v in verdicts if v.ok],
        unknown + [f"{v.item.name}: {v.unknown}" for v in verdicts if v.unknown],
    )


def trail_metric_filters(scope: Scope, trails: list[Item], unknown: list[str]) -> list[Item]:
    """The metric filters on the CloudWatch Logs groups the trails deliver to, read in the account and region
    of each log group (an organization trail delivers to a log group of the management account). Log groups
    whose metric filters could not be read are added to `unknown`."""
    filters: list[Item] = []
    for trail in trails:
        match = _LOG_GROUP_ARN.match(str(trail.data.get("CloudWatchLogsLogGroupArn") or ""))
        if match is None:
            continue
        region, account, group = match.groups()
        record = scope.inventory.get(account, region, "logs.metric-filters")
        if record is None or not record.available:
            why = "not scanned" if record is None else str(record.unavailable)
            unknown.append(f"metric filters of log group {group} ({account}/{region}): {why}")
            continue
        filters.extend(f for f in record.items if f.data.get("logGroupName") == group)
    return filters


def alarmed(metric_filter: Item) -> list[str]:
    """Names of the alarms on the filter's metric that act when they fire (actions enabled, one at least)."""
    return [
        str(a.get("AlarmName"))
        for a in metric_filter["Alarms"]
        if a.get("ActionsEnabled", True) and a.get("AlarmActions")
    ]


def rule_receives_cloudtrail_events(rule: Item, *, read_only: bool = False) -> bool:
    """A rule that receives CloudTrail's management events and passes them on: enabled (in the state that also
    receives read-only events when `read_only`), on the default bus (where AWS services deliver) and with at
    least one target. Reading the targets raises AspectUnavailable when they could not be listed."""
    state = str(rule.data.get("State", "")).upper()
    wanted = {ALL_MANAGEMENT_EVENTS_STATE} if read_only else {"ENABLED", ALL_MANAGEMENT_EVENTS_STATE}
    if state not in wanted or rule.data.get("EventBusName", "default") != "default":
        return False
    return bool(rule["Targets"])


def rule_event_pattern(rule: Item) -> dict[str, Any] | None:
    """The rule's event pattern as a JSON object; None for a scheduled rule or a pattern that is not one."""
    try:
        pattern = json.loads(str(rule.data.get("EventPattern") or "null"))
    except ValueError:
        return None
    return pattern if isinstance(pattern, dict) else None
