"""CloudTrail checks: multi-region and organization trails, member coverage, log file validation and KMS,
delivery to the log archive, and data events."""

from __future__ import annotations

from typing import Any

import pytest

from checks.cloudtrail import (
    data_event_coverage,
    data_events_athena_buckets,
    delivery_to_log_archive,
    kms_encryption,
    log_file_validation,
    multi_region_logging,
    org_trail,
    org_trail_visible,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    TRAIL_ARN,
    InventoryBuilder,
    item,
    org_of,
    run_check,
    statuses,
    trail,
)


def test_trail_multi_region_logging_passes() -> None:
    inv = InventoryBuilder().add("cloudtrail.trails", [trail()])
    assert statuses(run_check(multi_region_logging, inv)) == ["PASS"]


def test_trail_not_logging_or_single_region_fails() -> None:
    stopped = InventoryBuilder().add("cloudtrail.trails", [trail(logging=False)])
    single = InventoryBuilder().add("cloudtrail.trails", [trail(multi=False)])
    write_only = InventoryBuilder().add(
        "cloudtrail.trails",
        [
            trail(
                selectors={
                    "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}]
                }
            )
        ],
    )
    none = InventoryBuilder().add("cloudtrail.trails", [])
    for inv in (stopped, single, write_only, none):
        assert statuses(run_check(multi_region_logging, inv)) == ["FAIL"]


def test_trail_status_unreadable_is_error() -> None:
    denied = item(
        TRAIL_ARN,
        {"Name": "main", "TrailARN": TRAIL_ARN, "IsMultiRegionTrail": True, "HomeRegion": REGION},
        errors={"Status": ACCESS_DENIED, "EventSelectors": ACCESS_DENIED},
    )
    inv = InventoryBuilder().add("cloudtrail.trails", [denied])
    [result] = run_check(multi_region_logging, inv)
    assert result.status is Status.ERROR


def test_shadow_copy_does_not_override_home_region_verdict() -> None:
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [trail()])
        .add("cloudtrail.trails", [trail(region="eu-west-1", with_status=False)], region="eu-west-1")
    )
    assert statuses(run_check(multi_region_logging, inv, regions=(REGION, "eu-west-1"))) == ["PASS"]


def test_trail_homed_outside_scanned_regions_is_error_not_fail() -> None:
    inv = InventoryBuilder().add("cloudtrail.trails", [trail(home="ap-south-1", with_status=False)])
    [result] = run_check(multi_region_logging, inv)
    assert result.status is Status.ERROR
    assert "ap-south-1" in result.message


def test_member_account_covered_by_management_org_trail() -> None:
    mgmt, member = "222222222222", ACCOUNT
    org_trail = trail(f"arn:aws:cloudtrail:{REGION}:{mgmt}:trail/org", org=True)
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=member)
        .add("cloudtrail.trails", [org_trail], account=mgmt)
    )
    org = org_of(mgmt, member)
    results = run_check(multi_region_logging, inv, accounts=[org.accounts[member]], org=org)
    assert statuses(results) == ["PASS"]
    assert mgmt in results[0].message


def test_member_account_fails_when_org_trail_stopped() -> None:
    mgmt, member = "222222222222", ACCOUNT
    org_trail = trail(f"arn:aws:cloudtrail:{REGION}:{mgmt}:trail/org", org=True, logging=False)
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=member)
        .add("cloudtrail.trails", [org_trail], account=mgmt)
    )
    org = org_of(mgmt, member)
    assert statuses(run_check(multi_region_logging, inv, accounts=[org.accounts[member]], org=org)) == [
        "FAIL"
    ]


def test_member_account_error_when_management_trails_unreadable() -> None:
    mgmt, member = "222222222222", ACCOUNT
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=member)
        .unavailable("cloudtrail.trails", ACCESS_DENIED, account=mgmt)
    )
    org = org_of(mgmt, member)
    [result] = run_check(multi_region_logging, inv, accounts=[org.accounts[member]], org=org)
    assert result.status is Status.ERROR


MGMT = "222222222222"


ORG_TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/org"


KEY = f"arn:aws:kms:{REGION}:{MGMT}:key/k"


def org_trail_item(*, validation: bool = True, kms: str | None = KEY, **kwargs: Any) -> Item:
    base = trail(ORG_TRAIL_ARN, org=True, **kwargs)
    return item(
        base.resource_id,
        {**base.data, "LogFileValidationEnabled": validation, "KmsKeyId": kms},
        region=base.region,
    )


def management_view(*trails: Item) -> InventoryBuilder:
    return InventoryBuilder().add("cloudtrail.trails", list(trails), account=MGMT)


def run_in_management(check: Any, inv: InventoryBuilder) -> list[Result]:
    org = org_of(MGMT, ACCOUNT)
    return run_check(check, inv, accounts=[org.accounts[MGMT]], org=org)


def run_in_member(check: Any, inv: InventoryBuilder) -> list[Result]:
    org = org_of(MGMT, ACCOUNT)
    return run_check(check, inv, accounts=[org.accounts[ACCOUNT]], org=org)


def test_org_trail_passes_in_management_account() -> None:
    [result] = run_in_management(org_trail, management_view(org_trail_item()))
    assert result.status is Status.PASS and result.resource_id == ORG_TRAIL_ARN


def test_org_trail_fails_without_an_organization_trail_or_when_stopped() -> None:
    own_only = trail(f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/local")
    assert statuses(run_in_management(org_trail, management_view(own_only))) == ["FAIL"]
    stopped = org_trail_item(logging=False)
    [result] = run_in_management(org_trail, management_view(stopped))
    assert result.status is Status.FAIL and "logging is stopped" in result.message


def test_org_trail_error_when_unreadable_or_without_organization() -> None:
    denied = InventoryBuilder().unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
    assert statuses(run_in_management(org_trail, denied)) == ["ERROR"]
    no_org = InventoryBuilder().add("cloudtrail.trails", [])
    assert statuses(run_check(org_trail, no_org)) == ["ERROR"]


def test_org_trail_not_applicable_in_members() -> None:
    inv = management_view(org_trail_item()).add("cloudtrail.trails", [], account=ACCOUNT)
    [result] = run_in_member(org_trail, inv)
    assert result.status is Status.NOT_APPLICABLE and MGMT in result.message


def test_log_file_validation_and_kms_pass_and_fail_per_owned_trail() -> None:
    good = management_view(org_trail_item())
    assert statuses(run_in_management(log_file_validation, good)) == ["PASS"]
    assert statuses(run_in_management(kms_encryption, good)) == ["PASS"]
    bad = management_view(org_trail_item(validation=False, kms=None))
    assert statuses(run_in_management(log_file_validation, bad)) == ["FAIL"]
    assert statuses(run_in_management(kms_encryption, bad)) == ["FAIL"]


def test_shadow_trails_are_judged_in_their_owner_not_here() -> None:
    shadow = org_trail_item(validation=False, with_status=False)
    inv = InventoryBuilder().add("cloudtrail.trails", [shadow])  # ACCOUNT sees the management trail
    assert statuses(run_in_member(log_file_validation, inv)) == ["NOT_APPLICABLE"]


def test_integrity_checks_error_when_trails_unreadable() -> None:
    denied = InventoryBuilder().unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
    for check in (log_file_validation, kms_encryption):
        assert statuses(run_in_management(check, denied)) == ["ERROR"]


def test_member_covered_by_logging_org_trail_cites_the_shadow() -> None:
    shadow = org_trail_item(with_status=False)
    inv = management_view(org_trail_item()).add("cloudtrail.trails", [shadow], account=ACCOUNT)
    [result] = run_in_member(org_trail_visible, inv)
    assert result.status is Status.PASS
    assert "shadow trail is listed here" in result.message


def test_member_not_covered_when_org_trail_stopped_or_gone() -> None:
    stopped = management_view(org_trail_item(logging=False)).add("cloudtrail.trails", [], account=ACCOUNT)
    assert statuses(run_in_member(org_trail_visible, stopped)) == ["FAIL"]
    gone = management_view().add("cloudtrail.trails", [], account=ACCOUNT)
    assert statuses(run_in_member(org_trail_visible, gone)) == ["FAIL"]


def test_account_outside_the_organization_is_not_covered() -> None:
    org = org_of(MGMT)
    inv = management_view(org_trail_item()).add("cloudtrail.trails", [], account=ACCOUNT)
    results = run_check(org_trail_visible, inv, accounts=[org_of(MGMT, ACCOUNT).accounts[ACCOUNT]], org=org)
    assert statuses(results) == ["FAIL"]


def test_member_coverage_unknown_when_management_unreadable() -> None:
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=ACCOUNT)
        .unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
    )
    assert statuses(run_in_member(org_trail_visible, inv)) == ["ERROR"]


ARCHIVE = "444444444444"


ROLES = {MGMT: "management", ARCHIVE: "log-archive", ACCOUNT: "workload"}


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


def run_in_member_with_archive(
    check: Any, inv: InventoryBuilder, roles: dict[str, str] = ROLES
) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    return run_check(check, inv, accounts=[org.accounts[ACCOUNT]], org=org, roles=roles)


def test_delivery_passes_when_the_org_trail_writes_into_a_log_archive_bucket() -> None:
    [result] = run_in_member_with_archive(delivery_to_log_archive, inventory(delivering_trail("org-logs")))
    assert result.status.value == "PASS" and ARCHIVE in result.message
    assert result.resource_id == ORG_TRAIL_ARN


def test_delivery_fails_elsewhere_without_trail_or_without_log_archive_role() -> None:
    elsewhere = run_in_member_with_archive(
        delivery_to_log_archive, inventory(delivering_trail("mgmt-local-logs"))
    )
    assert statuses(elsewhere) == ["FAIL"] and "mgmt-local-logs" in elsewhere[0].message
    stopped = run_in_member_with_archive(
        delivery_to_log_archive, inventory(delivering_trail("org-logs", logging=False))
    )
    assert statuses(stopped) == ["FAIL"]
    assert statuses(run_in_member_with_archive(delivery_to_log_archive, inventory(None))) == ["FAIL"]
    no_role = {MGMT: "management", ACCOUNT: "workload"}
    [result] = run_in_member_with_archive(
        delivery_to_log_archive, inventory(delivering_trail("org-logs")), no_role
    )
    assert result.status.value == "FAIL" and "log-archive role" in result.message


def test_delivery_error_when_the_archive_buckets_or_the_org_trail_cannot_be_read() -> None:
    unreadable = inventory(delivering_trail("org-logs"), archive_buckets=None)
    assert statuses(run_in_member_with_archive(delivery_to_log_archive, unreadable)) == ["ERROR"]
    no_mgmt = (
        InventoryBuilder()
        .unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
        .add("cloudtrail.trails", [], account=ACCOUNT)
        .add("s3.buckets", [], account=ACCOUNT)
        .add("s3.buckets", [bucket("org-logs")], account=ARCHIVE)
    )
    assert statuses(run_in_member_with_archive(delivery_to_log_archive, no_mgmt)) == ["ERROR"]


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
    [result] = run_in_member_with_archive(data_events_athena_buckets, inv)
    assert result.status.value == "PASS" and result.resource_id == f"arn:aws:s3:::{DATA}"


def test_data_events_fail_when_writes_only_partial_or_single_region() -> None:
    write_only = athena_inventory(delivering_trail("org-logs", selectors=classic([OBJECTS], "WriteOnly")))
    [result] = run_in_member_with_archive(data_events_athena_buckets, write_only)
    assert result.status.value == "FAIL" and "read data events" in result.message
    single = athena_inventory(delivering_trail("org-logs", selectors=advanced(), multi=False))
    assert statuses(run_in_member_with_archive(data_events_athena_buckets, single)) == ["FAIL"]
    none = athena_inventory(delivering_trail("org-logs"))
    assert statuses(run_in_member_with_archive(data_events_athena_buckets, none)) == ["FAIL"]


def test_data_events_error_when_a_trail_cannot_be_read() -> None:
    unread = trail(ORG_TRAIL_ARN, org=True, with_status=False)
    unread = item(
        unread.resource_id,
        {**unread.data, "Status": {"IsLogging": True}},
        errors={"EventSelectors": ACCESS_DENIED},
    )
    [result] = run_in_member_with_archive(data_events_athena_buckets, athena_inventory(unread))
    assert result.status.value == "ERROR" and "EventSelectors" in result.message
    no_athena = (
        inventory(None).add("glue.tables", [], account=ACCOUNT).add("athena.workgroups", [], account=ACCOUNT)
    )
    assert statuses(run_in_member_with_archive(data_events_athena_buckets, no_athena)) == ["NOT_APPLICABLE"]
