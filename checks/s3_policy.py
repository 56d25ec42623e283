"""S3 checks decided by the policy engine: TLS-only bucket policies and access from outside."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Account, Result, Severity, Status
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
    return Trust(scope.organization_accounts(), scope.org.organization_id if scope.org else None)


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


NETWORK_KEYS = ("aws:sourcevpc", "aws:sourcevpce")
SERVICE_EXCEPTION_KEYS = ("aws:viaawsservice", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast")
# Direct requests from outside the approved networks: with no VPC or endpoint at all (the internet), and
# from some other VPC through some other endpoint. Both must be denied.
OUTSIDE_NETWORKS = (
    {"aws:sourcevpc": None, "aws:sourcevpce": None},
    {"aws:sourcevpc": ("vpc-elsewhere",), "aws:sourcevpce": ("vpce-elsewhere",)},
)
DIRECT = {
    "aws:viaawsservice": ("false",),
    "aws:calledvia": None,
    "aws:calledviafirst": None,
    "aws:calledvialast": None,
}


def bucket_of(location: object) -> str | None:
    """The bucket name of an s3:// (or s3a://, s3n://) location; None for anything else."""
    text = str(location or "")
    if not text.lower().startswith(("s3://", "s3a://", "s3n://")):
        return None
    return text.split("://", 1)[1].split("/", 1)[0] or None


def athena_data_buckets(scope: Scope) -> dict[str, list[str]]:
    """Bucket name -> what makes it an Athena bucket (Glue table locations, workgroup result locations)."""
    found: dict[str, list[str]] = {}
    for table in scope.items("glue.tables"):
        bucket = bucket_of(table.data.get("Location"))
        if bucket:
            found.setdefault(bucket, []).append(f"Glue table {table.name} ({table.region})")
    for workgroup in scope.items("athena.workgroups"):
        configuration = (workgroup["WorkGroup"] or {}).get("Configuration") or {}
        bucket = bucket_of((configuration.get("ResultConfiguration") or {}).get("OutputLocation"))
        if bucket:
            found.setdefault(bucket, []).append(f"results of workgroup {workgroup.name} ({workgroup.region})")
    return found


@dataclasses.dataclass(frozen=True)
class FoundBucket:
    """A bucket found in the scanned inventory, with the account whose s3.buckets inventory lists it."""

    bucket: Item
    owner: str


def find_bucket(scope: Scope, name: str) -> FoundBucket | None:
    """The bucket called `name` in this account's bucket inventory or, in an organization scan, in another
    scanned account's (bucket names are globally unique); None when no readable inventory lists it."""
    for bucket in scope.items("s3.buckets"):
        if bucket.name == name:
            return FoundBucket(bucket, scope.account_id)
    for record in scope.inventory:
        if record.key.dataset != "s3.buckets" or record.key.account_id == scope.account_id:
            continue
        for bucket in record.items:
            if bucket.name == name:
                return FoundBucket(bucket, record.key.account_id)
    return None


def owner_scope(scope: Scope, owner: str) -> Scope:
    """The scope of the bucket owner's account, so rules about the bucket read that account's settings and
    keys."""
    if owner == scope.account_id:
        return scope
    account = scope.org.accounts.get(owner) if scope.org is not None else None
    return dataclasses.replace(scope, account=account or Account(owner))


def judge_athena_buckets(scope: Scope, judge: Callable[[Scope, Item, str], Result]) -> Iterator[Result]:
    """`judge(scope, bucket, why)` for each bucket that Athena in this account names (see
    `athena_data_buckets`). A bucket another scanned account owns (a central results bucket, say) is judged
    with that owner's settings and keys, and the result stays this account's, naming the owner; a bucket no
    scanned inventory lists is ERROR, naming it; NOT_APPLICABLE when Athena names none."""
    wanted = athena_data_buckets(scope)
    if not wanted:
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, "no Glue table or workgroup names an S3 bucket"
        )
        return
    for name, reasons in sorted(wanted.items()):
        why = "; ".join(reasons)
        found = find_bucket(scope, name)
        if found is None:
            yield scope.result(
                Status.ERROR,
                f"arn:aws:s3:::{name}",
                f"not evaluated: bucket {name} ({why}) is in no scanned account; scan its owner to judge it",
            )
        elif found.owner == scope.account_id:
            yield judge(scope, found.bucket, why)
        else:
            judged = judge(owner_scope(scope, found.owner), found.bucket, f"{why}; owned by {found.owner}")
            yield dataclasses.replace(judged, account_id=scope.account_id)


def _approved_networks(statements: list[Any]) -> list[str]:
    return sorted(
        {v for s in statements for c in s.conditions if c.key.lower() in NETWORK_KEYS for v in c.values}
    )


@check(
    id="s3.bucket.vpc-only-access",
    title="Athena data buckets deny requests from outside the approved VPCs or endpoints",
    uses=("s3.buckets", "glue.tables", "athena.workgroups"),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Regulated data behind Athena should be reachable only from the organization's networks: a "
    "leaked credential used from the internet or another VPC must still be refused by the bucket.",
    remediation='Add a Deny for "s3:*" on the bucket and its objects with StringNotEquals on aws:SourceVpc '
    "or aws:SourceVpce naming the approved networks, and an exception for requests Athena makes on the "
    'caller\'s behalf (Bool aws:ViaAWSService "false", or aws:CalledVia athena.amazonaws.com).',
)
def vpc_only_access(scope: Scope) -> Iterator[Result]:
    """For each bucket that a Glue table or an Athena workgroup's result location in this account names (in
    this account, or in another scanned account that owns it): PASS when the bucket policy explicitly denies
    every S3 action on the bucket and its objects to any principal making a direct request from the internet
    or from another VPC or endpoint. A bucket no scanned account lists cannot be judged (ERROR, naming it);
    no such bucket at all is not applicable."""
    yield from judge_athena_buckets(scope, _judge_vpc_only)


def _judge_vpc_only(scope: Scope, bucket: Item, why: str) -> Result:
    try:
        policy = bucket_policy(bucket)
    except PolicyError as exc:
        return scope.on_item(bucket, Status.ERROR, f"not evaluated: {exc}")
    if policy is None:
        return scope.failed(bucket, f"no bucket policy, so any network can reach it (Athena bucket: {why})")
    arn = bucket.resource_id
    proofs: list[Any] = []
    for outside in OUTSIDE_NETWORKS:
        family = RequestFamily(("s3:*",), (arn, f"{arn}/*"), {**outside, **DIRECT})
        coverage = deny_coverage([policy], family)
        if not coverage.complete:
            reasons = "; ".join(coverage.near_misses) or "no Deny statement restricts the network"
            where = "the internet" if outside["aws:sourcevpc"] is None else "another VPC or endpoint"
            return scope.failed(
                bucket,
                f"direct requests from {where} are not all denied: {', '.join(coverage.gaps)} ({reasons})",
                details={
                    "not_denied": list(coverage.gaps),
                    "statements_considered": list(coverage.near_misses),
                },
            )
        proofs.extend(s for s in coverage.proofs if s not in proofs)
    athena_ok = any(c.key.lower() in SERVICE_EXCEPTION_KEYS for s in proofs for c in s.conditions)
    note = "" if athena_ok else "; note: no exception for requests Athena makes on the caller's behalf"
    networks = ", ".join(_approved_networks(proofs)) or "no network at all"
    return scope.passed(
        bucket,
        f"only {networks} may reach it directly ({', '.join(s.label for s in proofs)}){note}",
        details={"deciding_statements": [s.cite() for s in proofs], "athena_exception": athena_ok},
    )
