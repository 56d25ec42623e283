"""Amazon Verified Permissions: policy stores validate policies strictly against their schema and are
protected from deletion, and no static policy permits every principal every action on every resource
without a condition."""

from __future__ import annotations

import re
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

STATIC_POLICY = "STATIC"
# Cedar annotations (@id("..."), with escapes inside the string) and line comments carry no meaning for
# authorization; once they are gone, an unconditioned permit is exactly this statement.
_ANNOTATION = re.compile(r'@\w+\s*\(\s*"(?:[^"\\]|\\.)*"\s*\)')
_LINE_COMMENT = re.compile(r"//[^\n]*")
_UNCONDITIONED_PERMIT = re.compile(r"permit\s*\(\s*principal\s*,\s*action\s*,\s*resource\s*\)\s*;")


def is_unconditioned_permit(statement: str) -> bool:
    """Whether a Cedar policy is `permit (principal, action, resource);`: no scope constraint on principal,
    action or resource, and no `when` or `unless` condition."""
    text = _LINE_COMMENT.sub("", _ANNOTATION.sub("", statement))
    return _UNCONDITIONED_PERMIT.fullmatch(text.strip()) is not None


@check(
    id="verifiedpermissions.policy-store.strict-and-protected",
    title="Verified Permissions policy stores validate strictly and are protected from deletion",
    for_each="verifiedpermissions.policy-stores",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without STRICT validation a policy that misnames an entity type, action or attribute is "
    "accepted and silently never matches (or matches more than meant); deleting a policy store removes "
    "every authorization decision the application relies on.",
    remediation="aws verifiedpermissions update-policy-store --policy-store-id <id> --validation-settings "
    "mode=STRICT --deletion-protection ENABLED (after a schema exists and the existing policies validate).",
)
def policy_store_strict_and_protected(store: Item, scope: Scope) -> Result:
    """PASS when the policy store's validation mode is STRICT and its deletion protection is ENABLED. OFF
    validation, or deletion protection DISABLED or not returned (the API's default is DISABLED), is FAIL.
    A validation mode that was not returned is ERROR."""
    settings = store["PolicyStore"]
    mode = (settings.get("validationSettings") or {}).get("mode")
    if mode is None:
        return scope.on_item(
            store, Status.ERROR, "not evaluated: the store's validation mode was not returned"
        )
    protection = settings.get("deletionProtection") or "DISABLED (not set)"
    problems = []
    if mode != "STRICT":
        problems.append(f"policy validation is {mode}, not STRICT")
    if protection != "ENABLED":
        problems.append(f"deletion protection is {protection}")
    if problems:
        return scope.failed(store, "; ".join(problems))
    return scope.passed(store, "policy validation is STRICT and deletion protection is ENABLED")


def static_statement(policy: dict[str, Any]) -> str | None:
    return ((policy.get("definition") or {}).get("static") or {}).get("statement")


@check(
    id="verifiedpermissions.policy-store.no-unconditioned-permit",
    title="Verified Permissions policy stores have no unconditioned permit-all policy",
    for_each="verifiedpermissions.policy-stores",
    uses=(),
    severity=Severity.HIGH,
    rationale="`permit (principal, action, resource);` allows every principal every action on every "
    "resource, overriding the least-privilege intent of every other policy in the store except explicit "
    "forbids.",
    remediation="Replace the policy with policies scoped to a principal group, action set or resource type, "
    "or add a when/unless condition; template-linked policies delegate per principal and resource.",
)
def policy_store_no_unconditioned_permit(store: Item, scope: Scope) -> Result:
    """PASS when no static policy of the store is `permit (principal, action, resource);` with no scope
    constraint and no when/unless condition (annotations and comments aside). A condition that is always
    true (`when { true }`) is not recognised as unconditioned. Template-linked policies are constrained by
    their template and are counted, not judged. A static policy whose statement was not returned is ERROR."""
    unconditioned: list[str] = []
    unread: list[str] = []
    static = linked = 0
    for policy in store["Policies"]:
        policy_id = str(policy.get("policyId", "?"))
        if policy.get("policyType") != STATIC_POLICY:
            linked += 1
            continue
        static += 1
        statement = static_statement(policy)
        if statement is None:
            unread.append(policy_id)
        elif is_unconditioned_permit(statement):
            unconditioned.append(policy_id)
    if unconditioned:
        return scope.failed(store, "unconditioned permit-all policies: " + ", ".join(sorted(unconditioned)))
    if unread:
        return scope.on_item(
            store,
            Status.ERROR,
            "not evaluated: no statement returned for policies " + ", ".join(sorted(unread)),
        )
    return scope.passed(
        store,
        f"none of {static} static policies permits everything unconditionally ({linked} template-linked)",
    )
