"""IAM Identity Center: an active instance for the organization, and permission sets with bounded sessions."""

from __future__ import annotations

from typing import Any

from checks.sso import instance_in_use, permission_set_session_duration, session_seconds
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"


def instance(*sessions: str, owner: str = MGMT, status: str = "ACTIVE", **errors: Any) -> Item:
    arn = "arn:aws:sso:::instance/ssoins-1"
    sets = [
        {
            "Name": f"set-{n}",
            "PermissionSetArn": f"arn:aws:sso:::permissionSet/ssoins-1/ps-{n}",
            "SessionDuration": d,
        }
        for n, d in enumerate(sessions)
    ]
    data = {"InstanceArn": arn, "OwnerAccountId": owner, "Status": status, "PermissionSets": sets}
    return item(arn, data, name="ssoins-1", errors=errors)


def _run(check: Any, instances: list[Item] | None, account: str = MGMT) -> list[Result]:
    org = org_of(MGMT, ACCOUNT)
    inv = InventoryBuilder()
    if instances is None:
        inv.unavailable("sso.instances", ACCESS_DENIED, account=MGMT)
    else:
        inv.add("sso.instances", instances, account=MGMT)
    return run_check(check, inv, accounts=[org.accounts[account]], org=org)


def test_session_seconds_reads_identity_center_durations() -> None:
    assert [session_seconds(d) for d in ("PT1H", "PT2H30M", "PT900S", "PT12H")] == [3600, 9000, 900, 43200]
    assert [session_seconds(d) for d in ("P1D", "PT", "", None)] == [None, None, None, None]


def test_instance_in_use_passes_in_every_account_when_the_organization_has_one() -> None:
    for account in (MGMT, ACCOUNT):
        [result] = _run(instance_in_use, [instance("PT1H")], account)
        assert result.status is Status.PASS and MGMT in result.message and result.evidence


def test_instance_in_use_fails_without_an_active_instance_and_errors_when_unreadable() -> None:
    assert statuses(_run(instance_in_use, [])) == ["FAIL"]
    assert statuses(_run(instance_in_use, [instance(status="DELETE_IN_PROGRESS")])) == ["FAIL"]
    assert statuses(_run(instance_in_use, None, ACCOUNT)) == ["ERROR"]


def test_session_duration_judged_per_permission_set_in_the_owner_account() -> None:
    results = _run(permission_set_session_duration, [instance("PT1H", "PT8H", "PT12H")])
    assert statuses(results) == ["PASS", "PASS", "FAIL"]
    assert "set-2" in results[2].message and "over 8 hours" in results[2].message
    [elsewhere] = _run(permission_set_session_duration, [instance("PT12H")], ACCOUNT)
    assert elsewhere.status is Status.NOT_APPLICABLE and MGMT in elsewhere.message


def test_session_duration_errors_when_unreadable() -> None:
    assert statuses(_run(permission_set_session_duration, [instance("P1D")])) == ["ERROR"]
    assert statuses(_run(permission_set_session_duration, [instance(PermissionSets=ACCESS_DENIED)])) == [
        "ERROR"
    ]
    assert statuses(_run(permission_set_session_duration, None)) == ["ERROR"]
