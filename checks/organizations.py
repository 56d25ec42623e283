"""Organization guardrails decided from the SCPs in effect along each account's path."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.checkapi import Per, Scope, check
from scanner.model import Result, Severity, Status
from scanner.org import OrgTree
from scanner.policy import Policy, PolicyError, parse_policy
from scanner.policy.analysis import RequestFamily, deny_coverage

SSE_HEADER = "s3:x-amz-server-side-encryption"


class UnreadablePathError(Exception):
    """An SCP along the path could not be read, so the guardrail cannot be decided."""


def parse_scp(content: str, name: str) -> Policy:
    """An SCP: a policy without Principal elements (Organizations rejects them)."""
    policy = parse_policy(content, name)
    for statement in policy.statements:
        if statement.principals is not None:
            raise PolicyError(f"policy {name}: Statement[{statement.index}]: an SCP cannot name a Principal")
    return policy


def scps_in_effect(org: OrgTree, account_id: str) -> list[tuple[str, Policy]]:
    """(node name, policy) for every SCP attached from the root down to the account itself."""
    policies: list[tuple[str, Policy]] = []
    for node in org.path(account_id):
        if node.policy_ids is None:
            raise UnreadablePathError(f"the SCPs attached to {node.kind} {node.name} could not be read")
        for policy_id in node.policy_ids:
            policy = org.policies.get(policy_id)
            if policy is None:
                raise UnreadablePathError(f"SCP {policy_id} attached to {node.name} could not be read")
            try:
                parsed = parse_scp(policy.content, f"SCP {policy.name} ({policy_id})")
            except PolicyError as exc:
                raise UnreadablePathError(str(exc)) from None
            policies.append((node.name, parsed))
    return policies


@check(
    id="organizations.scp.deny-unencrypted-s3-uploads",
    title="SCPs deny S3 uploads that carry no server-side-encryption header",
    uses=(),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="A guardrail in the organization stops any principal in the account from writing an object "
    "without requesting encryption, whatever the bucket's own policy says.",
    remediation='Attach an SCP with {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*", '
    '"Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}} at the root or to the OU that '
    "holds the account.",
)
def deny_unencrypted_uploads(scope: Scope) -> Iterator[Result]:
    """PASS when the SCPs in effect along the account's path (root, each OU down to it, the account
    itself) explicitly deny s3:PutObject on every object of every bucket whenever the request has no
    server-side-encryption header, with no other condition a request could escape. The management account
    is never governed by SCPs, so it never passes."""
    org = scope.org
    where = scope.account_id
    if org is None:
        yield scope.result(Status.ERROR, where, "not evaluated: the organization (and its SCPs) was not read")
        return
    if scope.account_id == org.management_account_id:
        yield scope.result(
            Status.FAIL,
            where,
            "this is the management account: SCPs never apply to it, so no SCP can deny its uploads",
        )
        return
    if scope.account_id not in org.nodes:
        yield scope.result(Status.FAIL, where, "the account is not in the organization, so no SCP applies")
        return
    try:
        in_effect = scps_in_effect(org, scope.account_id)
    except UnreadablePathError as exc:
        yield scope.result(Status.ERROR, where, f"not evaluated: {exc}")
        return
    family = RequestFamily(("s3:PutObject",), ("arn:aws:s3:::*/*",), {SSE_HEADER: None})
    coverage = deny_coverage([p for _, p in in_effect], family)
    attached = {p.name: node for node, p in in_effect}
    details = {
        "path": [n.name for n in org.path(scope.account_id)],
        "scps_in_effect": [f"{p.name} (attached to {node})" for node, p in in_effect],
        "deciding_statements": [s.cite() for s in coverage.proofs],
    }
    if coverage.complete:
        proofs = ", ".join(f"{s.label} attached to {attached[s.policy]}" for s in coverage.proofs)
        yield scope.result(Status.PASS, where, f"unencrypted uploads are denied by {proofs}", details=details)
        return
    why = "; ".join(coverage.near_misses) or "no SCP on the path has a Deny for s3:PutObject"
    yield scope.result(
        Status.FAIL, where, f"no SCP in effect denies uploads without encryption ({why})", details=details
    )
