"""Demo: tenant-a's Athena data bucket moves to its customer managed key, keeps versions and logs access;
tenant-b's data stays on the AWS managed key and its results bucket on SSE-S3."""

from __future__ import annotations

import json

from demo.seeds._lib.buckets import data_bucket, encrypt_bucket
from demo.seeds.kms import ATHENA_DATA_ALIAS
from demo.world import HOME, DemoWorld

AFTER = ("kms", "s3")  # tenant-a's Athena data key, and the data bucket it changes


def _log_delivery_policy(logs: str, source: str, account: str) -> str:
    """The bucket policy that lets the S3 logging service write the source bucket's access logs."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "S3ServerAccessLogsPolicy",
                    "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{logs}/*",
                    "Condition": {
                        "ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{source}"},
                        "StringEquals": {"aws:SourceAccount": account},
                    },
                }
            ],
        }
    )


def seed(world: DemoWorld) -> None:
    session = world.sessions["tenant-a"]
    account = world.org.account_id("tenant-a")
    s3 = session.client("s3")
    data = data_bucket(world, "tenant-a")
    key_arn = session.client("kms", region_name=HOME).describe_key(KeyId=ATHENA_DATA_ALIAS)
    s3.put_bucket_encryption(
        Bucket=data,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key_arn["KeyMetadata"]["Arn"],
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_versioning(Bucket=data, VersioningConfiguration={"Status": "Enabled"})
    logs = f"tenant-a-access-logs-{account}"
    s3.create_bucket(Bucket=logs)
    encrypt_bucket(s3, logs, "AES256")
    s3.put_bucket_versioning(Bucket=logs, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_policy(Bucket=logs, Policy=_log_delivery_policy(logs, data, account))
    s3.put_bucket_logging(
        Bucket=data,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs, "TargetPrefix": f"{data}/"}},
    )
