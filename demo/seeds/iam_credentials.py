"""Demo: password policies, console users with and without MFA, and IAM user access keys.

Strong CIS password policies in most accounts; tenant-b's is weak and shared-services has none. tenant-a's
break-glass user has MFA and no keys; tenant-b has a console user without MFA and an ETL user with a fresh
key; shared-services has a BI user whose JDBC key is 200 days old.
"""

from __future__ import annotations

import datetime as dt
import secrets

from demo.world import DemoWorld

STRONG_POLICY = {
    "MinimumPasswordLength": 14,
    "PasswordReusePrevention": 24,
    "MaxPasswordAge": 90,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}
WEAK_POLICY = {"MinimumPasswordLength": 8, "RequireNumbers": True}
NO_POLICY = ("shared-services",)
# A throwaway console password for the simulated users (moto never checks it).
DEMO_PASSWORD = secrets.token_urlsafe(16) + "-Aa1"


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        if name in NO_POLICY:
            continue
        policy = WEAK_POLICY if name == "tenant-b" else STRONG_POLICY
        session.client("iam").update_account_password_policy(**policy)
    seed_tenant_a_break_glass(world)
    seed_tenant_b_users(world)
    seed_shared_services_jdbc_key(world)


def seed_tenant_a_break_glass(world: DemoWorld) -> None:
    iam = world.sessions["tenant-a"].client("iam")
    iam.create_user(UserName="break-glass")
    iam.create_login_profile(UserName="break-glass", Password=DEMO_PASSWORD)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="break-glass")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="break-glass",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )


def seed_tenant_b_users(world: DemoWorld) -> None:
    iam = world.sessions["tenant-b"].client("iam")
    iam.create_user(UserName="analyst")
    iam.create_login_profile(UserName="analyst", Password=DEMO_PASSWORD)
    iam.create_user(UserName="etl-loader")
    iam.create_access_key(UserName="etl-loader")


def seed_shared_services_jdbc_key(world: DemoWorld) -> None:
    # moto stamps keys with the current time; the simulation backdates this one to make it stale.
    from moto.iam.models import iam_backends

    iam = world.sessions["shared-services"].client("iam")
    iam.create_user(UserName="bi-jdbc")
    key_id = iam.create_access_key(UserName="bi-jdbc")["AccessKey"]["AccessKeyId"]
    backend = iam_backends[world.org.account_id("shared-services")]["aws"]
    [key] = [k for k in backend.users["bi-jdbc"].access_keys if k.access_key_id == key_id]
    key.create_date = key.create_date - dt.timedelta(days=200)
