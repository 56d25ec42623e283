"""Demo: Athena API activity watched by EventBridge. tenant-a forwards every Athena API call to the security
account's bus in both regions; tenant-b watches only StartQueryExecution, in its home region; the other
accounts watch nothing."""

from __future__ import annotations

import json

from demo.seeds._lib.events import security_bus_arn
from demo.world import DEMO_REGIONS, HOME, DemoWorld

ATHENA_API_CALLS = {"source": ["aws.athena"], "detail-type": ["AWS API Call via CloudTrail"]}
QUERY_STARTS_ONLY = {**ATHENA_API_CALLS, "detail": {"eventName": ["StartQueryExecution"]}}


def seed(world: DemoWorld) -> None:
    watchers = {"tenant-a": (ATHENA_API_CALLS, DEMO_REGIONS), "tenant-b": (QUERY_STARTS_ONLY, (HOME,))}
    for name, (pattern, regions) in watchers.items():
        for region in regions:
            events = world.sessions[name].client("events", region_name=region)
            events.put_rule(Name="watch-athena-api-calls", EventPattern=json.dumps(pattern), State="ENABLED")
            events.put_targets(
                Rule="watch-athena-api-calls",
                Targets=[{"Id": "security-account", "Arn": security_bus_arn(world, region)}],
            )
