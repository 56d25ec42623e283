"""ACM checks: certificates in use are valid, not about to expire, have strong keys and renew."""

from __future__ import annotations

from checks._lib.dates import as_datetime, day
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

WARNING_DAYS = 30


def _renewal_note(certificate: dict[str, object]) -> str:
    """What happens at expiry: imported certificates are never renewed by ACM; issued ones may be."""
    kind = str(certificate.get("Type", "?"))
    if kind == "IMPORTED":
        return "imported: ACM never renews it, a new certificate must be imported"
    renewal = certificate.get("RenewalSummary")
    status = renewal.get("RenewalStatus") if isinstance(renewal, dict) else None
    eligibility = certificate.get("RenewalEligibility", "?")
    kind_label = kind.lower().replace("_", "-")
    return f"{kind_label}, renewal eligibility {eligibility}, renewal {status or 'not started'}"


@check(
    id="acm.certificate-expiry",
    title="Certificates in use are issued and not close to expiry",
    for_each="acm.certificates",
    uses=(),
    severity=Severity.HIGH,
    rationale="An expired certificate on a load balancer, CloudFront distribution or API breaks TLS for "
    "every client; imported certificates are never renewed by ACM, and managed renewal can stall on "
    "validation.",
    remediation="Renew or re-import the certificate (for ACM-issued ones, fix the DNS or email validation "
    "that blocks managed renewal) and confirm the new NotAfter; remove certificates no longer needed.",
)
def certificate_expiry(certificate: Item, scope: Scope) -> Result:
    """PASS for a certificate in use (InUseBy not empty) whose status is ISSUED and whose NotAfter is more
    than 30 days after the time it was read. Certificates not in use are not applicable: their expiry breaks
    nothing. Imported and ACM-issued certificates are judged alike; the message says which one ACM renews."""
    detail = certificate["Certificate"]
    in_use = detail.get("InUseBy") or []
    status = str(detail.get("Status", "?"))
    if not in_use:
        return scope.on_item(certificate, Status.NOT_APPLICABLE, f"not in use (status {status})")
    observed = as_datetime(certificate.data.get("ObservedAt"))
    not_after = as_datetime(detail.get("NotAfter"))
    used_by = f"in use by {len(in_use)} resource(s)"
    if observed is None or not_after is None:
        return scope.on_item(
            certificate, Status.ERROR, f"not evaluated: expiry or read time unknown ({used_by})"
        )
    if status != "ISSUED":
        return scope.failed(certificate, f"{used_by} but its status is {status} (NotAfter {day(not_after)})")
    days_left = (not_after - observed).days
    note = _renewal_note(detail)
    if not_after <= observed:
        return scope.failed(certificate, f"{used_by} and expired on {day(not_after)} ({note})")
    if days_left < WARNING_DAYS:
        return scope.failed(
            certificate,
            f"{used_by} and expires on {day(not_after)}, in {days_left} day(s) "
            f"(less than {WARNING_DAYS}; {note})",
        )
    return scope.passed(certificate, f"{used_by}, valid until {day(not_after)} ({days_left} days; {note})")


# Key algorithms (DescribeCertificate KeyAlgorithm) too weak for TLS: RSA below 2048 bits.
WEAK_KEY_ALGORITHMS = ("RSA_1024",)
# Types ACM issues itself and renews while the certificate is in use; IMPORTED ones it never renews.
# https://docs.aws.amazon.com/acm/latest/userguide/acm-renewal.html
ACM_ISSUED_TYPES = ("AMAZON_ISSUED", "PRIVATE")


@check(
    id="acm.certificate-key-and-renewal",
    title="Certificates in use have strong keys, and ACM-issued ones are eligible for managed renewal",
    for_each="acm.certificates",
    uses=(),
    severity=Severity.HIGH,
    rationale="An RSA-1024 key can be factored with feasible effort, exposing every session it protects; an "
    "ACM-issued certificate that is not eligible for managed renewal will silently expire.",
    remediation="Replace RSA-1024 certificates with RSA-2048+ or ECDSA P-256+ ones; for an ACM-issued "
    "certificate reported INELIGIBLE, fix what blocks renewal (association, validation) or request a new "
    "one.",
)
def certificate_key_and_renewal(certificate: Item, scope: Scope) -> Result:
    """PASS for a certificate in use (InUseBy not empty) whose KeyAlgorithm is not RSA_1024 and, when ACM
    issued it (type AMAZON_ISSUED or PRIVATE), whose RenewalEligibility is ELIGIBLE. Imported certificates are
    judged on their key only (ACM never renews them; acm.certificate-expiry watches their expiry). An unknown
    key algorithm or type, or an unknown eligibility of an ACM-issued certificate, is ERROR. Certificates not
    in use are not applicable."""
    detail = certificate["Certificate"]
    if not detail.get("InUseBy"):
        return scope.on_item(certificate, Status.NOT_APPLICABLE, "not in use")
    algorithm = detail.get("KeyAlgorithm")
    kind = str(detail.get("Type") or "")
    eligibility = detail.get("RenewalEligibility")
    if not algorithm or not kind or (kind in ACM_ISSUED_TYPES and not eligibility):
        return scope.on_item(
            certificate, Status.ERROR, "not evaluated: key algorithm, type or renewal eligibility unknown"
        )
    problems = [f"it has a weak {algorithm} key"] if algorithm in WEAK_KEY_ALGORITHMS else []
    if kind in ACM_ISSUED_TYPES and eligibility != "ELIGIBLE":
        problems.append(f"ACM issued it and its renewal eligibility is {eligibility}")
    if problems:
        return scope.failed(certificate, f"in use, but {' and '.join(problems)}")
    renewal = "eligible for managed renewal" if kind in ACM_ISSUED_TYPES else "imported, renewed by its owner"
    return scope.passed(certificate, f"in use with a {algorithm} key ({renewal})")
