"""RAM: owned shares reach only organization principals; received shares and invitations come from it."""

from __future__ import annotations

from typing import Any

from checks.ram import owned_share_within_org, received_share_from_org
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"
SISTER = "333333333333"
PARTNER = "999999999999"
ORG_ARN = f"arn:aws:organizations::{MGMT}:organization/o-1"


def share(*principals: str, external: bool = False, status: str = "ACTIVE", **extra: Any) -> Item:
    arn = f"arn:aws:ram:{REGION}:{ACCOUNT}:resource-share/s1"
    associations = [{"associatedEntity": p, "status": "ASSOCIATED"} for p in principals]
    data = {
        "name": "subnets",
        "status": status,
        "allowExternalPrincipals": external,
        "Principals": associations,
    }
    return item(arn, data | extra, name="subnets")


def _owned(*shares: Item, with_org: bool = True) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SISTER) if with_org else None
    accounts = [org.accounts[ACCOUNT]] if org else None
    inv = InventoryBuilder().add("ram.owned-shares", list(shares))
    return run_check(owned_share_within_org, inv, accounts=accounts, org=org)


def test_owned_share_passes_for_organization_accounts_arns_and_service_principals() -> None:
    principals = (
        SISTER,
        ORG_ARN,
        f"arn:aws:organizations::{MGMT}:ou/o-1/ou-ab-1",
        f"arn:aws:iam::{SISTER}:role/x",
    )
    [result] = _owned(share(*principals, "ec2.amazonaws.com"))
    assert result.status is Status.PASS and result.evidence
    assert statuses(_owned(share(status="DELETED", external=True))) == ["NOT_APPLICABLE"]


def test_owned_share_fails_for_outsiders_other_organizations_and_external_sharing() -> None:
    cases = {
        f"account {PARTNER}": share(PARTNER),
        "organization o-other": share(f"arn:aws:organizations::{PARTNER}:organization/o-other"),
        "allowExternalPrincipals": share(SISTER, external=True),
        "unrecognised principal": share("not-a-principal"),
    }
    for expected, shared in cases.items():
        [result] = _owned(shared)
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)
    [unset] = _owned(share(SISTER, allowExternalPrincipals=None))
    assert unset.status is Status.FAIL
    [single_account] = _owned(share(SISTER), with_org=False)
    assert single_account.status is Status.FAIL and SISTER in single_account.message
    removed = share(PARTNER)
    removed.data["Principals"][0]["status"] = "DISASSOCIATED"
    assert statuses(_owned(removed)) == ["PASS"]


def test_owned_share_errors_when_shares_or_their_principals_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("ram.owned-shares", ACCESS_DENIED)
    assert statuses(run_check(owned_share_within_org, denied)) == ["ERROR"]
    arn = f"arn:aws:ram:{REGION}:{ACCOUNT}:resource-share/s1"
    blind = item(
        arn, {"status": "ACTIVE", "allowExternalPrincipals": False}, errors={"Principals": ACCESS_DENIED}
    )
    assert statuses(_owned(blind)) == ["ERROR"]


def received(kind: str, sender: str, status: str) -> Item:
    arn = f"arn:aws:ram:{REGION}:{sender}:resource-share{'-invitation' if kind == 'invitation' else ''}/r1"
    return item(arn, {"Kind": kind, "FromAccount": sender, "status": status}, name=f"{kind}-from-{sender}")


def _received(*items: Item) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SISTER)
    inv = InventoryBuilder().add("ram.received-shares", list(items))
    return run_check(received_share_from_org, inv, accounts=[org.accounts[ACCOUNT]], org=org)


def test_received_shares_pass_from_the_organization_and_fail_from_outside() -> None:
    results = _received(
        received("share", SISTER, "ACTIVE"),
        received("invitation", MGMT, "ACCEPTED"),
        received("invitation", PARTNER, "PENDING"),
        received("share", PARTNER, "ACTIVE"),
    )
    assert statuses(results) == ["PASS", "PASS", "FAIL", "FAIL"]
    assert PARTNER in results[2].message and "outside" in results[2].message
    [unknown_sender] = _received(received("share", "", "ACTIVE"))
    assert unknown_sender.status is Status.FAIL and "unknown account" in unknown_sender.message


def test_received_shares_not_applicable_when_only_closed_ones_and_error_when_unreadable() -> None:
    closed = _received(received("invitation", PARTNER, "REJECTED"), received("share", PARTNER, "DELETED"))
    assert statuses(closed) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("ram.received-shares", ACCESS_DENIED)
    assert statuses(run_check(received_share_from_org, denied)) == ["ERROR"]
