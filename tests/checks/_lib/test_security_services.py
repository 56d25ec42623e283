"""The organization-wide security services' shared logic (checks/_lib/security_services.py), exercised through
the Security Hub, Macie and Inspector checks: enabled, delegated administrator, member, and auto-enable of
new accounts."""

from __future__ import annotations

from typing import Any

from checks.inspector import inspector_auto_enable, inspector_enabled, inspector_org_admin
from checks.macie import macie_auto_enable, macie_enabled, macie_member, macie_org_admin
from checks.securityhub import hub_auto_enable, hub_enabled, hub_member, hub_org_admin
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"


SECURITY = "333333333333"


ROLES = {MGMT: "management", SECURITY: "security", ACCOUNT: "application"}


def delegated(account: str, *principals: str) -> Item:
    return item(
        f"arn:aws:organizations::{MGMT}:account/o-1/{account}", {"Services": list(principals)}, name=account
    )


def run_as(check: Any, inv: InventoryBuilder, account: str, roles: dict[str, str] = ROLES) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    return run_check(check, inv, accounts=[org.accounts[account]], org=org, roles=roles)


def hub(account: str, admin: dict[str, str] | None = None) -> Item:
    return item(
        f"arn:aws:securityhub:{REGION}:{account}:hub/default", {"HubArn": "x", "Administrator": admin}
    )


def macie(account: str, status: str = "ENABLED", admin: dict[str, str] | None = None) -> Item:
    return item(f"arn:aws:macie2:{REGION}:{account}:session", {"status": status, "Administrator": admin})


def inspector(account: str, ec2: str = "ENABLED", ecr: str = "ENABLED") -> Item:
    state = {
        "state": {"status": "ENABLED"},
        "resourceState": {"ec2": {"status": ec2}, "ecr": {"status": ecr}},
    }
    return item(f"{account}/{REGION}", {"accountId": account, **state}, name=account)


def test_enabled_checks_pass_fail_and_error() -> None:
    cases = [
        (hub_enabled, "securityhub.hubs", [hub(ACCOUNT)]),
        (macie_enabled, "macie.sessions", [macie(ACCOUNT)]),
        (inspector_enabled, "inspector.account-status", [inspector(ACCOUNT)]),
    ]
    for check, dataset, enabled in cases:
        assert statuses(run_check(check, InventoryBuilder().add(dataset, enabled))) == ["PASS"], dataset
        [off] = run_check(check, InventoryBuilder().add(dataset, []))
        assert off.status is Status.FAIL and "not enabled" in off.message
        assert statuses(run_check(check, InventoryBuilder().unavailable(dataset))) == ["ERROR"]
    [paused] = run_check(macie_enabled, InventoryBuilder().add("macie.sessions", [macie(ACCOUNT, "PAUSED")]))
    assert paused.status is Status.FAIL and "PAUSED" in paused.message
    no_ecr = InventoryBuilder().add("inspector.account-status", [inspector(ACCOUNT, ecr="DISABLED")])
    [partial] = run_check(inspector_enabled, no_ecr)
    assert partial.status is Status.FAIL and "ecr" in partial.message
    failed = item(f"{ACCOUNT}/{REGION}", {"Failed": {"errorCode": "INTERNAL_ERROR"}}, name=ACCOUNT)
    failed_inv = InventoryBuilder().add("inspector.account-status", [failed])
    assert statuses(run_check(inspector_enabled, failed_inv)) == ["ERROR"]


def test_org_admin_from_organizations_delegated_administrators() -> None:
    for check, dataset, principal, own in (
        (hub_org_admin, "securityhub.hubs", "securityhub.amazonaws.com", hub(SECURITY)),
        (macie_org_admin, "macie.sessions", "macie.amazonaws.com", macie(SECURITY)),
        (inspector_org_admin, "inspector.account-status", "inspector2.amazonaws.com", inspector(SECURITY)),
    ):
        inv = (
            InventoryBuilder()
            .add("organizations.delegated-admins", [delegated(SECURITY, principal)], account=MGMT)
            .add(dataset, [own], account=SECURITY)
            .add(dataset, [], account=ACCOUNT)
        )
        assert statuses(run_as(check, inv, SECURITY)) == ["PASS"], dataset
        assert statuses(run_as(check, inv, ACCOUNT)) == ["NOT_APPLICABLE"]
        other = InventoryBuilder().add(
            "organizations.delegated-admins", [delegated(SECURITY, "x")], account=MGMT
        )
        other.add(dataset, [own], account=SECURITY)
        assert statuses(run_as(check, other, SECURITY)) == ["FAIL"]
        unreadable = InventoryBuilder().unavailable("organizations.delegated-admins", account=MGMT)
        unreadable.add(dataset, [own], account=SECURITY)
        assert statuses(run_as(check, unreadable, SECURITY)) == ["ERROR"]


def test_member_checks_read_each_services_administrator_view() -> None:
    admins_for = {
        "securityhub.amazonaws.com": (hub_member, "securityhub.hubs"),
        "macie.amazonaws.com": (macie_member, "macie.sessions"),
    }
    views = {
        "securityhub.hubs": lambda rel: hub(ACCOUNT, {"AccountId": SECURITY, "MemberStatus": rel}),
        "macie.sessions": lambda rel: macie(
            ACCOUNT, admin={"accountId": SECURITY, "relationshipStatus": rel}
        ),
    }
    for principal, (check, dataset) in admins_for.items():
        base = InventoryBuilder().add(
            "organizations.delegated-admins", [delegated(SECURITY, principal)], account=MGMT
        )
        enabled = base.add(dataset, [views[dataset]("Enabled")], account=ACCOUNT)
        assert statuses(run_as(check, enabled, ACCOUNT)) == ["PASS"], dataset
        removed = InventoryBuilder().add(
            "organizations.delegated-admins", [delegated(SECURITY, principal)], account=MGMT
        )
        removed.add(dataset, [views[dataset]("Removed")], account=ACCOUNT)
        assert statuses(run_as(check, removed, ACCOUNT)) == ["FAIL"]
        denied = InventoryBuilder().add(
            "organizations.delegated-admins", [delegated(SECURITY, principal)], account=MGMT
        )
        denied.unavailable(dataset, account=ACCOUNT)
        assert statuses(run_as(check, denied, ACCOUNT)) == ["ERROR"]


# (check, its org-configuration dataset, service principal, configuration that passes, one that fails)
AUTO_ENABLE_CASES = [
    (
        hub_auto_enable,
        "securityhub.org-configuration",
        "securityhub.amazonaws.com",
        {"AutoEnable": True, "OrganizationConfiguration": {"ConfigurationType": "LOCAL"}},
        {"AutoEnable": False, "OrganizationConfiguration": {"ConfigurationType": "LOCAL"}},
    ),
    (
        inspector_auto_enable,
        "inspector.org-configuration",
        "inspector2.amazonaws.com",
        {"autoEnable": {"ec2": True, "ecr": True, "lambda": False}},
        {"autoEnable": {"ec2": True, "ecr": False}},
    ),
    (macie_auto_enable, "macie.org-configuration", "macie.amazonaws.com", {"autoEnable": True}, {}),
]


def _configuration(data: dict[str, Any]) -> Item:
    return item(f"{SECURITY}/{REGION}", data, name=SECURITY)


def _auto_enable_inventory(
    dataset: str, principal: str, configurations: list[Item] | None
) -> InventoryBuilder:
    admins = [item(f"arn:aws:organizations::{MGMT}:account/o-1/{SECURITY}", {"Services": [principal]})]
    inv = InventoryBuilder().add("organizations.delegated-admins", admins, account=MGMT)
    if configurations is None:
        return inv.unavailable(dataset, account=SECURITY)
    return inv.add(dataset, configurations, account=SECURITY).add(dataset, [], account=ACCOUNT)


def _run_as(check: Any, inv: InventoryBuilder, account: str) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    return run_check(check, inv, accounts=[org.accounts[account]], org=org)


def test_auto_enable_passes_and_fails_in_the_administrator_only() -> None:
    for check, dataset, principal, good, bad in AUTO_ENABLE_CASES:
        passing = _auto_enable_inventory(dataset, principal, [_configuration(good)])
        [result] = _run_as(check, passing, SECURITY)
        assert result.status is Status.PASS and result.evidence, dataset
        [elsewhere] = _run_as(check, passing, ACCOUNT)
        assert elsewhere.status is Status.NOT_APPLICABLE and SECURITY in elsewhere.message
        failing = _auto_enable_inventory(dataset, principal, [_configuration(bad)])
        assert statuses(_run_as(check, failing, SECURITY)) == ["FAIL"], dataset
    [no_ecr] = _run_as(
        inspector_auto_enable,
        _auto_enable_inventory(*AUTO_ENABLE_CASES[1][1:3], [_configuration(AUTO_ENABLE_CASES[1][4])]),
        SECURITY,
    )
    assert "ecr" in no_ecr.message and "ec2" not in no_ecr.message


def test_auto_enable_fails_everywhere_without_an_administrator() -> None:
    for check, dataset, _principal, good, _bad in AUTO_ENABLE_CASES:
        inv = _auto_enable_inventory(dataset, "some-other.amazonaws.com", [_configuration(good)])
        assert statuses(_run_as(check, inv, SECURITY)) == ["FAIL"], dataset
        assert statuses(_run_as(check, inv, ACCOUNT)) == ["FAIL"], dataset


def test_auto_enable_errors_when_the_administrator_cannot_read_its_configuration() -> None:
    for check, dataset, principal, good, _bad in AUTO_ENABLE_CASES:
        refused = _auto_enable_inventory(dataset, principal, [])
        [result] = _run_as(check, refused, SECURITY)
        assert result.status is Status.ERROR and "refused" in result.message, dataset
        assert statuses(_run_as(check, _auto_enable_inventory(dataset, principal, None), SECURITY)) == [
            "ERROR"
        ]
        no_admins = InventoryBuilder().unavailable("organizations.delegated-admins", account=MGMT)
        no_admins.add(dataset, [_configuration(good)], account=SECURITY)
        assert statuses(_run_as(check, no_admins, SECURITY)) == ["ERROR"], dataset


def test_security_hub_central_configuration_is_not_judged_from_auto_enable() -> None:
    central = {"AutoEnable": False, "OrganizationConfiguration": {"ConfigurationType": "CENTRAL"}}
    inv = _auto_enable_inventory("securityhub.org-configuration", "securityhub.amazonaws.com", [])
    inv.add("securityhub.org-configuration", [_configuration(central)], account=SECURITY)
    [result] = _run_as(hub_auto_enable, inv, SECURITY)
    assert result.status is Status.ERROR and "central configuration" in result.message
