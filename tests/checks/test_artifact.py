"""AWS Artifact: an active Business Associate Addendum covers the account (its own, or its organization's)."""

from __future__ import annotations

from checks.artifact import baa_active
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

ORGANIZATION = "arn:aws:organizations::222222222222:organization/o-example"


def agreement(name: str, state: str = "ACTIVE", organization: str | None = None) -> Item:
    arn = f"arn:aws:artifact::{ACCOUNT}:customer-agreement/{name.replace(' ', '-')}"
    data = {"name": name, "state": state, "awsAccountId": ACCOUNT, "type": "DEFAULT"}
    if organization:
        data["organizationArn"] = organization
    return item(arn, data, name=name, region="global")


def _run(*agreements: Item) -> list[Result]:
    return run_check(baa_active, InventoryBuilder().add("artifact.customer-agreements", agreements))


def test_passes_with_an_active_account_or_organization_baa() -> None:
    [account] = _run(agreement("AWS Business Associate Addendum"))
    assert account.status is Status.PASS and "account agreement" in account.message and account.evidence
    organization = agreement("AWS Organizations Business Associate Addendum", organization=ORGANIZATION)
    [org] = _run(organization, agreement("AWS Australian Notifiable Data Breach Addendum"))
    assert org.status is Status.PASS and ORGANIZATION in org.message


def test_fails_without_a_baa_or_with_only_terminated_ones() -> None:
    [none] = _run(agreement("AWS Australian Notifiable Data Breach Addendum"))
    assert none.status is Status.FAIL and "no Business Associate Addendum" in none.message
    assert statuses(_run()) == ["FAIL"]
    [terminated] = _run(agreement("AWS Business Associate Addendum", "CUSTOMER_TERMINATED"))
    assert terminated.status is Status.FAIL and "CUSTOMER_TERMINATED" in terminated.message


def test_errors_when_agreements_cannot_be_read() -> None:
    denied = InventoryBuilder().unavailable("artifact.customer-agreements", ACCESS_DENIED)
    assert statuses(run_check(baa_active, denied)) == ["ERROR"]
