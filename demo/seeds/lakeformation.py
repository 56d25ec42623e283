"""Demo: tenant-a governs its data lake with Lake Formation (an administrator, no IAM_ALLOWED_PRINCIPALS
default permissions); tenant-b still runs on the defaults (no administrator, IAM_ALLOWED_PRINCIPALS on new
databases and tables). moto keeps Lake Formation settings as given, and answers with the AWS defaults where
nothing was set."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    account = world.org.account_id("tenant-a")
    world.sessions["tenant-a"].client("lakeformation", region_name=HOME).put_data_lake_settings(
        DataLakeSettings={
            "DataLakeAdmins": [{"DataLakePrincipalIdentifier": f"arn:aws:iam::{account}:role/DataLakeAdmin"}],
            "CreateDatabaseDefaultPermissions": [],
            "CreateTableDefaultPermissions": [],
        }
    )
