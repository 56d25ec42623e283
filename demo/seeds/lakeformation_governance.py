"""Demo: Lake Formation governance of the tenants' tables. tenant-a registers its data bucket with Lake
Formation, uses cross-account version 4 and trusts EMR in its own account for external filtering; tenant-b
registers nothing, keeps version 1 and trusts an engine of a vendor outside the organization."""

from __future__ import annotations

from demo.seeds._lib.buckets import data_bucket
from demo.seeds._lib.outsiders import VENDOR_ACCOUNT
from demo.world import HOME, DemoWorld

AFTER = ("lakeformation",)  # adds to the data lake settings that seed put


def seed(world: DemoWorld) -> None:
    for name in ("tenant-a", "tenant-b"):
        account = world.org.account_id(name)
        lakeformation = world.sessions[name].client("lakeformation", region_name=HOME)
        settings = lakeformation.get_data_lake_settings()["DataLakeSettings"]
        if name == "tenant-a":
            lakeformation.register_resource(
                ResourceArn=f"arn:aws:s3:::{data_bucket(world, name)}",
                RoleArn=f"arn:aws:iam::{account}:role/LakeFormationDataAccess",
            )
            settings |= {
                "Parameters": {"CROSS_ACCOUNT_VERSION": "4"},
                "AllowExternalDataFiltering": True,
                "ExternalDataFilteringAllowList": [{"DataLakePrincipalIdentifier": account}],
                "AuthorizedSessionTagValueList": ["Amazon EMR"],
            }
        else:
            settings |= {
                "AllowExternalDataFiltering": True,
                "ExternalDataFilteringAllowList": [{"DataLakePrincipalIdentifier": VENDOR_ACCOUNT}],
                "AuthorizedSessionTagValueList": ["Amazon EMR", "partner-engine"],
            }
        lakeformation.put_data_lake_settings(DataLakeSettings=settings)
