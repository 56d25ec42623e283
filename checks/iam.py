"""IAM checks."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


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


@check(
    id="iam.root.no-access-keys",
    title="The root user has no access keys",
    for_each="iam.account-summary",
    uses=(),
    severity=Severity.CRITICAL,
    rationale="A root access key is an unrestricted, long-lived credential that no policy or SCP can limit; "
    "anything the root user needs doing can be done from the console with MFA.",
    remediation="Sign in as root, delete its access keys under Security credentials, and use roles for "
    "automation.",
)
def root_no_access_keys(summary: Item, scope: Scope) -> Result:
    """PASS when the IAM account summary reports that the root user has no access keys
    (AccountAccessKeysPresent = 0). A summary without the field is an ERROR, never a PASS."""
    present = summary.data.get("AccountAccessKeysPresent")
    if present is None:
        return scope.on_item(
            summary, Status.ERROR, "not evaluated: the summary has no AccountAccessKeysPresent"
        )
    if present == 0:
        return scope.passed(summary, "the root user has no access keys")
    return scope.failed(summary, "the root user has an access key")
