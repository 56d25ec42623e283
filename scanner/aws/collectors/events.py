"""EventBridge: the rules of every event bus with their event patterns and targets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def rule_targets(api: Api, rule: str, bus: str) -> list[dict[str, Any]]:
    return api.paginate("list_targets_by_rule", "Targets", Rule=rule, EventBusName=bus)


def collect_rules(api: Api) -> Iterator[Item]:
    for bus in api.paginate("list_event_buses", "EventBuses"):
        bus_name = bus["Name"]
        for rule in api.paginate("list_rules", "Rules", EventBusName=bus_name):
            data = {**rule, "EventBusName": rule.get("EventBusName", bus_name)}
            builder = api.resource(rule["Arn"], f"{bus_name}/{rule['Name']}", data)
            builder.aspect("Targets", rule_targets, api, rule["Name"], bus_name)
            yield builder.build()


DATASETS = (
    Dataset(
        name="events.rules",
        service="events",
        reach=Reach.REGIONAL,
        description="EventBridge rules on every event bus, with their event patterns, state and targets.",
        calls={
            "ListEventBuses": "events:ListEventBuses",
            "ListRules": "events:ListRules",
            "ListTargetsByRule": "events:ListTargetsByRule",
        },
        collect=collect_rules,
    ),
)
