"""Macie discovery safeguards: the results bucket is private and SSE-KMS encrypted; discovery jobs over the
tagged buckets exclude the quarantine prefix."""

from __future__ import annotations

from typing import Any

from checks.macie_discovery_safeguards import (
    discovery_job_excludes_quarantine,
    discovery_results_bucket_protected,
)
from scanner.errors import Reason
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check

SECURITY = "222222222222"
MGMT = "999999999999"
BUCKET = "macie-results"
KEY = f"arn:aws:kms:{REGION}:{SECURITY}:key/1234"
BPA_ON = dict.fromkeys(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
)
PROTECTED = {
    "Location": REGION,
    "Encryption": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY}}
    ],
    "Policy": None,
    "PublicAccessBlock": BPA_ON,
    "Acl": {"Owner": {"ID": "me"}, "Grants": []},
}


def export(bucket: str | None = BUCKET) -> Item:
    destination = {"s3Destination": {"bucketName": bucket, "kmsKeyArn": KEY}} if bucket else {}
    arn = f"arn:aws:macie2:{REGION}:{ACCOUNT}:classification-export-configuration"
    return item(arn, {"Export": destination}, name=f"{ACCOUNT}/{REGION}")


def bucket(errors: dict[str, Reason] | None = None, **aspects: Any) -> Item:
    data = {**PROTECTED, **aspects}
    return item(f"arn:aws:s3:::{BUCKET}", data, name=BUCKET, errors=errors)


def inventory(
    configuration: Item, *, own: list[Item] | None = None, other: list[Item] | None = None
) -> InventoryBuilder:
    inv = InventoryBuilder().add("macie.export-configuration", [configuration]).add("s3.buckets", own or [])
    inv.add("s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": {}})])
    if other is not None:
        inv.add("s3.buckets", other, account=SECURITY)
        inv.add(
            "s3.account-public-access-block",
            [item("bpa", {"PublicAccessBlockConfiguration": BPA_ON})],
            account=SECURITY,
        )
    return inv


def run(inv: InventoryBuilder) -> Result:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    [result] = run_check(discovery_results_bucket_protected, inv, accounts=[org.accounts[ACCOUNT]], org=org)
    return result


def test_passes_for_a_private_sse_kms_bucket_here_or_in_another_scanned_account() -> None:
    here = run(inventory(export(), own=[bucket()]))
    assert here.status is Status.PASS and BUCKET in here.message, here.message
    assert here.details["rules"] == {"public access": "PASS", "SSE-KMS": "PASS"}
    # In the owner's account, whose account-level Block Public Access is the one that counts.
    elsewhere = run(inventory(export(), other=[bucket(PublicAccessBlock=None)]))
    assert elsewhere.status is Status.PASS and SECURITY in elsewhere.message, elsewhere.message


def test_fails_when_public_access_is_open_or_encryption_is_not_kms() -> None:
    weaknesses = {
        "public access": {"PublicAccessBlock": {"BlockPublicAcls": True}},
        "SSE-KMS": {"Encryption": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    }
    for rule, aspects in weaknesses.items():
        result = run(inventory(export(), own=[bucket(**aspects)]))
        assert result.status is Status.FAIL and rule in result.message, (rule, result.message)
    unencrypted = run(inventory(export(), own=[bucket(Encryption=None)]))
    assert unencrypted.status is Status.FAIL and "no default encryption" in unencrypted.message


def test_errors_when_the_bucket_is_unlisted_or_unreadable() -> None:
    unlisted = run(inventory(export(), own=[]))
    assert unlisted.status is Status.ERROR and "no bucket inventory" in unlisted.message
    unread = bucket(errors={"Encryption": ACCESS_DENIED})
    del unread.data["Encryption"]
    result = run(inventory(export(), own=[unread]))
    assert result.status is Status.ERROR and result.details["rules"]["SSE-KMS"] == "ERROR"
    owner_bpa_unknown = inventory(export()).unavailable(
        "s3.account-public-access-block", ACCESS_DENIED, account=SECURITY
    )
    owner_bpa_unknown.add("s3.buckets", [bucket(PublicAccessBlock=None)], account=SECURITY)
    assert run(owner_bpa_unknown).status is Status.ERROR
    denied = InventoryBuilder().unavailable("macie.export-configuration", ACCESS_DENIED)
    org = org_of(MGMT, ACCOUNT, SECURITY)
    results = run_check(discovery_results_bucket_protected, denied, accounts=[org.accounts[ACCOUNT]], org=org)
    assert results and {r.status for r in results} == {Status.ERROR}


def test_not_applicable_without_a_repository_bucket() -> None:
    assert run(inventory(export(None), own=[bucket()])).status is Status.NOT_APPLICABLE


COLLECTED = "2026-06-30T12:00:00+00:00"
TAGGED = {
    "includes": {"and": [{"tagCriterion": {"tagValues": [{"key": "RequireMacieScan", "value": "True"}]}}]}
}


def key_prefix(*values: str, comparator: str = "STARTS_WITH") -> dict[str, Any]:
    return {"simpleScopeTerm": {"comparator": comparator, "key": "OBJECT_KEY", "values": list(values)}}


def job(
    name: str, excludes: list[dict[str, Any]] | None, status: str = "RUNNING", **extra: Any
) -> dict[str, Any]:
    scoping = {"scoping": {"excludes": {"and": excludes}}} if excludes is not None else {}
    return {"jobId": name, "name": name, "jobStatus": status, "bucketCriteria": TAGGED, **scoping, **extra}


def scoping_result(jobs: list[dict[str, Any]], errors: dict[str, Reason] | None = None) -> Result:
    data = {"CollectedAt": COLLECTED} | ({} if errors else {"Jobs": jobs})
    session = item(f"arn:aws:macie2:{REGION}:{ACCOUNT}:sensitive-data-discovery", data, errors=errors)
    [result] = run_check(
        discovery_job_excludes_quarantine, InventoryBuilder().add("macie.discovery", [session])
    )
    return result


def test_scoping_passes_when_every_covering_job_excludes_the_quarantine_prefix() -> None:
    result = scoping_result(
        [job("tagged", [key_prefix("quarantine/")]), job("also", [key_prefix("logs/", "quarantine")])]
    )
    assert result.status is Status.PASS and "tagged, also" in result.message, result.message
    # A stale completed job no longer counts as coverage, so its scoping does not matter.
    stale = job("old", [], status="COMPLETE", lastRunTime="2026-01-01T00:00:00Z")
    assert scoping_result([job("tagged", [key_prefix("quarantine/")]), stale]).status is Status.PASS


def test_scoping_fails_when_a_covering_job_examines_quarantined_objects() -> None:
    narrowed = [
        key_prefix("quarantine/"),
        {"simpleScopeTerm": {"comparator": "EQ", "key": "OBJECT_EXTENSION", "values": ["pdf"]}},
    ]
    for excludes in ([], [key_prefix("archive/")], [key_prefix("quarantine/old/")], narrowed):
        result = scoping_result([job("good", [key_prefix("quarantine/")]), job("bad", excludes)])
        assert result.status is Status.FAIL and "bad" in result.message and "good" not in result.message
    no_scoping = {
        "jobId": "bare",
        "name": "bare",
        "jobStatus": "IDLE",
        "bucketCriteria": TAGGED,
        "scoping": {},
    }
    assert scoping_result([no_scoping]).status is Status.FAIL


def test_scoping_errors_when_the_jobs_or_a_scoping_are_unknown() -> None:
    assert scoping_result([], errors={"Jobs": ACCESS_DENIED}).status is Status.ERROR
    unread = scoping_result([job("tagged", None)])
    assert unread.status is Status.ERROR and "tagged" in unread.message
    denied = InventoryBuilder().unavailable("macie.discovery", ACCESS_DENIED)
    assert {r.status for r in run_check(discovery_job_excludes_quarantine, denied)} == {Status.ERROR}


def test_scoping_not_applicable_without_a_covering_job() -> None:
    untagged = {"jobId": "named", "jobStatus": "RUNNING", "bucketDefinitions": [{"accountId": ACCOUNT}]}
    assert scoping_result([untagged]).status is Status.NOT_APPLICABLE
