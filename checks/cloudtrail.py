"""CloudTrail checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from checks._lib.log_archive import LOG_ARCHIVE_ROLE, log_archive_home
from checks.s3_policy import athena_data_buckets
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


def _one_per_arn(items: list[Item]) -> list[Item]:
    """One copy of each trail ARN: its home-region copy (the one with a status) when that was read."""
    by_arn: dict[str, Item] = {}
    for trail in items:
        known = by_arn.get(trail.resource_id)
        if known is None or ("Status" not in known.data and "Status" not in known.errors):
            by_arn[trail.resource_id] = trail
    return list(by_arn.values())


def trail_verdicts(items: list[Item]) -> list[TrailVerdict]:
    """One verdict per trail ARN, judged from its home-region copy when that was read."""
    verdicts = []
    for trail in _one_per_arn(items):
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
    own = trail_verdicts(scope.items("cloudtrail.trails"))
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
        for verdict in trail_verdicts(org_trails):
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


def organization_trails(scope: Scope, account_id: str) -> tuple[list[Item], str | None]:
    """The organization trails owned by `account_id` as read there, and why some could not be read."""
    records = scope.records("cloudtrail.trails", account_id=account_id)
    if not records:
        return [], f"account {account_id} was not scanned"
    missing = [r for r in records if not r.available]
    trails = [
        i
        for r in records
        if r.available
        for i in r.items
        if i.data.get("IsOrganizationTrail") and _trail_account(i) == account_id
    ]
    return trails, str(missing[0].unavailable) if missing else None


def organization_trail_verdicts(scope: Scope, account_id: str) -> tuple[list[TrailVerdict], str | None]:
    """Verdicts on the organization trails owned by `account_id`, and why they are unknown if unreadable."""
    trails, unreadable = organization_trails(scope, account_id)
    verdicts = trail_verdicts(trails)
    if not any(v.ok for v in verdicts) and unreadable:
        return verdicts, unreadable
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


def trails_logging_account(scope: Scope) -> tuple[list[Item], list[str]]:
    """The trails that may log this account: those listed here (its own, and shadows of others') and, in a
    member of the scanned organization, the management account's organization trails as read there; and why
    any of those could not be read."""
    trails = list(scope.items("cloudtrail.trails"))
    unknown: list[str] = []
    org = scope.org
    if org is not None and scope.account_id != org.management_account_id and scope.account_id in org.accounts:
        org_trails, unreadable = organization_trails(scope, org.management_account_id)
        trails.extend(org_trails)
        if unreadable:
            unknown.append(f"the management account's trails: {unreadable}")
    return trails, unknown


@check(
    id="cloudtrail.delivery-to-log-archive",
    title="The trail logging the account delivers into the log-archive account",
    uses=("cloudtrail.trails", "s3.buckets"),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Logs delivered into the log-archive account survive a compromise of the account they "
    "describe: its administrators cannot delete or rewrite them.",
    remediation="Point the organization trail (or the account's multi-region trail) at the central bucket of "
    "the log-archive account (UpdateTrail --s3-bucket-name), whose bucket policy lets CloudTrail write.",
)
def delivery_to_log_archive(scope: Scope) -> Iterator[Result]:
    """PASS when a trail that logs this account (its own or the management account's organization trail,
    multi-region, logging and recording all management events) delivers into a bucket found in the
    log-archive account's collected bucket inventory. FAIL when such trails deliver elsewhere, when there is
    none, or when no account holds the log-archive role; ERROR when the log-archive account's buckets or a
    trail's state could not be read and nothing passed."""
    if not scope.accounts_in_role(LOG_ARCHIVE_ROLE):
        yield scope.result(
            Status.FAIL, scope.account_id, "no account holds the log-archive role, so nothing is centralised"
        )
        return
    trails, unknown = trails_logging_account(scope)
    verdicts = trail_verdicts(trails)
    unknown += [f"{v.item.name}: {v.unknown}" for v in verdicts if v.unknown]
    elsewhere: list[str] = []
    for verdict in (v for v in verdicts if v.ok):
        bucket = str(verdict.item.data.get("S3BucketName") or "")
        home = log_archive_home(scope, bucket)
        if home.status is Status.PASS:
            yield scope.result(
                Status.PASS,
                verdict.item.resource_id,
                f"trail {verdict.item.name} delivers to {bucket}: {home.message}",
                evidence=[*verdict.item.evidence, *home.evidence],
            )
            return
        if home.status is Status.ERROR:
            unknown.append(f"{verdict.item.name}: {home.message}")
        else:
            elsewhere.append(f"{verdict.item.name}: {home.message}")
    evidence = [d for v in verdicts for d in v.item.evidence]
    if unknown:
        yield scope.result(
            Status.ERROR,
            scope.account_id,
            f"no delivery into the log-archive account could be confirmed: {'; '.join(unknown)}",
            evidence=evidence,
        )
        return
    found = "; ".join(elsewhere) or "no multi-region trail logging all management events logs this account"
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no trail delivers into the log-archive account ({found})",
        evidence=evidence,
    )


S3_OBJECT = "AWS::S3::Object"
# Fields of an advanced selector this check can reason about; any other field (eventName, userIdentity.arn,
# errorCode, ...) filters events in ways that cannot be proven harmless, so such a selector proves nothing.
KNOWN_ADVANCED_FIELDS = frozenset({"eventCategory", "resources.type", "readOnly", "resources.ARN"})


@dataclass(frozen=True)
class DataEventCoverage:
    """Which S3 object data events for a bucket a set of selectors provably records."""

    reads: bool = False
    writes: bool = False

    def __or__(self, other: DataEventCoverage) -> DataEventCoverage:
        return DataEventCoverage(self.reads or other.reads, self.writes or other.writes)

    @property
    def complete(self) -> bool:
        return self.reads and self.writes


READ_WRITE = {
    "All": DataEventCoverage(True, True),
    "ReadOnly": DataEventCoverage(reads=True),
    "WriteOnly": DataEventCoverage(writes=True),
}


def _classic_coverage(selector: dict[str, Any], partition: str, bucket: str) -> DataEventCoverage:
    """A basic selector covers every object of the bucket when an AWS::S3::Object data resource names all
    buckets (arn:aws:s3, or arn:aws:s3:::) or the whole bucket (arn:aws:s3:::bucket/). A key prefix
    (arn:aws:s3:::bucket/prefix) covers only part of it, so it proves nothing."""
    whole = {f"arn:{partition}:s3", f"arn:{partition}:s3:::", f"arn:{partition}:s3:::{bucket}/"}
    for resource in selector.get("DataResources") or []:
        if resource.get("Type") == S3_OBJECT and whole & set(resource.get("Values") or []):
            return READ_WRITE.get(str(selector.get("ReadWriteType", "All")), DataEventCoverage())
    return DataEventCoverage()


def _arn_filter_covers(field: dict[str, Any], objects: str) -> bool:
    """Does a resources.ARN field selector keep every object ARN starting with `objects`
    (arn:aws:s3:::bucket/)? Each operator present must hold (sound whether operators combine with AND or
    OR): StartsWith a prefix of `objects`; no NotStartsWith or NotEquals value that could exclude one of its
    objects. Equals, EndsWith and NotEndsWith name single objects or suffixes, so they prove nothing."""
    if any(field.get(op) for op in ("Equals", "EndsWith", "NotEndsWith")):
        return False
    starts = field.get("StartsWith")
    if starts is not None and not any(objects.startswith(v) for v in starts):
        return False
    excluded = [*(field.get("NotStartsWith") or []), *(field.get("NotEquals") or [])]
    return not any(v.startswith(objects) or objects.startswith(v) for v in excluded)


def _advanced_coverage(selector: dict[str, Any], partition: str, bucket: str) -> DataEventCoverage:
    """An advanced selector covers the bucket's objects when it selects eventCategory Data of resource type
    AWS::S3::Object, its resources.ARN filter (if any) keeps every object of the bucket, and it filters on
    nothing else; readOnly Equals true (reads) or false (writes) narrows it, absent means both."""
    fields: dict[str, dict[str, Any]] = {}
    for field in selector.get("FieldSelectors") or []:
        name = str(field.get("Field"))
        if name in fields or name not in KNOWN_ADVANCED_FIELDS:
            return DataEventCoverage()
        fields[name] = field
    if "Data" not in (fields.get("eventCategory", {}).get("Equals") or []):
        return DataEventCoverage()
    if (fields.get("resources.type", {}).get("Equals") or []) != [S3_OBJECT]:
        return DataEventCoverage()
    arn_filter = fields.get("resources.ARN")
    if arn_filter is not None and not _arn_filter_covers(arn_filter, f"arn:{partition}:s3:::{bucket}/"):
        return DataEventCoverage()
    read_only = fields.get("readOnly")
    if read_only is None:
        return DataEventCoverage(True, True)
    if set(read_only) - {"Field", "Equals"}:
        return DataEventCoverage()
    values = {str(v).lower() for v in read_only.get("Equals") or []}
    return DataEventCoverage(reads="true" in values, writes="false" in values)


def data_event_coverage(selectors: dict[str, Any], partition: str, bucket: str) -> DataEventCoverage:
    """The S3 object data events of `bucket` that a trail's GetEventSelectors answer provably records."""
    coverage = DataEventCoverage()
    for selector in selectors.get("EventSelectors") or []:
        coverage |= _classic_coverage(selector, partition, bucket)
    for selector in selectors.get("AdvancedEventSelectors") or []:
        coverage |= _advanced_coverage(selector, partition, bucket)
    return coverage


def _recording_trails(scope: Scope) -> tuple[list[Item], list[str]]:
    """Multi-region, logging trails that log this account, with their selectors readable; and why others
    could not be judged. A single-region trail records only its own region's buckets, whose region the
    inventory does not tell here, so it is not counted."""
    trails, unknown = trails_logging_account(scope)
    recording: list[Item] = []
    for trail in _one_per_arn(trails):
        if not trail.data.get("IsMultiRegionTrail"):
            continue
        if "Status" not in trail.data and "Status" not in trail.errors:
            unknown.append(
                f"{trail.name}: its home region {trail.data.get('HomeRegion', '?')} was not scanned"
            )
            continue
        try:
            if trail["Status"].get("IsLogging"):
                _ = trail["EventSelectors"]  # read now: an unreadable one is unknown, not "records nothing"
                recording.append(trail)
        except AspectUnavailable as exc:
            unknown.append(f"{trail.name}: {exc.aspect} could not be read: {exc.reason}")
    return recording, unknown


@check(
    id="cloudtrail.data-events-athena-buckets",
    title="S3 data events are recorded for the Athena data and results buckets",
    uses=("cloudtrail.trails", "glue.tables", "athena.workgroups"),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Management events do not show who read or wrote which object; for regulated data queried with "
    "Athena, object-level read and write events are the record of data access.",
    remediation="Add an advanced event selector to the organization (or a multi-region) trail: eventCategory "
    "Data, resources.type AWS::S3::Object, resources.ARN StartsWith arn:aws:s3:::BUCKET/ for each Athena "
    "bucket, with no readOnly filter.",
)
def data_events_athena_buckets(scope: Scope) -> Iterator[Result]:
    """For each bucket a Glue table location or an Athena workgroup's result location in this account names:
    PASS when logging multi-region trails that log this account (its own, or the management account's
    organization trail) provably record both read and write S3 object data events for every object of the
    bucket (basic selectors naming all buckets or the whole bucket; advanced selectors on eventCategory Data
    and AWS::S3::Object whose ARN filters keep the whole bucket). Reads are required: who read regulated
    data is the point. A selector that cannot be proven to cover the bucket counts for nothing; ERROR when
    a trail that might cover it could not be read; no such bucket is not applicable."""
    wanted = athena_data_buckets(scope)
    if not wanted:
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, "no Glue table or workgroup names an S3 bucket"
        )
        return
    trails, unknown = _recording_trails(scope)
    for bucket, reasons in sorted(wanted.items()):
        why = "; ".join(reasons)
        coverage = DataEventCoverage()
        covering: list[Item] = []
        for trail in trails:
            found = data_event_coverage(trail["EventSelectors"], trail.resource_id.split(":")[1], bucket)
            if found.reads or found.writes:
                coverage |= found
                covering.append(trail)
        evidence = [d for t in covering for d in t.evidence]
        resource = f"arn:aws:s3:::{bucket}"
        names = ", ".join(t.name for t in covering)
        if coverage.complete:
            yield scope.result(
                Status.PASS,
                resource,
                f"read and write data events of {bucket} are recorded by {names} (Athena bucket: {why})",
                evidence=evidence,
            )
        elif unknown:
            yield scope.result(
                Status.ERROR,
                resource,
                f"not evaluated: data events of {bucket} are not proven recorded, and some trails could "
                f"not be read: {'; '.join(unknown)}",
                evidence=evidence,
            )
        else:
            missing = "read" if coverage.writes else "write" if coverage.reads else "read or write"
            by = f" ({names} record only part)" if covering else ""
            yield scope.result(
                Status.FAIL,
                resource,
                f"no logging multi-region trail provably records {missing} data events of {bucket}{by} "
                f"(Athena bucket: {why})",
                evidence=evidence,
            )
