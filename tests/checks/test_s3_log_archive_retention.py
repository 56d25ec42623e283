"""Log-archive retention: no lifecycle rule on the central log buckets deletes logs before 365 days."""

from __future__ import annotations

from typing import Any

from checks.s3_log_archive_retention import log_archive_retention_lifecycle
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, org_of, run_check, statuses
from tests.checks.test_s3_governance import (
    ARCHIVE,
    MGMT,
    ROLES,
    _archive_inventory,
    _run_archive,
    _with_unreadable_management_trails,
    bucket,
)


def rule(days: int | None = 400, status: str = "Enabled", **expiration: Any) -> dict[str, Any]:
    expires = ({"Days": days} if days is not None else {}) | expiration
    return {"ID": "logs", "Status": status, "Filter": {"Prefix": "AWSLogs/"}, "Expiration": expires}


def run(lifecycle: list[dict[str, Any]] | None, errors: dict[str, Any] | None = None) -> list[Result]:
    archive = bucket("org-trail-logs", errors=errors, **({} if errors else {"Lifecycle": lifecycle}))
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    inventory = _archive_inventory(archive)
    return run_check(
        log_archive_retention_lifecycle, inventory, accounts=[org.accounts[ACCOUNT]], org=org, roles=ROLES
    )


def test_passes_without_early_expiration() -> None:
    for lifecycle in (
        None,
        [rule(365)],
        [rule(10, status="Disabled")],
        [rule(None, ExpiredObjectDeleteMarker=True)],
    ):
        [result] = run(lifecycle)
        assert result.status is Status.PASS, (lifecycle, result.message)
        assert "org-trail-logs" in result.message and "trail main" in result.message


def test_fails_when_an_enabled_rule_expires_logs_early_whatever_its_filter() -> None:
    tagged = {
        "ID": "tmp",
        "Status": "Enabled",
        "Filter": {"Tag": {"Key": "t", "Value": "v"}},
        "Expiration": {"Days": 7},
    }
    for lifecycle, expected in (
        ([rule(90)], "after 90 days"),
        ([rule(None, Date="2027-01-01T00:00:00Z")], "on 2027-01-01"),
        ([rule(400), tagged], "rule tmp expires objects after 7 days"),
    ):
        [result] = run(lifecycle)
        assert result.status is Status.FAIL and expected in result.message, result.message


def test_errors_when_the_lifecycle_or_the_archive_is_unreadable() -> None:
    assert statuses(run(None, errors={"Lifecycle": ACCESS_DENIED})) == ["ERROR"]
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    unreadable = run_check(
        log_archive_retention_lifecycle,
        _archive_inventory(None),
        accounts=[org.accounts[ACCOUNT]],
        org=org,
        roles=ROLES,
    )
    assert statuses(unreadable) == ["ERROR"]


def test_retention_reports_unreadable_log_sources_even_when_a_known_bucket_passes() -> None:
    results = _run_archive(
        log_archive_retention_lifecycle,
        _with_unreadable_management_trails(bucket("org-trail-logs", Lifecycle=None)),
    )
    assert sorted(r.status.value for r in results) == ["ERROR", "PASS"]
    [unknown] = [r for r in results if r.status is Status.ERROR]
    assert "management account's trails" in unknown.message
