"""Demo: Snowball import jobs (moto has no Snowball: the jobs are answers the simulated accounts give, see
demo.simulated_apis). tenant-a ships its archive under its own KMS key; tenant-b's job uses the AWS managed
key."""

from __future__ import annotations

from datetime import UTC, datetime

from demo.world import HOME, DemoWorld

SNOWBALL_JOB_ID = "JID7a1c2f9e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"


def seed(world: DemoWorld) -> None:
    world.apis.answer("snowball", "ListJobs", {"JobListEntries": []})  # accounts without jobs
    _snowball(world, "tenant-a", own_key=True)
    _snowball(world, "tenant-b", own_key=False)


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
