"""Roles Anywhere: enabled trust anchors check a current CRL; profiles vend short sessions to narrow roles."""

from __future__ import annotations

from typing import Any

from checks.rolesanywhere import profile_session_limits, trust_anchor_crl_current
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

ANCHOR_ARN = f"arn:aws:rolesanywhere:{REGION}:{ACCOUNT}:trust-anchor/ta-1"
OBSERVED = "2026-06-30T12:00:00+00:00"


def crl(updated: str, enabled: bool = True, anchor: str = ANCHOR_ARN) -> dict[str, Any]:
    return {"name": "ca-crl", "enabled": enabled, "trustAnchorArn": anchor, "updatedAt": updated}


def anchor(*crls: dict[str, Any], enabled: bool = True, observed: str | None = OBSERVED) -> Item:
    return item(
        ANCHOR_ARN,
        {"name": "hybrid", "enabled": enabled, "Crls": list(crls), "ObservedAt": observed},
        name="hybrid",
    )


def _anchors(*anchors: Item) -> list[Result]:
    return run_check(
        trust_anchor_crl_current, InventoryBuilder().add("rolesanywhere.trust-anchors", list(anchors))
    )


def test_trust_anchor_passes_with_a_recent_enabled_crl() -> None:
    [result] = _anchors(anchor(crl("2026-06-20T00:00:00Z"), crl("2026-06-29T00:00:00Z")))
    assert result.status is Status.PASS and "2026-06-29" in result.message and result.evidence
    assert statuses(_anchors(anchor(enabled=False))) == ["NOT_APPLICABLE"]


def test_trust_anchor_fails_without_an_enabled_crl_or_with_a_stale_one() -> None:
    [none] = _anchors(anchor(crl("2026-06-29T00:00:00Z", enabled=False)))
    assert none.status is Status.FAIL and "no enabled CRL" in none.message
    [stale] = _anchors(anchor(crl("2026-06-01T00:00:00Z")))
    assert stale.status is Status.FAIL and "29 days" in stale.message


def test_trust_anchor_errors_when_unreadable() -> None:
    denied = InventoryBuilder().unavailable("rolesanywhere.trust-anchors", ACCESS_DENIED)
    assert statuses(run_check(trust_anchor_crl_current, denied)) == ["ERROR"]
    assert statuses(_anchors(anchor(crl("2026-06-29T00:00:00Z"), observed=None))) == ["ERROR"]
    assert statuses(_anchors(anchor({"enabled": True, "trustAnchorArn": ANCHOR_ARN}))) == ["ERROR"]


ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/hybrid-host"


def profile(duration: Any = 3600, enabled: bool = True, roles: tuple[str, ...] = (ROLE_ARN,)) -> Item:
    arn = f"arn:aws:rolesanywhere:{REGION}:{ACCOUNT}:profile/p-1"
    data = {"name": "hosts", "enabled": enabled, "durationSeconds": duration, "roleArns": list(roles)}
    return item(arn, data, name="hosts")


def broad_role(name: str, *policies: str) -> Item:
    arn = f"arn:aws:iam::{ACCOUNT}:role/{name}"
    return item(
        arn,
        {"RoleName": name, "Arn": arn, "Path": "/", "Tags": {}, "BroadPolicies": list(policies)},
        name=name,
    )


def _profiles(*profiles: Item, broad: tuple[Item, ...] = ()) -> list[Result]:
    inv = (
        InventoryBuilder()
        .add("rolesanywhere.profiles", list(profiles))
        .add("iam.broad-policy-roles", list(broad))
    )
    return run_check(profile_session_limits, inv)


def test_profile_passes_with_one_hour_sessions_and_narrow_roles() -> None:
    [result] = _profiles(profile(900), broad=(broad_role("other", "AdministratorAccess"),))
    assert result.status is Status.PASS and result.evidence
    assert statuses(_profiles(profile(43200, enabled=False))) == ["NOT_APPLICABLE"]


def test_profile_fails_for_long_sessions_or_broad_roles() -> None:
    [long] = _profiles(profile(43200))
    assert long.status is Status.FAIL and "43200 s" in long.message
    [admin] = _profiles(profile(), broad=(broad_role("hybrid-host", "AdministratorAccess"),))
    assert admin.status is Status.FAIL and "hybrid-host has AdministratorAccess" in admin.message


def test_profile_errors_when_unreadable() -> None:
    assert statuses(_profiles(profile(None))) == ["ERROR"]
    denied = (
        InventoryBuilder().add("rolesanywhere.profiles", [profile()]).unavailable("iam.broad-policy-roles")
    )
    assert statuses(run_check(profile_session_limits, denied)) == ["ERROR"]
