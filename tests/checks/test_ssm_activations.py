"""Systems Manager hybrid activations: used up or short-lived, for roles without broad policies."""

from __future__ import annotations

from typing import Any

from checks.ssm_nodes import activation_bounded
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

OBSERVED = "2026-06-30T12:00:00+00:00"


def activation(
    created: str, used: int = 0, limit: int = 5, role: str = "SSMServiceRole", **extra: Any
) -> Item:
    data = {
        "ActivationId": "a-1",
        "IamRole": role,
        "RegistrationLimit": limit,
        "RegistrationsCount": used,
        "CreatedDate": created,
        "ExpirationDate": "2026-07-20T00:00:00Z",
        "Expired": False,
        "ObservedAt": OBSERVED,
    } | extra
    return item(f"arn:aws:ssm:{REGION}:{ACCOUNT}:activation/a-1", data, name="a-1")


def _run(*activations: Item, broad: tuple[str, ...] = ()) -> list[Result]:
    roles = [
        item(
            f"arn:aws:iam::{ACCOUNT}:role/{name}",
            {"RoleName": name, "BroadPolicies": ["AdministratorAccess"]},
            name=name,
        )
        for name in broad
    ]
    inv = InventoryBuilder().add("ssm.activations", list(activations)).add("iam.broad-policy-roles", roles)
    return run_check(activation_bounded, inv)


def test_passes_when_fresh_or_used_up_and_not_applicable_when_expired() -> None:
    assert statuses(_run(activation("2026-06-30T02:00:00Z"))) == ["PASS"]
    assert statuses(_run(activation("2026-06-01T00:00:00Z", used=5))) == ["PASS"]
    assert statuses(_run(activation("2026-06-01T00:00:00Z", Expired=True))) == ["NOT_APPLICABLE"]
    assert statuses(_run(activation("2026-06-01T00:00:00Z", ExpirationDate="2026-06-02T00:00:00Z"))) == [
        "NOT_APPLICABLE"
    ]


def test_fails_when_open_too_long_or_for_a_broad_role() -> None:
    [stale] = _run(activation("2026-06-20T00:00:00Z", used=2))
    assert stale.status is Status.FAIL and "3 of 5 registrations" in stale.message
    [admin] = _run(activation("2026-06-30T02:00:00Z", role="service-role/Admin"), broad=("Admin",))
    assert admin.status is Status.FAIL and "role Admin has AdministratorAccess" in admin.message
    [undated] = _run(activation("", used=1))
    assert undated.status is Status.FAIL and "unknown time" in undated.message


def test_errors_when_unreadable() -> None:
    assert statuses(_run(activation("2026-06-30T02:00:00Z", ObservedAt=None))) == ["ERROR"]
    denied = (
        InventoryBuilder().unavailable("ssm.activations", ACCESS_DENIED).add("iam.broad-policy-roles", [])
    )
    assert statuses(run_check(activation_bounded, denied)) == ["ERROR"]
