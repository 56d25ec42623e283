"""CloudTrail checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scanner.checkapi import Per, Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status


@dataclass(frozen=True)
class TrailVerdict:
    item: Item
    ok: bool
    unknown: str = ""  # why the trail's state could not be established
    problem: str = ""


def logs_all_management_events(selectors: dict[str, Any]) -> bool:
    """True when basic or advanced event selectors record read and write management events."""
    for selector in selectors.get("EventSelectors") or []:
        if selector.get("IncludeManagementEvents", True) and selector.get("ReadWriteType", "All") == "All":
            return True
    for selector in selectors.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in selector.get("FieldSelectors", [])}
        category = fields.get("eventCategory", {})
        if "Management" in (category.get("Equals") or []) and "readOnly" not in fields:
            return True
    return False


def judge_trail(trail: Item) -> TrailVerdict:
    """Is this trail multi-region, logging, and recording all management events?"""
    if not trail.data.get("IsMultiRegionTrail"):
        return TrailVerdict(trail, False, problem="not multi-region")
    if "Status" not in trail.data and "Status" not in trail.errors:
        home = trail.data.get("HomeRegion", "?")
        return TrailVerdict(trail, False, unknown=f"its home region {home} was not scanned")
    status = trail["Status"]
    if not status.get("IsLogging"):
        return TrailVerdict(trail, False, problem="logging is stopped")
    if not logs_all_management_events(trail["EventSelectors"]):
        return TrailVerdict(trail, False, problem="does not record all read and write management events")
    return TrailVerdict(trail, True)


def _verdicts(items: list[Item]) -> list[TrailVerdict]:
    """One verdict per trail ARN, judged from its home-region copy when that was read."""
    by_arn: dict[str, Item] = {}
    for trail in items:
        known = by_arn.get(trail.resource_id)
        if known is None or ("Status" not in known.data and "Status" not in known.errors):
            by_arn[trail.resource_id] = trail
    verdicts = []
    for trail in by_arn.values():
        try:
            verdicts.append(judge_trail(trail))
        except AspectUnavailable as exc:  # this trail is unknown; another trail may still decide
            verdicts.append(
                TrailVerdict(trail, False, unknown=f"{exc.aspect} could not be read: {exc.reason}")
            )
    return verdicts


@check(
    id="cloudtrail.multi-region-logging",
    title="A multi-region trail records all management events for the account",
    uses=("cloudtrail.trails",),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Without a logging multi-region trail, API activity in some regions leaves no audit record.",
    remediation="Create a multi-region trail (or an organization trail in the management account) that logs "
    "read and write management events, and start logging.",
)
def multi_region_logging(scope: Scope) -> Iterator[Result]:
    """PASS when a logging multi-region trail records all management events for this account: its own trail,
    or an organization trail of the management account (visible here as a shadow trail or read there)."""
    own = _verdicts(scope.items("cloudtrail.trails"))
    good = next((v for v in own if v.ok), None)
    if good is not None:
        kind = "organization trail" if good.item.data.get("IsOrganizationTrail") else "trail"
        yield scope.passed(
            good.item, f"{kind} {good.item.name} is multi-region, logging, all management events"
        )
        return
    unknown = [v for v in own if v.unknown]
    org = scope.org
    if org is not None and scope.account_id != org.management_account_id and scope.account_id in org.accounts:
        records = scope.records("cloudtrail.trails", account_id=org.management_account_id)
        org_trails = [i for r in records if r.available for i in r.items if i.data.get("IsOrganizationTrail")]
        for verdict in _verdicts(org_trails):
            if verdict.ok:
                yield scope.result(
                    Status.PASS,
                    verdict.item.resource_id,
                    f"organization trail {verdict.item.name} of the management account "
                    f"{org.management_account_id} covers this account",
                    evidence=verdict.item.evidence,
                )
                return
            if verdict.unknown:
                unknown.append(verdict)
        missing = [r for r in records if not r.available]
        if missing or not records:
            why = str(missing[0].unavailable) if missing else "the management account was not scanned"
            yield scope.result(
                Status.ERROR, scope.account_id, f"cannot establish the organization trail's state: {why}"
            )
            return
    if unknown:
        details = "; ".join(f"{v.item.name}: {v.unknown}" for v in unknown)
        yield scope.result(Status.ERROR, scope.account_id, f"no trail could be confirmed: {details}")
        return
    problems = "; ".join(f"{v.item.name}: {v.problem}" for v in own) or "no trails are visible"
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no multi-region trail logs all management events ({problems})",
        evidence=[d for v in own for d in v.item.evidence],
    )


def _trail_account(trail: Item) -> str:
    """The account that owns a trail, from its ARN (arn:aws:cloudtrail:region:ACCOUNT:trail/name)."""
    parts = trail.resource_id.split(":")
    return parts[4] if len(parts) > 5 else ""


def _owned_trails(scope: Scope) -> list[Item]:
    """Trails this account owns (not shadows of other accounts' trails), one per ARN, home copy preferred."""
    by_arn: dict[str, Item] = {}
    for trail in scope.items("cloudtrail.trails"):
        if _trail_account(trail) != scope.account_id:
            continue
        known = by_arn.get(trail.resource_id)
        if known is None or trail.data.get("HomeRegion") == trail.region:
            by_arn[trail.resource_id] = trail
    return [by_arn[arn] for arn in sorted(by_arn)]


def _no_trails(scope: Scope) -> Result:
    return scope.result(
        Status.NOT_APPLICABLE,
        scope.account_id,
        "this account owns no trails (shadows of other accounts' trails are judged in their owner)",
    )


def organization_trail_verdicts(scope: Scope, account_id: str) -> tuple[list[TrailVerdict], str | None]:
    """Verdicts on the organization trails owned by `account_id`, and why they are unknown if unreadable."""
    records = scope.records("cloudtrail.trails", account_id=account_id)
    missing = [r for r in records if not r.available]
    if not records:
        return [], f"account {account_id} was not scanned"
    trails = [
        i
        for r in records
        if r.available
        for i in r.items
        if i.data.get("IsOrganizationTrail") and _trail_account(i) == account_id
    ]
    verdicts = _verdicts(trails)
    if not any(v.ok for v in verdicts) and missing:
        return verdicts, str(missing[0].unavailable)
    return verdicts, None


@check(
    id="cloudtrail.org-trail",
    title="An organization trail records every account's management events",
    uses=("cloudtrail.trails",),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="An organization trail logs every member account, including accounts created later, and no "
    "member can stop or alter it; it is the landing zone's audit record.",
    remediation="In the management account (or the CloudTrail delegated administrator), create a "
    "multi-region organization trail that logs read and write management events, delivering to the "
    "log-archive account.",
)
def org_trail(scope: Scope) -> Iterator[Result]:
    """In the management account: PASS when it owns an organization trail that is multi-region, logging and
    records all management events. Organization trails are always owned by the management account, so other
    accounts are not applicable."""
    org = scope.org
    if org is None:
        yield scope.result(
            Status.ERROR,
            scope.account_id,
            "the organization could not be read, so its trail cannot be judged",
        )
        return
    if scope.account_id != org.management_account_id:
        yield scope.result(
            Status.NOT_APPLICABLE,
            scope.account_id,
            f"organization trails belong to the management account {org.management_account_id}",
        )
        return
    verdicts, unknown = organization_trail_verdicts(scope, scope.account_id)
    good = next((v for v in verdicts if v.ok), None)
    if good is not None:
        yield scope.passed(
            good.item, f"organization trail {good.item.name} is multi-region, logging, all management events"
        )
        return
    unknown_verdicts = [v for v in verdicts if v.unknown]
    if unknown or unknown_verdicts:
        why = unknown or "; ".join(f"{v.item.name}: {v.unknown}" for v in unknown_verdicts)
        yield scope.result(Status.ERROR, scope.account_id, f"no organization trail could be confirmed: {why}")
        return
    problems = "; ".join(f"{v.item.name}: {v.problem}" for v in verdicts) or "there is none"
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no organization trail logs all management events ({problems})",
        evidence=[d for v in verdicts for d in v.item.evidence],
    )


@check(
    id="cloudtrail.log-file-validation",
    title="Trails have log file validation enabled",
    uses=("cloudtrail.trails",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Validation writes signed digest files, so anyone can later prove the logs were not "
    "modified or deleted after CloudTrail delivered them.",
    remediation="Enable log file validation on the trail (UpdateTrail --enable-log-file-validation).",
)
def log_file_validation(scope: Scope) -> Iterator[Result]:
    """PASS for each trail this account owns that has log file validation enabled; not applicable when the
    account owns no trails."""
    trails = _owned_trails(scope)
    if not trails:
        yield _no_trails(scope)
    for trail in trails:
        if trail.data.get("LogFileValidationEnabled"):
            yield scope.passed(trail, f"trail {trail.name} writes signed digest files")
        else:
            yield scope.failed(trail, f"trail {trail.name} has log file validation off")


@check(
    id="cloudtrail.kms-encryption",
    title="Trails encrypt log files with a KMS key",
    uses=("cloudtrail.trails",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="SSE-KMS adds a key policy between the log files and anyone who can read the bucket, and every "
    "decryption is itself logged.",
    remediation="Set a customer managed KMS key on the trail (UpdateTrail --kms-key-id) whose policy lets "
    "CloudTrail encrypt and only log readers decrypt.",
)
def kms_encryption(scope: Scope) -> Iterator[Result]:
    """PASS for each trail this account owns that names a KMS key for its log files; not applicable when the
    account owns no trails."""
    trails = _owned_trails(scope)
    if not trails:
        yield _no_trails(scope)
    for trail in trails:
        key = trail.data.get("KmsKeyId")
        if key:
            yield scope.passed(trail, f"trail {trail.name} encrypts log files with {key}")
        else:
            yield scope.failed(trail, f"trail {trail.name} uses only S3-managed encryption (no KMS key)")


@check(
    id="cloudtrail.org-trail-visible",
    title="The organization trail covers this account",
    uses=("cloudtrail.trails",),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="A member account inherits audit logging only while the organization trail covers it: it "
    "must be an active member of the organization whose trail is logging.",
    remediation="Keep the account in the organization; if the shadow trail is missing, check that the "
    "organization trail still exists and has not been converted to a single-account trail.",
)
def org_trail_visible(scope: Scope) -> Iterator[Result]:
    """PASS when this account is an active member of the organization and the management account's
    organization trail is logging all management events; the shadow trail listed in this account is cited
    when there is one."""
    org = scope.org
    if org is None:
        yield scope.result(Status.ERROR, scope.account_id, "the organization could not be read")
        return
    if scope.account_id not in org.accounts:
        yield scope.result(
            Status.FAIL, scope.account_id, "this account is not an active member of the organization"
        )
        return
    verdicts, unknown = organization_trail_verdicts(scope, org.management_account_id)
    good = next((v for v in verdicts if v.ok), None)
    if good is None:
        if unknown or any(v.unknown for v in verdicts):
            why = unknown or "; ".join(f"{v.item.name}: {v.unknown}" for v in verdicts if v.unknown)
            yield scope.result(
                Status.ERROR, scope.account_id, f"the organization trail's state is unknown: {why}"
            )
        else:
            problems = "; ".join(f"{v.item.name}: {v.problem}" for v in verdicts) or "there is none"
            yield scope.result(
                Status.FAIL,
                scope.account_id,
                f"no logging organization trail covers this account ({problems})",
                evidence=[d for v in verdicts for d in v.item.evidence],
            )
        return
    shadows = [t for t in scope.items("cloudtrail.trails") if t.resource_id == good.item.resource_id]
    seen = (
        f"its shadow trail is listed here in {shadows[0].region}"
        if shadows
        else "no shadow trail is listed here"
    )
    yield scope.result(
        Status.PASS,
        scope.account_id,
        f"covered by organization trail {good.item.name} of the management account "
        f"{org.management_account_id}; {seen}",
        evidence=[*good.item.evidence, *(d for t in shadows for d in t.evidence)],
    )
