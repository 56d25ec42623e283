"""GetAdministratorAccount in the demo: a simulated answer in the API's wire format, read from moto's state
when asked, and no change to moto's GuardDuty class."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

import demo.world
from demo.seeds import guardduty
from demo.world import DEMO_REGIONS


def _administrator(session: Any, region: str) -> dict[str, Any] | None:
    client = session.client("guardduty", region_name=region)
    [detector] = client.list_detectors()["DetectorIds"]
    answer: dict[str, Any] | None = client.get_administrator_account(DetectorId=detector).get("Administrator")
    return answer


def test_members_report_the_security_account_without_a_patched_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.guardduty.models import GuardDutyBackend, guardduty_backends

    moto_class = dict(vars(GuardDutyBackend))
    monkeypatch.setattr(demo.world, "discover_seeds", lambda: [guardduty.seed])
    with demo.world.simulated_organization() as world:
        security = world.org.account_id("security")
        for region in DEMO_REGIONS:
            assert _administrator(world.sessions["tenant-a"], region) == {
                "AccountId": security,
                "RelationshipStatus": "Enabled",
            }
            assert _administrator(world.sessions["security"], region) is None
        tenant_b = world.sessions["tenant-b"].client("guardduty", region_name=DEMO_REGIONS[0])
        with pytest.raises(ClientError) as unknown:
            tenant_b.get_administrator_account(DetectorId="not-a-detector")
        assert unknown.value.response["Error"]["Code"] == "InvalidInputException"
        # Read when asked: a member removed after seeding reports no administrator.
        guardduty_backends[world.org.account_id("tenant-b")][DEMO_REGIONS[0]].admin_account_ids = []
        assert _administrator(world.sessions["tenant-b"], DEMO_REGIONS[0]) is None
        assert dict(vars(GuardDutyBackend)) == moto_class
    assert dict(vars(GuardDutyBackend)) == moto_class
