"""Demo: tenant-a's data bucket takes direct requests only from its workload VPC in the home region (and from
Athena on the caller's behalf), besides refusing plain HTTP."""

from __future__ import annotations

import json

from demo.seeds._lib.buckets import data_bucket, tls_only_policy
from demo.seeds._lib.network import workload_vpc
from demo.world import HOME, DemoWorld

AFTER = ("s3", "vpc")  # replaces the data bucket's TLS-only policy; names the workload VPC

TENANT = "tenant-a"


def seed(world: DemoWorld) -> None:
    session = world.sessions[TENANT]
    vpc_id = workload_vpc(session.client("ec2", region_name=HOME), TENANT)
    bucket = data_bucket(world, TENANT)
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
    session.client("s3").put_bucket_policy(Bucket=bucket, Policy=json.dumps(document))
