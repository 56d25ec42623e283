"""IAM credential checks: the password policy, console MFA, and IAM user access keys.

Thresholds follow the CIS AWS Foundations Benchmark: length 14 and reuse prevention 24 (v1.4 to v4.0,
recommendations 1.8 and 1.9); expiry within 90 days and upper, lower, number and symbol characters (v1.2,
recommendations 1.5 to 1.7 and 1.11), which the HITRUST and FSI catalogs still ask for. Access keys rotate
within 90 days (CIS v1.2 1.4, v3 1.14).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks._lib.dates import as_datetime
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

MINIMUM_PASSWORD_LENGTH = 14
PASSWORD_REUSE_PREVENTION = 24
MAXIMUM_PASSWORD_AGE_DAYS = 90
REQUIRED_CHARACTER_CLASSES = (
    ("RequireUppercaseCharacters", "an uppercase letter"),
    ("RequireLowercaseCharacters", "a lowercase letter"),
    ("RequireNumbers", "a number"),
    ("RequireSymbols", "a symbol"),
)
ACCESS_KEY_MAXIMUM_AGE_DAYS = 90


def _active_keys(user: Item) -> list[dict[str, Any]]:
    return [k for k in user["AccessKeys"] or [] if k.get("Status") == "Active"]


def password_policy_shortfalls(policy: dict[str, Any]) -> list[str]:
    """What the policy lacks against the thresholds above, in words; empty when it meets them all."""
    problems: list[str] = []
    length = int(policy.get("MinimumPasswordLength") or 0)
    if length < MINIMUM_PASSWORD_LENGTH:
        problems.append(f"minimum length is {length}, below {MINIMUM_PASSWORD_LENGTH}")
    reuse = int(policy.get("PasswordReusePrevention") or 0)
    if reuse < PASSWORD_REUSE_PREVENTION:
        problems.append(f"remembers {reuse} previous passwords, below {PASSWORD_REUSE_PREVENTION}")
    max_age = int(policy.get("MaxPasswordAge") or 0) if policy.get("ExpirePasswords", True) else 0
    if not 0 < max_age <= MAXIMUM_PASSWORD_AGE_DAYS:
        found = f"{max_age} days" if max_age else "never"
        problems.append(f"passwords expire {found}, not within {MAXIMUM_PASSWORD_AGE_DAYS} days")
    problems.extend(
        f"does not require {what}" for key, what in REQUIRED_CHARACTER_CLASSES if not policy.get(key)
    )
    return problems


@check(
    id="iam.password-policy",
    title="The account password policy meets the CIS AWS Foundations thresholds",
    for_each="iam.password-policy",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Console passwords of IAM users are only as strong as the account policy allows; without one, "
    "IAM accepts 8-character passwords that never expire and may be reused.",
    remediation=f"aws iam update-account-password-policy --minimum-password-length {MINIMUM_PASSWORD_LENGTH} "
    f"--password-reuse-prevention {PASSWORD_REUSE_PREVENTION} --max-password-age {MAXIMUM_PASSWORD_AGE_DAYS} "
    "--require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols",
)
def password_policy(policy_item: Item, scope: Scope) -> Result:
    """PASS when the account has a password policy with a minimum length of at least 14, reuse prevention of
    at least 24 passwords, expiry within 90 days, and upper-case, lower-case, number and symbol characters
    required. No password policy at all is a FAIL."""
    policy = policy_item["PasswordPolicy"]
    if policy is None:
        return scope.failed(policy_item, "the account has no password policy (IAM's weak defaults apply)")
    problems = password_policy_shortfalls(policy)
    if problems:
        return scope.failed(policy_item, "password policy " + "; ".join(problems))
    return scope.passed(
        policy_item,
        f"length >= {policy['MinimumPasswordLength']}, reuse prevention {policy['PasswordReusePrevention']}, "
        f"expiry {policy['MaxPasswordAge']} days, all character classes required",
    )


@check(
    id="iam.user.console-mfa",
    title="IAM users with a console password have MFA",
    for_each="iam.users",
    uses=(),
    severity=Severity.HIGH,
    rationale="A console password without a second factor is one phished or reused password away from an "
    "interactive session in the account.",
    remediation="Assign a virtual, hardware or passkey MFA device to the user (and deny actions without "
    "aws:MultiFactorAuthPresent), or remove the console password and use IAM Identity Center.",
)
def user_console_mfa(user: Item, scope: Scope) -> Result:
    """PASS when the user has a console password and at least one MFA device; not applicable to a user
    without a console password."""
    if user["LoginProfile"] is None:
        return scope.on_item(user, Status.NOT_APPLICABLE, "no console password")
    devices = user["MFADevices"] or []
    if devices:
        return scope.passed(user, f"console password protected by {len(devices)} MFA device(s)")
    return scope.failed(user, "has a console password but no MFA device")


@check(
    id="iam.user.access-key-age",
    title="Active IAM user access keys are younger than 90 days",
    for_each="iam.users",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="An access key is a long-lived secret; the longer it lives, the more copies of it exist in "
    "laptops, CI systems and connection strings (JDBC/ODBC), and the longer a leaked copy stays useful.",
    remediation="Create a new key, move its users over, deactivate and then delete the old one; better, "
    "replace the key with a role (IAM Roles Anywhere, SAML federation for JDBC/ODBC clients).",
)
def user_access_key_age(user: Item, scope: Scope) -> Result:
    """PASS when every active access key of the user was created less than 90 days before the user was
    read; not applicable to a user without active access keys. A key whose creation date cannot be read is
    an ERROR."""
    keys = _active_keys(user)
    if not keys:
        return scope.on_item(user, Status.NOT_APPLICABLE, "no active access keys")
    collected = as_datetime(user.data.get("CollectedAt"))
    ages: dict[str, int] = {}
    for key in keys:
        created = as_datetime(key.get("CreateDate"))
        if collected is None or created is None:
            return scope.on_item(
                user,
                Status.ERROR,
                f"not evaluated: the age of access key {key.get('AccessKeyId')} is unknown",
            )
        ages[str(key.get("AccessKeyId"))] = (collected - created).days
    old = {k: days for k, days in ages.items() if days >= ACCESS_KEY_MAXIMUM_AGE_DAYS}
    details = {"key_age_days": ages}
    if old:
        listed = ", ".join(f"{k} ({days} days)" for k, days in sorted(old.items()))
        return scope.failed(
            user,
            f"active access keys older than {ACCESS_KEY_MAXIMUM_AGE_DAYS} days: {listed}",
            details=details,
        )
    return scope.passed(
        user, f"{len(ages)} active access key(s), the oldest {max(ages.values())} days old", details=details
    )


@check(
    id="iam.user.no-long-lived-keys",
    title="No IAM user has an active access key",
    for_each="iam.users",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="People and programs should use roles: SAML federation or IAM Identity Center for JDBC/ODBC "
    "and console users, instance and task roles or IAM Roles Anywhere for workloads. FSI guidance for Athena "
    "prefers federation to credentials kept in connection strings. An active user key is a standing secret.",
    remediation="Move the key's users to a role or federation and delete the key. Where a key is unavoidable "
    "(a partner tool that cannot assume roles), record an accepted exception with its owner and expiry: "
    "that is the allowlist.",
)
def user_no_long_lived_keys(user: Item, scope: Scope) -> Result:
    """PASS when the IAM user has no active access key. Applies in every account, landing zone and
    application alike; users that must keep a key are allowlisted by accepted exceptions, never by the
    check."""
    keys = _active_keys(user)
    if keys:
        ids = ", ".join(str(k.get("AccessKeyId")) for k in keys)
        return scope.failed(user, f"has {len(keys)} active access key(s): {ids}")
    inactive = len(user["AccessKeys"] or [])
    return scope.passed(user, "no active access keys" + (f" ({inactive} inactive)" if inactive else ""))


UNUSED_CREDENTIAL_DAYS = 45  # CIS AWS Foundations v1.4 to v3.0, recommendation 1.12


def _credential_last_use(user: Item) -> dict[str, dt.datetime | None]:
    """Each live credential of the user -> when it was last used (its creation when never used); None when
    neither date can be read."""
    uses: dict[str, dt.datetime | None] = {}
    profile = user["LoginProfile"]
    if profile is not None:
        uses["console password"] = as_datetime(user.data.get("PasswordLastUsed")) or as_datetime(
            profile.get("CreateDate")
        )
    for key in _active_keys(user):
        uses[f"access key {key.get('AccessKeyId')}"] = as_datetime(key.get("LastUsedDate")) or as_datetime(
            key.get("CreateDate")
        )
    return uses


@check(
    id="iam.user.unused-credentials",
    title=f"No console password or active access key has gone unused for {UNUSED_CREDENTIAL_DAYS} days",
    for_each="iam.users",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A credential nobody uses is one nobody would miss and nobody watches: a leaked copy of it "
    "works until someone notices. The credential report's last-used columns are what access reviews read.",
    remediation="Remove the console password (aws iam delete-login-profile) or deactivate and delete the "
    "access key; if the user itself is unused, delete the user.",
)
def user_unused_credentials(user: Item, scope: Scope) -> Result:
    """PASS when the user's console password and each active access key were used (or, never used, were
    created) less than 45 days before the user was read; not applicable to a user with neither. A date that
    cannot be read is an ERROR."""
    uses = _credential_last_use(user)
    if not uses:
        return scope.on_item(user, Status.NOT_APPLICABLE, "no console password and no active access keys")
    collected = as_datetime(user.data.get("CollectedAt"))
    unknown = [name for name, moment in uses.items() if moment is None]
    if collected is None or unknown:
        return scope.on_item(
            user, Status.ERROR, f"not evaluated: last use unknown for {', '.join(unknown) or 'the user'}"
        )
    idle = {name: (collected - moment).days for name, moment in uses.items() if moment is not None}
    details = {"idle_days": idle}
    stale = {name: days for name, days in idle.items() if days >= UNUSED_CREDENTIAL_DAYS}
    if stale:
        listed = ", ".join(f"{name} ({days} days)" for name, days in sorted(stale.items()))
        return scope.failed(user, f"unused for {UNUSED_CREDENTIAL_DAYS}+ days: {listed}", details=details)
    return scope.passed(
        user, f"{len(idle)} credential(s), each used within {UNUSED_CREDENTIAL_DAYS} days", details=details
    )
