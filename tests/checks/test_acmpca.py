"""Private CA: active CAs use strong keys and signing and have a CRL or OCSP."""

from __future__ import annotations

from typing import Any

from checks.acmpca import ca_strong_and_revocable
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CRL_ON = {"CrlConfiguration": {"Enabled": True, "S3BucketName": "crl-bucket"}}


def authority(
    status: str = "ACTIVE",
    key: str = "RSA_2048",
    signing: str = "SHA256WITHRSA",
    revocation: dict[str, Any] | None = None,
) -> Item:
    arn = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/ca-1"
    return item(
        arn,
        {
            "Arn": arn,
            "Status": status,
            "CertificateAuthorityConfiguration": {"KeyAlgorithm": key, "SigningAlgorithm": signing},
            "RevocationConfiguration": CRL_ON if revocation is None else revocation,
        },
    )


def _run(*authorities: Item) -> list[Result]:
    inv = InventoryBuilder().add("acmpca.certificate-authorities", list(authorities))
    return run_check(ca_strong_and_revocable, inv)


def test_passes_for_strong_active_cas_with_crl_or_ocsp() -> None:
    [rsa] = _run(authority())
    assert rsa.status is Status.PASS and "CRL" in rsa.message and rsa.evidence
    ocsp = {"OcspConfiguration": {"Enabled": True}, "CrlConfiguration": {"Enabled": False}}
    [ec] = _run(authority(key="EC_secp384r1", signing="SHA384WITHECDSA", revocation=ocsp))
    assert ec.status is Status.PASS and "OCSP" in ec.message


def test_fails_without_revocation_or_with_unrecognised_algorithms() -> None:
    cases = {
        "neither a CRL nor OCSP": authority(revocation={"CrlConfiguration": {"Enabled": False}}),
        "key algorithm RSA_1024": authority(key="RSA_1024"),
        "signing algorithm SHA1WITHRSA": authority(signing="SHA1WITHRSA"),
        "key algorithm unknown": authority(key=""),
    }
    for expected, ca in cases.items():
        [result] = _run(ca)
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)
    [no_configuration] = _run(authority(revocation={}))
    assert no_configuration.status is Status.FAIL


def test_inactive_cas_are_not_applicable_and_none_at_all_is_not_applicable() -> None:
    assert statuses(_run(authority("PENDING_CERTIFICATE", revocation={}))) == ["NOT_APPLICABLE"]
    assert statuses(_run()) == ["NOT_APPLICABLE"]


def test_errors_when_the_cas_cannot_be_listed() -> None:
    denied = InventoryBuilder().unavailable("acmpca.certificate-authorities", ACCESS_DENIED)
    assert statuses(run_check(ca_strong_and_revocable, denied)) == ["ERROR"]
