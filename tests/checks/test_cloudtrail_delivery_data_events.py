"""CloudTrail delivery into the log-archive account, and S3 data events for the Athena buckets."""

from __future__ import annotations

from typing import Any

import pytest

from checks.cloudtrail import data_event_coverage, data_events_athena_buckets, delivery_to_log_archive
from scanner.inventory import Item
from scanner.model import Result
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
ROLES = {MGMT: "management", ARCHIVE: "log-archive", ACCOUNT: "workload"}
ORG_TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/org"
DATA = "athena-data"
OBJECTS = f"arn:aws:s3:::{DATA}/"


def delivering_trail(bucket: str, *, selectors: object = None, **kwargs: Any) -> Item:
    base = trail(ORG_TRAIL_ARN, org=True, **kwargs)
    data = {**base.data, "S3BucketName": bucket}
    if selectors is not None:
        data["EventSelectors"] = selectors
    return item(base.resource_id, data, region=base.region)


def bucket(name: str) -> Item:
    return item(f"arn:aws:s3:::{name}", {"Name": name}, name=name)


def inventory(
    org_trail: Item | None, archive_buckets: tuple[str, ...] | None = ("org-logs",)
) -> InventoryBuilder:
    """The management account's trails, the member's (none) and the log-archive account's buckets."""
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [org_trail] if org_trail else [], account=MGMT)
        .add("cloudtrail.trails", [], account=ACCOUNT)
        .add("s3.buckets", [], account=ACCOUNT)
    )
    if archive_buckets is None:
        return inv.unavailable("s3.buckets", ACCESS_DENIED, account=ARCHIVE)
    return inv.add("s3.buckets", [bucket(b) for b in archive_buckets], account=ARCHIVE)


def run_in_member(check: Any, inv: InventoryBuilder, roles: dict[str, str] = ROLES) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    return run_check(check, inv, accounts=[org.accounts[ACCOUNT]], org=org, roles=roles)


def test_delivery_passes_when_the_org_trail_writes_into_a_log_archive_bucket() -> None:
    [result] = run_in_member(delivery_to_log_archive, inventory(delivering_trail("org-logs")))
    assert result.status.value == "PASS" and ARCHIVE in result.message
    assert result.resource_id == ORG_TRAIL_ARN


def test_delivery_fails_elsewhere_without_trail_or_without_log_archive_role() -> None:
    elsewhere = run_in_member(delivery_to_log_archive, inventory(delivering_trail("mgmt-local-logs")))
    assert statuses(elsewhere) == ["FAIL"] and "mgmt-local-logs" in elsewhere[0].message
    stopped = run_in_member(delivery_to_log_archive, inventory(delivering_trail("org-logs", logging=False)))
    assert statuses(stopped) == ["FAIL"]
    assert statuses(run_in_member(delivery_to_log_archive, inventory(None))) == ["FAIL"]
    no_role = {MGMT: "management", ACCOUNT: "workload"}
    [result] = run_in_member(delivery_to_log_archive, inventory(delivering_trail("org-logs")), no_role)
    assert result.status.value == "FAIL" and "log-archive role" in result.message


def test_delivery_error_when_the_archive_buckets_or_the_org_trail_cannot_be_read() -> None:
    unreadable = inventory(delivering_trail("org-logs"), archive_buckets=None)
    assert statuses(run_in_member(delivery_to_log_archive, unreadable)) == ["ERROR"]
    no_mgmt = (
        InventoryBuilder()
        .unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
        .add("cloudtrail.trails", [], account=ACCOUNT)
        .add("s3.buckets", [], account=ACCOUNT)
        .add("s3.buckets", [bucket("org-logs")], account=ARCHIVE)
    )
    assert statuses(run_in_member(delivery_to_log_archive, no_mgmt)) == ["ERROR"]


def advanced(*fields: dict[str, Any]) -> dict[str, Any]:
    base = [
        {"Field": "eventCategory", "Equals": ["Data"]},
        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    ]
    return {"AdvancedEventSelectors": [{"Name": "s3", "FieldSelectors": [*base, *fields]}]}


def classic(values: list[str], read_write: str = "All") -> dict[str, Any]:
    resources = [{"Type": "AWS::S3::Object", "Values": values}]
    return {"EventSelectors": [{"ReadWriteType": read_write, "DataResources": resources}]}


@pytest.mark.parametrize(
    ("selectors", "reads", "writes"),
    [
        (classic(["arn:aws:s3"]), True, True),
        (classic([OBJECTS]), True, True),
        (classic([OBJECTS], "WriteOnly"), False, True),
        (classic([f"{OBJECTS}prefix/"]), False, False),
        (classic(["arn:aws:s3:::other/"]), False, False),
        (advanced(), True, True),
        (advanced({"Field": "resources.ARN", "StartsWith": [OBJECTS]}), True, True),
        (advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::athena-"]}), True, True),
        (advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::other/"]}), False, False),
        (advanced({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::other/"]}), True, True),
        (advanced({"Field": "resources.ARN", "NotStartsWith": [f"{OBJECTS}tmp/"]}), False, False),
        (advanced({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::athena"]}), False, False),
        (advanced({"Field": "resources.ARN", "Equals": [f"{OBJECTS}key"]}), False, False),
        (advanced({"Field": "readOnly", "Equals": ["true"]}), True, False),
        (advanced({"Field": "eventName", "NotEquals": ["GetObject"]}), False, False),
    ],
)
def test_selector_coverage_is_conservative(selectors: dict[str, Any], reads: bool, writes: bool) -> None:
    coverage = data_event_coverage(selectors, "aws", DATA)
    assert (coverage.reads, coverage.writes) == (reads, writes)


def athena_inventory(org_trail: Item | None) -> InventoryBuilder:
    table = item(
        "arn:aws:glue:us-east-1:111111111111:table/db/t", {"Location": f"s3://{DATA}/t/"}, name="db.t"
    )
    return (
        inventory(org_trail)
        .add("glue.tables", [table], account=ACCOUNT)
        .add("athena.workgroups", [], account=ACCOUNT)
    )


def test_data_events_pass_for_org_trail_recording_reads_and_writes() -> None:
    inv = athena_inventory(delivering_trail("org-logs", selectors=advanced()))
    [result] = run_in_member(data_events_athena_buckets, inv)
    assert result.status.value == "PASS" and result.resource_id == f"arn:aws:s3:::{DATA}"


def test_data_events_fail_when_writes_only_partial_or_single_region() -> None:
    write_only = athena_inventory(delivering_trail("org-logs", selectors=classic([OBJECTS], "WriteOnly")))
    [result] = run_in_member(data_events_athena_buckets, write_only)
    assert result.status.value == "FAIL" and "read data events" in result.message
    single = athena_inventory(delivering_trail("org-logs", selectors=advanced(), multi=False))
    assert statuses(run_in_member(data_events_athena_buckets, single)) == ["FAIL"]
    none = athena_inventory(delivering_trail("org-logs"))
    assert statuses(run_in_member(data_events_athena_buckets, none)) == ["FAIL"]


def test_data_events_error_when_a_trail_cannot_be_read() -> None:
    unread = trail(ORG_TRAIL_ARN, org=True, with_status=False)
    unread = item(
        unread.resource_id,
        {**unread.data, "Status": {"IsLogging": True}},
        errors={"EventSelectors": ACCESS_DENIED},
    )
    [result] = run_in_member(data_events_athena_buckets, athena_inventory(unread))
    assert result.status.value == "ERROR" and "EventSelectors" in result.message
    no_athena = (
        inventory(None).add("glue.tables", [], account=ACCOUNT).add("athena.workgroups", [], account=ACCOUNT)
    )
    assert statuses(run_in_member(data_events_athena_buckets, no_athena)) == ["NOT_APPLICABLE"]
