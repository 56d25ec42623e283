"""Demo: Lambda functions and their environments. tenant-a's claims API reads its database password from
Secrets Manager by ARN and encrypts its variables with its own KMS key; tenant-b's claims worker keeps the
database password in a variable under the AWS managed key (as does its Cognito user-migration function);
shared-services' nightly report and tenant-a's invoice renderer have no variables."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from demo.seeds._lib.iam import service_trust
from demo.world import HOME, DemoWorld

MIGRATION_FUNCTION = "claims-user-migration"  # the trigger of tenant-b's claims portal user pool


def seed(world: DemoWorld) -> None:
    tenant_a = world.org.account_id("tenant-a")
    key = (
        world.sessions["tenant-a"]
        .client("kms", region_name=HOME)
        .create_key(Description="tenant-a claims API environment")["KeyMetadata"]["Arn"]
    )
    secret = f"arn:aws:secretsmanager:{HOME}:{tenant_a}:secret:claims/db-password-Xy12Ab"
    _function(
        world,
        "tenant-a",
        "tenant-a-claims-api",
        {"DB_PASSWORD_SECRET_ARN": secret, "TABLE_NAME": "claims"},
        KMSKeyArn=key,
    )
    _function(
        world,
        "tenant-b",
        "tenant-b-claims-worker",
        {"DB_HOST": "claims-db.tenant-b.internal", "DB_PASSWORD": "demo-only-not-a-secret"},
    )
    _function(
        world, "tenant-b", MIGRATION_FUNCTION, {"LEGACY_DIRECTORY_URL": "ldaps://directory.tenant-b.internal"}
    )
    _function(world, "shared-services", "shared-services-nightly-report", {})
    _function(world, "tenant-a", "invoice-renderer", {})


def _handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _function(world: DemoWorld, account: str, name: str, variables: dict[str, str], **settings: Any) -> None:
    """A Python function with its own execution role (`<name>-execution`)."""
    session = world.sessions[account]
    role = session.client("iam").create_role(
        RoleName=f"{name}-execution", AssumeRolePolicyDocument=service_trust("lambda.amazonaws.com")
    )["Role"]["Arn"]
    session.client("lambda", region_name=HOME).create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": _handler_zip()},
        **({"Environment": {"Variables": variables}} if variables else {}),
        **settings,
    )
