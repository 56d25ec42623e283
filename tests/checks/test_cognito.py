"""Cognito user pool checks: MFA, password policy and threat protection."""

from __future__ import annotations

from typing import Any

from checks.cognito import user_pool_mfa, user_pool_password_policy, user_pool_threat_protection
from scanner.checkapi import CheckSpec
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

STRONG_POLICY = {
    "MinimumLength": 14,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}


TOTP_ON = {"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": True}}


def pool(mfa_config: dict[str, Any] | None = None, **described: Any) -> Item:
    arn = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_abc"
    return item(
        arn,
        {"Id": f"{REGION}_abc", "UserPool": described, "MfaConfig": mfa_config or TOTP_ON},
        name="customers",
    )


def run(check: CheckSpec, *pools: Item) -> list[str]:
    return statuses(run_check(check, InventoryBuilder().add("cognito.user-pools", pools)))


def test_mfa_on_with_an_enabled_factor_passes() -> None:
    [result] = run_check(
        user_pool_mfa, InventoryBuilder().add("cognito.user-pools", [pool(MfaConfiguration="ON")])
    )
    assert result.status is Status.PASS and "authenticator app (TOTP)" in result.message
    sms = {"MfaConfiguration": "ON", "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:r"}}}
    assert run(user_pool_mfa, pool(sms, MfaConfiguration="ON")) == ["PASS"]


def test_mfa_off_optional_or_without_factor_fails() -> None:
    [optional] = run_check(
        user_pool_mfa, InventoryBuilder().add("cognito.user-pools", [pool(MfaConfiguration="OPTIONAL")])
    )
    assert optional.status is Status.FAIL and "not required" in optional.message
    assert run(user_pool_mfa, pool(MfaConfiguration="OFF")) == ["FAIL"]
    no_factor = {"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": False}}
    assert run(user_pool_mfa, pool(no_factor, MfaConfiguration="ON")) == ["FAIL"]


def test_mfa_unknown_is_error() -> None:
    assert run(user_pool_mfa, pool()) == ["ERROR"]
    arn = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_x"
    unread_factors = item(arn, {"UserPool": {"MfaConfiguration": "ON"}}, errors={"MfaConfig": ACCESS_DENIED})
    assert run(user_pool_mfa, unread_factors) == ["ERROR"]
    unread_pool = item(arn, {"MfaConfig": TOTP_ON}, errors={"UserPool": ACCESS_DENIED})
    assert run(user_pool_mfa, unread_pool) == ["ERROR"]
    denied = InventoryBuilder().unavailable("cognito.user-pools", ACCESS_DENIED)
    assert statuses(run_check(user_pool_mfa, denied)) == ["ERROR"]


def test_password_policy_meeting_the_thresholds_passes() -> None:
    [result] = run_check(
        user_pool_password_policy,
        InventoryBuilder().add("cognito.user-pools", [pool(Policies={"PasswordPolicy": STRONG_POLICY})]),
    )
    assert result.status is Status.PASS and "temporary passwords valid 7 day(s)" in result.message


def test_password_policy_short_simple_or_long_lived_temporary_fails() -> None:
    weak = {**STRONG_POLICY, "MinimumLength": 8, "RequireSymbols": False, "TemporaryPasswordValidityDays": 30}
    [result] = run_check(
        user_pool_password_policy,
        InventoryBuilder().add("cognito.user-pools", [pool(Policies={"PasswordPolicy": weak})]),
    )
    assert result.status is Status.FAIL
    assert "below 14" in result.message and "a symbol" in result.message and "30 days" in result.message
    no_temporary = {k: v for k, v in STRONG_POLICY.items() if k != "TemporaryPasswordValidityDays"}
    assert run(user_pool_password_policy, pool(Policies={"PasswordPolicy": no_temporary})) == ["FAIL"]


def test_password_policy_unknown_is_error() -> None:
    assert run(user_pool_password_policy, pool(Policies={})) == ["ERROR"]
    arn = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_x"
    assert run(user_pool_password_policy, item(arn, {}, errors={"UserPool": ACCESS_DENIED})) == ["ERROR"]


def test_threat_protection_enforced_passes_audit_and_off_fail() -> None:
    enforced = pool(UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})
    assert run(user_pool_threat_protection, enforced) == ["PASS"]
    [audit] = run_check(
        user_pool_threat_protection,
        InventoryBuilder().add(
            "cognito.user-pools", [pool(UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"})]
        ),
    )
    assert audit.status is Status.FAIL and "logged, not blocked" in audit.message
    assert run(user_pool_threat_protection, pool(UserPoolAddOns={"AdvancedSecurityMode": "OFF"})) == ["FAIL"]
    assert run(user_pool_threat_protection, pool()) == ["FAIL"]


def test_threat_protection_unknown_is_error() -> None:
    arn = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_x"
    assert run(user_pool_threat_protection, item(arn, {}, errors={"UserPool": ACCESS_DENIED})) == ["ERROR"]
    denied = InventoryBuilder().unavailable("cognito.user-pools", ACCESS_DENIED)
    assert statuses(run_check(user_pool_threat_protection, denied)) == ["ERROR"]
