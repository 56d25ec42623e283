"""Demo: data transfer, virtual desktops and devices in the tenants. tenant-a migrates through a private DMS
replication instance under its own key, ships a Snowball under its own key, gives its analysts WorkSpaces
with encrypted volumes, and audits its IoT sensors weekly; tenant-b runs a publicly accessible replication
instance and a Snowball job on AWS managed keys, launched one desktop without volume encryption, and enabled
Device Defender audit checks without scheduling an audit. Snowball and the IoT audit settings are answers
the simulated accounts give where moto has no such operation (demo.simulated_apis)."""

from __future__ import annotations

from datetime import UTC, datetime

from demo.world import HOME, DemoWorld

DEMO_DIRECTORY_PASSWORD = "Demo-only-not-a-secret-1"  # noqa: S105 - moto requires one; never a real directory


def _replication_instance(world: DemoWorld, tenant: str, *, private: bool) -> None:
    session = world.sessions[tenant]
    if private:
        key = session.client("kms", region_name=HOME).create_key(Description="DMS replication storage")
        key_id = key["KeyMetadata"]["Arn"]
    else:
        # The key DMS picks when none is given: the account's AWS managed aws/dms key.
        key_id = "alias/aws/dms"
    session.client("dms", region_name=HOME).create_replication_instance(
        ReplicationInstanceIdentifier=f"{tenant}-orders-migration",
        ReplicationInstanceClass="dms.t3.medium",
        PubliclyAccessible=not private,
        KmsKeyId=key_id,
    )


def _desktops(world: DemoWorld, tenant: str, users: dict[str, bool]) -> None:
    session = world.sessions[tenant]
    # The directory sits in the default VPC's subnets, so the demo's network story stays as the VPC seeds
    # tell it.
    ec2 = session.client("ec2", region_name=HOME)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    zones = {subnet["AvailabilityZone"]: subnet["SubnetId"] for subnet in subnets}
    subnet_ids = [zones[zone] for zone in sorted(zones)[:2]]
    directory = session.client("ds", region_name=HOME).create_directory(
        Name=f"{tenant}.corp.example.com",
        Password=DEMO_DIRECTORY_PASSWORD,
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": subnet_ids},
    )["DirectoryId"]
    workspaces = session.client("workspaces", region_name=HOME)
    workspaces.register_workspace_directory(DirectoryId=directory)
    workspaces.create_workspaces(
        Workspaces=[
            {
                "DirectoryId": directory,
                "UserName": user,
                "BundleId": "wsb-analyst",
                **(
                    {
                        "VolumeEncryptionKey": "alias/workspaces",
                        "RootVolumeEncryptionEnabled": True,
                        "UserVolumeEncryptionEnabled": True,
                    }
                    if encrypted
                    else {}
                ),
            }
            for user, encrypted in users.items()
        ]
    )


SNOWBALL_JOB_ID = "JID7a1c2f9e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
AUDIT_CHECKS = (
    "DEVICE_CERTIFICATE_SHARED_CHECK",
    "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
    "LOGGING_DISABLED_CHECK",
)


def _snowball(world: DemoWorld, tenant: str, *, own_key: bool) -> None:
    account = world.org.account_id(tenant)
    if own_key:
        kms = world.sessions[tenant].client("kms", region_name=HOME)
        key_arn = kms.create_key(Description="Snowball archive import")["KeyMetadata"]["Arn"]
    else:
        # The key Snowball uses when none is given; answered in alias form because moto does not create
        # AWS managed keys (real answers carry the key ARN, which the scan resolves the same way).
        key_arn = f"arn:aws:kms:{HOME}:{account}:alias/aws/importexport"
    entry = {
        "JobId": SNOWBALL_JOB_ID,
        "JobState": "InTransitToAWS",
        "JobType": "IMPORT",
        "SnowballType": "EDGE",
        "CreationDate": datetime(2026, 10, 5, 8, 0, tzinfo=UTC),
        "Description": f"{tenant} archive import",
    }
    world.apis.answer("snowball", "ListJobs", {"JobListEntries": [entry]}, account=account, region=HOME)
    world.apis.answer(
        "snowball",
        "DescribeJob",
        {"JobMetadata": {**entry, "KmsKeyARN": key_arn}},
        account=account,
        region=HOME,
    )


def _iot_sensors(world: DemoWorld, tenant: str, *, scheduled: bool) -> None:
    account = world.org.account_id(tenant)
    world.sessions[tenant].client("iot", region_name=HOME).create_thing(thingName=f"{tenant}-dock-sensor-1")
    checks = {name: {"enabled": True} for name in AUDIT_CHECKS}
    configuration = {"roleArn": f"arn:aws:iam::{account}:role/iot-device-defender-audit"}
    world.apis.answer(
        "iot",
        "DescribeAccountAuditConfiguration",
        {**configuration, "auditCheckConfigurations": checks},
        account=account,
        region=HOME,
    )
    audits = [
        {
            "scheduledAuditName": "weekly-device-audit",
            "scheduledAuditArn": f"arn:aws:iot:{HOME}:{account}:scheduledaudit/weekly-device-audit",
            "frequency": "WEEKLY",
            "dayOfWeek": "MON",
        }
    ]
    world.apis.answer(
        "iot",
        "ListScheduledAudits",
        {"scheduledAudits": audits if scheduled else []},
        account=account,
        region=HOME,
    )


def seed(world: DemoWorld) -> None:
    # What accounts without jobs or audit settings answer.
    world.apis.answer("snowball", "ListJobs", {"JobListEntries": []})
    world.apis.answer("iot", "DescribeAccountAuditConfiguration", {"auditCheckConfigurations": {}})
    world.apis.answer("iot", "ListScheduledAudits", {"scheduledAudits": []})
    _snowball(world, "tenant-a", own_key=True)
    _snowball(world, "tenant-b", own_key=False)
    _iot_sensors(world, "tenant-a", scheduled=True)
    _iot_sensors(world, "tenant-b", scheduled=False)
    _replication_instance(world, "tenant-a", private=True)
    _replication_instance(world, "tenant-b", private=False)
    _desktops(world, "tenant-a", {"analyst-1": True, "analyst-2": True})
    _desktops(world, "tenant-b", {"analyst-1": True, "contractor-1": False})
