"""Demo: Athena workgroups in the workload accounts: an analytics workgroup that encrypts and enforces its
results configuration and, except in tenant-a, an ad-hoc workgroup that does neither. The results locations
are the `s3` seed's buckets, named here."""

from __future__ import annotations

from demo.seeds._lib.buckets import data_bucket, legacy_bucket
from demo.seeds._lib.tags import owner_tag
from demo.world import HOME, DemoWorld

WORKLOADS = ("tenant-a", "tenant-b", "shared-services")


def seed(world: DemoWorld) -> None:
    for name in WORKLOADS:
        athena = world.sessions[name].client("athena", region_name=HOME)
        account = world.org.account_id(name)
        results = (
            f"{name}-athena-results-{account}"
            if name == "tenant-b"
            else f"{data_bucket(world, name)}/athena-results"
        )
        athena.create_work_group(
            Name="analytics",
            Configuration={
                "ResultConfiguration": {
                    "OutputLocation": f"s3://{results}/",
                    "EncryptionConfiguration": {
                        "EncryptionOption": "SSE_KMS",
                        "KmsKey": "alias/athena-results",
                    },
                },
                "EnforceWorkGroupConfiguration": True,
                "PublishCloudWatchMetricsEnabled": True,
                "BytesScannedCutoffPerQuery": 100 * 1024**3,  # 100 GiB per query
            },
            Tags=[owner_tag(name)],
        )
        if name != "tenant-a":
            athena.create_work_group(
                Name="adhoc",
                Configuration={
                    "ResultConfiguration": {"OutputLocation": f"s3://{legacy_bucket(world, name)}/adhoc/"},
                    "EnforceWorkGroupConfiguration": False,
                },
                Tags=[owner_tag(name)],
            )
