"""Cognito user-pool checks: MFA required with a factor enabled, a strong password policy, and threat
protection enforced.

The password thresholds reuse the IAM ones (checks/iam_credentials.py: length 14 and all four character
classes). Cognito passwords never expire and password history exists only in the Essentials and Plus feature
plans, so expiry and reuse prevention are not asked for; instead a temporary password (sent when an
administrator creates a user) must expire within 7 days, Cognito's default.
"""

from __future__ import annotations

from typing import Any

from checks.iam_credentials import MINIMUM_PASSWORD_LENGTH, REQUIRED_CHARACTER_CLASSES
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

MAXIMUM_TEMPORARY_PASSWORD_DAYS = 7
# Cognito's names for the character classes IAM calls Require<Class>Characters / RequireNumbers / ...
_COGNITO_CHARACTER_CLASS = {
    "RequireUppercaseCharacters": "RequireUppercase",
    "RequireLowercaseCharacters": "RequireLowercase",
    "RequireNumbers": "RequireNumbers",
    "RequireSymbols": "RequireSymbols",
}


def enabled_mfa_factors(mfa_config: dict[str, Any]) -> list[str]:
    """The MFA factors GetUserPoolMfaConfig shows as enabled: TOTP apps by their Enabled flag, SMS when an
    SNS sending configuration is set, email when an email MFA configuration is present."""
    factors: list[str] = []
    if (mfa_config.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled") is True:
        factors.append("authenticator app (TOTP)")
    if (mfa_config.get("SmsMfaConfiguration") or {}).get("SmsConfiguration"):
        factors.append("SMS")
    if mfa_config.get("EmailMfaConfiguration") is not None:
        factors.append("email")
    return factors


@check(
    id="cognito.user-pool.mfa",
    title="Cognito user pools require MFA with an enabled factor",
    for_each="cognito.user-pools",
    uses=(),
    severity=Severity.HIGH,
    rationale="An application user pool that does not require a second factor lets a phished, guessed or "
    "reused password sign straight in. OPTIONAL MFA protects only the users who chose to enrol.",
    remediation="aws cognito-idp set-user-pool-mfa-config --user-pool-id <id> --mfa-configuration ON "
    "--software-token-mfa-configuration Enabled=true (users without a factor enrol at their next sign-in).",
)
def user_pool_mfa(pool: Item, scope: Scope) -> Result:
    """PASS when the pool's MFA configuration is ON (every user must complete MFA to sign in) and at least one
    factor (authenticator app, SMS or email) is enabled. OFF and OPTIONAL are FAIL: with OPTIONAL, users who
    never registered a factor sign in with the password alone (adaptive authentication only challenges
    sign-ins it rates risky)."""
    mode = pool["UserPool"].get("MfaConfiguration")
    if mode is None:
        return scope.on_item(
            pool, Status.ERROR, "not evaluated: the pool's MFA configuration was not returned"
        )
    if mode == "OFF":
        return scope.failed(pool, "MFA is OFF: users sign in with a password alone")
    if mode != "ON":
        return scope.failed(
            pool,
            f"MFA is {mode}, not required: users who never enrolled a factor sign in with a password alone",
        )
    factors = enabled_mfa_factors(pool["MfaConfig"])
    if not factors:
        return scope.failed(pool, "MFA is ON but no MFA factor is enabled")
    return scope.passed(pool, "MFA is required; enabled factor(s): " + ", ".join(factors))


def password_policy_shortfalls(policy: dict[str, Any]) -> list[str]:
    """What a Cognito password policy lacks against the thresholds above, in words; empty when it meets
    them all."""
    problems: list[str] = []
    length = int(policy.get("MinimumLength") or 0)
    if length < MINIMUM_PASSWORD_LENGTH:
        problems.append(f"minimum length is {length}, below {MINIMUM_PASSWORD_LENGTH}")
    problems.extend(
        f"does not require {what}"
        for iam_key, what in REQUIRED_CHARACTER_CLASSES
        if not policy.get(_COGNITO_CHARACTER_CLASS[iam_key])
    )
    temporary_days = policy.get("TemporaryPasswordValidityDays")
    if temporary_days is None:
        problems.append("sets no validity period for temporary passwords")
    elif int(temporary_days) > MAXIMUM_TEMPORARY_PASSWORD_DAYS:
        problems.append(
            f"temporary passwords stay valid {temporary_days} days, "
            f"more than {MAXIMUM_TEMPORARY_PASSWORD_DAYS}"
        )
    return problems


@check(
    id="cognito.user-pool.password-policy",
    title="Cognito password policies meet the length and complexity thresholds",
    for_each="cognito.user-pools",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Cognito accepts 8-character passwords by default; short or single-class passwords fall to "
    "guessing and credential stuffing, and a long-lived temporary password is a standing invitation.",
    remediation=f"aws cognito-idp update-user-pool --user-pool-id <id> --policies 'PasswordPolicy={{"
    f"MinimumLength={MINIMUM_PASSWORD_LENGTH},RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,"
    f"RequireSymbols=true,TemporaryPasswordValidityDays={MAXIMUM_TEMPORARY_PASSWORD_DAYS}}}' "
    "(update-user-pool resets settings you leave out: pass the pool's current settings too).",
)
def user_pool_password_policy(pool: Item, scope: Scope) -> Result:
    """PASS when the pool's password policy has a minimum length of at least 14, requires upper-case,
    lower-case, number and symbol characters, and expires temporary passwords within 7 days. A policy that
    was not returned is an ERROR."""
    policy = (pool["UserPool"].get("Policies") or {}).get("PasswordPolicy")
    if policy is None:
        return scope.on_item(pool, Status.ERROR, "not evaluated: the pool's password policy was not returned")
    problems = password_policy_shortfalls(policy)
    if problems:
        return scope.failed(pool, "password policy " + "; ".join(problems))
    return scope.passed(
        pool,
        f"length >= {policy['MinimumLength']}, all character classes required, temporary passwords valid "
        f"{policy['TemporaryPasswordValidityDays']} day(s)",
    )


@check(
    id="cognito.user-pool.threat-protection",
    title="Cognito threat protection (advanced security) is enforced",
    for_each="cognito.user-pools",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Threat protection blocks sign-ins with credentials known to be compromised and challenges "
    "risky sign-ins (adaptive authentication); in AUDIT mode it only records what it would have done.",
    remediation="Move the pool to the Plus feature plan and run aws cognito-idp update-user-pool "
    "--user-pool-id <id> --user-pool-add-ons AdvancedSecurityMode=ENFORCED "
    "(with the pool's current settings).",
)
def user_pool_threat_protection(pool: Item, scope: Scope) -> Result:
    """PASS when the pool's threat protection (UserPoolAddOns.AdvancedSecurityMode) is ENFORCED. AUDIT (log
    only) and OFF are FAIL."""
    mode = (pool["UserPool"].get("UserPoolAddOns") or {}).get("AdvancedSecurityMode") or "OFF"
    if mode == "ENFORCED":
        return scope.passed(pool, "threat protection is ENFORCED")
    if mode == "AUDIT":
        return scope.failed(
            pool, "threat protection is in AUDIT mode: risky sign-ins are logged, not blocked"
        )
    return scope.failed(pool, f"threat protection is {mode}")
