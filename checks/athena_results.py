"""Athena result buckets: each workgroup's output bucket is in the workgroup's region and protected like any
regulated data bucket (encrypted, private, TLS-only, ACLs disabled, pinned by expected owner)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checks.athena import disabled_workgroup
from checks.s3 import bucket_default_encryption
from checks.s3_governance import bucket_object_ownership
from checks.s3_policy import bucket_of, find_bucket, owner_scope, public_access, tls_only
from scanner.checkapi import Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status


def result_configuration(workgroup: Item) -> dict[str, Any]:
    configuration = (workgroup["WorkGroup"] or {}).get("Configuration") or {}
    result: dict[str, Any] = configuration.get("ResultConfiguration") or {}
    return result


def _no_output_location(workgroup: Item, scope: Scope) -> Result:
    managed = (workgroup["WorkGroup"].get("Configuration") or {}).get(
        "ManagedQueryResultsConfiguration"
    ) or {}
    if managed.get("Enabled"):
        why = "results are kept in Athena managed storage, not in a customer bucket"
    else:
        why = "the workgroup names no S3 result location (each client chooses its own)"
    return scope.on_item(workgroup, Status.NOT_APPLICABLE, why)


def _unlisted(workgroup: Item, scope: Scope, name: str) -> Result:
    return scope.on_item(
        workgroup,
        Status.ERROR,
        f"not evaluated: results bucket {name} is in no bucket inventory this scan could read (its owner "
        "was not scanned, or its buckets could not be listed); scan its owner to judge it",
    )


@check(
    id="athena.workgroup.results-bucket-region",
    title="Athena workgroups write query results to a bucket in the workgroup's region",
    for_each="athena.workgroups",
    uses=("s3.buckets",),
    severity=Severity.MEDIUM,
    rationale="Query results copy the queried data; a results bucket in another region moves regulated data "
    "out of the region approved for it (data residency), and every query pays cross-region transfer.",
    remediation="Point the workgroup's result location at a bucket created in the workgroup's region "
    "(aws athena update-work-group --configuration-updates "
    "ResultConfigurationUpdates={OutputLocation=s3://BUCKET/PREFIX/}).",
)
def results_bucket_region(workgroup: Item, scope: Scope) -> Result:
    """PASS when the enabled workgroup's S3 result location names a bucket whose region (GetBucketLocation,
    as collected with the bucket inventory of this or another scanned account) is the workgroup's region.
    A bucket in no scanned inventory, or whose location could not be read, is an ERROR; a disabled
    workgroup or one without an S3 result location is not applicable."""
    disabled = disabled_workgroup(workgroup, scope)
    if disabled is not None:
        return disabled
    name = bucket_of(result_configuration(workgroup).get("OutputLocation"))
    if name is None:
        return _no_output_location(workgroup, scope)
    found = find_bucket(scope, name)
    if found is None:
        return _unlisted(workgroup, scope, name)
    try:
        region = str(found.bucket["Location"])
    except AspectUnavailable as exc:
        return scope.on_item(
            workgroup,
            Status.ERROR,
            f"not evaluated: the region of results bucket {name} could not be read: {exc.reason}",
            evidence=found.bucket.evidence,
        )
    evidence = found.bucket.evidence
    if region == workgroup.region:
        return scope.passed(
            workgroup, f"results bucket {name} is in {region}, as is the workgroup", evidence=evidence
        )
    return scope.failed(
        workgroup,
        f"results bucket {name} is in {region}, not in the workgroup's {workgroup.region}",
        evidence=evidence,
    )


# The S3 bucket checks a results bucket must pass, judged by their own functions (one place for each rule).
BUCKET_RULES: tuple[tuple[str, Callable[[Item, Scope], Result]], ...] = (
    ("default encryption", bucket_default_encryption),
    ("public access", public_access),
    ("TLS only", tls_only),
    ("object ownership", bucket_object_ownership),
)
# Datasets besides s3.buckets that the bucket rules read in the bucket owner's account.
OWNER_DATASETS = ("s3.account-public-access-block",)


def _owner_settings_unreadable(scope: Scope) -> list[str]:
    """Why the owner account's settings the public-access rule reads (OWNER_DATASETS) are unknown, if so."""
    unreadable: list[str] = []
    for dataset in OWNER_DATASETS:
        records = scope.records(dataset)
        if not records:
            unreadable.append(f"{dataset} of {scope.account_id}: not collected")
        unreadable.extend(
            f"{dataset} of {scope.account_id}: {r.unavailable}" for r in records if r.unavailable is not None
        )
    return unreadable


def judge_bucket_rule(rule: Callable[[Item, Scope], Result], bucket: Item, scope: Scope) -> Result:
    """One S3 bucket rule's verdict on `bucket` in its owner's scope: ERROR instead when a setting the rule
    reads (the bucket's aspects, or the owner's account-level Block Public Access) could not be read."""
    unreadable = _owner_settings_unreadable(scope) if rule is public_access else []
    if unreadable:
        return scope.on_item(bucket, Status.ERROR, f"could not be read: {'; '.join(unreadable)}")
    try:
        return rule(bucket, scope)
    except AspectUnavailable as exc:
        return scope.on_item(bucket, Status.ERROR, f"{exc.aspect} could not be read: {exc.reason}")


def _expected_owner_problem(workgroup: Item, owner: str, scope: Scope) -> str | None:
    if owner == scope.account_id:
        return None
    expected = result_configuration(workgroup).get("ExpectedBucketOwner")
    if expected == owner:
        return None
    if expected:
        return f"ExpectedBucketOwner is {expected}, but the bucket belongs to {owner}"
    return f"the bucket belongs to account {owner} and the workgroup sets no ExpectedBucketOwner"


@check(
    id="athena.workgroup.results-bucket-protected",
    title="Athena results buckets are encrypted, private, TLS-only and owner-pinned",
    for_each="athena.workgroups",
    uses=("s3.buckets", *OWNER_DATASETS),
    severity=Severity.HIGH,
    rationale="Query results are copies of the data queried; a results bucket that is unencrypted, public, "
    "reachable over plain HTTP or governed by ACLs leaks them, and a results bucket in another account that "
    "the workgroup does not pin by owner could be recreated by someone else to receive them.",
    remediation="Give the results bucket default encryption, all four Block Public Access settings, a "
    "bucket policy denying aws:SecureTransport false, and BucketOwnerEnforced object ownership; for a bucket "
    "in another account set ExpectedBucketOwner in the workgroup's result configuration.",
)
def results_bucket_protected(workgroup: Item, scope: Scope) -> Result:
    """PASS when the enabled workgroup's S3 results bucket passes, in the account that owns it, the same
    rules as s3.bucket.default-encryption, s3.bucket.public-access, s3.bucket.tls-only and
    s3.bucket.object-ownership, and, when that account is not the workgroup's, the workgroup's
    ExpectedBucketOwner names it. Any failed rule is a FAIL; otherwise a rule that could not be judged, or a
    bucket in no scanned account's inventory, is an ERROR. A disabled workgroup or one without an S3 result
    location is not applicable."""
    disabled = disabled_workgroup(workgroup, scope)
    if disabled is not None:
        return disabled
    name = bucket_of(result_configuration(workgroup).get("OutputLocation"))
    if name is None:
        return _no_output_location(workgroup, scope)
    found = find_bucket(scope, name)
    if found is None:
        return _unlisted(workgroup, scope, name)
    bucket_scope = owner_scope(scope, found.owner)
    verdicts = [(label, judge_bucket_rule(rule, found.bucket, bucket_scope)) for label, rule in BUCKET_RULES]
    evidence = [d for _, verdict in verdicts for d in verdict.evidence]
    failures = [f"{label}: {v.message}" for label, v in verdicts if v.status is Status.FAIL]
    owner_problem = _expected_owner_problem(workgroup, found.owner, scope)
    if owner_problem:
        failures.append(owner_problem)
    unknown = [f"{label}: {v.message}" for label, v in verdicts if v.status is Status.ERROR]
    details = {
        "bucket": name,
        "owner": found.owner,
        "rules": {label: v.status.value for label, v in verdicts},
    }
    if failures:
        return scope.failed(
            workgroup,
            f"results bucket {name} fails: {'; '.join(failures)}",
            evidence=evidence,
            details=details,
        )
    if unknown:
        return scope.on_item(
            workgroup,
            Status.ERROR,
            f"not evaluated: results bucket {name}: {'; '.join(unknown)}",
            evidence=evidence,
            details=details,
        )
    where = "this account" if found.owner == scope.account_id else f"account {found.owner}, pinned by owner"
    return scope.passed(
        workgroup,
        f"results bucket {name} ({where}) is encrypted by default, private, TLS-only, with ACLs disabled",
        evidence=evidence,
        details=details,
    )
