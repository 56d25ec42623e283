"""GuardDuty: detectors with their administrator relationship, and the organization's delegated admins."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def detector_detail(api: Api, detector_id: str) -> dict[str, Any]:
    response = api.call("get_detector", DetectorId=detector_id)
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def administrator(api: Api, detector_id: str) -> dict[str, Any] | None:
    """The member's view of its administrator; None when it has none (a standalone detector)."""
    admin: dict[str, Any] | None = api.call("get_administrator_account", DetectorId=detector_id).get(
        "Administrator"
    )
    return admin


def collect_detectors(api: Api) -> Iterator[Item]:
    for detector_id in api.paginate("list_detectors", "DetectorIds"):
        arn = f"arn:{api.partition}:guardduty:{api.region}:{api.account_id}:detector/{detector_id}"
        builder = api.resource(arn, detector_id, {"DetectorId": detector_id})
        builder.aspect("Detector", detector_detail, api, detector_id)
        builder.aspect("Administrator", administrator, api, detector_id)
        yield builder.build()


def collect_org_admins(api: Api) -> Iterator[Item]:
    # Answerable only by the management account; collected there once (org_level).
    for admin in api.paginate("list_organization_admin_accounts", "AdminAccounts"):
        account = admin["AdminAccountId"]
        yield api.resource(f"{api.region}/{account}", account, admin).build()


DATASETS = (
    Dataset(
        name="guardduty.detectors",
        service="guardduty",
        reach=Reach.REGIONAL,
        description="GuardDuty detectors, their status, and the administrator account each one reports to.",
        calls={
            "ListDetectors": "guardduty:ListDetectors",
            "GetDetector": "guardduty:GetDetector",
            "GetAdministratorAccount": "guardduty:GetAdministratorAccount",
        },
        collect=collect_detectors,
    ),
    Dataset(
        name="guardduty.org-admins",
        service="guardduty",
        reach=Reach.REGIONAL,
        description="The organization's GuardDuty delegated administrator in each region.",
        calls={"ListOrganizationAdminAccounts": "guardduty:ListOrganizationAdminAccounts"},
        collect=collect_org_admins,
        org_level=True,
    ),
)
