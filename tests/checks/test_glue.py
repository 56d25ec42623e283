"""Glue checks: Data Catalog encryption with a customer managed key and encrypted connection passwords."""

from __future__ import annotations

from typing import Any

from checks.glue import catalog_connection_password_encryption, catalog_encryption_at_rest
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CMK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/cmk"


AWS_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/awsglue"


def keys() -> list[Item]:
    return [
        item(CMK_ARN, {"KeyMetadata": {"KeyManager": "CUSTOMER"}, "Aliases": ["alias/catalog"]}, name="cmk"),
        item(AWS_KEY_ARN, {"KeyMetadata": {"KeyManager": "AWS"}}, name="awsglue"),
    ]


def table() -> Item:
    return item(f"arn:aws:glue:{REGION}:{ACCOUNT}:table/db/t", {"Location": "s3://lake/t/"}, name="db.t")


def catalog(
    at_rest: dict[str, Any], passwords: dict[str, Any] | None = None, tables: int = 1
) -> InventoryBuilder:
    data = {"EncryptionAtRest": at_rest, "ConnectionPasswordEncryption": passwords or {}}
    settings = item(f"arn:aws:glue:{REGION}:{ACCOUNT}:catalog", data, name="Data Catalog")
    return (
        InventoryBuilder()
        .add("glue.catalog-encryption", [settings])
        .add("kms.keys", keys())
        .add("glue.tables", [table()][:tables])
    )


def _at_rest(at_rest: dict[str, Any]) -> Any:
    [result] = run_check(catalog_encryption_at_rest, catalog(at_rest))
    return result


def test_catalog_encryption_passes_only_with_a_customer_managed_key() -> None:
    for reference in (CMK_ARN, "alias/catalog", "cmk", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/catalog"):
        result = _at_rest({"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": reference})
        assert result.status is Status.PASS, (reference, result.message)
        assert set(keys()[0].evidence) <= set(result.evidence)
    assert _at_rest({"CatalogEncryptionMode": "DISABLED"}).status is Status.FAIL
    assert _at_rest({"CatalogEncryptionMode": "SSE-KMS"}).status is Status.FAIL  # aws/glue
    for aws_managed in (AWS_KEY_ARN, "alias/aws/glue"):
        result = _at_rest({"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": aws_managed})
        assert result.status is Status.FAIL, aws_managed


def test_catalog_encryption_errors_when_the_key_or_settings_are_unknown() -> None:
    assert (
        _at_rest({"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": "alias/gone"}).status is Status.ERROR
    )
    no_keys = catalog({"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": CMK_ARN})
    no_keys.unavailable("kms.keys", ACCESS_DENIED)
    assert statuses(run_check(catalog_encryption_at_rest, no_keys)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("glue.catalog-encryption").add("kms.keys", keys())
    assert statuses(run_check(catalog_encryption_at_rest, denied)) == ["ERROR"]


def test_connection_password_encryption() -> None:
    on = catalog({}, {"ReturnConnectionPasswordEncrypted": True, "AwsKmsKeyId": CMK_ARN})
    assert statuses(run_check(catalog_connection_password_encryption, on)) == ["PASS"]
    off = catalog({}, {"ReturnConnectionPasswordEncrypted": False})
    assert statuses(run_check(catalog_connection_password_encryption, off)) == ["FAIL"]
    denied = InventoryBuilder().unavailable("glue.catalog-encryption")
    assert statuses(run_check(catalog_connection_password_encryption, denied)) == ["ERROR"]


def test_catalog_checks_are_not_applicable_without_tables() -> None:
    unused = catalog({"CatalogEncryptionMode": "DISABLED"}, {}, tables=0)
    for check in (catalog_encryption_at_rest, catalog_connection_password_encryption):
        assert statuses(run_check(check, unused)) == ["NOT_APPLICABLE"]
