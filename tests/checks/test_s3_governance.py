"""S3 governance: Object Ownership, Object Lock on the log-archive buckets, Athena results lifecycle."""

from __future__ import annotations

from typing import Any

from checks.s3_governance import bucket_object_ownership, log_archive_object_lock, results_lifecycle
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    org_of,
    run_check,
    statuses,
    trail,
)

MGMT = "222222222222"


ARCHIVE = "444444444444"


ROLES = {MGMT: "management", ARCHIVE: "log-archive", ACCOUNT: "security"}


def bucket(name: str = "b", errors: dict[str, Any] | None = None, **aspects: Any) -> Item:
    return item(f"arn:aws:s3:::{name}", aspects, name=name, errors=errors)


def _one(check: Any, b: Item) -> Result:
    [result] = run_check(check, InventoryBuilder().add("s3.buckets", [b]))
    return result


def test_object_ownership() -> None:
    enforced = [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert _one(bucket_object_ownership, bucket(OwnershipControls=enforced)).status is Status.PASS
    preferred = _one(bucket_object_ownership, bucket(OwnershipControls=[{"ObjectOwnership": "ObjectWriter"}]))
    assert preferred.status is Status.FAIL and "ObjectWriter" in preferred.message
    absent = _one(bucket_object_ownership, bucket(OwnershipControls=None))
    assert absent.status is Status.FAIL and "ACLs are honoured" in absent.message
    denied = bucket(errors={"OwnershipControls": ACCESS_DENIED})
    assert _one(bucket_object_ownership, denied).status is Status.ERROR


LOCKED = {
    "ObjectLockEnabled": "Enabled",
    "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}},
}


def _archive_inventory(
    archive_bucket: Item | None, *, trail_bucket: str = "org-trail-logs", config_bucket: str = ""
) -> InventoryBuilder:
    own_trail = trail()
    own_trail.data["S3BucketName"] = trail_bucket
    channels = (
        [item(f"{ACCOUNT}/{REGION}/channel/default", {"name": "default", "s3BucketName": config_bucket})]
        if config_bucket
        else []
    )
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [own_trail])
        .add("cloudtrail.trails", [], account=MGMT)
        .add("config.delivery-channels", channels)
        .add("s3.buckets", [])
    )
    if archive_bucket is None:
        return inv.unavailable("s3.buckets", ACCESS_DENIED, account=ARCHIVE)
    return inv.add("s3.buckets", [archive_bucket], account=ARCHIVE)


def run_archive(inv: InventoryBuilder, roles: dict[str, str] = ROLES) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    return run_check(log_archive_object_lock, inv, accounts=[org.accounts[ACCOUNT]], org=org, roles=roles)


def test_object_lock_passes_only_with_a_default_retention() -> None:
    [good] = run_archive(_archive_inventory(bucket("org-trail-logs", ObjectLock=LOCKED)))
    assert good.status is Status.PASS and "COMPLIANCE mode for 365 days" in good.message
    assert "trail main" in good.message
    no_rule = bucket("org-trail-logs", ObjectLock={"ObjectLockEnabled": "Enabled"})
    [partial] = run_archive(_archive_inventory(no_rule))
    assert partial.status is Status.FAIL and "without a default retention" in partial.message
    [unlocked] = run_archive(_archive_inventory(bucket("org-trail-logs", ObjectLock=None)))
    assert unlocked.status is Status.FAIL and "not enabled" in unlocked.message
    governance = {
        "ObjectLockEnabled": "Enabled",
        "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Years": 7}},
    }
    [years] = run_archive(_archive_inventory(bucket("org-trail-logs", ObjectLock=governance)))
    assert years.status is Status.PASS and "GOVERNANCE mode for 7 years" in years.message


def test_object_lock_judges_config_buckets_too_and_errors_on_unknowns() -> None:
    inv = _archive_inventory(bucket("config-logs", ObjectLock=LOCKED), config_bucket="config-logs")
    results = run_archive(inv)
    assert statuses(results) == ["PASS"] and "Config channel default" in results[0].message
    unreadable_lock = bucket("org-trail-logs", errors={"ObjectLock": ACCESS_DENIED})
    assert statuses(run_archive(_archive_inventory(unreadable_lock))) == ["ERROR"]
    assert statuses(run_archive(_archive_inventory(None))) == ["ERROR"]


def test_object_lock_fails_when_no_log_reaches_the_archive() -> None:
    [elsewhere] = run_archive(
        _archive_inventory(bucket("org-trail-logs", ObjectLock=LOCKED), trail_bucket="x")
    )
    assert elsewhere.status is Status.FAIL and "x (from trail main)" in elsewhere.message
    no_archive = {a: r for a, r in ROLES.items() if r != "log-archive"}
    [orphan] = run_archive(_archive_inventory(bucket("org-trail-logs", ObjectLock=LOCKED)), no_archive)
    assert orphan.status is Status.FAIL and "log-archive role" in orphan.message


def _athena(results_bucket: Item | None, output: str = "s3://results/athena/") -> InventoryBuilder:
    configuration = {"ResultConfiguration": {"OutputLocation": output}}
    workgroup = item(
        f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary",
        {"WorkGroup": {"Configuration": configuration}},
        name="primary",
    )
    buckets = [results_bucket] if results_bucket else []
    return InventoryBuilder().add("s3.buckets", buckets).add("athena.workgroups", [workgroup])


def expire(filter_: dict[str, Any] | None = None, status: str = "Enabled", days: int = 30) -> dict[str, Any]:
    rule: dict[str, Any] = {"ID": "r", "Status": status, "Expiration": {"Days": days}}
    return rule if filter_ is None else {**rule, "Filter": filter_}


def _lifecycle(*rules: dict[str, Any]) -> list[str]:
    return statuses(run_check(results_lifecycle, _athena(bucket("results", Lifecycle=list(rules) or None))))


def test_results_lifecycle_passes_when_an_enabled_expiration_covers_the_prefix() -> None:
    assert _lifecycle(expire({"Prefix": "athena/"})) == ["PASS"]
    assert _lifecycle(expire({"Prefix": ""})) == ["PASS"]
    assert _lifecycle(expire({})) == ["PASS"]
    assert _lifecycle(expire()) == ["PASS"]  # no filter: the whole bucket
    assert _lifecycle({"ID": "legacy", "Status": "Enabled", "Prefix": "ath", "Expiration": {"Days": 7}}) == [
        "PASS"
    ]


def test_results_lifecycle_fails_on_missing_disabled_or_partial_rules() -> None:
    assert _lifecycle() == ["FAIL"]
    assert _lifecycle(expire({"Prefix": "other/"})) == ["FAIL"]
    assert _lifecycle(expire({"Prefix": "athena/"}, status="Disabled")) == ["FAIL"]
    assert _lifecycle(expire({"Tag": {"Key": "k", "Value": "v"}})) == ["FAIL"]
    assert _lifecycle(expire({"And": {"Prefix": "athena/", "Tags": [{"Key": "k", "Value": "v"}]}})) == [
        "FAIL"
    ]
    noncurrent_only = {"ID": "nc", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}
    assert _lifecycle(noncurrent_only) == ["FAIL"]


def test_results_lifecycle_errors_and_not_applicable() -> None:
    unreadable = bucket("results", errors={"Lifecycle": ACCESS_DENIED})
    assert statuses(run_check(results_lifecycle, _athena(unreadable))) == ["ERROR"]
    [foreign] = run_check(results_lifecycle, _athena(None))
    assert foreign.status is Status.ERROR and "in no scanned account" in foreign.message
    assert statuses(run_check(results_lifecycle, _athena(None, output=""))) == ["NOT_APPLICABLE"]


def _with_unreadable_management_trails(archive_bucket: Any) -> InventoryBuilder:
    """This account's own trail delivers to the archive bucket; the management account's trails (where the
    organization trail logging this account lives) could not be read."""
    inventory = _archive_inventory(archive_bucket)
    return inventory.unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)


def _run_archive(check: Any, inventory: InventoryBuilder) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    return run_check(check, inventory, accounts=[org.accounts[ACCOUNT]], org=org, roles=ROLES)


def test_object_lock_reports_unreadable_log_sources_even_when_a_known_bucket_passes() -> None:
    results = _run_archive(
        log_archive_object_lock,
        _with_unreadable_management_trails(bucket("org-trail-logs", ObjectLock=LOCKED)),
    )
    by_status = {r.status: r for r in results}
    assert by_status[Status.PASS].resource_id == "arn:aws:s3:::org-trail-logs"
    unknown = by_status[Status.ERROR]
    assert "management account's trails" in unknown.message and "AccessDenied" in unknown.message
