"""Demo: customer managed keys for Athena data in the tenants (tenant-a rotates, tenant-b does not), a
shared-services reporting key whose policy lets everyone decrypt, and a signing key in security (which
cannot rotate automatically)."""

from __future__ import annotations

import json

from demo.world import HOME, DemoWorld

ATHENA_DATA_ALIAS = "alias/athena-data"


def _open_policy(account_id: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "EnableIAMPolicies",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "AllowReportingConsumers",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": ["kms:Decrypt", "kms:DescribeKey"],
                    "Resource": "*",
                },
            ],
        }
    )


def seed(world: DemoWorld) -> None:
    for tenant, rotate in (("tenant-a", True), ("tenant-b", False)):
        kms = world.sessions[tenant].client("kms", region_name=HOME)
        key_id = kms.create_key(Description="Athena source data and query results")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=ATHENA_DATA_ALIAS, TargetKeyId=key_id)
        if rotate:
            kms.enable_key_rotation(KeyId=key_id)
    shared = world.sessions["shared-services"].client("kms", region_name=HOME)
    account = world.org.account_id("shared-services")
    reporting = shared.create_key(Description="shared reporting extracts", Policy=_open_policy(account))
    shared.enable_key_rotation(KeyId=reporting["KeyMetadata"]["KeyId"])
    shared.create_alias(AliasName="alias/shared-reporting", TargetKeyId=reporting["KeyMetadata"]["KeyId"])
    world.sessions["security"].client("kms", region_name=HOME).create_key(
        Description="release signing", KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY"
    )
