"""Athena: workgroups with their full configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item


def workgroup_detail(api: Api, name: str) -> dict[str, Any]:
    detail: dict[str, Any] = api.call("get_work_group", WorkGroup=name)["WorkGroup"]
    return detail


def collect_workgroups(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_work_groups", "WorkGroups"):
        name = summary["Name"]
        arn = f"arn:{api.partition}:athena:{api.region}:{api.account_id}:workgroup/{name}"
        builder = api.resource(arn, name, {"State": summary.get("State")})
        builder.aspect("WorkGroup", workgroup_detail, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="athena.workgroups",
        service="athena",
        reach=Reach.REGIONAL,
        description="Athena workgroups and their configuration (result location, encryption, enforcement).",
        calls={"ListWorkGroups": "athena:ListWorkGroups", "GetWorkGroup": "athena:GetWorkGroup"},
        collect=collect_workgroups,
    ),
)
