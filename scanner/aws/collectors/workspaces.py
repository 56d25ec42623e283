"""Amazon WorkSpaces: virtual desktops with the encryption settings of their root and user volumes."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_workspaces(api: Api) -> Iterator[Item]:
    for workspace in api.paginate("describe_workspaces", "Workspaces"):
        workspace_id = workspace["WorkspaceId"]
        arn = f"arn:{api.partition}:workspaces:{api.region}:{api.account_id}:workspace/{workspace_id}"
        name = f"{workspace_id} ({workspace['UserName']})" if workspace.get("UserName") else workspace_id
        yield api.resource(arn, name, workspace).build()


DATASETS = (
    Dataset(
        name="workspaces.workspaces",
        service="workspaces",
        reach=Reach.REGIONAL,
        description="WorkSpaces desktops with root and user volume encryption and the KMS key they use.",
        calls={"DescribeWorkspaces": "workspaces:DescribeWorkspaces"},
        collect=collect_workspaces,
    ),
)
