"""Demo: WorkSpaces for the tenants' analysts, each tenant with its own directory. tenant-a encrypts every
desktop's volumes; tenant-b launched one desktop without volume encryption."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

DEMO_DIRECTORY_PASSWORD = "Demo-only-not-a-secret-1"  # noqa: S105 - moto requires one; never a real directory


def seed(world: DemoWorld) -> None:
    _desktops(world, "tenant-a", {"analyst-1": True, "analyst-2": True})
    _desktops(world, "tenant-b", {"analyst-1": True, "contractor-1": False})


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
