"""Issue 20 item 3: a read that failed (another account's record, the organization, the landing-zone roles
derived from it) never turns into a PASS, nor into a NOT_APPLICABLE that hides a failure."""

from __future__ import annotations

from typing import Any

from checks.cloudformation import deployment_current
from checks.config import org_aggregator
from checks.config_compliance import aggregator_sources_healthy
from checks.s3_governance import log_archive_object_lock
from checks.s3_log_archive_retention import log_archive_retention_lifecycle
from scanner.model import Account, Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check
from tests.checks.test_s3_governance import ARCHIVE, LOCKED, MGMT, ROLES, _archive_inventory, bucket


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


def test_retention_reports_unreadable_log_sources_even_when_a_known_bucket_passes() -> None:
    results = _run_archive(
        log_archive_retention_lifecycle,
        _with_unreadable_management_trails(bucket("org-trail-logs", Lifecycle=None)),
    )
    assert sorted(r.status.value for r in results) == ["ERROR", "PASS"]
    [unknown] = [r for r in results if r.status is Status.ERROR]
    assert "management account's trails" in unknown.message


def test_service_managed_stack_set_without_the_organization_is_not_a_pass() -> None:
    detail = {
        "StackSetName": "baseline",
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": {"Enabled": True},
        "OrganizationalUnitIds": ["r-1"],
    }
    current = {"Account": "222222222222", "Region": REGION, "Status": "CURRENT"}
    data = {"StackSetName": "baseline", "StackSet": detail, "Instances": [current]}
    arn = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stackset/baseline:1"
    inventory = InventoryBuilder().add("cloudformation.stack-sets", [item(arn, data, name="baseline")])
    [result] = run_check(deployment_current, inventory, accounts=[Account(ACCOUNT, "mgmt")])
    assert result.status is Status.ERROR
    assert "organization" in result.message and "r-1" in result.message


def _aggregator(account: str = ACCOUNT) -> Any:
    source = {"OrganizationAggregationSource": {"RoleArn": "r", "AllAwsRegions": True}, "SourcesStatus": []}
    return item(f"arn:aws:config:{REGION}:{account}:config-aggregator/org", source, name="org")


def test_aggregator_with_no_audit_or_security_account_known_is_an_error_not_not_applicable() -> None:
    """Without the organization (or without an account in the audit or security role) nobody is known to
    own the aggregator: every account saying NOT_APPLICABLE would hide a missing aggregator."""
    org = org_of(MGMT, ACCOUNT)
    roles = {MGMT: "management", ACCOUNT: "application"}
    accounts = [org.accounts[ACCOUNT]]
    empty = InventoryBuilder().add("config.aggregators", [])
    [result] = run_check(org_aggregator, empty, accounts=accounts, org=org, roles=roles)
    assert result.status is Status.ERROR and "audit" in result.message
    with_one = InventoryBuilder().add("config.aggregators", [_aggregator()])
    [healthy] = run_check(aggregator_sources_healthy, with_one, accounts=accounts, org=org, roles=roles)
    assert healthy.status is Status.ERROR and "audit" in healthy.message
