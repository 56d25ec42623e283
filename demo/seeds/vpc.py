"""Demo: workload VPCs with Athena interface endpoints, except tenant-b's second region (a realistic gap)."""

from __future__ import annotations

import json

from demo.world import DEMO_REGIONS, HOME, DemoWorld

WITH_VPCS = ("networking", "tenant-a", "tenant-b")
ATHENA_ENDPOINT_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AthenaQueriesOnly",
                "Effect": "Allow",
                "Principal": "*",
                "Action": [
                    "athena:StartQueryExecution",
                    "athena:GetQueryExecution",
                    "athena:GetQueryResults",
                    "athena:StopQueryExecution",
                    "athena:GetWorkGroup",
                    "athena:ListWorkGroups",
                ],
                "Resource": "*",
            }
        ],
    }
)


def seed(world: DemoWorld) -> None:
    for name in WITH_VPCS:
        for region in DEMO_REGIONS:
            ec2 = world.sessions[name].client("ec2", region_name=region)
            vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": f"{name}-workloads"}])
            if name == "tenant-b" and region != HOME:
                continue
            subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
            # The central endpoints in networking carry a restrictive policy; the tenants' own endpoints keep
            # the default full-access one (a finding for their endpoint-policy check).
            policy = {"PolicyDocument": ATHENA_ENDPOINT_POLICY} if name == "networking" else {}
            ec2.create_vpc_endpoint(
                VpcId=vpc_id,
                ServiceName=f"com.amazonaws.{region}.athena",
                VpcEndpointType="Interface",
                SubnetIds=[subnet],
                PrivateDnsEnabled=True,
                **policy,
            )
            if name == "tenant-a" and region == HOME:
                restrict_data_bucket_to_vpc(world, name, vpc_id)


def restrict_data_bucket_to_vpc(world: DemoWorld, name: str, vpc_id: str) -> None:
    """tenant-a's data bucket takes direct requests only from its VPC (and Athena on the caller's behalf)."""
    from demo.seeds.s3 import tls_only_policy

    bucket = f"{name}-data-{world.org.account_id(name)}"
    document = json.loads(tls_only_policy(bucket))
    document["Statement"].append(
        {
            "Sid": "OnlyFromTheWorkloadVpc",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {
                "StringNotEquals": {"aws:SourceVpc": vpc_id},
                "Bool": {"aws:ViaAWSService": "false"},
            },
        }
    )
    world.sessions[name].client("s3").put_bucket_policy(Bucket=bucket, Policy=json.dumps(document))
