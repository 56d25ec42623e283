"""Organizations checks: all features, delegated administrators in the security account, landing-zone
accounts, and the SCP denying unencrypted uploads."""

from __future__ import annotations

import json

from checks.organizations import (
    all_features,
    delegated_admins_in_security_account,
    deny_unencrypted_uploads,
    landing_zone_accounts,
)
from scanner.model import Account, Result, Status
from scanner.org import OrgNode, OrgPolicy, OrgTree
from tests.builders import (
    ACCOUNT,
    InventoryBuilder,
    org_of,
    policy_document,
    run_check,
    statuses,
)
from tests.checks._lib.test_security_services import MGMT, SECURITY, delegated, run_as


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


MANAGEMENT, WORKLOAD, SANDBOX = "100000000000", "200000000000", "300000000000"


DENY_UNENCRYPTED = policy_document(
    {
        "Sid": "DenyUnencrypted",
        "Effect": "Deny",
        "Action": "s3:PutObject",
        "Resource": "*",
        "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}},
    }
)


FULL_ACCESS = policy_document({"Effect": "Allow", "Action": "*", "Resource": "*"})


def org(attachments: dict[str, tuple[str, ...] | None], contents: dict[str, str] | None = None) -> OrgTree:
    """root > ou-w > WORKLOAD; root > ou-s > SANDBOX; MGMT under root."""
    parents = {"r": None, "ou-w": "r", "ou-s": "r", MANAGEMENT: "r", WORKLOAD: "ou-w", SANDBOX: "ou-s"}
    kinds = {"r": "root", "ou-w": "ou", "ou-s": "ou"}
    nodes = {
        n: OrgNode(n, kinds.get(n, "account"), n, parent, attachments.get(n, ("p-full",)))
        for n, parent in parents.items()
    }
    texts = {"p-full": FULL_ACCESS, "p-deny": DENY_UNENCRYPTED, **(contents or {})}
    policies = {pid: OrgPolicy(pid, pid, pid == "p-full", text) for pid, text in texts.items()}
    accounts = {a: Account(a, a, is_management=a == MANAGEMENT) for a in (MANAGEMENT, WORKLOAD, SANDBOX)}
    return OrgTree("o-1", MANAGEMENT, "ALL", nodes, accounts, policies)


def scp_verdicts(tree: OrgTree) -> dict[str, Result]:
    accounts = list(tree.accounts.values())
    results = run_check(deny_unencrypted_uploads, InventoryBuilder(), accounts=accounts, org=tree)
    return {r.account_id: r for r in results}


def test_scp_on_an_ou_covers_only_that_ou_and_never_the_management_account() -> None:
    verdicts = scp_verdicts(org({"ou-w": ("p-full", "p-deny")}))
    assert verdicts[WORKLOAD].status is Status.PASS and "attached to ou-w" in verdicts[WORKLOAD].message
    assert verdicts[WORKLOAD].details["deciding_statements"][0]["sid"] == "DenyUnencrypted"
    assert verdicts[SANDBOX].status is Status.FAIL
    assert verdicts[MANAGEMENT].status is Status.FAIL and "management account" in verdicts[MANAGEMENT].message


def test_scp_at_the_root_covers_every_member_but_still_not_the_management_account() -> None:
    verdicts = scp_verdicts(org({"r": ("p-full", "p-deny")}))
    assert verdicts[WORKLOAD].status is Status.PASS and verdicts[SANDBOX].status is Status.PASS
    assert verdicts[MANAGEMENT].status is Status.FAIL


def test_scp_with_an_exemption_or_on_one_bucket_does_not_pass() -> None:
    exempt = json.loads(DENY_UNENCRYPTED)
    exempt["Statement"][0]["Condition"]["ArnNotLike"] = {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}
    one_bucket = json.loads(DENY_UNENCRYPTED)
    one_bucket["Statement"][0]["Resource"] = "arn:aws:s3:::logs/*"
    for content in (exempt, one_bucket):
        verdicts = scp_verdicts(org({WORKLOAD: ("p-full", "p-x")}, {"p-x": json.dumps(content)}))
        assert verdicts[WORKLOAD].status is Status.FAIL


def test_scp_errors_when_a_level_or_a_policy_cannot_be_read() -> None:
    assert scp_verdicts(org({"ou-w": None}))[WORKLOAD].status is Status.ERROR
    broken = scp_verdicts(org({"ou-s": ("p-bad",)}, {"p-bad": "{oops"}))
    assert broken[SANDBOX].status is Status.ERROR and "SCP p-bad" in broken[SANDBOX].message
    no_org = run_check(deny_unencrypted_uploads, InventoryBuilder())
    assert statuses(no_org) == ["ERROR"]
