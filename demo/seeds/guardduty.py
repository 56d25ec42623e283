"""Demo: GuardDuty administered from the security account, every account an enabled member, every region."""

from __future__ import annotations

from typing import Any

from demo.world import DEMO_REGIONS, DemoWorld


def seed(world: DemoWorld) -> None:
    from moto.guardduty.models import guardduty_backends

    _answer_get_administrator_account_in_the_wire_format()
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        management = world.sessions["management"].client("guardduty", region_name=region)
        management.enable_organization_admin_account(AdminAccountId=security)
        for name, session in world.sessions.items():
            session.client("guardduty", region_name=region).create_detector(Enable=True)
            # moto has no member model (CreateMembers does not link the member's detector), so the
            # simulation records the administrator on each member's side, as auto-enable would.
            members = [] if name == "security" else [security]
            guardduty_backends[world.org.account_id(name)][region].admin_account_ids = members


def _answer_get_administrator_account_in_the_wire_format() -> None:
    """moto answers GetAdministratorAccount with capitalised JSON keys, which botocore (rightly) ignores, so
    every member would look standalone. The simulation answers as the API does (lower-camel-case keys)."""
    from moto.guardduty.models import GuardDutyBackend

    def get_administrator_account(self: GuardDutyBackend, detector_id: str) -> dict[str, Any]:
        self.get_detector(detector_id)
        if not self.admin_account_ids:
            return {}
        return {"administrator": {"accountId": self.admin_account_ids[0], "relationshipStatus": "Enabled"}}

    GuardDutyBackend.get_administrator_account = get_administrator_account  # type: ignore[method-assign]
