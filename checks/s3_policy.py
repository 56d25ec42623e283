"""S3 checks decided by the policy engine: TLS-only bucket policies and access from outside."""

from __future__ import annotations

from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.policy import Policy, PolicyError, parse_policy
from scanner.policy.analysis import RequestFamily, Trust, deny_coverage, outsider_grants

BPA_SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "everyone (AllUsers)",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account (AuthenticatedUsers)",
}


def bucket_policy(bucket: Item) -> Policy | None:
    """The bucket's parsed policy; None when it has none. Raises PolicyError naming the bucket."""
    text = bucket["Policy"]
    return None if text is None else parse_policy(text, f"bucket policy of {bucket.name}")


@check(
    id="s3.bucket.tls-only",
    title="S3 bucket policy denies every request made without TLS",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.HIGH,
    rationale="Only an explicit Deny on aws:SecureTransport false stops a client (or a misconfigured SDK) "
    "from sending data or credentials over plain HTTP; encryption at rest does nothing for data in transit.",
    remediation='Add a statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": '
    '["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"], "Condition": {"Bool": {"aws:SecureTransport": '
    '"false"}}} to the bucket policy.',
)
def tls_only(bucket: Item, scope: Scope) -> Result:
    """PASS only when the bucket policy explicitly denies, for any principal, every S3 action (including
    ones AWS has not invented yet) on the bucket and on every object in it whenever aws:SecureTransport is
    false, with no other condition that a request could escape. No policy is a FAIL."""
    try:
        policy = bucket_policy(bucket)
    except PolicyError as exc:
        return scope.on_item(bucket, Status.ERROR, f"not evaluated: {exc}")
    if policy is None:
        return scope.failed(bucket, "no bucket policy, so nothing denies requests made over plain HTTP")
    arn = bucket.resource_id
    family = RequestFamily(("s3:*",), (arn, f"{arn}/*"), {"aws:securetransport": ("false",)})
    coverage = deny_coverage([policy], family)
    details: dict[str, Any] = {"deciding_statements": [s.cite() for s in coverage.proofs]}
    if coverage.complete:
        labels = ", ".join(s.label for s in coverage.proofs)
        return scope.passed(
            bucket, f"every plain-HTTP request is explicitly denied by {labels}", details=details
        )
    details["not_denied"] = list(coverage.gaps)
    details["statements_considered"] = list(coverage.near_misses)
    why = f" ({'; '.join(coverage.near_misses)})" if coverage.near_misses else " (no Deny statement)"
    return scope.failed(
        bucket, f"plain-HTTP requests are not all denied: {', '.join(coverage.gaps)}{why}", details=details
    )


def _trust(scope: Scope) -> Trust:
    """Inside: this account, and every account of its organization when the organization was read."""
    if scope.org is None:
        return Trust(frozenset({scope.account_id}))
    members = {n.node_id for n in scope.org.nodes.values() if n.kind == "account"}
    return Trust(frozenset({scope.account_id, *members}), scope.org.organization_id)


def _acl_problems(bucket: Item) -> list[str]:
    acl = bucket["Acl"] or {}
    owner = (acl.get("Owner") or {}).get("ID")
    problems: list[str] = []
    for grant in acl.get("Grants") or []:
        grantee = grant.get("Grantee") or {}
        permission = grant.get("Permission", "?")
        if grantee.get("URI") in PUBLIC_GROUPS:
            problems.append(f"ACL grants {permission} to {PUBLIC_GROUPS[grantee['URI']]}")
        elif grantee.get("Type") == "CanonicalUser" and grantee.get("ID") not in (None, owner):
            problems.append(
                f"ACL grants {permission} to another account's canonical user {grantee.get('ID')}"
            )
        elif grantee.get("Type") == "AmazonCustomerByEmail":
            problems.append(f"ACL grants {permission} to {grantee.get('EmailAddress')}")
    return problems


@check(
    id="s3.bucket.public-access",
    title="S3 bucket is closed to anyone outside the account or organization",
    for_each="s3.buckets",
    uses=("s3.account-public-access-block",),
    severity=Severity.CRITICAL,
    rationale="A bucket readable or writable from outside the organization is the most common cloud data "
    "breach; Block Public Access stops public grants, and the policy and ACL must not grant access to "
    "outside accounts either.",
    remediation="Turn on all four Block Public Access settings for the account (and the bucket); remove "
    "policy statements and ACL grants for principals outside the organization, or pin them with "
    "aws:PrincipalOrgID.",
)
def public_access(bucket: Item, scope: Scope) -> Result:
    """PASS when all four Block Public Access settings are in effect for the bucket (set on the account or
    on the bucket), no bucket policy statement lets a principal outside the account or organization in (a
    Deny that shuts every outsider out of what an Allow grants neutralises it), and no ACL grant reaches
    the public or another account."""
    try:
        policy = bucket_policy(bucket)
    except PolicyError as exc:
        return scope.on_item(bucket, Status.ERROR, f"not evaluated: {exc}")
    accounts = scope.items("s3.account-public-access-block")
    account_bpa = (accounts[0].data.get("PublicAccessBlockConfiguration") if accounts else None) or {}
    bucket_bpa = bucket["PublicAccessBlock"] or {}
    problems = [
        f"Block Public Access {name} is off for the account and the bucket"
        for name in BPA_SETTINGS
        if not (account_bpa.get(name) or bucket_bpa.get(name))
    ]
    grants = outsider_grants(policy, _trust(scope)) if policy is not None else []
    problems.extend(g.why for g in grants)
    problems.extend(_acl_problems(bucket))
    evidence = [d for item in accounts for d in item.evidence]
    details = {"granting_statements": [g.statement.cite() for g in grants]}
    if problems:
        return scope.failed(bucket, "; ".join(dict.fromkeys(problems)), evidence=evidence, details=details)
    levels = "account" if all(account_bpa.get(n) for n in BPA_SETTINGS) else "account and bucket"
    return scope.passed(
        bucket,
        f"Block Public Access fully on ({levels} settings); no policy statement or ACL grant reaches outside",
        evidence=evidence,
    )
