"""IAM privilege checks: workload roles do not carry broad AWS managed policies."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.checkapi import Scope, check
from scanner.facts import BROAD_MANAGED_POLICIES
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Roles the organization designates as administrative, by IAM role tag (the controlmap:* tag convention).
ADMIN_PURPOSE_TAG = "controlmap:purpose"
ADMIN_PURPOSES = ("administration", "break-glass")
# Paths of roles AWS creates and owns: service-linked roles, and Identity Center's permission-set roles
# (whose power is decided by the permission set and its assignments, judged under Identity Center).
AWS_OWNED_PATHS = ("/aws-service-role/", "/aws-reserved/sso.amazonaws.com/")


def _not_a_workload_role(role: Item) -> str | None:
    """Why the role is outside the check (AWS-owned or a designated admin role), or None."""
    path = str(role.data.get("Path") or "/")
    if path.startswith(AWS_OWNED_PATHS):
        return f"AWS-owned role (path {path})"
    purpose = (role.data.get("Tags") or {}).get(ADMIN_PURPOSE_TAG)
    if purpose in ADMIN_PURPOSES:
        return f"designated {purpose} role (tag {ADMIN_PURPOSE_TAG}={purpose})"
    return None


@check(
    id="iam.role.no-broad-managed-policies",
    title="No workload role has a broad AWS managed policy attached",
    uses=("iam.broad-policy-roles",),
    severity=Severity.HIGH,
    rationale="AdministratorAccess, PowerUserAccess, IAMFullAccess, AmazonS3FullAccess and "
    "SecretsManagerReadWrite give a workload far more than it needs: whoever compromises the workload can "
    "read every secret and bucket or take over the account.",
    remediation="Replace the managed policy with a policy scoped to the workload's own resources. Tag roles "
    "that are administrative by design (the organization's admin and break-glass roles) "
    "controlmap:purpose=administration or controlmap:purpose=break-glass.",
)
def no_broad_managed_policies(scope: Scope) -> Iterator[Result]:
    """PASS when no workload role in the account has AdministratorAccess, PowerUserAccess, IAMFullAccess,
    AmazonS3FullAccess or SecretsManagerReadWrite attached (attachment by name, not policy evaluation);
    FAIL for each workload role that has one. Not workload roles, and so not judged: service-linked roles
    (path /aws-service-role/), IAM Identity Center permission-set roles (path
    /aws-reserved/sso.amazonaws.com/), and roles tagged controlmap:purpose=administration or
    controlmap:purpose=break-glass."""
    roles = scope.items("iam.broad-policy-roles")
    judged = False
    for role in roles:
        if _not_a_workload_role(role) is None:
            judged = True
            policies = ", ".join(role.data.get("BroadPolicies") or [])
            yield scope.failed(role, f"workload role {role.name} has {policies} attached")
    if judged:
        return
    excluded = [f"{r.name}: {_not_a_workload_role(r)}" for r in roles]
    evidence = [d for record in scope.records("iam.broad-policy-roles") for d in record.evidence]
    listed = f" (only {'; '.join(excluded)})" if excluded else ""
    yield scope.result(
        Status.PASS,
        scope.account_id,
        f"no workload role has {', '.join(BROAD_MANAGED_POLICIES)} attached{listed}",
        evidence=[*evidence, *(d for r in roles for d in r.evidence)],
    )
