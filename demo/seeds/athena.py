"""Demo: Athena workgroups, one encrypted and enforced, one ad-hoc workgroup that is neither."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

WORKLOADS = ("tenant-a", "tenant-b", "shared-services")


def seed(world: DemoWorld) -> None:
    for name in WORKLOADS:
        athena = world.sessions[name].client("athena", region_name=HOME)
        account = world.org.account_id(name)
        results = (
            f"{name}-athena-results-{account}"
            if name == "tenant-b"
            else f"{name}-data-{account}/athena-results"
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
        )
        if name != "tenant-a":
            athena.create_work_group(
                Name="adhoc",
                Configuration={
                    "ResultConfiguration": {"OutputLocation": f"s3://{name}-legacy-exports-{account}/adhoc/"},
                    "EnforceWorkGroupConfiguration": False,
                },
            )
