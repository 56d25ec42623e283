"""Verified Permissions policy stores: strict validation with deletion protection, and no unconditioned
permit-all policy."""

from __future__ import annotations

from typing import Any

from checks.verified_permissions import (
    is_unconditioned_permit,
    policy_store_no_unconditioned_permit,
    policy_store_strict_and_protected,
)
from scanner.checkapi import CheckSpec
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

ARN = f"arn:aws:verifiedpermissions::{ACCOUNT}:policy-store/PSEXAMPLE"
SCOPED = 'permit (principal in Group::"adjusters", action == Action::"ViewClaim", resource);'


def results(check: CheckSpec, **data: Any) -> list[Result]:
    store = item(ARN, {"policyStoreId": "PSEXAMPLE", **data}, name="claims")
    return run_check(check, InventoryBuilder().add("verifiedpermissions.policy-stores", [store]))


def static(policy_id: str, statement: str | None) -> dict[str, Any]:
    definition = {"static": {} if statement is None else {"statement": statement}}
    return {"policyId": policy_id, "policyType": "STATIC", "definition": definition}


def test_unconditioned_permit_recognition() -> None:
    assert is_unconditioned_permit("permit(principal,action,resource);")
    annotated = (
        '@id("allow \\"all\\") everything")\n// temporary\n'
        "permit (\n  principal,\n  action,\n  resource\n);\n"
    )
    assert is_unconditioned_permit(annotated)
    assert not is_unconditioned_permit(SCOPED)
    assert not is_unconditioned_permit("permit (principal, action, resource) when { context.mfa };")
    assert not is_unconditioned_permit("permit (principal is User, action, resource);")
    assert not is_unconditioned_permit("forbid (principal, action, resource);")


def test_strict_and_protected_store_passes() -> None:
    settings = {"validationSettings": {"mode": "STRICT"}, "deletionProtection": "ENABLED"}
    [result] = results(policy_store_strict_and_protected, PolicyStore=settings)
    assert result.status is Status.PASS


def test_lax_or_unprotected_store_fails() -> None:
    [result] = results(policy_store_strict_and_protected, PolicyStore={"validationSettings": {"mode": "OFF"}})
    assert result.status is Status.FAIL
    assert result.message == "policy validation is OFF, not STRICT; deletion protection is DISABLED (not set)"
    unprotected = {"validationSettings": {"mode": "STRICT"}, "deletionProtection": "DISABLED"}
    assert statuses(results(policy_store_strict_and_protected, PolicyStore=unprotected)) == ["FAIL"]


def test_strict_and_protected_unknown_is_error() -> None:
    assert statuses(results(policy_store_strict_and_protected, PolicyStore={})) == ["ERROR"]
    unread = item(ARN, {"policyStoreId": "PSEXAMPLE"}, errors={"PolicyStore": ACCESS_DENIED})
    inventory = InventoryBuilder().add("verifiedpermissions.policy-stores", [unread])
    assert statuses(run_check(policy_store_strict_and_protected, inventory)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("verifiedpermissions.policy-stores", ACCESS_DENIED)
    assert statuses(run_check(policy_store_strict_and_protected, denied)) == ["ERROR"]


def test_scoped_policies_pass() -> None:
    linked = {"policyId": "l1", "policyType": "TEMPLATE_LINKED", "definition": {"templateLinked": {}}}
    [result] = results(policy_store_no_unconditioned_permit, Policies=[static("p1", SCOPED), linked])
    assert result.status is Status.PASS and result.message == (
        "none of 1 static policies permits everything unconditionally (1 template-linked)"
    )


def test_permit_all_fails() -> None:
    policies = [static("p1", SCOPED), static("p2", "permit (principal, action, resource);")]
    [result] = results(policy_store_no_unconditioned_permit, Policies=policies)
    assert result.status is Status.FAIL and result.message.endswith(": p2")


def test_unconditioned_permit_unknown_is_error() -> None:
    [result] = results(policy_store_no_unconditioned_permit, Policies=[static("p1", None)])
    assert result.status is Status.ERROR and "p1" in result.message
    unread = item(ARN, {"policyStoreId": "PSEXAMPLE"}, errors={"Policies": ACCESS_DENIED})
    inventory = InventoryBuilder().add("verifiedpermissions.policy-stores", [unread])
    assert statuses(run_check(policy_store_no_unconditioned_permit, inventory)) == ["ERROR"]
