"""Macie sensitive-data discovery: results kept in an encrypted repository, tagged buckets actually examined,
and high-severity findings not left open."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from checks._lib.dates import as_datetime, day
from checks._lib.security_services import account_label, not_enabled_here
from checks.macie import SERVICE
from checks.s3_tagging import SCAN_TAG
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# A completed one-time job still counts as coverage for this many days after its last run. controlmap's
# default (a monthly discovery cadence), not a figure from the seed, which runs one job and gives no interval.
COMPLETED_JOB_MAX_AGE_DAYS = 30
ACTIVE_JOB_STATUSES = ("RUNNING", "IDLE")

# How long a high-severity finding may stay open (unarchived). controlmap's default triage window, not from
# the seed or AWS (the seed sets no SLA); a longer agreed window is recorded as an accepted exception.
HIGH_FINDING_MAX_AGE_DAYS = 7


def administered_by(scope: Scope) -> str | None:
    """The Macie administrator whose settings govern this account in the region (its session reports one
    with relationship Enabled), or None when the account runs Macie on its own."""
    for session in scope.items("macie.sessions"):
        if "Administrator" in session.errors:
            continue
        admin = session["Administrator"] or {}
        account = admin.get("accountId")
        if (
            account
            and account != scope.account_id
            and str(admin.get("relationshipStatus")).lower() == "enabled"
        ):
            return str(account)
    return None


def _unless_administrator_unknown(scope: Scope, results: Iterator[Result]) -> Iterator[Result]:
    """The account's own results, except that a FAIL becomes ERROR when whether an administrator governs the
    account could not be read (the administrator's settings might be the ones that count)."""
    unknown = [
        s.errors["Administrator"] for s in scope.items("macie.sessions") if "Administrator" in s.errors
    ]
    for result in results:
        if unknown and result.status is Status.FAIL:
            yield replace(
                result,
                status=Status.ERROR,
                message=f"not evaluated: {result.message}, and the Macie administrator could not be read "
                f"({unknown[0]})",
            )
        else:
            yield result


def _judged_in_administrator(scope: Scope, administrator: str, what: str) -> Result:
    return scope.result(
        Status.NOT_APPLICABLE,
        f"{scope.account_id}/{scope.region}",
        f"{what} is set by the Macie administrator {account_label(scope, administrator)} and judged there",
    )


@check(
    id="macie.discovery-results-repository",
    title="Macie stores discovery results in an S3 bucket encrypted with a KMS key",
    uses=("macie.export-configuration", "macie.sessions"),
    severity=Severity.MEDIUM,
    rationale="Macie keeps detailed sensitive-data discovery results for only 90 days unless a repository "
    "is configured; the results are themselves sensitive, so the repository must be encrypted with a KMS "
    "key.",
    remediation="In Macie settings (the delegated administrator, every region), configure the discovery "
    "results repository with an S3 bucket and a customer managed KMS key.",
)
def discovery_results_repository(scope: Scope) -> Iterator[Result]:
    """PASS when GetClassificationExportConfiguration in the region names an S3 destination with both a
    bucket name and a KMS key ARN. FAIL when either is missing, nothing is configured, or Macie is not
    enabled in the region (ERROR instead when the account's Macie administrator could not be read).
    NOT_APPLICABLE in a member account of a Macie administrator, whose repository holds the results of the
    jobs it runs over the members."""
    administrator = administered_by(scope)
    if administrator is not None:
        yield _judged_in_administrator(scope, administrator, "the discovery results repository")
        return
    yield from _unless_administrator_unknown(scope, _own_repository(scope))


def _own_repository(scope: Scope) -> Iterator[Result]:
    configurations = scope.items("macie.export-configuration")
    if not configurations:
        yield not_enabled_here(scope, SERVICE)
    for configuration in configurations:
        destination = (configuration["Export"] or {}).get("s3Destination") or {}
        bucket, key = destination.get("bucketName"), destination.get("kmsKeyArn")
        if bucket and key:
            yield scope.passed(configuration, f"discovery results go to s3://{bucket} encrypted with {key}")
        elif bucket:
            yield scope.failed(configuration, f"discovery results go to s3://{bucket} without a KMS key")
        else:
            yield scope.failed(configuration, "no discovery results repository is configured")


def _selects_scan_tagged_buckets(job: dict[str, Any]) -> bool:
    """The job's bucket criteria include the tag RequireMacieScan=True (with the EQ comparator)."""
    for criterion in ((job.get("bucketCriteria") or {}).get("includes") or {}).get("and") or []:
        tag = criterion.get("tagCriterion") or {}
        if tag.get("comparator", "EQ") != "EQ":
            continue
        if any(v.get("key") == SCAN_TAG and v.get("value") == "True" for v in tag.get("tagValues") or []):
            return True
    return False


def covering_job(job: dict[str, Any], collected_at: Any) -> str | None:
    """Why the job counts as current coverage of the tagged buckets, or None when it does not."""
    if not _selects_scan_tagged_buckets(job):
        return None
    name = job.get("name") or job.get("jobId")
    status = job.get("jobStatus")
    if status in ACTIVE_JOB_STATUSES:
        return f"job {name} is {status} over buckets tagged {SCAN_TAG}=True"
    last_run, now = as_datetime(job.get("lastRunTime")), as_datetime(collected_at)
    if status == "COMPLETE" and last_run is not None and now is not None:
        age = (now - last_run).days
        if age <= COMPLETED_JOB_MAX_AGE_DAYS:
            return f"job {name} over buckets tagged {SCAN_TAG}=True last ran {day(last_run)} ({age} days ago)"
    return None


@check(
    id="macie.discovery-coverage",
    title="Macie automated discovery, or a current job, covers the buckets tagged for scanning",
    uses=("macie.discovery", "macie.sessions"),
    severity=Severity.MEDIUM,
    rationale="Enabling Macie examines nothing by itself: sensitive data is found only by automated "
    "discovery or by classification jobs, and the seed's pattern scopes jobs to buckets tagged "
    "RequireMacieScan=True.",
    remediation="Enable automated sensitive data discovery, or run a scheduled classification job whose "
    "bucket criteria include the tag RequireMacieScan=True.",
)
def discovery_coverage(scope: Scope) -> Iterator[Result]:
    """PASS when automated sensitive data discovery is ENABLED in the region, or a classification job whose
    bucket criteria include the tag RequireMacieScan=True (EQ) is RUNNING or IDLE, or COMPLETE with a last
    run at most 30 days (COMPLETED_JOB_MAX_AGE_DAYS) before the scan. FAIL otherwise, or when Macie is not
    enabled in the region; ERROR when neither automated discovery nor the jobs could be read to a pass.
    NOT_APPLICABLE in a member account of a Macie administrator, which runs discovery for its members; a
    FAIL becomes ERROR when the account's Macie administrator could not be read."""
    administrator = administered_by(scope)
    if administrator is not None:
        yield _judged_in_administrator(scope, administrator, "sensitive data discovery")
        return
    sessions = scope.items("macie.discovery")
    own = [_coverage(scope, session) for session in sessions] or [not_enabled_here(scope, SERVICE)]
    yield from _unless_administrator_unknown(scope, iter(own))


def _coverage(scope: Scope, session: Item) -> Result:
    unreadable = [a for a in ("AutomatedDiscovery", "Jobs") if a in session.errors]
    if "AutomatedDiscovery" not in unreadable:
        status = str((session["AutomatedDiscovery"] or {}).get("status") or "not configured")
        if status.upper() == "ENABLED":
            return scope.passed(session, "automated sensitive data discovery is enabled")
    else:
        status = "unknown"
    if "Jobs" not in unreadable:
        jobs = session["Jobs"] or []
        reasons = [r for r in (covering_job(j, session.data.get("CollectedAt")) for j in jobs) if r]
        if reasons:
            return scope.passed(session, reasons[0])
    if unreadable:
        why = "; ".join(f"{aspect} could not be read: {session.errors[aspect]}" for aspect in unreadable)
        return scope.on_item(session, Status.ERROR, f"not evaluated: {why}")
    return scope.failed(
        session,
        f"automated discovery is {status} and no classification job over buckets tagged {SCAN_TAG}=True is "
        f"running, scheduled or completed within {COMPLETED_JOB_MAX_AGE_DAYS} days",
    )


@check(
    id="macie.high-findings-resolved",
    title="No high-severity Macie finding stays open beyond the triage window",
    uses=("macie.findings",),
    severity=Severity.HIGH,
    rationale="A high-severity Macie finding means credentials, financial or health data sit where they "
    "should not; left open, the exposure persists and the quarantine workflow has not run.",
    remediation="Investigate each finding: quarantine or remove the object, fix the bucket, then archive "
    "the finding (or suppress the pattern with a documented rule).",
)
def high_findings_resolved(scope: Scope) -> Iterator[Result]:
    """PASS when no unarchived Macie finding of severity High visible to the account in the region (its own,
    or its members' in the administrator) was created more than 7 days (HIGH_FINDING_MAX_AGE_DAYS) before
    the scan. FAIL otherwise, or when Macie is not enabled in the region; ERROR when the findings cannot be
    read, or when none is known to be too old but the creation time of one is unknown."""
    views = scope.items("macie.findings")
    if not views:
        yield not_enabled_here(scope, SERVICE)
    for view in views:
        yield _stale_findings(scope, view)


def _stale_findings(scope: Scope, view: Item) -> Result:
    listed = view["OpenHighFindings"] or {}
    findings: list[dict[str, Any]] = listed.get("Findings") or []
    now = as_datetime(view.data.get("CollectedAt"))
    ages: dict[str, int] = {}
    undated: list[str] = []
    for finding in findings:
        created = as_datetime(finding.get("createdAt"))
        if created is None or now is None:
            undated.append(str(finding.get("id")))
        else:
            ages[str(finding.get("id"))] = (now - created).days
    stale = [f for f in findings if ages.get(str(f.get("id")), 0) > HIGH_FINDING_MAX_AGE_DAYS]
    details = {"open_high_findings": len(findings), "more_than_listed": bool(listed.get("More"))}
    if not stale and undated:
        what = f"the age of findings {', '.join(undated)}"
        return scope.on_item(view, Status.ERROR, f"not evaluated: {what} is unknown", details=details)
    if not stale:
        open_note = f"{len(findings)} open, all" if findings else "none open, so none"
        return scope.passed(
            view,
            f"high-severity findings: {open_note} within {HIGH_FINDING_MAX_AGE_DAYS} days",
            details=details,
        )
    accounts = sorted({str(f.get("accountId")) for f in stale})
    buckets = sorted({str(f.get("bucket")) for f in stale if f.get("bucket")})
    oldest = max(ages[str(f.get("id"))] for f in stale)
    more = " (or more)" if listed.get("More") else ""
    where = f"in accounts {', '.join(accounts)}" + (f", buckets {', '.join(buckets)}" if buckets else "")
    return scope.failed(
        view,
        f"{len(stale)}{more} high-severity findings open longer than {HIGH_FINDING_MAX_AGE_DAYS} days "
        f"(oldest {oldest} days) {where}",
        details={**details, "stale_finding_ids": [str(f.get("id")) for f in stale]},
    )
