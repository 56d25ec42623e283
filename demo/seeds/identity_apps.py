"""Demo: application identity and configuration secrets. tenant-a's customer user pool is compliant (MFA ON
with an authenticator app, a 14-character four-class password policy, threat protection enforced);
tenant-b's partner portal pool has MFA OFF, an 8-character policy and threat protection only auditing, and
its staff pool makes MFA OPTIONAL. tenant-b keeps a database password in a plain String parameter next to a
harmless one; tenant-a keeps its API key as a SecureString."""

from __future__ import annotations

from typing import Any

from demo.world import HOME, DemoWorld

STRONG_PASSWORD_POLICY = {
    "MinimumLength": 14,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
WEAK_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": False,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": False,
    "TemporaryPasswordValidityDays": 30,
}


def seed(world: DemoWorld) -> None:
    _user_pools(world)
    _parameters(world)


def _user_pool(
    world: DemoWorld, account: str, name: str, mfa: str, policy: dict[str, Any], threat_protection: str
) -> None:
    client = world.sessions[account].client("cognito-idp", region_name=HOME)
    pool_id = client.create_user_pool(
        PoolName=name,
        MfaConfiguration=mfa,
        Policies={"PasswordPolicy": policy},
        UserPoolAddOns={"AdvancedSecurityMode": threat_protection},
    )["UserPool"]["Id"]
    if mfa != "OFF":
        client.set_user_pool_mfa_config(
            UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration=mfa
        )


def _user_pools(world: DemoWorld) -> None:
    _user_pool(world, "tenant-a", "tenant-a-customers", "ON", STRONG_PASSWORD_POLICY, "ENFORCED")
    _user_pool(world, "tenant-b", "tenant-b-partner-portal", "OFF", WEAK_PASSWORD_POLICY, "AUDIT")
    _user_pool(world, "tenant-b", "tenant-b-staff", "OPTIONAL", STRONG_PASSWORD_POLICY, "ENFORCED")


def _parameters(world: DemoWorld) -> None:
    tenant_b = world.sessions["tenant-b"].client("ssm", region_name=HOME)
    tenant_b.put_parameter(Name="/app/db_password", Value="demo-only", Type="String")
    tenant_b.put_parameter(Name="/app/db_host", Value="db.tenant-b.internal", Type="String")
    world.sessions["tenant-a"].client("ssm", region_name=HOME).put_parameter(
        Name="/app/payments_api_key", Value="demo-only", Type="SecureString"
    )
