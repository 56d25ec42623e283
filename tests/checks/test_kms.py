"""KMS: rotation for rotatable customer managed keys; key policies judged by the policy engine."""

from __future__ import annotations

from typing import Any

from checks.kms import key_policy_not_public, key_rotation
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    policy_document,
    run_check,
    statuses,
)

SYMMETRIC = {
    "KeyManager": "CUSTOMER",
    "KeyState": "Enabled",
    "KeySpec": "SYMMETRIC_DEFAULT",
    "KeyUsage": "ENCRYPT_DECRYPT",
    "Origin": "AWS_KMS",
}
ACCOUNT_ROOT = {
    "Sid": "EnableIAM",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": "kms:*",
    "Resource": "*",
}


def kms_key(metadata: dict[str, Any], **aspects: Any) -> Item:
    errors = aspects.pop("errors", None)
    data = {"KeyId": "k1", "KeyMetadata": metadata, "Aliases": ["alias/athena"], **aspects}
    return item(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k1", data, name="k1", errors=errors)


def _run(check: Any, *keys: Item) -> list[Any]:
    return run_check(check, InventoryBuilder().add("kms.keys", keys))


def test_rotation_passes_fails_and_errors_for_rotatable_keys() -> None:
    [on] = _run(key_rotation, kms_key(SYMMETRIC, KeyRotationEnabled=True))
    assert on.status is Status.PASS and "alias/athena" in on.message
    assert statuses(_run(key_rotation, kms_key(SYMMETRIC, KeyRotationEnabled=False))) == ["FAIL"]
    unreadable = kms_key(SYMMETRIC, errors={"KeyRotationEnabled": ACCESS_DENIED})
    assert statuses(_run(key_rotation, unreadable)) == ["ERROR"]
    assert statuses(run_check(key_rotation, InventoryBuilder().unavailable("kms.keys"))) == ["ERROR"]


def test_rotation_is_not_applicable_with_a_reason_where_it_cannot_exist() -> None:
    cases = {
        "AWS managed": {**SYMMETRIC, "KeyManager": "AWS"},
        "asymmetric or HMAC": {**SYMMETRIC, "KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"},
        "imported key material": {**SYMMETRIC, "Origin": "EXTERNAL"},
        "custom key store": {**SYMMETRIC, "Origin": "AWS_CLOUDHSM"},
        "PendingDeletion": {**SYMMETRIC, "KeyState": "PendingDeletion"},
    }
    for expected, metadata in cases.items():
        [result] = _run(key_rotation, kms_key(metadata))
        assert result.status is Status.NOT_APPLICABLE and expected in result.message, (
            expected,
            result.message,
        )
    hmac = {**SYMMETRIC, "KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}
    assert statuses(_run(key_rotation, kms_key(hmac))) == ["NOT_APPLICABLE"]


def test_key_policy_for_the_account_passes_and_for_everyone_fails() -> None:
    [own] = _run(key_policy_not_public, kms_key(SYMMETRIC, KeyPolicy=policy_document(ACCOUNT_ROOT)))
    assert own.status is Status.PASS
    everyone = {**ACCOUNT_ROOT, "Sid": "Open", "Principal": "*"}
    [public] = _run(
        key_policy_not_public, kms_key(SYMMETRIC, KeyPolicy=policy_document(ACCOUNT_ROOT, everyone))
    )
    assert public.status is Status.FAIL and "Open" in public.message
    assert public.details["granting_statements"]


def test_key_policy_conditions_decide_through_the_engine() -> None:
    pinned = {
        **ACCOUNT_ROOT,
        "Principal": {"AWS": "*"},
        "Action": ["kms:Decrypt"],
        "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}},
    }
    assert statuses(_run(key_policy_not_public, kms_key(SYMMETRIC, KeyPolicy=policy_document(pinned)))) == [
        "PASS"
    ]
    loose = {**pinned, "Condition": {"StringLike": {"aws:PrincipalArn": "*"}}}
    assert statuses(_run(key_policy_not_public, kms_key(SYMMETRIC, KeyPolicy=policy_document(loose)))) == [
        "FAIL"
    ]
    partner = {**ACCOUNT_ROOT, "Principal": {"AWS": "arn:aws:iam::999999999999:root"}}
    [shared] = _run(key_policy_not_public, kms_key(SYMMETRIC, KeyPolicy=policy_document(partner)))
    assert shared.status is Status.PASS and shared.details["outside_principals"]


def test_key_policy_errors_and_skips() -> None:
    assert statuses(_run(key_policy_not_public, kms_key(SYMMETRIC, KeyPolicy="{not json"))) == ["ERROR"]
    unreadable = kms_key(SYMMETRIC, errors={"KeyPolicy": ACCESS_DENIED})
    assert statuses(_run(key_policy_not_public, unreadable)) == ["ERROR"]
    aws_managed = kms_key({**SYMMETRIC, "KeyManager": "AWS"})
    assert statuses(_run(key_policy_not_public, aws_managed)) == ["NOT_APPLICABLE"]
