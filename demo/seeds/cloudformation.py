"""Demo: the landing-zone baseline StackSet. The management account deploys it, service-managed with automatic
deployment, to the Infrastructure and Workloads OUs; the last update failed in tenant-b (its instance is
OUTDATED), someone changed networking's baseline resources by hand (DRIFTED), and drift was never checked in
tenant-b. moto implements neither automatic deployment nor drift detection, so these are answers the
simulated accounts give (demo.simulated_apis)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from demo.world import HOME, DemoWorld

STACK_SET = "landing-zone-baseline"
STACK_SET_ID = f"{STACK_SET}:5d1e7a3c-0b2f-4c8e-9a61-2f3b4c5d6e7f"
CHECKED = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
TARGET_OUS = ("Infrastructure", "Workloads")
DRIFT = {"networking": "DRIFTED", "tenant-b": "NOT_CHECKED"}


def _target_ou_ids(world: DemoWorld) -> list[str]:
    org = world.sessions["management"].client("organizations")
    root = org.list_roots()["Roots"][0]["Id"]
    units = org.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"]
    return [unit["Id"] for unit in units if unit["Name"] in TARGET_OUS]


FAILED_UPDATE = (
    "ResourceLogicalId:AlertsTopic, ResourceType:AWS::SNS::Topic, ResourceStatusReason: Resource handler "
    "returned message: explicit deny in a service control policy"
)


def _stack_id(account: str) -> str:
    return f"arn:aws:cloudformation:{HOME}:{account}:stack/StackSet-{STACK_SET}-1/1"


def _instance(world: DemoWorld, name: str, ou: str) -> dict[str, Any]:
    failed = name == "tenant-b"
    account = world.org.account_id(name)
    return {
        "StackSetId": STACK_SET_ID,
        "Region": HOME,
        "Account": account,
        "StackId": _stack_id(account),
        "Status": "OUTDATED" if failed else "CURRENT",
        **({"StatusReason": FAILED_UPDATE} if failed else {}),
        "StackInstanceStatus": {"DetailedStatus": "FAILED" if failed else "SUCCEEDED"},
        "OrganizationalUnitId": ou,
        "DriftStatus": DRIFT.get(name, "IN_SYNC"),
    }


def _baseline_stack(world: DemoWorld, name: str) -> dict[str, Any]:
    account = world.org.account_id(name)
    status = DRIFT.get(name, "IN_SYNC")
    drift: dict[str, Any] = {"StackDriftStatus": status}
    if status != "NOT_CHECKED":
        drift["LastCheckTimestamp"] = CHECKED
    return {
        "StackId": _stack_id(account),
        "StackName": f"StackSet-{STACK_SET}-1",
        "CreationTime": datetime(2026, 2, 1, 12, 0, tzinfo=UTC),
        "StackStatus": "UPDATE_COMPLETE",
        "DriftInformation": drift,
        "Tags": [],
    }


def seed(world: DemoWorld) -> None:
    apis = world.apis
    management = world.org.account_id("management")
    ou_ids = _target_ou_ids(world)
    ou_of_account = {
        name: ou_ids[0] if name in ("networking", "shared-services") else ou_ids[1]
        for name in ("networking", "shared-services", "tenant-a", "tenant-b")
    }
    summary = {
        "StackSetName": STACK_SET,
        "StackSetId": STACK_SET_ID,
        "Status": "ACTIVE",
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": {"Enabled": True, "RetainStacksOnAccountRemoval": False},
    }
    detail = {
        **summary,
        "StackSetARN": f"arn:aws:cloudformation:{HOME}:{management}:stackset/{STACK_SET_ID}",
        "OrganizationalUnitIds": ou_ids,
    }
    instances = [_instance(world, name, ou) for name, ou in ou_of_account.items()]
    apis.answer("cloudformation", "ListStackSets", {"Summaries": []})
    apis.answer("cloudformation", "ListStackSets", {"Summaries": [summary]}, account=management, region=HOME)
    apis.answer("cloudformation", "DescribeStackSet", {"StackSet": detail}, account=management, region=HOME)
    apis.answer(
        "cloudformation", "ListStackInstances", {"Summaries": instances}, account=management, region=HOME
    )
    apis.answer("cloudformation", "DescribeStacks", {"Stacks": []})
    for name in ou_of_account:
        stack = _baseline_stack(world, name)
        apis.answer(
            "cloudformation",
            "DescribeStacks",
            {"Stacks": [stack]},
            account=world.org.account_id(name),
            region=HOME,
        )
