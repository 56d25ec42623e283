"""Snowball checks: jobs encrypt with a customer managed key."""

from __future__ import annotations

from checks.snowball import job_cmk
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CMK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/cmk-1"


AWS_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/aws-importexport"


def jobs(key: str | None, *, keys_readable: bool = True) -> InventoryBuilder:
    metadata = {"JobId": "JID123e4567-e89b-12d3-a456-426655440000", **({"KmsKeyARN": key} if key else {})}
    job = item(
        f"arn:aws:snowball:{REGION}:{ACCOUNT}:job/JID123e4567-e89b-12d3-a456-426655440000",
        {"JobId": "JID123e4567-e89b-12d3-a456-426655440000", "JobState": "Complete", "Job": metadata},
    )
    builder = InventoryBuilder().add("snowball.jobs", [job])
    if not keys_readable:
        return builder.unavailable("kms.keys", ACCESS_DENIED)
    return builder.add(
        "kms.keys",
        [
            item(CMK_ARN, {"KeyMetadata": {"KeyManager": "CUSTOMER"}}),
            item(AWS_KEY_ARN, {"KeyMetadata": {"KeyManager": "AWS"}}),
        ],
    )


def test_snowball_jobs_use_a_customer_managed_key() -> None:
    [passed] = run_check(job_cmk, jobs(CMK_ARN))
    assert passed.status is Status.PASS and "Complete" in passed.message
    [failed] = run_check(job_cmk, jobs(AWS_KEY_ARN))
    assert failed.status is Status.FAIL and "aws managed" in failed.message
    assert statuses(run_check(job_cmk, jobs(None))) == ["ERROR"]
    assert statuses(run_check(job_cmk, jobs(CMK_ARN, keys_readable=False))) == ["ERROR"]
