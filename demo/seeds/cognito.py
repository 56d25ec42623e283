"""Demo: Cognito user pools.

Sign-in strength: tenant-a's customer pool is compliant (MFA ON with an authenticator app, a 14-character
four-class password policy, threat protection enforced); tenant-b's partner portal pool has MFA OFF, an
8-character policy and threat protection only auditing, and its staff pool makes MFA OPTIONAL.

Recovery and migration: tenant-a's member pool is protected from deletion, verifies email and recovers
through it, and its web client signs in with SRP. tenant-b's claims portal is mid-migration: the migration
trigger is still wired, a migration client sends passwords, nothing is auto-verified and deletion protection
is off. shared-services' workforce pool verifies email but has no recovery setting, and a legacy back-office
client still uses ADMIN_NO_SRP_AUTH. (The `lambda_functions` seed creates the migration function.)
"""

from __future__ import annotations

from typing import Any

from demo.seeds.lambda_functions import MIGRATION_FUNCTION
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
SRP_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
EMAIL_RECOVERY = {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]}
SMS_RECOVERY = {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]}
MEMBERS_POOL = "tenant-a-members"


def seed(world: DemoWorld) -> None:
    _sign_in_pools(world)
    _recovery_and_migration_pools(world)


def _sign_in_pool(
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


def _sign_in_pools(world: DemoWorld) -> None:
    _sign_in_pool(world, "tenant-a", "tenant-a-customers", "ON", STRONG_PASSWORD_POLICY, "ENFORCED")
    _sign_in_pool(world, "tenant-b", "tenant-b-partner-portal", "OFF", WEAK_PASSWORD_POLICY, "AUDIT")
    _sign_in_pool(world, "tenant-b", "tenant-b-staff", "OPTIONAL", STRONG_PASSWORD_POLICY, "ENFORCED")


def _app_pool(
    world: DemoWorld, account: str, name: str, clients: dict[str, list[str]], **settings: Any
) -> None:
    """A pool with strong sign-in (MFA ON, strong passwords, threat protection) and the given app clients."""
    client = world.sessions[account].client("cognito-idp", region_name=HOME)
    pool_id = client.create_user_pool(
        PoolName=name,
        MfaConfiguration="ON",
        Policies={"PasswordPolicy": STRONG_PASSWORD_POLICY},
        UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
        **settings,
    )["UserPool"]["Id"]
    client.set_user_pool_mfa_config(
        UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    for client_name, flows in clients.items():
        client.create_user_pool_client(UserPoolId=pool_id, ClientName=client_name, ExplicitAuthFlows=flows)


def _recovery_and_migration_pools(world: DemoWorld) -> None:
    _app_pool(
        world,
        "tenant-a",
        MEMBERS_POOL,
        {"members-web": SRP_FLOWS},
        DeletionProtection="ACTIVE",
        AutoVerifiedAttributes=["email"],
        AccountRecoverySetting=EMAIL_RECOVERY,
    )
    migration_trigger = (
        f"arn:aws:lambda:{HOME}:{world.org.account_id('tenant-b')}:function:{MIGRATION_FUNCTION}"
    )
    _app_pool(
        world,
        "tenant-b",
        "tenant-b-claims-portal",
        {"claims-web": SRP_FLOWS, "claims-migration": [*SRP_FLOWS, "ALLOW_USER_PASSWORD_AUTH"]},
        DeletionProtection="INACTIVE",
        AutoVerifiedAttributes=[],
        AccountRecoverySetting=SMS_RECOVERY,
        LambdaConfig={"UserMigration": migration_trigger},
    )
    _app_pool(
        world,
        "shared-services",
        "shared-services-workforce",
        {"back-office": ["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY"]},
        DeletionProtection="ACTIVE",
        AutoVerifiedAttributes=["email"],
    )
