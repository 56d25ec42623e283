"""Demo: tenant-a governs its data lake with Lake Formation and encrypts its Data Catalog with its own key;
tenant-b still runs on the defaults (no administrator, IAM_ALLOWED_PRINCIPALS on new databases and tables,
catalog unencrypted).

moto keeps Lake Formation settings and Glue catalog encryption settings as given, and answers with the AWS
defaults (no admins, IAM_ALLOWED_PRINCIPALS grants, CatalogEncryptionMode DISABLED) where nothing was set.
"""

from __future__ import annotations

from demo.seeds.kms import ATHENA_DATA_ALIAS
from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    session = world.sessions["tenant-a"]
    account = world.org.account_id("tenant-a")
    session.client("lakeformation", region_name=HOME).put_data_lake_settings(
        DataLakeSettings={
            "DataLakeAdmins": [{"DataLakePrincipalIdentifier": f"arn:aws:iam::{account}:role/DataLakeAdmin"}],
            "CreateDatabaseDefaultPermissions": [],
            "CreateTableDefaultPermissions": [],
        }
    )
    key_arn = session.client("kms", region_name=HOME).describe_key(KeyId=ATHENA_DATA_ALIAS)["KeyMetadata"][
        "Arn"
    ]
    session.client("glue", region_name=HOME).put_data_catalog_encryption_settings(
        DataCatalogEncryptionSettings={
            "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key_arn},
            "ConnectionPasswordEncryption": {
                "ReturnConnectionPasswordEncrypted": True,
                "AwsKmsKeyId": key_arn,
            },
        }
    )
