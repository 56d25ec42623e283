"""S3 governance: Object Ownership, Object Lock on the log archive, and expiry of Athena query results."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from checks._lib.log_archive import LOG_ARCHIVE_ROLE, log_archive_home
from checks.cloudtrail import trails_logging_account
from checks.s3_policy import find_bucket
from scanner.checkapi import Per, Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status

BUCKET_OWNER_ENFORCED = "BucketOwnerEnforced"
LOCK_MODES = frozenset({"COMPLIANCE", "GOVERNANCE"})


@check(
    id="s3.bucket.object-ownership",
    title="S3 buckets enforce bucket-owner object ownership (ACLs disabled)",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="With ACLs disabled the bucket owner owns every object and access is decided by policies "
    "alone: no object ACL can quietly grant public or cross-account access, and objects written by other "
    "accounts cannot stay out of the owner's control.",
    remediation="aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls "
    "'Rules=[{ObjectOwnership=BucketOwnerEnforced}]' (first move any access granted by ACLs into the "
    "bucket policy).",
)
def bucket_object_ownership(bucket: Item, scope: Scope) -> Result:
    """PASS when the bucket's Object Ownership is BucketOwnerEnforced (ACLs disabled). BucketOwnerPreferred,
    ObjectWriter, or no ownership controls at all (ACLs honoured) is a FAIL."""
    rules = bucket["OwnershipControls"]
    if rules is None:
        return scope.failed(bucket, "no Object Ownership controls, so object ACLs are honoured")
    settings = [str(rule.get("ObjectOwnership")) for rule in rules]
    if BUCKET_OWNER_ENFORCED in settings:
        return scope.passed(bucket, "Object Ownership is BucketOwnerEnforced: ACLs are disabled")
    return scope.failed(bucket, f"Object Ownership is {', '.join(settings) or 'unset'}, so ACLs still apply")


def log_delivery_buckets(scope: Scope) -> tuple[dict[str, list[str]], list[str]]:
    """Bucket name -> what delivers this account's logs there (the trails that log it, its Config delivery
    channels); and why any of those sources could not be read."""
    trails, unknown = trails_logging_account(scope)
    found: dict[str, list[str]] = {}
    for trail in trails:
        bucket = trail.data.get("S3BucketName")
        source = f"trail {trail.name}"
        if bucket and source not in found.get(str(bucket), []):
            found.setdefault(str(bucket), []).append(source)
    for channel in scope.items("config.delivery-channels"):
        bucket = channel.data.get("s3BucketName")
        if bucket:
            found.setdefault(str(bucket), []).append(f"Config channel {channel.name} ({channel.region})")
    return found, unknown


def judge_object_lock(lock: dict[str, Any] | None) -> tuple[bool, str]:
    """Whether an Object Lock configuration locks every new object by default, and how it was found."""
    if not lock or lock.get("ObjectLockEnabled") != "Enabled":
        return False, "Object Lock is not enabled"
    retention = (lock.get("Rule") or {}).get("DefaultRetention") or {}
    mode = retention.get("Mode")
    period = (
        f"{retention['Days']} days"
        if retention.get("Days")
        else f"{retention['Years']} years"
        if retention.get("Years")
        else ""
    )
    if mode not in LOCK_MODES or not period:
        return (
            False,
            "Object Lock is enabled but without a default retention, so delivered logs are not locked",
        )
    return True, f"Object Lock locks new objects in {mode} mode for {period}"


@check(
    id="s3.log-archive.object-lock",
    title="The log-archive buckets receiving this account's logs lock them with Object Lock",
    uses=("cloudtrail.trails", "config.delivery-channels", "s3.buckets"),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Object Lock with a default retention makes every delivered log object immutable for the "
    "retention period, so even an administrator of the log-archive account cannot delete or overwrite "
    "the record of what happened.",
    remediation="Enable Object Lock on the central log bucket (versioning on, then aws s3api "
    "put-object-lock-configuration --bucket BUCKET --object-lock-configuration "
    "'ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=COMPLIANCE,Days=365}}').",
)
def log_archive_object_lock(scope: Scope) -> Iterator[Result]:
    """For each bucket in the log-archive account that a trail logging this account or one of its Config
    delivery channels delivers to: PASS when Object Lock is enabled with a default retention (COMPLIANCE or
    GOVERNANCE mode, in days or years), so every delivered log is locked. A delete-denying bucket policy
    is not accepted here. FAIL when the bucket has no Object Lock or no default retention, and when none of
    this account's logs reach the log-archive account; ERROR when the log-archive inventory, a log source
    or the bucket's lock configuration could not be read."""
    yield from judge_log_archive_buckets(scope, _judge_archive_bucket)


def judge_log_archive_buckets(scope: Scope, judge: Callable[[Scope, Item, str], Result]) -> Iterator[Result]:
    """`judge(scope, bucket, why)` for each bucket of the log-archive account that a trail logging this
    account or one of its Config delivery channels delivers to (`why` names them); FAIL when none of this
    account's logs reach the log-archive account (or no account holds that role); ERROR when the log-archive
    inventory or a log source could not be read."""
    if not scope.accounts_in_role(LOG_ARCHIVE_ROLE):
        yield scope.result(
            Status.FAIL, scope.account_id, "no account holds the log-archive role, so nothing is centralised"
        )
        return
    targets, unknown = log_delivery_buckets(scope)
    judged = False
    elsewhere: list[str] = []
    for name, sources in sorted(targets.items()):
        why = ", ".join(sources)
        home = log_archive_home(scope, name)
        if home.status is Status.ERROR:
            yield scope.result(Status.ERROR, f"arn:aws:s3:::{name}", f"{home.message} (receives {why})")
            judged = True
        elif home.bucket is None:
            elsewhere.append(f"{name} (from {why})")
        else:
            judged = True
            yield judge(scope, home.bucket, why)
    if unknown:
        # A log source that could not be read may deliver to another log-archive bucket: the buckets judged
        # above are not all of them, so the unknown ones are reported even when some bucket passed.
        yield scope.result(
            Status.ERROR,
            scope.account_id,
            f"not evaluated: log sources could not be read: {'; '.join(unknown)}",
        )
        return
    if judged:
        return
    found = "; ".join(elsewhere) or "no trail or Config delivery channel delivers this account's logs"
    yield scope.result(
        Status.FAIL, scope.account_id, f"no log of this account reaches the log-archive account ({found})"
    )


def _judge_archive_bucket(scope: Scope, bucket: Item, why: str) -> Result:
    try:
        locked, description = judge_object_lock(bucket["ObjectLock"])
    except AspectUnavailable as exc:
        return scope.on_item(
            bucket, Status.ERROR, f"not evaluated: Object Lock could not be read: {exc.reason}"
        )
    status = Status.PASS if locked else Status.FAIL
    return scope.on_item(bucket, status, f"log-archive bucket {bucket.name} (receives {why}): {description}")


def athena_result_locations(scope: Scope) -> dict[str, list[tuple[str, str]]]:
    """Bucket name -> (workgroup label, key prefix) of each Athena workgroup whose query results go there."""
    found: dict[str, list[tuple[str, str]]] = {}
    for workgroup in scope.items("athena.workgroups"):
        configuration = (workgroup["WorkGroup"] or {}).get("Configuration") or {}
        location = str((configuration.get("ResultConfiguration") or {}).get("OutputLocation") or "")
        if not location.lower().startswith("s3://"):
            continue
        bucket, _, prefix = location.split("://", 1)[1].partition("/")
        if bucket:
            found.setdefault(bucket, []).append((f"{workgroup.name} ({workgroup.region})", prefix))
    return found


def expiring_rule_covers(rule: dict[str, Any], prefix: str) -> bool:
    """True when an Enabled lifecycle rule expires current objects (after days or on a date) and its filter
    selects every object under `prefix`: no filter, an empty one, or a key prefix that `prefix` starts with.
    Tag and object-size filters select only some objects, so they never cover a prefix."""
    expiration = rule.get("Expiration") or {}
    if rule.get("Status") != "Enabled" or not (expiration.get("Days") or expiration.get("Date")):
        return False
    if "Filter" not in rule:
        return prefix.startswith(str(rule.get("Prefix") or ""))
    selection = rule["Filter"] or {}
    if set(selection) - {"Prefix"}:
        return False
    return prefix.startswith(str(selection.get("Prefix") or ""))


@check(
    id="s3.bucket.results-lifecycle",
    title="Athena query results expire by a lifecycle rule",
    uses=("s3.buckets", "athena.workgroups"),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Query results are copies of regulated data; kept forever they outgrow every retention "
    "decision made for the source data. A lifecycle rule deletes them after a set time.",
    remediation="aws s3api put-bucket-lifecycle-configuration --bucket BUCKET --lifecycle-configuration "
    '\'{"Rules": [{"ID": "expire-athena-results", "Status": "Enabled", "Filter": {"Prefix": "PREFIX/"}, '
    '"Expiration": {"Days": 30}}]}\'',
)
def results_lifecycle(scope: Scope) -> Iterator[Result]:
    """For each bucket in this account named by an Athena workgroup's result location: PASS when, for every
    such workgroup prefix, an Enabled lifecycle rule expires current objects and its filter is absent, empty
    or a key prefix covering the result prefix (tag or size filters do not count). FAIL otherwise, including
    a bucket with no lifecycle configuration; no workgroup
    with an S3 result location is not applicable. A results bucket another scanned account owns is judged
    from that account's inventory; one no scanned inventory lists is an ERROR."""
    wanted = athena_result_locations(scope)
    if not wanted:
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, "no Athena workgroup names an S3 result location"
        )
        return
    for name, locations in sorted(wanted.items()):
        found = find_bucket(scope, name)
        if found is None:
            workgroups = ", ".join(label for label, _ in locations)
            yield scope.result(
                Status.ERROR,
                f"arn:aws:s3:::{name}",
                f"not evaluated: results bucket {name} (workgroups {workgroups}) is in no scanned account; "
                "scan its owner to judge it",
            )
            continue
        # A central results bucket of another scanned account is judged from its inventory; the result
        # stays this account's (its workgroups write there).
        yield _judge_results_bucket(scope, found.bucket, locations)


def _judge_results_bucket(scope: Scope, bucket: Item, locations: list[tuple[str, str]]) -> Result:
    try:
        rules = bucket["Lifecycle"] or []
    except AspectUnavailable as exc:
        return scope.on_item(
            bucket, Status.ERROR, f"not evaluated: lifecycle rules could not be read: {exc.reason}"
        )
    uncovered = [
        f"s3://{bucket.name}/{prefix} (workgroup {label})"
        for label, prefix in locations
        if not any(expiring_rule_covers(rule, prefix) for rule in rules)
    ]
    if uncovered:
        found = "no lifecycle configuration" if not rules else f"{len(rules)} lifecycle rule(s)"
        return scope.failed(bucket, f"{found}; no enabled expiration covers {', '.join(uncovered)}")
    covered = ", ".join(f"s3://{bucket.name}/{prefix}" for _, prefix in locations)
    return scope.passed(bucket, f"an enabled lifecycle rule expires the query results under {covered}")
