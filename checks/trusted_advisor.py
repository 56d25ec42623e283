"""Trusted Advisor: its security checks show no red (error) results, where the support plan includes them."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="trustedadvisor.security-check-ok",
    title="Trusted Advisor security checks show no errors",
    for_each="support.trusted-advisor-security",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Trusted Advisor's security checks (open ports, exposed access keys, root MFA, public "
    "snapshots and more) are an independent second opinion AWS computes for the account; a red result is a "
    "finding nobody has acted on.",
    remediation="Open the check in the Trusted Advisor console, fix the flagged resources (or exclude those "
    "accepted as risks, with the reason recorded), and refresh the check.",
)
def security_check_ok(advisor_check: Item, scope: Scope) -> Result:
    """For each Trusted Advisor check in the security category: PASS when its latest status is ok or warning
    (yellow, named in the message); FAIL when it is error (red); NOT_APPLICABLE when the check has no
    result for this account (not_available), or when the support plan has no Trusted Advisor API at all
    (the Support API's SubscriptionRequiredException); ERROR when the result could not be read."""
    if not advisor_check.data.get("Available"):
        return scope.on_item(
            advisor_check,
            Status.NOT_APPLICABLE,
            "the support plan has no Trusted Advisor API (Business support or higher is needed)",
        )
    result = advisor_check["Result"]
    status = str(result.get("status") or "").lower()
    flagged = int(result.get("flaggedResourceCount") or 0)
    name = advisor_check.name
    if status == "error":
        return scope.failed(advisor_check, f"{name}: red, {flagged} flagged resource(s)")
    if status in ("ok", "warning"):
        detail = f", {flagged} flagged resource(s) to review" if status == "warning" else ""
        return scope.passed(advisor_check, f"{name}: {status}{detail}")
    if status == "not_available":
        return scope.on_item(advisor_check, Status.NOT_APPLICABLE, f"{name}: no result for this account")
    return scope.on_item(
        advisor_check, Status.ERROR, f"not evaluated: {name} reports status {status or 'none'}"
    )
