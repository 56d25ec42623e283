"""ACM checks: certificate keys strong enough and renewable, certificates in use far from expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.acm import certificate_expiry, certificate_key_and_renewal
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


READ_AT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def certificate_expiring_in(days_left: int, *, in_use: bool = True, **detail: Any) -> Item:
    not_after = READ_AT + dt.timedelta(days=days_left)
    described = {
        "Status": "ISSUED",
        "Type": "AMAZON_ISSUED",
        "RenewalEligibility": "ELIGIBLE",
        "InUseBy": ["arn:aws:elasticloadbalancing:...:loadbalancer/app/web/1"] if in_use else [],
        "NotAfter": str(not_after),  # as a run directory stores it
        **detail,
    }
    arn = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c1"
    return item(arn, {"ObservedAt": READ_AT.isoformat(), "Certificate": described}, name="www.example.com")


def acm_results(*certificates: Item) -> list[str]:
    return statuses(run_check(certificate_expiry, InventoryBuilder().add("acm.certificates", certificates)))


def test_certificate_in_use_far_from_expiry_passes() -> None:
    [result] = run_check(
        certificate_expiry, InventoryBuilder().add("acm.certificates", [certificate_expiring_in(90)])
    )
    assert result.status is Status.PASS and "valid until 2026-08-30" in result.message


def test_certificate_expiring_expired_or_not_issued_fails() -> None:
    [soon] = run_check(
        certificate_expiry,
        InventoryBuilder().add("acm.certificates", [certificate_expiring_in(10, Type="IMPORTED")]),
    )
    assert soon.status is Status.FAIL and "in 10 day(s)" in soon.message and "never renews" in soon.message
    assert acm_results(certificate_expiring_in(-1, Status="EXPIRED")) == ["FAIL"]
    assert acm_results(certificate_expiring_in(-1)) == ["FAIL"]
    assert acm_results(certificate_expiring_in(200, Status="REVOKED")) == ["FAIL"]


def test_certificate_not_in_use_is_not_applicable_and_unknown_is_error() -> None:
    assert acm_results(certificate_expiring_in(5, in_use=False)) == ["NOT_APPLICABLE"]
    unread = item(f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c2", {}, errors={"Certificate": ACCESS_DENIED})
    assert acm_results(unread) == ["ERROR"]
    assert acm_results(certificate_expiring_in(90, NotAfter=None)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("acm.certificates", ACCESS_DENIED)
    assert statuses(run_check(certificate_expiry, denied)) == ["ERROR"]
