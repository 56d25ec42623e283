"""Cognito user pools: deletion protection, and contact verification with recovery through verified
channels."""

from __future__ import annotations

from typing import Any

from checks.cognito_recovery import user_pool_deletion_protection, user_pool_verified_recovery
from scanner.checkapi import CheckSpec
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

POOL_ARN = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_abc"
EMAIL_RECOVERY = {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]}


def pool(**described: Any) -> Item:
    return item(POOL_ARN, {"Id": f"{REGION}_abc", "UserPool": described}, name="customers")


def results(check: CheckSpec, *pools: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("cognito.user-pools", pools))


def test_deletion_protection_active_passes() -> None:
    [result] = results(user_pool_deletion_protection, pool(DeletionProtection="ACTIVE"))
    assert result.status is Status.PASS and result.resource_id == POOL_ARN


def test_deletion_protection_inactive_or_unset_fails() -> None:
    [inactive] = results(user_pool_deletion_protection, pool(DeletionProtection="INACTIVE"))
    assert inactive.status is Status.FAIL and "INACTIVE" in inactive.message
    [unset] = results(user_pool_deletion_protection, pool())
    assert unset.status is Status.FAIL and "not set" in unset.message


def test_deletion_protection_unknown_is_error() -> None:
    unread = item(POOL_ARN, {"Id": "x"}, errors={"UserPool": ACCESS_DENIED})
    assert statuses(results(user_pool_deletion_protection, unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("cognito.user-pools", ACCESS_DENIED)
    assert statuses(run_check(user_pool_deletion_protection, denied)) == ["ERROR"]


def test_verified_contact_with_verified_recovery_passes() -> None:
    [result] = results(
        user_pool_verified_recovery,
        pool(AutoVerifiedAttributes=["email"], AccountRecoverySetting=EMAIL_RECOVERY),
    )
    assert result.status is Status.PASS
    assert result.message == "verifies email automatically; recovers accounts through verified_email"
    both = {
        "RecoveryMechanisms": [
            {"Priority": 2, "Name": "verified_phone_number"},
            {"Priority": 1, "Name": "verified_email"},
        ]
    }
    [ordered] = results(
        user_pool_verified_recovery,
        pool(AutoVerifiedAttributes=["phone_number", "email"], AccountRecoverySetting=both),
    )
    assert ordered.message.endswith("through verified_email, verified_phone_number")
    admin_only = {"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]}
    assert statuses(
        results(
            user_pool_verified_recovery,
            pool(AutoVerifiedAttributes=["phone_number"], AccountRecoverySetting=admin_only),
        )
    ) == ["PASS"]


def test_unverified_contact_or_unverified_recovery_channel_fails() -> None:
    [nothing_verified] = results(
        user_pool_verified_recovery, pool(AutoVerifiedAttributes=[], AccountRecoverySetting=EMAIL_RECOVERY)
    )
    assert nothing_verified.status is Status.FAIL
    assert "neither email nor phone number" in nothing_verified.message
    assert "email is not verified automatically" in nothing_verified.message
    sms = {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]}
    [unverified_phone] = results(
        user_pool_verified_recovery, pool(AutoVerifiedAttributes=["email"], AccountRecoverySetting=sms)
    )
    assert unverified_phone.status is Status.FAIL
    assert unverified_phone.message == (
        "recovers accounts through verified_phone_number, but phone_number is not verified automatically"
    )
    [legacy] = results(user_pool_verified_recovery, pool(AutoVerifiedAttributes=["email"]))
    assert legacy.status is Status.FAIL and "legacy recovery" in legacy.message


def test_verified_recovery_unknown_is_error() -> None:
    unread = item(POOL_ARN, {"Id": "x"}, errors={"UserPool": ACCESS_DENIED})
    assert statuses(results(user_pool_verified_recovery, unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("cognito.user-pools", ACCESS_DENIED)
    assert statuses(run_check(user_pool_verified_recovery, denied)) == ["ERROR"]
