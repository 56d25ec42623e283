"""IAM checks."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity


@check(
    id="iam.root.mfa",
    title="The root user has MFA enabled",
    for_each="iam.account-summary",
    uses=(),
    severity=Severity.CRITICAL,
    rationale="The root user can do anything in the account, including closing it; a password alone is "
    "one phishing email away from losing the account.",
    remediation="Sign in as root and assign a hardware or virtual MFA device, or remove root credentials "
    "with centralized root access management in AWS Organizations.",
)
def root_mfa(summary: Item, scope: Scope) -> Result:
    """PASS when the IAM account summary reports MFA enabled for the root user (AccountMFAEnabled = 1)."""
    if summary["AccountMFAEnabled"] == 1:
        return scope.passed(summary, "root user has MFA enabled")
    return scope.failed(summary, "root user has no MFA device")
