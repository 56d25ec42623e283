"""IAM credentials: password policy thresholds, console MFA, access key age and presence."""

from __future__ import annotations

from typing import Any

from checks.iam_credentials import (
    password_policy,
    user_access_key_age,
    user_console_mfa,
    user_no_long_lived_keys,
    user_unused_credentials,
)
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

STRONG = {
    "MinimumPasswordLength": 14,
    "PasswordReusePrevention": 24,
    "ExpirePasswords": True,
    "MaxPasswordAge": 90,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}


COLLECTED = "2026-03-01T00:00:00+00:00"


def policy_item(policy: dict[str, Any] | None) -> Item:
    arn = f"arn:aws:iam::{ACCOUNT}:account-password-policy"
    return item(arn, {"PasswordPolicy": policy}, region="global")


def _policy(policy: dict[str, Any] | None) -> list[Any]:
    return run_check(password_policy, InventoryBuilder().add("iam.password-policy", [policy_item(policy)]))


def test_password_policy_passes_at_the_thresholds_and_fails_below_them() -> None:
    assert statuses(_policy(STRONG)) == ["PASS"]
    [weak] = _policy({**STRONG, "MinimumPasswordLength": 8, "RequireSymbols": False, "MaxPasswordAge": 365})
    assert weak.status is Status.FAIL
    assert "below 14" in weak.message and "a symbol" in weak.message and "365 days" in weak.message
    [no_expiry] = _policy(
        {k: v for k, v in STRONG.items() if k != "MaxPasswordAge"} | {"ExpirePasswords": False}
    )
    assert no_expiry.status is Status.FAIL and "never" in no_expiry.message
    [reuse] = _policy({**STRONG, "PasswordReusePrevention": 5})
    assert reuse.status is Status.FAIL and "below 24" in reuse.message


def test_no_password_policy_is_a_fail_and_unreadable_is_an_error() -> None:
    [missing] = _policy(None)
    assert missing.status is Status.FAIL and "no password policy" in missing.message
    denied = InventoryBuilder().unavailable("iam.password-policy", ACCESS_DENIED)
    assert statuses(run_check(password_policy, denied)) == ["ERROR"]


def user(
    login: dict[str, Any] | None = None,
    mfa: list[dict[str, Any]] | None = None,
    keys: list[dict[str, Any]] | None = None,
    errors: dict[str, Any] | None = None,
) -> Item:
    data = {"UserName": "alice", "CollectedAt": COLLECTED, "LoginProfile": login, "MFADevices": mfa or []}
    data["AccessKeys"] = keys or []
    return item(f"arn:aws:iam::{ACCOUNT}:user/alice", data, region="global", errors=errors)


def key(created: str, status: str = "Active", key_id: str = "AKIAEXAMPLE1") -> dict[str, Any]:
    return {"AccessKeyId": key_id, "Status": status, "CreateDate": created}


def _users(check: Any, *users: Item) -> list[Any]:
    return run_check(check, InventoryBuilder().add("iam.users", users))


def test_console_mfa() -> None:
    login = {"UserName": "alice", "CreateDate": "2025-01-01T00:00:00+00:00"}
    assert statuses(_users(user_console_mfa, user(login, mfa=[{"SerialNumber": "arn:mfa"}]))) == ["PASS"]
    [bare] = _users(user_console_mfa, user(login))
    assert bare.status is Status.FAIL and "no MFA" in bare.message
    assert statuses(_users(user_console_mfa, user(None))) == ["NOT_APPLICABLE"]
    assert statuses(_users(user_console_mfa, user(login, errors={"MFADevices": ACCESS_DENIED}))) == ["ERROR"]


def test_access_key_age_is_judged_as_of_collection() -> None:
    young = key("2026-01-15 08:00:00+00:00")
    old = key("2025-06-01T00:00:00Z", key_id="AKIAOLD")
    assert statuses(_users(user_access_key_age, user(keys=[young]))) == ["PASS"]
    [stale] = _users(user_access_key_age, user(keys=[young, old]))
    assert stale.status is Status.FAIL and "AKIAOLD (273 days)" in stale.message
    inactive_old = key("2020-01-01T00:00:00+00:00", status="Inactive")
    assert statuses(_users(user_access_key_age, user(keys=[inactive_old]))) == ["NOT_APPLICABLE"]
    assert statuses(_users(user_access_key_age, user(keys=[key("")]))) == ["ERROR"]
    assert statuses(_users(user_access_key_age, user(errors={"AccessKeys": ACCESS_DENIED}))) == ["ERROR"]


def test_no_long_lived_keys() -> None:
    [with_key] = _users(user_no_long_lived_keys, user(keys=[key("2026-02-01T00:00:00+00:00")]))
    assert with_key.status is Status.FAIL and "AKIAEXAMPLE1" in with_key.message
    [inactive] = _users(user_no_long_lived_keys, user(keys=[key("2020-01-01T00:00:00+00:00", "Inactive")]))
    assert inactive.status is Status.PASS and "1 inactive" in inactive.message
    assert statuses(_users(user_no_long_lived_keys, user(errors={"AccessKeys": ACCESS_DENIED}))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("iam.users", ACCESS_DENIED)
    assert statuses(run_check(user_no_long_lived_keys, denied)) == ["ERROR"]


def test_unused_credentials_count_from_last_use_or_creation() -> None:
    def used(key_id: str, created: str, last_used: str | None) -> dict[str, Any]:
        return {**key(created, key_id=key_id), "LastUsedDate": last_used}

    recent = used("AKIARECENT", "2024-01-01T00:00:00+00:00", "2026-02-20T00:00:00+00:00")
    idle = used("AKIAIDLE", "2024-01-01T00:00:00+00:00", "2025-12-01T00:00:00+00:00")
    never_new = used("AKIANEW", "2026-02-25T00:00:00+00:00", None)
    never_old = used("AKIANEVER", "2025-01-01T00:00:00+00:00", None)
    assert statuses(_users(user_unused_credentials, user(keys=[recent, never_new]))) == ["PASS"]
    [stale] = _users(user_unused_credentials, user(keys=[recent, idle, never_old]))
    assert stale.status is Status.FAIL
    assert "access key AKIAIDLE (90 days)" in stale.message and "AKIANEVER" in stale.message
    assert "AKIARECENT" not in stale.message
    # A console password never used counts from its creation.
    login = {"CreateDate": "2025-10-01T00:00:00+00:00"}
    [password] = _users(user_unused_credentials, user(login))
    assert password.status is Status.FAIL and "console password" in password.message
    inactive = {**idle, "Status": "Inactive"}
    assert statuses(_users(user_unused_credentials, user(keys=[inactive]))) == ["NOT_APPLICABLE"]


def test_unused_credentials_unknown_dates_are_errors() -> None:
    assert statuses(_users(user_unused_credentials, user(keys=[key("")]))) == ["ERROR"]
    assert statuses(_users(user_unused_credentials, user(errors={"LoginProfile": ACCESS_DENIED}))) == [
        "ERROR"
    ]
