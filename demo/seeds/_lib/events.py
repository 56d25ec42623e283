"""The security account's event bus, where every account forwards what the security team must see (the
`events` seed creates it in each demo region)."""

from __future__ import annotations

from demo.world import DemoWorld

SECURITY_BUS = "security-findings"


def security_bus_arn(world: DemoWorld, region: str) -> str:
    return f"arn:aws:events:{region}:{world.org.account_id('security')}:event-bus/{SECURITY_BUS}"
