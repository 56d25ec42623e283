"""ACM: certificates in use have no RSA-1024 key, and ACM-issued ones are eligible for managed renewal."""

from __future__ import annotations

from typing import Any

from checks.acm import certificate_key_and_renewal
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

IN_USE = ["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1"]


def certificate(**detail: Any) -> Item:
    described = {
        "Type": "AMAZON_ISSUED",
        "KeyAlgorithm": "RSA_2048",
        "RenewalEligibility": "ELIGIBLE",
        "InUseBy": IN_USE,
    } | detail
    arn = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c1"
    return item(arn, {"Certificate": described}, name="www.example.com")


def _run(*certificates: Item) -> list[Result]:
    return run_check(certificate_key_and_renewal, InventoryBuilder().add("acm.certificates", certificates))


def test_strong_keys_pass_for_eligible_acm_issued_and_for_imported_certificates() -> None:
    [issued] = _run(certificate())
    assert (
        issued.status is Status.PASS and "eligible for managed renewal" in issued.message and issued.evidence
    )
    [imported] = _run(
        certificate(Type="IMPORTED", KeyAlgorithm="EC_prime256v1", RenewalEligibility="INELIGIBLE")
    )
    assert imported.status is Status.PASS and "imported" in imported.message


def test_rsa_1024_or_ineligible_acm_issued_certificates_fail() -> None:
    [weak] = _run(certificate(Type="IMPORTED", KeyAlgorithm="RSA_1024", RenewalEligibility="INELIGIBLE"))
    assert weak.status is Status.FAIL and "weak RSA_1024 key" in weak.message
    [ineligible] = _run(certificate(Type="PRIVATE", RenewalEligibility="INELIGIBLE"))
    assert ineligible.status is Status.FAIL and "its renewal eligibility is INELIGIBLE" in ineligible.message
    [both] = _run(certificate(KeyAlgorithm="RSA_1024", RenewalEligibility="INELIGIBLE"))
    assert both.status is Status.FAIL and "RSA_1024" in both.message and "INELIGIBLE" in both.message


def test_unused_certificates_are_not_applicable_and_unknowns_are_errors() -> None:
    assert statuses(_run(certificate(InUseBy=[], KeyAlgorithm="RSA_1024"))) == ["NOT_APPLICABLE"]
    assert statuses(_run(certificate(KeyAlgorithm=None))) == ["ERROR"]
    assert statuses(_run(certificate(RenewalEligibility=None))) == ["ERROR"]
    assert statuses(_run(certificate(Type=None))) == ["ERROR"]
    unread = item(f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c2", {}, errors={"Certificate": ACCESS_DENIED})
    assert statuses(_run(unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("acm.certificates", ACCESS_DENIED)
    assert statuses(run_check(certificate_key_and_renewal, denied)) == ["ERROR"]
