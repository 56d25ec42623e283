"""Demo: GuardDuty administered from the security account, every account an enabled member, every region;
with realistic gaps in its protection features: shared-services never turned on malware protection,
tenant-b's eu-west-2 detector has runtime monitoring off, and networking still runs the EKS-only runtime
monitoring it adopted first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from demo.simulated_apis import Answer, ApiError
from demo.world import DEMO_REGIONS, DemoWorld

ON, OFF = "ENABLED", "DISABLED"


def seed(world: DemoWorld) -> None:
    _detectors(world)
    _protection_features(world)


def _detectors(world: DemoWorld) -> None:
    from moto.guardduty.models import guardduty_backends

    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        management = world.sessions["management"].client("guardduty", region_name=region)
        management.enable_organization_admin_account(AdminAccountId=security)
        for name, session in world.sessions.items():
            session.client("guardduty", region_name=region).create_detector(Enable=True)
            # moto has no member model (CreateMembers does not link the member's detector), so the
            # simulation records the administrator on each member's side, as auto-enable would.
            members = [] if name == "security" else [security]
            account = world.org.account_id(name)
            guardduty_backends[account][region].admin_account_ids = members
            world.apis.answer(
                "guardduty",
                "GetAdministratorAccount",
                _administrator_account(account, region),
                account=account,
                region=region,
            )


def _protection_features(world: DemoWorld) -> None:
    for region in DEMO_REGIONS:
        for name, session in world.sessions.items():
            malware = OFF if name == "shared-services" else ON
            runtime = OFF if name == "tenant-b" and region == "eu-west-2" else ON
            runtime_feature = "EKS_RUNTIME_MONITORING" if name == "networking" else "RUNTIME_MONITORING"
            features = [
                {"Name": "EBS_MALWARE_PROTECTION", "Status": malware},
                {"Name": runtime_feature, "Status": runtime},
            ]
            client = session.client("guardduty", region_name=region)
            for detector_id in client.list_detectors()["DetectorIds"]:
                client.update_detector(DetectorId=detector_id, Features=features)


def _administrator_account(account: str, region: str) -> Answer:
    """GetAdministratorAccount as the API answers it. moto answers with capitalised JSON keys, which botocore
    (rightly) ignores, so every member would look standalone. The answer reads moto's detectors and the
    administrator recorded on the member's side when it is asked, so a change made after seeding shows."""

    def answer(params: Mapping[str, Any]) -> Mapping[str, Any] | ApiError:
        from moto.guardduty.models import guardduty_backends

        backend = guardduty_backends[account][region]
        if params.get("DetectorId") not in backend.detectors:
            return ApiError(
                "InvalidInputException",
                "The request is rejected because the input detectorId is not owned by the current account.",
            )
        if not backend.admin_account_ids:
            return {}
        return {"Administrator": {"AccountId": backend.admin_account_ids[0], "RelationshipStatus": "Enabled"}}

    return answer
