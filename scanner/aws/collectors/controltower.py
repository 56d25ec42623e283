"""AWS Control Tower: the landing zone, with its status and drift, as the management account sees it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def landing_zone_detail(api: Api, arn: str) -> dict[str, Any]:
    detail: dict[str, Any] = api.call("get_landing_zone", landingZoneIdentifier=arn)["landingZone"]
    return detail


def collect_landing_zones(api: Api) -> Iterator[Item]:
    # Only the management account has a landing zone, in its home region; collected there once (org_level).
    for summary in api.paginate("list_landing_zones", "landingZones"):
        builder = api.resource(summary["arn"], summary["arn"].rsplit("/", 1)[-1], summary)
        builder.aspect("LandingZone", landing_zone_detail, api, summary["arn"])
        yield builder.build()


DATASETS = (
    Dataset(
        name="controltower.landing-zones",
        service="controltower",
        reach=Reach.REGIONAL,
        description="The organization's Control Tower landing zone with its version, status and drift.",
        calls={
            "ListLandingZones": "controltower:ListLandingZones",
            "GetLandingZone": "controltower:GetLandingZone",
        },
        collect=collect_landing_zones,
        org_level=True,
    ),
)
