"""Demo: S3 in every account. Account-level Block Public Access is on everywhere but tenant-b. Each account
has an encrypted, TLS-only data bucket classified confidential; the workload accounts also keep a legacy
export bucket with neither default encryption nor a TLS-only policy, and tenant-b a separate Athena results
bucket on SSE-S3.

moto gives new buckets no default encryption (AWS applies SSE-S3 to every bucket since January 2023), so
buckets the seeds leave alone show "no default encryption" here."""

from __future__ import annotations

from demo.seeds._lib.buckets import (
    BLOCK_PUBLIC_ACCESS,
    data_bucket,
    encrypt_bucket,
    legacy_bucket,
    tls_only_policy,
)
from demo.world import HOME, DemoWorld
from scanner.aws.sessions import endpoint_safe_client

WORKLOADS = ("tenant-a", "tenant-b", "shared-services")


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        if name != "tenant-b":  # tenant-b never turned on account-level Block Public Access
            endpoint_safe_client(session, "s3control", HOME).put_public_access_block(
                AccountId=world.org.account_id(name), PublicAccessBlockConfiguration=BLOCK_PUBLIC_ACCESS
            )
        s3 = session.client("s3")
        account_id = world.org.account_id(name)
        good = data_bucket(world, name)
        s3.create_bucket(Bucket=good)
        encrypt_bucket(s3, good, "aws:kms")
        s3.put_bucket_policy(Bucket=good, Policy=tls_only_policy(good))
        s3.put_bucket_tagging(
            Bucket=good, Tagging={"TagSet": [{"Key": "data-classification", "Value": "confidential"}]}
        )
        if name in WORKLOADS:
            # Workload accounts keep a legacy bucket with neither default encryption nor a TLS-only policy.
            s3.create_bucket(Bucket=legacy_bucket(world, name))
        if name == "tenant-b":
            results = f"{name}-athena-results-{account_id}"
            s3.create_bucket(Bucket=results)
            encrypt_bucket(s3, results, "AES256")
