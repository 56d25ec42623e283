"""Cognito sign-in after a user-store migration: app clients use SRP rather than sending passwords, and the
user-migration trigger is retired.

Both are legitimate only during a migration window (the trigger receives each user's password in clear to
check it against the old store, which needs a password-based flow). The checks cannot know the window, so
they FAIL while either is present; an approved window is recorded as an accepted exception (--exceptions)
for the check and the pool, expiring on the window's end date. The result then stays FAIL but is marked
accepted, and after the end date the exception lapses and the failure counts again.
"""

from __future__ import annotations

from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

# Flows in which the app sends the user's password itself to Cognito, instead of proving it through the
# Secure Remote Password protocol. ADMIN_NO_SRP_AUTH and USER_PASSWORD_AUTH are the legacy names.
PASSWORD_AUTH_FLOWS = frozenset(
    {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "USER_PASSWORD_AUTH",
        "ADMIN_NO_SRP_AUTH",
    }
)
MIGRATION_WINDOW_ROUTE = (
    "During an approved migration window, record an accepted exception for this check and the pool's ARN "
    "(--exceptions) that expires on the window's end date."
)


def password_flows_by_client(clients: list[dict[str, Any]]) -> dict[str, list[str]]:
    """App client name (or id) -> the password-sending auth flows it allows; clients allowing none are left
    out. A client without ExplicitAuthFlows gets Cognito's default (SRP, refresh token and custom auth)."""
    found: dict[str, list[str]] = {}
    for client in clients:
        flows = sorted(PASSWORD_AUTH_FLOWS.intersection(client.get("ExplicitAuthFlows") or ()))
        if flows:
            found[str(client.get("ClientName") or client.get("ClientId"))] = flows
    return found


@check(
    id="cognito.user-pool.no-password-auth-flows",
    title="Cognito app clients sign in with SRP, not by sending the password",
    for_each="cognito.app-clients",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="With USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH the application handles and transmits "
    "each user's password; SRP proves knowledge of the password without sending it. Password flows are "
    "needed only while a migration trigger checks passwords against the old user store.",
    remediation="Remove ALLOW_USER_PASSWORD_AUTH and ALLOW_ADMIN_USER_PASSWORD_AUTH (legacy "
    "USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH) from each app client's explicit auth flows (aws cognito-idp "
    "update-user-pool-client with its current settings) and sign in with USER_SRP_AUTH. "
    + MIGRATION_WINDOW_ROUTE,
)
def user_pool_no_password_auth_flows(pool: Item, scope: Scope) -> Result:
    """PASS when no app client of the pool allows ALLOW_USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH
    or their legacy forms USER_PASSWORD_AUTH and ADMIN_NO_SRP_AUTH (a pool without app clients passes). Any
    such flow is FAIL, even inside a migration window: the window is an accepted exception with an end
    date. ALLOW_USER_AUTH (choice-based sign-in) is not judged here."""
    clients = pool["Clients"]
    offenders = password_flows_by_client(clients)
    if offenders:
        listed = "; ".join(f"{name}: {', '.join(flows)}" for name, flows in sorted(offenders.items()))
        return scope.failed(pool, f"app clients allow password-sending auth flows ({listed})")
    return scope.passed(pool, f"none of the pool's {len(clients)} app client(s) allows a password auth flow")


@check(
    id="cognito.user-pool.migration-trigger-retired",
    title="Cognito user-migration triggers are retired after the migration",
    for_each="cognito.user-pools",
    uses=(),
    severity=Severity.LOW,
    rationale="A user-migration Lambda receives users' passwords in clear and keeps the old user store "
    "reachable as a second way in; once the migration window ends it should be gone, together with the "
    "password auth flows it needed.",
    remediation="After the last planned migration, remove the trigger (aws cognito-idp update-user-pool "
    "with the pool's current settings minus LambdaConfig.UserMigration) and decommission the old user "
    "store. " + MIGRATION_WINDOW_ROUTE,
)
def user_pool_migration_trigger_retired(pool: Item, scope: Scope) -> Result:
    """PASS when the pool has no user-migration Lambda trigger (LambdaConfig.UserMigration). A trigger that
    is still configured is FAIL, inside a migration window too: the window is an accepted exception that
    lapses on its end date."""
    trigger = (pool["UserPool"].get("LambdaConfig") or {}).get("UserMigration")
    if trigger:
        return scope.failed(pool, f"a user-migration trigger is still configured ({trigger})")
    return scope.passed(pool, "no user-migration trigger")
