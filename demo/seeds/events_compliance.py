"""Demo: Config compliance changes forwarded to the security account's bus from every account; tenant-b
forwards none in its second region, and networking's rule is disabled."""

from __future__ import annotations

import json

from demo.seeds._lib.events import security_bus_arn
from demo.world import DEMO_REGIONS, HOME, DemoWorld

CONFIG_COMPLIANCE_CHANGES = json.dumps(
    {"source": ["aws.config"], "detail-type": ["Config Rules Compliance Change"]}
)


def seed(world: DemoWorld) -> None:
    for region in DEMO_REGIONS:
        for name, session in world.sessions.items():
            if name == "security" or (name == "tenant-b" and region != HOME):
                continue
            state = "DISABLED" if name == "networking" else "ENABLED"
            events = session.client("events", region_name=region)
            events.put_rule(
                Name="forward-config-compliance", EventPattern=CONFIG_COMPLIANCE_CHANGES, State=state
            )
            events.put_targets(
                Rule="forward-config-compliance",
                Targets=[{"Id": "security-account", "Arn": security_bus_arn(world, region)}],
            )
