"""Cognito app clients without password-sending auth flows, and user-migration triggers retired."""

from __future__ import annotations

from typing import Any

from checks.cognito_migration import user_pool_migration_trigger_retired, user_pool_no_password_auth_flows
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

POOL_ARN = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_abc"
SRP_ONLY = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def clients_inventory(*clients: dict[str, Any]) -> InventoryBuilder:
    pool = item(POOL_ARN, {"Id": f"{REGION}_abc", "Clients": list(clients)}, name="customers")
    return InventoryBuilder().add("cognito.app-clients", [pool])


def test_srp_only_default_or_no_clients_pass() -> None:
    [result] = run_check(
        user_pool_no_password_auth_flows,
        clients_inventory(
            {"ClientId": "1", "ClientName": "web", "ExplicitAuthFlows": SRP_ONLY},
            {"ClientId": "2", "ClientName": "default-flows"},
        ),
    )
    assert result.status is Status.PASS and "2 app client(s)" in result.message
    assert statuses(run_check(user_pool_no_password_auth_flows, clients_inventory())) == ["PASS"]


def test_password_flows_current_or_legacy_fail() -> None:
    [result] = run_check(
        user_pool_no_password_auth_flows,
        clients_inventory(
            {"ClientId": "1", "ClientName": "web", "ExplicitAuthFlows": SRP_ONLY},
            {
                "ClientId": "2",
                "ClientName": "migration",
                "ExplicitAuthFlows": [*SRP_ONLY, "ALLOW_USER_PASSWORD_AUTH"],
            },
            {"ClientId": "3", "ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"]},
        ),
    )
    assert result.status is Status.FAIL
    assert result.message == (
        "app clients allow password-sending auth flows "
        "(3: ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH; migration: ALLOW_USER_PASSWORD_AUTH)"
    )
    admin = {
        "ClientId": "4",
        "ClientName": "backend",
        "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
    }
    assert statuses(run_check(user_pool_no_password_auth_flows, clients_inventory(admin))) == ["FAIL"]


def test_password_flows_unknown_is_error() -> None:
    unread = item(POOL_ARN, {"Id": "x"}, errors={"Clients": ACCESS_DENIED})
    inventory = InventoryBuilder().add("cognito.app-clients", [unread])
    assert statuses(run_check(user_pool_no_password_auth_flows, inventory)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("cognito.app-clients", ACCESS_DENIED)
    assert statuses(run_check(user_pool_no_password_auth_flows, denied)) == ["ERROR"]


def pools_inventory(**described: Any) -> InventoryBuilder:
    pool = item(POOL_ARN, {"Id": f"{REGION}_abc", "UserPool": described}, name="customers")
    return InventoryBuilder().add("cognito.user-pools", [pool])


def test_no_migration_trigger_passes() -> None:
    assert statuses(run_check(user_pool_migration_trigger_retired, pools_inventory(LambdaConfig={}))) == [
        "PASS"
    ]
    other_triggers = pools_inventory(LambdaConfig={"PreSignUp": "arn:aws:lambda:us-east-1:1:function:f"})
    assert statuses(run_check(user_pool_migration_trigger_retired, other_triggers)) == ["PASS"]
    assert statuses(run_check(user_pool_migration_trigger_retired, pools_inventory())) == ["PASS"]


def test_migration_trigger_still_configured_fails() -> None:
    trigger = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:migrate-users"
    [result] = run_check(
        user_pool_migration_trigger_retired, pools_inventory(LambdaConfig={"UserMigration": trigger})
    )
    assert result.status is Status.FAIL and trigger in result.message


def test_migration_trigger_unknown_is_error() -> None:
    unread = item(POOL_ARN, {"Id": "x"}, errors={"UserPool": ACCESS_DENIED})
    inventory = InventoryBuilder().add("cognito.user-pools", [unread])
    assert statuses(run_check(user_pool_migration_trigger_retired, inventory)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("cognito.user-pools", ACCESS_DENIED)
    assert statuses(run_check(user_pool_migration_trigger_retired, denied)) == ["ERROR"]
