"""AWS Private CA checks: active certificate authorities use strong keys and signing, and can revoke."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# KeyAlgorithm values AWS Private CA accepts that are at least RSA 2048 / NIST P-256 strength (the seed's
# floor). SM2 (China regions) is a 256-bit curve; ML_DSA_* are the post-quantum options.
STRONG_KEY_ALGORITHMS = frozenset(
    {
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "EC_prime256v1",
        "EC_secp384r1",
        "SM2",
        "ML_DSA_44",
        "ML_DSA_65",
        "ML_DSA_87",
    }
)
# SigningAlgorithm values with SHA-256 or a stronger digest (SM3 is 256-bit; ML-DSA signs without SHA-1).
STRONG_SIGNING_ALGORITHMS = frozenset(
    {
        "SHA256WITHRSA",
        "SHA384WITHRSA",
        "SHA512WITHRSA",
        "SHA256WITHECDSA",
        "SHA384WITHECDSA",
        "SHA512WITHECDSA",
        "SM3WITHSM2",
        "ML_DSA_44",
        "ML_DSA_65",
        "ML_DSA_87",
    }
)


def _revocation(authority: Item) -> list[str]:
    """The revocation mechanisms enabled on the CA (CRL, OCSP)."""
    configuration = authority.data.get("RevocationConfiguration") or {}
    return [
        label
        for label, key in (("CRL", "CrlConfiguration"), ("OCSP", "OcspConfiguration"))
        if (configuration.get(key) or {}).get("Enabled") is True
    ]


@check(
    id="acmpca.ca.strong-and-revocable",
    title="Active private CAs use strong keys and signing and publish revocation",
    for_each="acmpca.certificate-authorities",
    uses=(),
    severity=Severity.HIGH,
    rationale="Certificates from a private CA authenticate hosts and workloads (for example to IAM Roles "
    "Anywhere); a weak key or digest lets them be forged, and without a CRL or OCSP a stolen certificate "
    "stays valid until it expires.",
    remediation="Issue from a CA with an RSA 2048+ or P-256+ key and SHA-256+ signing (a CA's algorithms "
    "cannot be changed: replace it), and enable a CRL or OCSP in its revocation configuration.",
)
def ca_strong_and_revocable(authority: Item, scope: Scope) -> Result:
    """PASS for each ACTIVE certificate authority whose KeyAlgorithm is RSA_2048 / EC_prime256v1 or
    stronger, whose SigningAlgorithm uses SHA-256 or a stronger digest, and whose revocation configuration
    has a CRL or OCSP enabled. CAs in other states (pending certificate, disabled, expired, deleted) issue
    nothing and are not applicable."""
    status = str(authority.data.get("Status", ""))
    if status != "ACTIVE":
        return scope.on_item(
            authority, Status.NOT_APPLICABLE, f"CA {authority.name} is {status or 'in an unknown state'}"
        )
    configuration = authority.data.get("CertificateAuthorityConfiguration") or {}
    key = str(configuration.get("KeyAlgorithm", ""))
    signing = str(configuration.get("SigningAlgorithm", ""))
    revocation = _revocation(authority)
    problems = []
    if key not in STRONG_KEY_ALGORITHMS:
        problems.append(f"key algorithm {key or 'unknown'} is weaker than RSA_2048 / EC_prime256v1")
    if signing not in STRONG_SIGNING_ALGORITHMS:
        problems.append(f"signing algorithm {signing or 'unknown'} is not SHA-256 or stronger")
    if not revocation:
        problems.append("neither a CRL nor OCSP is enabled")
    usage = authority.data.get("UsageMode") or "GENERAL_PURPOSE"
    if problems:
        return scope.failed(authority, f"CA {authority.name} ({usage}): {'; '.join(problems)}")
    return scope.passed(
        authority,
        f"CA {authority.name} ({usage}) uses {key} with {signing}, revocation by {' and '.join(revocation)}",
    )
