"""Demo: workload VPCs with Athena interface endpoints, except tenant-b's second region (a realistic gap)."""

from __future__ import annotations

from scanner.demo import DEMO_REGIONS, HOME, DemoWorld

WITH_VPCS = ("networking", "tenant-a", "tenant-b")


def seed(world: DemoWorld) -> None:
    for name in WITH_VPCS:
        for region in DEMO_REGIONS:
            ec2 = world.sessions[name].client("ec2", region_name=region)
            vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": f"{name}-workloads"}])
            if name == "tenant-b" and region != HOME:
                continue
            subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
            ec2.create_vpc_endpoint(
                VpcId=vpc_id,
                ServiceName=f"com.amazonaws.{region}.athena",
                VpcEndpointType="Interface",
                SubnetIds=[subnet],
                PrivateDnsEnabled=True,
            )
