"""VPC endpoint policies, decided by the policy engine."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.policy import Policy, PolicyError, Statement, parse_policy
from scanner.policy.analysis import applies_to_everyone
from scanner.policy.wildcard import covers


def full_access_statements(policy: Policy) -> list[Statement]:
    """Allow statements granting every action on every resource to every principal, unconditionally (the
    default policy AWS attaches when none is given)."""
    return [
        s
        for s in policy.statements
        if not s.is_deny
        and applies_to_everyone(s)
        and not s.not_action
        and any(covers(a, "*", ignore_case=True) for a in s.actions)
        and (s.resources is None or (not s.not_resource and any(covers(r, "*") for r in s.resources)))
        and not s.conditions
    ]


@check(
    id="vpc.endpoint.policy-restricted",
    title="VPC endpoint policies do not grant everything to everyone",
    for_each="ec2.vpc-endpoints",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="An endpoint policy is the network-side control on what the VPC can reach through it; the "
    "default full-access policy lets the VPC reach any account's resources (an exfiltration path).",
    remediation="Replace the endpoint policy with one that allows only the actions and resources the "
    "workloads need, pinned to the organization with aws:PrincipalOrgID or aws:ResourceOrgID.",
)
def endpoint_policy_restricted(endpoint: Item, scope: Scope) -> Result:
    """PASS when the endpoint has a policy and no Allow statement in it grants every action on every
    resource to every principal without conditions. Endpoints of services without custom policy support
    (no policy document) are not applicable."""
    document = endpoint.data.get("PolicyDocument")
    service = endpoint.data.get("ServiceName", "?")
    if not document:
        return scope.on_item(
            endpoint,
            Status.NOT_APPLICABLE,
            f"{service} endpoint has no policy (not supported by the service)",
        )
    try:
        policy = parse_policy(document, f"endpoint policy of {endpoint.name}")
    except PolicyError as exc:
        return scope.on_item(endpoint, Status.ERROR, f"not evaluated: {exc}")
    wide = full_access_statements(policy)
    details = {"deciding_statements": [s.cite() for s in wide or policy.statements]}
    if wide:
        labels = ", ".join(s.label for s in wide)
        return scope.failed(
            endpoint, f"{service} endpoint grants * on * to everyone ({labels})", details=details
        )
    return scope.passed(endpoint, f"{service} endpoint policy is restricted", details=details)
