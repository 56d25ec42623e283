"""CloudTrail: trails visible in each region (shadow and organization trails included) with status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_trails(api: Api) -> Iterator[Item]:
    # includeShadowTrails shows multi-region and organization trails homed elsewhere; a member account sees
    # the organization trail this way. https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
    trails = api.call("describe_trails", includeShadowTrails=True).get("trailList", [])
    for trail in trails:
        arn = trail["TrailARN"]
        builder = api.resource(arn, trail.get("Name", arn), trail)
        # Status and selectors are read where the trail lives; its shadows elsewhere would repeat them.
        if trail.get("HomeRegion") == api.region:
            builder.aspect("Status", trail_status, api, arn)
            builder.aspect("EventSelectors", event_selectors, api, arn)
        yield builder.build()


def trail_status(api: Api, arn: str) -> dict[str, Any]:
    return _strip(api.call("get_trail_status", Name=arn))


def event_selectors(api: Api, arn: str) -> dict[str, Any]:
    return _strip(api.call("get_event_selectors", TrailName=arn))


def _strip(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


DATASETS = (
    Dataset(
        name="cloudtrail.trails",
        service="cloudtrail",
        reach=Reach.REGIONAL,
        description="Trails visible in the region (own, multi-region shadows, organization trails) with "
        "logging status and event selectors read in each trail's home region.",
        calls={
            "DescribeTrails": "cloudtrail:DescribeTrails",
            "GetTrailStatus": "cloudtrail:GetTrailStatus",
            "GetEventSelectors": "cloudtrail:GetEventSelectors",
        },
        collect=collect_trails,
    ),
)
