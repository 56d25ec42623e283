"""KMS checks: customer managed keys rotate, and no key policy lets everyone use the key."""

from __future__ import annotations

from dataclasses import dataclass

from checks.s3_policy import _trust
from scanner.checkapi import Scope, check
from scanner.facts import rotation_applies
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.policy import PolicyError, parse_policy
from scanner.policy.analysis import outsider_grants


@dataclass(frozen=True)
class KeyVerdict:
    """Who manages the key a configuration names: "CUSTOMER", "AWS", or None when it cannot be told."""

    manager: str | None
    description: str
    key: Item | None = None


def _alias_name(reference: str) -> str | None:
    if reference.startswith("alias/"):
        return reference
    if reference.startswith("arn:") and ":alias/" in reference:
        return "alias/" + reference.split(":alias/", 1)[1]
    return None


def key_manager(reference: str, scope: Scope) -> KeyVerdict:
    """Resolve a key id, key ARN, alias name or alias ARN, as bucket encryption or the Glue catalog names
    it, against this account's collected keys. AWS managed keys have aliases under alias/aws/ and cannot be
    used from another account, so a key ARN of another account is a customer managed key there."""
    alias = _alias_name(reference)
    if alias is not None and alias.startswith("alias/aws/"):
        return KeyVerdict("AWS", f"AWS managed key {alias}")
    parts = reference.split(":")
    if reference.startswith("arn:") and len(parts) > 4 and parts[4] and parts[4] != scope.account_id:
        if alias is None:
            return KeyVerdict("CUSTOMER", f"customer managed key {reference} of account {parts[4]}")
        return KeyVerdict(None, f"alias {reference} of account {parts[4]} (scan that account to resolve it)")
    for key in scope.items("kms.keys"):
        names = key.data.get("Aliases") or []
        if reference in (key.resource_id, key.name) or (alias is not None and alias in names):
            manager = (key.data.get("KeyMetadata") or {}).get("KeyManager")
            return KeyVerdict(manager, f"{str(manager).lower()} managed key {_label(key)}", key)
    return KeyVerdict(None, f"key {reference} is not among this account's readable KMS keys")


def _label(key: Item) -> str:
    names = key.data.get("Aliases") or []
    return f"{key.name} ({', '.join(names)})" if names else key.name


@check(
    id="kms.key.rotation",
    title="Customer managed symmetric KMS keys rotate automatically",
    for_each="kms.keys",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Automatic rotation limits how much data any one version of the key material protects, and "
    "is what key-management policies and auditors expect for keys that encrypt regulated data.",
    remediation="aws kms enable-key-rotation --key-id KEY (optionally --rotation-period-in-days); keys with "
    "imported material or in a custom key store are rotated by hand, by creating a new key and moving the "
    "alias.",
)
def key_rotation(key: Item, scope: Scope) -> Result:
    """PASS when an enabled customer managed symmetric encryption key with KMS-generated key material has
    automatic rotation on. Not applicable, with the reason, to AWS managed keys (AWS rotates them yearly),
    disabled or pending-deletion keys, asymmetric and HMAC keys, and keys with imported material or in a
    custom key store, which cannot rotate automatically."""
    metadata = key["KeyMetadata"]
    reason = rotation_applies(metadata)
    if reason is not None:
        return scope.on_item(key, Status.NOT_APPLICABLE, reason)
    if key["KeyRotationEnabled"]:
        return scope.passed(key, f"automatic rotation is on for {_label(key)}")
    return scope.failed(key, f"automatic rotation is off for {_label(key)}")


@check(
    id="kms.key.policy-not-public",
    title="No KMS key policy lets everyone use the key",
    for_each="kms.keys",
    uses=(),
    severity=Severity.CRITICAL,
    rationale="A key policy statement for Principal '*' without a condition that pins the caller to the "
    "organization lets any AWS account (or anonymous caller) use or administer the key, and so decrypt "
    "everything it protects.",
    remediation="Replace Principal '*' with the account root or named roles, or add a condition only "
    "insiders meet (aws:PrincipalOrgID of the organization, aws:PrincipalAccount of a member).",
)
def key_policy_not_public(key: Item, scope: Scope) -> Result:
    """PASS when the policy engine finds no Allow statement in the customer managed key's policy that admits
    everyone (Principal '*' or NotPrincipal) under conditions an outsider could meet; a Deny neutralises an
    Allow only when it shuts out every outsider from all the Allow grants. Not applicable to AWS managed
    keys, whose policies AWS writes. A policy that cannot be parsed is an ERROR.

    Note: a kms:CallerAccount condition is not yet recognised by the engine as pinning the caller, so such
    a statement is reported as a FAIL (a possible false FAIL, never a false PASS)."""
    metadata = key["KeyMetadata"]
    if metadata.get("KeyManager") != "CUSTOMER":
        return scope.on_item(key, Status.NOT_APPLICABLE, "AWS managed key: AWS writes its key policy")
    try:
        policy = parse_policy(key["KeyPolicy"], f"key policy of {key.name}")
    except PolicyError as exc:
        return scope.on_item(key, Status.ERROR, f"not evaluated: {exc}")
    grants = outsider_grants(policy, _trust(scope))
    public = [g for g in grants if g.to.startswith("anyone")]
    details = {
        "granting_statements": [g.statement.cite() for g in public],
        "outside_principals": sorted({g.to for g in grants if not g.to.startswith("anyone")}),
    }
    if public:
        why = "; ".join(dict.fromkeys(g.why for g in public))
        return scope.failed(key, f"the key policy of {_label(key)} lets everyone in: {why}", details=details)
    return scope.passed(
        key, f"no statement of the key policy of {_label(key)} admits everyone", details=details
    )
