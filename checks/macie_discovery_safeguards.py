"""Macie discovery safeguards: the discovery results bucket is itself private and SSE-KMS encrypted, and the
classification jobs over tagged buckets do not examine the quarantine prefix."""

from __future__ import annotations

from typing import Any

from checks.athena_results import OWNER_DATASETS, judge_bucket_rule
from checks.macie_discovery import covering_job
from checks.s3 import kms_default_encryption
from checks.s3_policy import find_bucket, owner_scope, public_access
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The key prefix where the remediation workflow moves quarantined objects inside a scanned bucket. The seed
# (P01, the Macie remediation pattern) quarantines objects "in place" under a locked-down prefix and excludes
# it from the discovery job, but the digest does not quote the prefix's name: "quarantine/" is controlmap's
# default name for it, to be changed here if the workflow uses another.
QUARANTINE_PREFIX = "quarantine/"


def results_bucket_sse_kms(bucket: Item, scope: Scope) -> Result:
    """PASS when the bucket's default encryption is SSE-KMS or DSSE-KMS (with any KMS key)."""
    defaults, kms = kms_default_encryption(bucket)
    if kms:
        key = kms[0].get("KMSMasterKeyID") or "the AWS managed key aws/s3"
        return scope.passed(bucket, f"default encryption {kms[0]['SSEAlgorithm']} with {key}")
    found = ", ".join(str(d.get("SSEAlgorithm")) for d in defaults) or "no default encryption"
    return scope.failed(bucket, f"{found}, not SSE-KMS")


# The S3 bucket rules a discovery results bucket must pass, judged by their own functions.
RESULTS_BUCKET_RULES = (("public access", public_access), ("SSE-KMS", results_bucket_sse_kms))


@check(
    id="macie.discovery-results-bucket-protected",
    title="The Macie discovery results bucket blocks public access and is encrypted with SSE-KMS",
    for_each="macie.export-configuration",
    uses=("s3.buckets", *OWNER_DATASETS),
    severity=Severity.HIGH,
    rationale="Discovery results say which objects hold which sensitive data and where; a results bucket "
    "reachable from outside, or encrypted without KMS, exposes a map of the organization's sensitive data.",
    remediation="Turn on all four Block Public Access settings for the results bucket (or its account), "
    "remove outside grants from its policy and ACL, and set its default encryption to SSE-KMS "
    "(aws s3api put-bucket-encryption with SSEAlgorithm aws:kms and the repository's KMS key).",
)
def discovery_results_bucket_protected(configuration: Item, scope: Scope) -> Result:
    """PASS when the S3 bucket that GetClassificationExportConfiguration names passes, in the scanned
    account that owns it, the rule of s3.bucket.public-access (Block Public Access fully on, no outside
    policy or ACL grant) and has SSE-KMS (or DSSE-KMS) default encryption. Any failed rule is a FAIL; a rule
    that could not be judged, or a bucket that no scanned account's inventory lists, is an ERROR. Where no
    repository bucket is configured it is not applicable (macie.discovery-results-repository fails that)."""
    bucket_name = ((configuration["Export"] or {}).get("s3Destination") or {}).get("bucketName")
    if not bucket_name:
        return scope.on_item(
            configuration, Status.NOT_APPLICABLE, "no discovery results bucket is configured here"
        )
    found = find_bucket(scope, str(bucket_name))
    if found is None:
        return scope.on_item(
            configuration,
            Status.ERROR,
            f"not evaluated: results bucket {bucket_name} is in no bucket inventory this scan could read "
            "(its owner was not scanned, or its buckets could not be listed); scan its owner to judge it",
        )
    bucket_scope = owner_scope(scope, found.owner)
    verdicts = [
        (label, judge_bucket_rule(rule, found.bucket, bucket_scope)) for label, rule in RESULTS_BUCKET_RULES
    ]
    evidence = [d for _, verdict in verdicts for d in verdict.evidence]
    details = {
        "bucket": bucket_name,
        "owner": found.owner,
        "rules": {label: v.status.value for label, v in verdicts},
    }
    failures = [f"{label}: {v.message}" for label, v in verdicts if v.status is Status.FAIL]
    if failures:
        message = f"results bucket {bucket_name} fails: {'; '.join(failures)}"
        return scope.failed(configuration, message, evidence=evidence, details=details)
    unknown = [f"{label}: {v.message}" for label, v in verdicts if v.status is Status.ERROR]
    if unknown:
        message = f"not evaluated: results bucket {bucket_name}: {'; '.join(unknown)}"
        return scope.on_item(configuration, Status.ERROR, message, evidence=evidence, details=details)
    return scope.passed(
        configuration,
        f"results bucket {bucket_name} (account {found.owner}): {'; '.join(v.message for _, v in verdicts)}",
        evidence=evidence,
        details=details,
    )


def _excludes_quarantine(scoping: dict[str, Any]) -> bool:
    """The job's scoping excludes every object under QUARANTINE_PREFIX. Macie joins the terms of
    excludes.and with AND, so each term must itself match every quarantined object: only an OBJECT_KEY
    STARTS_WITH term whose values (joined with OR) include a prefix of QUARANTINE_PREFIX does."""
    terms = ((scoping.get("excludes") or {}).get("and")) or []

    def matches_all_quarantined(term: dict[str, Any]) -> bool:
        simple = term.get("simpleScopeTerm") or {}
        return (
            simple.get("key") == "OBJECT_KEY"
            and simple.get("comparator") == "STARTS_WITH"
            and any(QUARANTINE_PREFIX.startswith(str(v)) for v in simple.get("values") or [] if v)
        )

    return bool(terms) and all(matches_all_quarantined(term) for term in terms)


@check(
    id="macie.discovery-job-excludes-quarantine",
    title="Macie discovery jobs over the tagged buckets exclude the quarantine prefix",
    for_each="macie.discovery",
    uses=(),
    severity=Severity.LOW,
    rationale="Quarantined objects are already known to hold sensitive data; a discovery job that examines "
    "them again raises the same findings on every run, which restarts the quarantine workflow and buries "
    "new findings under repeats.",
    remediation="Add to the job's object criteria an exclusion on the object key prefix (OBJECT_KEY "
    f"STARTS_WITH {QUARANTINE_PREFIX}); the scoping of an existing job cannot be changed, so create a new "
    "job with it and cancel the old one.",
)
def discovery_job_excludes_quarantine(session: Item, scope: Scope) -> Result:
    """PASS when every classification job that counts as current coverage of the buckets tagged
    RequireMacieScan=True (as in macie.discovery-coverage: RUNNING, IDLE, or COMPLETE recently) excludes
    the objects under QUARANTINE_PREFIX ("quarantine/") through its s3JobDefinition.scoping. FAIL when one
    does not; ERROR when the jobs, or a covering job's scoping, could not be read. Not applicable when no
    job covers the tagged buckets (macie.discovery-coverage judges that)."""
    collected_at = session.data.get("CollectedAt")
    covering = [job for job in session["Jobs"] or [] if covering_job(job, collected_at)]
    if not covering:
        return scope.on_item(
            session, Status.NOT_APPLICABLE, "no classification job covers the tagged buckets"
        )
    named = [(str(job.get("name") or job.get("jobId")), job) for job in covering]
    unread = [name for name, job in named if "scoping" not in job]
    including = [
        name for name, job in named if "scoping" in job and not _excludes_quarantine(job["scoping"] or {})
    ]
    if including:
        return scope.failed(
            session, f"jobs {', '.join(including)} do not exclude objects under {QUARANTINE_PREFIX}"
        )
    if unread:
        return scope.on_item(
            session, Status.ERROR, f"not evaluated: the scoping of jobs {', '.join(unread)} was not collected"
        )
    return scope.passed(
        session,
        f"jobs {', '.join(name for name, _ in named)} over the tagged buckets exclude objects under "
        f"{QUARANTINE_PREFIX}",
    )
