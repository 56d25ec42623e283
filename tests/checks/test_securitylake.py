"""Security Lake: administered by the security account; subscribers are organization accounts."""

from __future__ import annotations

from typing import Any

from checks.securitylake import securitylake_org_admin, subscriber_in_org
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"
SECURITY = "333333333333"
ROLES = {MGMT: "management", SECURITY: "security", ACCOUNT: "application"}
PRINCIPAL = "securitylake.amazonaws.com"


def delegated(account: str, *principals: str) -> Item:
    return item(
        f"arn:aws:organizations::{MGMT}:account/o-1/{account}", {"Services": list(principals)}, name=account
    )


def _admin(admins: list[Item] | None, roles: dict[str, str] = ROLES) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    inv = InventoryBuilder()
    if admins is None:
        inv.unavailable("organizations.delegated-admins", ACCESS_DENIED, account=MGMT)
    else:
        inv.add("organizations.delegated-admins", admins, account=MGMT)
    return run_check(securitylake_org_admin, inv, accounts=[org.accounts[ACCOUNT]], org=org, roles=roles)


def test_org_admin_passes_for_the_security_account() -> None:
    [result] = _admin([delegated(SECURITY, PRINCIPAL), delegated(ACCOUNT, "guardduty.amazonaws.com")])
    assert result.status is Status.PASS and SECURITY in result.message and result.evidence


def test_org_admin_fails_without_an_administrator_or_with_another_account() -> None:
    [none] = _admin([delegated(SECURITY, "guardduty.amazonaws.com")])
    assert none.status is Status.FAIL and "no Security Lake delegated administrator" in none.message
    [workload] = _admin([delegated(ACCOUNT, PRINCIPAL)])
    assert workload.status is Status.FAIL and ACCOUNT in workload.message


def test_org_admin_errors_without_admins_or_a_security_account() -> None:
    assert statuses(_admin(None)) == ["ERROR"]
    assert statuses(_admin([delegated(SECURITY, PRINCIPAL)], roles={MGMT: "management"})) == ["ERROR"]


def lake(*subscribers: dict[str, Any], **errors: Any) -> Item:
    arn = f"arn:aws:securitylake:{REGION}:{SECURITY}:data-lake/default"
    return item(arn, {"createStatus": "COMPLETED", "Subscribers": list(subscribers)}, errors=errors)


def subscriber(name: str, account: str, access: str = "LAKEFORMATION") -> dict[str, Any]:
    return {
        "subscriberName": name,
        "subscriberArn": f"arn:aws:securitylake:{REGION}:{SECURITY}:subscriber/{name}",
        "subscriberIdentity": {"principal": account, "externalId": "x"},
        "accessTypes": [access],
    }


def _subscribers(lakes: list[Item] | None) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    inv = InventoryBuilder()
    if lakes is None:
        inv.unavailable("securitylake.data-lakes", ACCESS_DENIED, account=SECURITY)
    else:
        inv.add("securitylake.data-lakes", lakes, account=SECURITY)
    return run_check(subscriber_in_org, inv, accounts=[org.accounts[SECURITY]], org=org)


def test_subscribers_pass_inside_and_fail_outside_the_organization() -> None:
    results = _subscribers([lake(subscriber("soc", ACCOUNT), subscriber("mdr-vendor", "999999999999", "S3"))])
    assert statuses(results) == ["PASS", "FAIL"]
    assert "LAKEFORMATION" in results[0].message and "outside" in results[1].message
    [empty] = _subscribers([lake()])
    assert empty.status is Status.PASS and "no subscribers" in empty.message
    assert statuses(_subscribers([])) == ["NOT_APPLICABLE"]


def test_subscribers_error_when_unreadable() -> None:
    assert statuses(_subscribers(None)) == ["ERROR"]
    assert statuses(_subscribers([lake(Subscribers=ACCESS_DENIED)])) == ["ERROR"]
