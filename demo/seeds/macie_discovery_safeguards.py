"""Demo: Macie discovery safeguards. The security account's discovery results bucket (named by the export
configuration in macie_discovery) blocks public access and is SSE-KMS encrypted; tenant-a,
which exports the results of its own jobs, sends them to a bucket with SSE-S3 only. The security account's
scheduled job over the tagged buckets excludes the quarantine prefix; tenant-a's own job does not. Macie's
job APIs are answers the simulated accounts give (moto has none: demo.simulated_apis)."""

from __future__ import annotations

from typing import Any

from checks.macie_discovery_safeguards import QUARANTINE_PREFIX
from demo.seeds._lib.buckets import BLOCK_PUBLIC_ACCESS
from demo.seeds._lib.macie import results_bucket, results_key
from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    _results_buckets(world)
    _tagged_bucket_jobs(world)


def _create_results_bucket(s3: Any, bucket: str, encryption: dict[str, str]) -> None:
    s3.create_bucket(Bucket=bucket)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=BLOCK_PUBLIC_ACCESS)
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": encryption}]},
    )


def _results_buckets(world: DemoWorld) -> None:
    _create_results_bucket(
        world.sessions["security"].client("s3"),
        results_bucket(world),
        {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": results_key(world)},
    )
    tenant_a = world.org.account_id("tenant-a")
    tenant_bucket = f"tenant-a-macie-results-{tenant_a}"
    _create_results_bucket(world.sessions["tenant-a"].client("s3"), tenant_bucket, {"SSEAlgorithm": "AES256"})
    repository = {
        "configuration": {
            "s3Destination": {
                "bucketName": tenant_bucket,
                "keyPrefix": "macie/",
                "kmsKeyArn": f"arn:aws:kms:{HOME}:{tenant_a}:key/0b7d4c1e-demo-tenant-a-macie",
            }
        }
    }
    world.apis.answer(
        "macie2", "GetClassificationExportConfiguration", repository, account=tenant_a, region=HOME
    )


def _tagged_bucket_job(job_id: str, excluded_prefixes: list[str]) -> dict[str, Any]:
    """A scheduled classification job over the buckets tagged RequireMacieScan=True, as
    DescribeClassificationJob answers it, excluding the objects under the given key prefixes."""
    excludes = [
        {"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": [prefix]}}
        for prefix in excluded_prefixes
    ]
    tagged = {
        "tagCriterion": {"comparator": "EQ", "tagValues": [{"key": "RequireMacieScan", "value": "True"}]}
    }
    return {
        "jobId": job_id,
        "name": job_id,
        "jobStatus": "IDLE",
        "jobType": "SCHEDULED",
        "bucketCriteria": {"includes": {"and": [tagged]}},
        "s3JobDefinition": {
            "bucketCriteria": {"includes": {"and": [tagged]}},
            "scoping": {"excludes": {"and": excludes}} if excludes else {},
        },
    }


def _tagged_bucket_jobs(world: DemoWorld) -> None:
    jobs = {
        "security": _tagged_bucket_job("tagged-buckets-daily", [QUARANTINE_PREFIX]),
        "tenant-a": _tagged_bucket_job("tenant-a-claims-weekly", []),
    }
    for name, described in jobs.items():
        account = world.org.account_id(name)
        summary = {k: v for k, v in described.items() if k != "s3JobDefinition"}
        world.apis.answer(
            "macie2", "ListClassificationJobs", {"items": [summary]}, account=account, region=HOME
        )
        world.apis.answer("macie2", "DescribeClassificationJob", described, account=account, region=HOME)
