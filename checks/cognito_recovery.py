"""Cognito user-pool recoverability: the pool is protected from deletion, and users prove and recover their
accounts through contact details Cognito has verified."""

from __future__ import annotations

from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

# The contact attributes Cognito can verify, and the recovery mechanism that sends a code to each.
VERIFIABLE_CONTACTS = ("email", "phone_number")
RECOVERY_CHANNEL_ATTRIBUTE = {"verified_email": "email", "verified_phone_number": "phone_number"}
ADMIN_ONLY_RECOVERY = "admin_only"


@check(
    id="cognito.user-pool.deletion-protection",
    title="Cognito user pools are protected from deletion",
    for_each="cognito.user-pools",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Deleting a user pool deletes every user, credential and MFA enrolment in it; without "
    "deletion protection one mistaken DeleteUserPool call (or a stack teardown) locks every user out.",
    remediation="aws cognito-idp update-user-pool --user-pool-id <id> --deletion-protection ACTIVE "
    "(update-user-pool resets settings you leave out: pass the pool's current settings too).",
)
def user_pool_deletion_protection(pool: Item, scope: Scope) -> Result:
    """PASS when the pool's DeletionProtection is ACTIVE. INACTIVE, or the setting left out of the pool's
    description (AWS's default for pools created through the API is INACTIVE), is FAIL."""
    setting = pool["UserPool"].get("DeletionProtection")
    if setting == "ACTIVE":
        return scope.passed(pool, "deletion protection is ACTIVE")
    if setting is None:
        return scope.failed(pool, "deletion protection is not set (the API default is INACTIVE)")
    return scope.failed(pool, f"deletion protection is {setting}")


def recovery_shortfalls(user_pool: dict[str, Any]) -> list[str]:
    """What keeps a pool's users from proving and recovering their accounts through verified contact
    details, in words; empty when nothing does."""
    auto_verified = set(user_pool.get("AutoVerifiedAttributes") or ())
    problems: list[str] = []
    if not auto_verified & set(VERIFIABLE_CONTACTS):
        problems.append("neither email nor phone number is verified automatically at sign-up")
    mechanisms = (user_pool.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms") or []
    if not mechanisms:
        problems.append(
            "no account recovery setting (Cognito falls back to legacy recovery, preferring SMS over email)"
        )
    for mechanism in mechanisms:
        name = mechanism.get("Name")
        attribute = RECOVERY_CHANNEL_ATTRIBUTE.get(name)
        if name == ADMIN_ONLY_RECOVERY:
            continue
        if attribute is None:
            problems.append(f"recovers accounts through an unknown mechanism {name!r}")
        elif attribute not in auto_verified:
            problems.append(
                f"recovers accounts through {name}, but {attribute} is not verified automatically"
            )
    return problems


@check(
    id="cognito.user-pool.verified-recovery",
    title="Cognito user pools verify contact details and recover accounts through them",
    for_each="cognito.user-pools",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A recovery code sent to an address nobody verified can reach whoever typed it in; verifying "
    "email or phone at sign-up, and recovering only through verified channels (or an administrator), "
    "keeps password resets with the account's real owner.",
    remediation="aws cognito-idp update-user-pool --user-pool-id <id> --auto-verified-attributes email "
    "--account-recovery-setting 'RecoveryMechanisms=[{Priority=1,Name=verified_email}]' "
    "(update-user-pool resets settings you leave out: pass the pool's current settings too).",
)
def user_pool_verified_recovery(pool: Item, scope: Scope) -> Result:
    """PASS when the pool verifies email or phone number automatically (AutoVerifiedAttributes), and it has
    an account recovery setting whose every mechanism is admin_only or a verified channel (verified_email,
    verified_phone_number) for an attribute the pool verifies automatically. A pool without an account
    recovery setting is FAIL: Cognito then uses its legacy recovery, which prefers SMS."""
    user_pool = pool["UserPool"]
    problems = recovery_shortfalls(user_pool)
    if problems:
        return scope.failed(pool, "; ".join(problems))
    channels = [
        m["Name"]
        for m in sorted(
            user_pool["AccountRecoverySetting"]["RecoveryMechanisms"], key=lambda m: m.get("Priority", 0)
        )
    ]
    verified = sorted(set(user_pool["AutoVerifiedAttributes"]) & set(VERIFIABLE_CONTACTS))
    return scope.passed(
        pool, f"verifies {', '.join(verified)} automatically; recovers accounts through {', '.join(channels)}"
    )
