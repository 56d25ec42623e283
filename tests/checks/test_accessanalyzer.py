"""accessanalyzer.enabled: an active analyzer of the account, or the delegated administrator's organization
analyzer in the same region."""

from __future__ import annotations

from checks.accessanalyzer import analyzer_enabled
from scanner.inventory import Item
from scanner.model import Result
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"
SECURITY = "333333333333"


def analyzer(account: str, kind: str, status: str = "ACTIVE") -> Item:
    arn = f"arn:aws:access-analyzer:{REGION}:{account}:analyzer/{kind.lower()}"
    return item(arn, {"arn": arn, "name": kind.lower(), "type": kind, "status": status})


def admins(*principals: str) -> list[Item]:
    data = {"Services": list(principals)}
    return [item(f"arn:aws:organizations::{MGMT}:account/o-1/{SECURITY}", data, name=SECURITY)]


def inventory(own: list[Item], security: list[Item] | None) -> InventoryBuilder:
    inv = (
        InventoryBuilder()
        .add("accessanalyzer.analyzers", own)
        .add("organizations.delegated-admins", admins("access-analyzer.amazonaws.com"), account=MGMT)
        .add("accessanalyzer.analyzers", [], account=MGMT)
    )
    if security is None:
        return inv.unavailable("accessanalyzer.analyzers", ACCESS_DENIED, account=SECURITY)
    return inv.add("accessanalyzer.analyzers", security, account=SECURITY)


def run_in_member(inv: InventoryBuilder) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    return run_check(analyzer_enabled, inv, accounts=[org.accounts[ACCOUNT]], org=org)


def test_passes_with_an_own_account_analyzer_or_the_admins_organization_analyzer() -> None:
    [own] = run_in_member(inventory([analyzer(ACCOUNT, "ACCOUNT")], []))
    assert own.status.value == "PASS" and "account analyzer" in own.message
    [central] = run_in_member(inventory([], [analyzer(SECURITY, "ORGANIZATION")]))
    assert central.status.value == "PASS" and SECURITY in central.resource_id


def test_fails_without_an_active_external_access_analyzer() -> None:
    inactive = inventory([analyzer(ACCOUNT, "ACCOUNT", status="DISABLED")], [analyzer(SECURITY, "ACCOUNT")])
    assert statuses(run_in_member(inactive)) == ["FAIL"]
    unused_only = inventory([analyzer(ACCOUNT, "ACCOUNT_UNUSED_ACCESS")], [])
    assert statuses(run_in_member(unused_only)) == ["FAIL"]


def test_error_when_the_administrators_analyzers_cannot_be_read() -> None:
    [result] = run_in_member(inventory([], None))
    assert result.status.value == "ERROR" and SECURITY in result.message
    unreadable_here = (
        InventoryBuilder()
        .unavailable("accessanalyzer.analyzers")
        .add("organizations.delegated-admins", [], account=MGMT)
    )
    assert statuses(run_in_member(unreadable_here)) == ["ERROR"]
    # The delegated administrators are organization data: without an organization the check cannot say.
    no_org = InventoryBuilder().add("accessanalyzer.analyzers", []).add("organizations.delegated-admins", [])
    assert statuses(run_check(analyzer_enabled, no_org)) == ["ERROR"]
