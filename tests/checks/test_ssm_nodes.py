"""Systems Manager fleet: running instances managed and online, patch and association compliance, and hybrid
activations bounded in time and role."""

from __future__ import annotations

from typing import Any

from checks.ssm_nodes import (
    activation_bounded,
    ec2_managed_online,
    node_association_compliant,
    node_patch_compliant,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def instance(instance_id: str) -> Item:
    return item(
        f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}",
        {"InstanceId": instance_id},
        name=instance_id,
    )


def node(instance_id: str, ping: str = "Online") -> Item:
    data = {
        "InstanceId": instance_id,
        "PingStatus": ping,
        "ResourceType": "EC2Instance",
        "AgentVersion": "3.3",
    }
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}", data, name=instance_id)


def summary(instance_id: str, kind: str, status: str, **extra: Any) -> Item:
    data = {"ResourceId": instance_id, "ComplianceType": kind, "Status": status, **extra}
    return item(f"{ACCOUNT}/{REGION}/{kind}/{instance_id}", data, name=instance_id)


def test_running_instances_pass_only_as_online_managed_nodes() -> None:
    inv = (
        InventoryBuilder()
        .add("ec2.running-instances", [instance("i-1"), instance("i-2"), instance("i-3")])
        .add("ssm.managed-nodes", [node("i-1"), node("i-2", "ConnectionLost")])
    )
    ok, lost, unmanaged = run_check(ec2_managed_online, inv)
    assert ok.status is Status.PASS and ok.evidence
    assert lost.status is Status.FAIL and "ConnectionLost" in lost.message
    assert unmanaged.status is Status.FAIL and "not a Systems Manager managed node" in unmanaged.message


def test_running_instances_error_when_managed_nodes_are_unreadable() -> None:
    inv = InventoryBuilder().add("ec2.running-instances", [instance("i-1")]).unavailable("ssm.managed-nodes")
    assert statuses(run_check(ec2_managed_online, inv)) == ["ERROR"]
    assert statuses(
        run_check(
            ec2_managed_online,
            InventoryBuilder().add("ec2.running-instances", []).add("ssm.managed-nodes", []),
        )
    ) == ["NOT_APPLICABLE"]


def test_patch_compliance_pass_fail_and_never_scanned() -> None:
    missing = {"SeveritySummary": {"CriticalCount": 2, "HighCount": 0}}
    inv = (
        InventoryBuilder()
        .add("ssm.managed-nodes", [node("i-1"), node("i-2"), node("i-3")])
        .add(
            "ssm.compliance-summaries",
            [
                summary("i-1", "Patch", "COMPLIANT"),
                summary("i-2", "Patch", "NON_COMPLIANT", NonCompliantSummary=missing),
                summary("i-3", "Association", "COMPLIANT"),
            ],
        )
    )
    patched, missing_patches, never = run_check(node_patch_compliant, inv)
    assert patched.status is Status.PASS
    assert missing_patches.status is Status.FAIL and "NON_COMPLIANT (critical 2)" in missing_patches.message
    assert never.status is Status.FAIL and "never scanned" in never.message


def test_patch_compliance_errors_when_summaries_are_unreadable() -> None:
    inv = (
        InventoryBuilder()
        .add("ssm.managed-nodes", [node("i-1")])
        .unavailable("ssm.compliance-summaries", ACCESS_DENIED)
    )
    assert statuses(run_check(node_patch_compliant, inv)) == ["ERROR"]


def test_association_compliance_judges_each_node_with_associations() -> None:
    inv = InventoryBuilder().add(
        "ssm.compliance-summaries",
        [
            summary("i-1", "Association", "COMPLIANT"),
            summary("i-2", "Association", "NON_COMPLIANT"),
            summary("i-3", "Patch", "NON_COMPLIANT"),
        ],
    )
    assert statuses(run_check(node_association_compliant, inv)) == ["PASS", "FAIL"]
    only_patch = InventoryBuilder().add("ssm.compliance-summaries", [summary("i-3", "Patch", "COMPLIANT")])
    assert statuses(run_check(node_association_compliant, only_patch)) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("ssm.compliance-summaries", ACCESS_DENIED)
    assert statuses(run_check(node_association_compliant, denied)) == ["ERROR"]


OBSERVED = "2026-06-30T12:00:00+00:00"


def activation(
    created: str, used: int = 0, limit: int = 5, role: str = "SSMServiceRole", **extra: Any
) -> Item:
    data = {
        "ActivationId": "a-1",
        "IamRole": role,
        "RegistrationLimit": limit,
        "RegistrationsCount": used,
        "CreatedDate": created,
        "ExpirationDate": "2026-07-20T00:00:00Z",
        "Expired": False,
        "ObservedAt": OBSERVED,
    } | extra
    return item(f"arn:aws:ssm:{REGION}:{ACCOUNT}:activation/a-1", data, name="a-1")


def _run(*activations: Item, broad: tuple[str, ...] = ()) -> list[Result]:
    roles = [
        item(
            f"arn:aws:iam::{ACCOUNT}:role/{name}",
            {"RoleName": name, "BroadPolicies": ["AdministratorAccess"]},
            name=name,
        )
        for name in broad
    ]
    inv = InventoryBuilder().add("ssm.activations", list(activations)).add("iam.broad-policy-roles", roles)
    return run_check(activation_bounded, inv)


def test_passes_when_fresh_or_used_up_and_not_applicable_when_expired() -> None:
    assert statuses(_run(activation("2026-06-30T02:00:00Z"))) == ["PASS"]
    assert statuses(_run(activation("2026-06-01T00:00:00Z", used=5))) == ["PASS"]
    assert statuses(_run(activation("2026-06-01T00:00:00Z", Expired=True))) == ["NOT_APPLICABLE"]
    assert statuses(_run(activation("2026-06-01T00:00:00Z", ExpirationDate="2026-06-02T00:00:00Z"))) == [
        "NOT_APPLICABLE"
    ]


def test_fails_when_open_too_long_or_for_a_broad_role() -> None:
    [stale] = _run(activation("2026-06-20T00:00:00Z", used=2))
    assert stale.status is Status.FAIL and "3 of 5 registrations" in stale.message
    [admin] = _run(activation("2026-06-30T02:00:00Z", role="service-role/Admin"), broad=("Admin",))
    assert admin.status is Status.FAIL and "role Admin has AdministratorAccess" in admin.message
    [undated] = _run(activation("", used=1))
    assert undated.status is Status.FAIL and "unknown time" in undated.message


def test_errors_when_unreadable() -> None:
    assert statuses(_run(activation("2026-06-30T02:00:00Z", ObservedAt=None))) == ["ERROR"]
    denied = (
        InventoryBuilder().unavailable("ssm.activations", ACCESS_DENIED).add("iam.broad-policy-roles", [])
    )
    assert statuses(run_check(activation_bounded, denied)) == ["ERROR"]
