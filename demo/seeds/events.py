"""Demo: the central-notification pattern. Every account forwards security findings from its default bus to
the security account's bus, where a rule delivers them to the `sns` seed's security-alerts topic (as the
security account's own findings are from its default bus). Gaps: tenant-b forwards only GuardDuty in its
second region, and log-archive forwards nothing there."""

from __future__ import annotations

import json

from checks.events import FINDING_SOURCES
from demo.seeds._lib.events import SECURITY_BUS, security_bus_arn
from demo.seeds.sns import security_topic_arn
from demo.world import DEMO_REGIONS, HOME, DemoWorld

ALL_FINDINGS = json.dumps(
    {"source": list(FINDING_SOURCES), "detail-type": [d for _, d in FINDING_SOURCES.values()]}
)
GUARDDUTY_ONLY = json.dumps({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"]})


def seed(world: DemoWorld) -> None:
    for region in DEMO_REGIONS:
        _security_account(world, region)
        for name, session in world.sessions.items():
            if name == "security" or (name == "log-archive" and region != HOME):
                continue
            pattern = GUARDDUTY_ONLY if name == "tenant-b" and region != HOME else ALL_FINDINGS
            events = session.client("events", region_name=region)
            events.put_rule(Name="forward-security-findings", EventPattern=pattern, State="ENABLED")
            events.put_targets(
                Rule="forward-security-findings",
                Targets=[{"Id": "security-account", "Arn": security_bus_arn(world, region)}],
            )


def _security_account(world: DemoWorld, region: str) -> None:
    events = world.sessions["security"].client("events", region_name=region)
    events.create_event_bus(Name=SECURITY_BUS)
    topic = security_topic_arn(world, region)
    for bus in ("default", SECURITY_BUS):  # the security account's own findings, and everyone else's
        events.put_rule(Name="notify-security-team", EventBusName=bus, EventPattern=ALL_FINDINGS)
        events.put_targets(
            Rule="notify-security-team", EventBusName=bus, Targets=[{"Id": "alerts", "Arn": topic}]
        )
