"""Systems Manager fleet checks: running instances are managed and online, managed nodes are patched and in
line with their State Manager associations, and hybrid activations are bounded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from checks._lib.dates import as_datetime, day
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _summaries(scope: Scope, compliance_type: str) -> dict[str, Item]:
    """The compliance summaries of one type (Patch, Association), by node id."""
    return {
        str(s.data.get("ResourceId")): s
        for s in scope.items("ssm.compliance-summaries")
        if s.data.get("ComplianceType") == compliance_type
    }


def _non_compliant_counts(summary: Item) -> str:
    counts = (summary.data.get("NonCompliantSummary") or {}).get("SeveritySummary") or {}
    shown = [f"{key.removesuffix('Count').lower()} {value}" for key, value in counts.items() if value]
    return f" ({', '.join(shown)})" if shown else ""


@check(
    id="ssm.ec2.managed-online",
    title="Every running EC2 instance is an online Systems Manager managed node",
    for_each="ec2.running-instances",
    uses=("ssm.managed-nodes",),
    severity=Severity.MEDIUM,
    rationale="An instance Systems Manager does not manage is not patched, inventoried or reachable through "
    "Session Manager, so missing patches and drift on it stay invisible.",
    remediation="Install or repair the SSM Agent, give the instance an instance profile with "
    "AmazonSSMManagedInstanceCore (or turn on Default Host Management Configuration), and make sure it "
    "reaches the Systems Manager endpoints.",
)
def ec2_managed_online(instance: Item, scope: Scope) -> Result:
    """PASS for each running instance that DescribeInstanceInformation lists as a managed node with
    PingStatus Online; FAIL when it is not listed or its ping status is ConnectionLost or Inactive."""
    nodes = {str(n.data.get("InstanceId")): n for n in scope.items("ssm.managed-nodes")}
    node = nodes.get(instance.name)
    if node is None:
        return scope.failed(instance, f"instance {instance.name} is not a Systems Manager managed node")
    ping = str(node.data.get("PingStatus") or "unknown")
    evidence = node.evidence
    if ping != "Online":
        return scope.failed(
            instance, f"managed node {instance.name} has ping status {ping}", evidence=evidence
        )
    agent = node.data.get("AgentVersion") or "unknown"
    return scope.passed(
        instance, f"managed node {instance.name} is online (agent {agent})", evidence=evidence
    )


@check(
    id="ssm.node.patch-compliant",
    title="Managed nodes report patch compliance with no missing patches",
    for_each="ssm.managed-nodes",
    uses=("ssm.compliance-summaries",),
    severity=Severity.HIGH,
    rationale="Missing security patches are the most common way malicious code gets onto hosts; a node "
    "that never reports patch compliance is an unknown, not a clean one.",
    remediation="Scan and install patches with a Patch Manager patch policy (or a maintenance window running "
    "AWS-RunPatchBaseline) on every managed node, against a baseline that approves security updates.",
)
def node_patch_compliant(node: Item, scope: Scope) -> Result:
    """PASS for each managed node whose Systems Manager Patch compliance summary is COMPLIANT; FAIL when it
    is NON_COMPLIANT or the node has no patch compliance summary (it was never scanned)."""
    node_id = str(node.data.get("InstanceId"))
    summary = _summaries(scope, "Patch").get(node_id)
    if summary is None:
        return scope.failed(node, f"managed node {node_id} reports no patch compliance (never scanned)")
    status = str(summary.data.get("Status") or "unknown")
    if status != "COMPLIANT":
        detail = _non_compliant_counts(summary)
        return scope.failed(
            node, f"managed node {node_id} patch compliance is {status}{detail}", evidence=summary.evidence
        )
    return scope.passed(node, f"managed node {node_id} is patch compliant", evidence=summary.evidence)


@check(
    id="ssm.node.association-compliant",
    title="Managed nodes comply with their State Manager associations",
    uses=("ssm.compliance-summaries",),
    severity=Severity.MEDIUM,
    rationale="State Manager associations apply the baseline configuration (agents, hardening, logging) to "
    "nodes; a non-compliant association means the baseline did not apply and the node has drifted.",
    remediation="Look at the failed association executions on the node, fix the cause (permissions, "
    "document errors, connectivity) and re-apply the association.",
)
def node_association_compliant(scope: Scope) -> Iterator[Result]:
    """PASS for each managed node whose Systems Manager Association compliance summary is COMPLIANT; FAIL
    for each whose summary is NON_COMPLIANT. Nodes with no associations are not judged."""
    for node_id, summary in sorted(_summaries(scope, "Association").items()):
        status = str(summary.data.get("Status") or "unknown")
        if status == "COMPLIANT":
            yield scope.passed(summary, f"managed node {node_id} complies with its associations")
        else:
            detail = _non_compliant_counts(summary)
            yield scope.failed(summary, f"managed node {node_id} association compliance is {status}{detail}")


# Hours an activation may stay open with unused registrations: AWS's default activation lifetime (24 hours,
# CreateActivation without ExpirationDate). No seed gives a number.
ACTIVATION_MAX_OPEN_HOURS = 24


def _open_too_long(activation: Item, observed: dt.datetime) -> str | None:
    """Why the unexpired activation is unbounded (spare registrations past the allowed hours), or None."""
    created = as_datetime(activation.data.get("CreatedDate"))
    limit = int(activation.data.get("RegistrationLimit") or 0)
    used = int(activation.data.get("RegistrationsCount") or 0)
    if used >= limit:
        return None
    if created is None:
        return f"{limit - used} of {limit} registrations unused, created at an unknown time"
    hours = (observed - created).total_seconds() / 3600
    if hours <= ACTIVATION_MAX_OPEN_HOURS:
        return None
    return (
        f"{limit - used} of {limit} registrations still unused {int(hours // 24)} day(s) after {day(created)}"
    )


@check(
    id="ssm.activation.bounded",
    title="Hybrid activations are used up or closed quickly, for roles without broad policies",
    for_each="ssm.activations",
    uses=("iam.broad-policy-roles",),
    severity=Severity.MEDIUM,
    rationale="An activation code and id register any machine that presents them as a managed node with the "
    "activation's IAM role; an activation left open with spare registrations is a standing credential, and "
    "a broad role makes every registered machine powerful.",
    remediation="Delete activations once their machines are registered, create them with a short expiry and "
    "a registration limit equal to the machines planned, and give them a role scoped to what hybrid nodes "
    "need (AmazonSSMManagedInstanceCore).",
)
def activation_bounded(activation: Item, scope: Scope) -> Result:
    """PASS for each unexpired activation that has used all its registrations or is at most 24 hours old
    (ACTIVATION_MAX_OPEN_HOURS, AWS's default activation lifetime), and whose IamRole has none of the broad
    AWS managed policies attached. Expired activations are not applicable; an unknown read time is ERROR."""
    observed = as_datetime(activation.data.get("ObservedAt"))
    if observed is None:
        return scope.on_item(activation, Status.ERROR, "not evaluated: the read time is unknown")
    expires = as_datetime(activation.data.get("ExpirationDate"))
    if activation.data.get("Expired") is True or (expires is not None and expires <= observed):
        return scope.on_item(activation, Status.NOT_APPLICABLE, f"activation {activation.name} has expired")
    role_name = str(activation.data.get("IamRole") or "").rsplit("/", 1)[-1]
    broad = {r.name: r for r in scope.items("iam.broad-policy-roles")}
    problems = [why] if (why := _open_too_long(activation, observed)) else []
    if role_name in broad:
        problems.append(f"role {role_name} has {', '.join(broad[role_name].data.get('BroadPolicies') or [])}")
    evidence = [d for record in scope.records("iam.broad-policy-roles") for d in record.evidence]
    if problems:
        return scope.failed(
            activation, f"activation {activation.name}: {'; '.join(problems)}", evidence=evidence
        )
    return scope.passed(
        activation,
        f"activation {activation.name} is bounded (role {role_name or 'unknown'})",
        evidence=evidence,
    )
