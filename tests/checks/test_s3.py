"""S3 bucket checks: default encryption, versioning, access logging, and KMS keys on the buckets Athena
uses."""

from __future__ import annotations

from typing import Any

from checks.s3 import bucket_access_logging, bucket_default_encryption, bucket_kms_athena, bucket_versioning
from scanner.inventory import Item
from scanner.model import Account, Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    run_check,
    statuses,
)


def bucket_with_encryption(name: str, encryption: object = None, **errors: object) -> object:
    return item(f"arn:aws:s3:::{name}", {"Encryption": encryption}, errors=errors or None)  # type: ignore[arg-type]


def test_bucket_with_kms_default_encryption_passes() -> None:
    rules = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "k"}}]
    inv = InventoryBuilder().add("s3.buckets", [bucket_with_encryption("b", rules)])
    [result] = run_check(bucket_default_encryption, inv)
    assert result.status is Status.PASS
    assert result.resource_id == "arn:aws:s3:::b"
    assert "aws:kms" in result.message
    assert result.evidence  # every verdict cites the responses behind it


def test_bucket_without_default_encryption_fails() -> None:
    inv = InventoryBuilder().add("s3.buckets", [bucket_with_encryption("b", None)])
    assert statuses(run_check(bucket_default_encryption, inv)) == ["FAIL"]


def test_bucket_with_unknown_algorithm_fails() -> None:
    rules = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "none"}}]
    inv = InventoryBuilder().add("s3.buckets", [bucket_with_encryption("b", rules)])
    assert statuses(run_check(bucket_default_encryption, inv)) == ["FAIL"]


def test_unreadable_encryption_is_error_for_that_bucket_only() -> None:
    good = bucket_with_encryption(
        "good", [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    )
    denied = item("arn:aws:s3:::denied", {}, errors={"Encryption": ACCESS_DENIED})
    inv = InventoryBuilder().add("s3.buckets", [good, denied])
    by_resource = {r.resource_id: r for r in run_check(bucket_default_encryption, inv)}
    assert by_resource["arn:aws:s3:::good"].status is Status.PASS
    assert by_resource["arn:aws:s3:::denied"].status is Status.ERROR
    assert "access-denied" in by_resource["arn:aws:s3:::denied"].message


def test_bucket_listing_denied_is_error_not_pass() -> None:
    inv = InventoryBuilder().unavailable("s3.buckets", ACCESS_DENIED)
    [result] = run_check(bucket_default_encryption, inv)
    assert result.status is Status.ERROR
    assert "AccessDenied" in result.message


def test_no_buckets_is_not_applicable() -> None:
    inv = InventoryBuilder().add("s3.buckets", [])
    assert statuses(run_check(bucket_default_encryption, inv)) == ["NOT_APPLICABLE"]


CMK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/cmk"


def bucket(name: str = "lake", errors: dict[str, Any] | None = None, **aspects: Any) -> Item:
    data = {"Versioning": {}, "Logging": None, "Encryption": None, **aspects}
    return item(f"arn:aws:s3:::{name}", data, name=name, region=REGION, errors=errors)


def _one(check: Any, b: Item) -> list[str]:
    return statuses(run_check(check, InventoryBuilder().add("s3.buckets", [b])))


def test_versioning() -> None:
    assert _one(bucket_versioning, bucket(Versioning={"Status": "Enabled"})) == ["PASS"]
    assert _one(bucket_versioning, bucket(Versioning={"Status": "Suspended"})) == ["FAIL"]
    assert _one(bucket_versioning, bucket()) == ["FAIL"]
    assert _one(bucket_versioning, bucket(errors={"Versioning": ACCESS_DENIED})) == ["ERROR"]


def test_access_logging() -> None:
    logging = {"TargetBucket": "access-logs", "TargetPrefix": "lake/"}
    assert _one(bucket_access_logging, bucket(Logging=logging)) == ["PASS"]
    assert _one(bucket_access_logging, bucket()) == ["FAIL"]
    assert _one(bucket_access_logging, bucket(errors={"Logging": ACCESS_DENIED})) == ["ERROR"]


def sse(algorithm: str, key: str | None = None) -> list[dict[str, Any]]:
    default = {"SSEAlgorithm": algorithm, **({"KMSMasterKeyID": key} if key else {})}
    return [{"ApplyServerSideEncryptionByDefault": default}]


def athena_account(*buckets: Item, results_bucket: str = "results") -> InventoryBuilder:
    table = item(f"arn:aws:glue:{REGION}:{ACCOUNT}:table/db/t", {"Location": "s3://lake/t/"}, name="db.t")
    configuration = {"ResultConfiguration": {"OutputLocation": f"s3://{results_bucket}/athena/"}}
    workgroup = item(
        f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary",
        {"WorkGroup": {"Configuration": configuration}},
        name="primary",
    )
    key = item(CMK_ARN, {"KeyMetadata": {"KeyManager": "CUSTOMER"}, "Aliases": ["alias/lake"]}, name="cmk")
    return (
        InventoryBuilder()
        .add("s3.buckets", buckets)
        .add("glue.tables", [table])
        .add("athena.workgroups", [workgroup])
        .add("kms.keys", [key])
    )


def _by_bucket(inv: InventoryBuilder) -> dict[str, Any]:
    return {r.resource_id.rsplit(":", 1)[-1]: r for r in run_check(bucket_kms_athena, inv)}


def test_kms_athena_judges_only_the_buckets_athena_uses() -> None:
    inv = athena_account(
        bucket("lake", Encryption=sse("aws:kms", "alias/lake")),
        bucket("results", Encryption=sse("AES256")),
        bucket("unrelated", Encryption=None),
    )
    found = _by_bucket(inv)
    assert set(found) == {"lake", "results"}
    assert found["lake"].status is Status.PASS and "Glue table db.t" in found["lake"].message
    assert found["results"].status is Status.FAIL and "AES256" in found["results"].message


def test_kms_athena_fails_on_aws_managed_keys_and_errors_on_unknown_ones() -> None:
    cases = {
        "FAIL": [sse("aws:kms"), sse("aws:kms", "alias/aws/s3"), None],
        "PASS": [
            sse("aws:kms", CMK_ARN),
            sse("aws:kms:dsse", "cmk"),
            sse("aws:kms", "arn:aws:kms:eu-west-1:999999999999:key/x"),
        ],
        "ERROR": [sse("aws:kms", "alias/unknown")],
    }
    for expected, encryptions in cases.items():
        for encryption in encryptions:
            inv = athena_account(bucket("lake", Encryption=encryption), results_bucket="lake")
            assert statuses(run_check(bucket_kms_athena, inv)) == [expected], encryption


def test_kms_athena_errors_for_missing_buckets_and_unreadable_data() -> None:
    [elsewhere] = run_check(bucket_kms_athena, athena_account(results_bucket="lake"))
    assert elsewhere.status is Status.ERROR and "in no scanned account" in elsewhere.message
    unreadable = athena_account(bucket("lake", errors={"Encryption": ACCESS_DENIED}), results_bucket="lake")
    assert statuses(run_check(bucket_kms_athena, unreadable)) == ["ERROR"]
    no_keys = athena_account(bucket("lake", Encryption=sse("aws:kms", CMK_ARN)), results_bucket="lake")
    no_keys.unavailable("kms.keys", ACCESS_DENIED)
    assert statuses(run_check(bucket_kms_athena, no_keys)) == ["ERROR"]
    none = InventoryBuilder().add("s3.buckets", []).add("glue.tables", []).add("athena.workgroups", [])
    assert statuses(run_check(bucket_kms_athena, none.add("kms.keys", []))) == ["NOT_APPLICABLE"]


def test_kms_athena_judges_a_bucket_of_another_scanned_account_with_that_accounts_keys() -> None:
    """A central results bucket owned by another scanned account is judged with the owner's KMS keys; the
    result stays with the account whose workgroup writes there."""
    owner = "222222222222"
    owner_key = f"arn:aws:kms:{REGION}:{owner}:key/central"
    inventory = athena_account(bucket("lake", Encryption=sse("aws:kms", CMK_ARN)), results_bucket="central")
    inventory.add("s3.buckets", [bucket("central", Encryption=sse("aws:kms", owner_key))], account=owner)
    managed = item(
        owner_key, {"KeyMetadata": {"KeyManager": "AWS"}, "Aliases": ["alias/aws/s3"]}, name="central"
    )
    inventory.add("kms.keys", [managed], account=owner)
    results = run_check(bucket_kms_athena, inventory, accounts=[Account(ACCOUNT), Account(owner)])
    central = next(r for r in results if r.resource_id.endswith(":central"))
    assert central.account_id == ACCOUNT and central.status is Status.FAIL
    assert f"owned by {owner}" in central.message and "aws managed" in central.message
