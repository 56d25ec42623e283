"""Systems Manager fleet: running instances managed and online, patch and association compliance."""

from __future__ import annotations

from typing import Any

from checks.ssm_nodes import ec2_managed_online, node_association_compliant, node_patch_compliant
from scanner.inventory import Item
from scanner.model import Status
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
