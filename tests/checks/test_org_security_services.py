"""Security Hub, Macie and Inspector (enabled, delegated administrator, member) and the organization checks
(all features, delegated administrators in the security account, landing-zone accounts)."""

from __future__ import annotations

from typing import Any

from checks.inspector import inspector_enabled, inspector_member, inspector_org_admin
from checks.macie import macie_enabled, macie_member, macie_org_admin
from checks.organizations import all_features, delegated_admins_in_security_account, landing_zone_accounts
from checks.securityhub import hub_enabled, hub_member, hub_org_admin
from scanner.inventory import Item
from scanner.model import Account, Result, Status
from scanner.org import OrgNode, OrgTree
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

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


def _inspector_members(members: list[Item] | None) -> InventoryBuilder:
    inv = (
        InventoryBuilder()
        .add(
            "organizations.delegated-admins", [delegated(SECURITY, "inspector2.amazonaws.com")], account=MGMT
        )
        .add("inspector.members", [], account=ACCOUNT)
    )
    if members is None:
        return inv.unavailable("inspector.members", ACCESS_DENIED, account=SECURITY)
    return inv.add("inspector.members", members, account=SECURITY)


def test_inspector_member_is_read_from_the_administrators_member_list() -> None:
    def member(status: str) -> Item:
        data = {"accountId": ACCOUNT, "delegatedAdminAccountId": SECURITY, "relationshipStatus": status}
        return item(f"{REGION}/{ACCOUNT}", data, name=ACCOUNT)

    assert statuses(run_as(inspector_member, _inspector_members([member("ENABLED")]), ACCOUNT)) == ["PASS"]
    assert statuses(run_as(inspector_member, _inspector_members([member("DISABLED")]), ACCOUNT)) == ["FAIL"]
    [missing] = run_as(inspector_member, _inspector_members([]), ACCOUNT)
    assert missing.status is Status.FAIL and "does not list" in missing.message
    [unread] = run_as(inspector_member, _inspector_members(None), ACCOUNT)
    assert unread.status is Status.ERROR and "member list" in unread.message


def test_all_features_in_the_management_account_only() -> None:
    org = org_of(MGMT, ACCOUNT)
    [passed] = run_check(all_features, InventoryBuilder(), accounts=[org.accounts[MGMT]], org=org)
    assert passed.status is Status.PASS
    billing = OrgTree("o-1", MGMT, "CONSOLIDATED_BILLING", org.nodes, org.accounts)
    [failed] = run_check(all_features, InventoryBuilder(), accounts=[billing.accounts[MGMT]], org=billing)
    assert failed.status is Status.FAIL and "CONSOLIDATED_BILLING" in failed.message
    assert statuses(
        run_check(all_features, InventoryBuilder(), accounts=[org.accounts[ACCOUNT]], org=org)
    ) == ["NOT_APPLICABLE"]
    assert statuses(run_check(all_features, InventoryBuilder(), accounts=[Account(MGMT, "m")])) == ["ERROR"]


def test_delegated_admins_must_be_the_security_account() -> None:
    everything = [
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
        "macie.amazonaws.com",
        "inspector2.amazonaws.com",
        "access-analyzer.amazonaws.com",
        "config.amazonaws.com",
    ]
    good = InventoryBuilder().add(
        "organizations.delegated-admins", [delegated(SECURITY, *everything)], account=MGMT
    )
    assert set(statuses(run_as(delegated_admins_in_security_account, good, MGMT))) == {"PASS"}
    workload = InventoryBuilder().add(
        "organizations.delegated-admins",
        [delegated(SECURITY, *everything[1:]), delegated(ACCOUNT, "guardduty.amazonaws.com")],
        account=MGMT,
    )
    results = run_as(delegated_admins_in_security_account, workload, MGMT)
    [guardduty] = [r for r in results if r.resource_id == "guardduty.amazonaws.com"]
    assert guardduty.status is Status.FAIL and "application" in guardduty.message
    none = InventoryBuilder().add("organizations.delegated-admins", [], account=MGMT)
    assert set(statuses(run_as(delegated_admins_in_security_account, none, MGMT))) == {"FAIL"}
    denied = InventoryBuilder().unavailable("organizations.delegated-admins", account=MGMT)
    assert statuses(run_as(delegated_admins_in_security_account, denied, MGMT)) == ["ERROR"]
    assert statuses(run_as(delegated_admins_in_security_account, good, ACCOUNT)) == ["NOT_APPLICABLE"]


def _layout(security_ou: tuple[str, ...]) -> tuple[OrgTree, dict[str, str]]:
    ids = {"log": "444444444444", "net": "555555555555", "shared": "666666666666"}
    paths = {
        SECURITY: security_ou,
        ids["log"]: ("Security",),
        ids["net"]: ("Infra",),
        ids["shared"]: ("Infra",),
    }
    paths[ACCOUNT] = ("Workloads",)
    accounts = {MGMT: Account(MGMT, "mgmt", is_management=True)}
    nodes = {"r-1": OrgNode("r-1", "root", "Root", None), MGMT: OrgNode(MGMT, "account", "mgmt", "r-1")}
    for account, path in paths.items():
        accounts[account] = Account(account, f"a-{account}", ou_path=path)
        nodes[account] = OrgNode(account, "account", f"a-{account}", "r-1")
    roles = {MGMT: "management", SECURITY: "security", ACCOUNT: "application", ids["log"]: "log-archive"}
    roles |= {ids["net"]: "networking", ids["shared"]: "shared-services"}
    return OrgTree("o-1", MGMT, "ALL", nodes, accounts), roles


def test_landing_zone_accounts_exist_apart_from_applications() -> None:
    org, roles = _layout(("Security",))
    mgmt = [org.accounts[MGMT]]
    assert set(
        statuses(run_check(landing_zone_accounts, InventoryBuilder(), accounts=mgmt, org=org, roles=roles))
    ) == {"PASS"}
    mixed, _ = _layout(("Workloads",))
    results = run_check(landing_zone_accounts, InventoryBuilder(), accounts=mgmt, org=mixed, roles=roles)
    [security] = [r for r in results if r.resource_id == SECURITY]
    assert security.status is Status.FAIL and "application accounts" in security.message
    no_network = {a: r for a, r in roles.items() if r != "networking"}
    results = run_check(landing_zone_accounts, InventoryBuilder(), accounts=mgmt, org=org, roles=no_network)
    assert [r.status for r in results if r.resource_id == "networking"] == [Status.FAIL]
    assert statuses(run_check(landing_zone_accounts, InventoryBuilder(), accounts=mgmt)) == ["ERROR"]
