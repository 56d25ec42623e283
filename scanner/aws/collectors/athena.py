"""Athena: workgroups with their full configuration, their tags and their prepared statements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def workgroup_detail(api: Api, name: str) -> dict[str, Any]:
    detail: dict[str, Any] = api.call("get_work_group", WorkGroup=name)["WorkGroup"]
    return detail


def workgroup_tags(api: Api, arn: str) -> dict[str, str]:
    found = api.paginate("list_tags_for_resource", "Tags", ResourceARN=arn)
    return {t["Key"]: t["Value"] for t in found}


def prepared_statements(api: Api, workgroup: str) -> list[dict[str, Any]]:
    """Names and last-modified times of the workgroup's prepared statements (ListPreparedStatements gives no
    statement text)."""
    return api.paginate("list_prepared_statements", "PreparedStatements", WorkGroup=workgroup)


def collect_workgroups(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_work_groups", "WorkGroups"):
        name = summary["Name"]
        arn = f"arn:{api.partition}:athena:{api.region}:{api.account_id}:workgroup/{name}"
        builder = api.resource(arn, name, {"State": summary.get("State")})
        builder.aspect("WorkGroup", workgroup_detail, api, name)
        builder.aspect("Tags", workgroup_tags, api, arn)
        builder.aspect("PreparedStatements", prepared_statements, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="athena.workgroups",
        service="athena",
        reach=Reach.REGIONAL,
        description="Athena workgroups with their configuration (result location, encryption, enforcement), "
        "their tags and the names of their prepared statements.",
        calls={
            "ListWorkGroups": "athena:ListWorkGroups",
            "GetWorkGroup": "athena:GetWorkGroup",
            "ListTagsForResource": "athena:ListTagsForResource",
            "ListPreparedStatements": "athena:ListPreparedStatements",
        },
        collect=collect_workgroups,
    ),
)
