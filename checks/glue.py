"""Glue Data Catalog checks: metadata encrypted with a customer managed key; connection passwords
encrypted."""

from __future__ import annotations

from checks.kms import key_manager
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

KMS_CATALOG_MODES = frozenset({"SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"})


def catalog_unused(item: Item, scope: Scope) -> Result | None:
    """NOT_APPLICABLE about `item` where the region's Data Catalog holds no tables (nothing for the catalog,
    or Lake Formation, to protect); None where it holds some."""
    if scope.items("glue.tables"):
        return None
    return scope.on_item(item, Status.NOT_APPLICABLE, "the region's Data Catalog has no tables")


@check(
    id="glue.catalog.encryption-at-rest",
    title="The Glue Data Catalog is encrypted with a customer managed KMS key",
    for_each="glue.catalog-encryption",
    uses=("kms.keys", "glue.tables"),
    severity=Severity.MEDIUM,
    rationale="Table definitions name where regulated data lives and what it contains; with a customer "
    "managed key the organization controls, audits and can revoke who reads that metadata.",
    remediation="In Glue settings, turn on metadata encryption with a customer managed KMS key "
    "(aws glue put-data-catalog-encryption-settings, CatalogEncryptionMode SSE-KMS, SseAwsKmsKeyId).",
)
def catalog_encryption_at_rest(catalog: Item, scope: Scope) -> Result:
    """PASS when the region's Data Catalog encrypts metadata at rest with SSE-KMS (or SSE-KMS with a service
    role) under a key that resolves to a customer managed KMS key. Encryption with the AWS managed aws/glue
    key (no key named) is a FAIL; a key that cannot be resolved is an ERROR. Not applicable where the
    catalog holds no tables."""
    unused = catalog_unused(catalog, scope)
    if unused is not None:
        return unused
    at_rest = catalog.data.get("EncryptionAtRest") or {}
    mode = at_rest.get("CatalogEncryptionMode") or "DISABLED"
    if mode not in KMS_CATALOG_MODES:
        return scope.failed(catalog, f"catalog metadata encryption is {mode}")
    reference = at_rest.get("SseAwsKmsKeyId")
    if not reference:
        return scope.failed(catalog, f"catalog is encrypted ({mode}) with the AWS managed key aws/glue")
    verdict = key_manager(str(reference), scope)
    evidence = verdict.key.evidence if verdict.key else ()
    if verdict.manager == "CUSTOMER":
        return scope.passed(
            catalog, f"catalog is encrypted ({mode}) with {verdict.description}", evidence=evidence
        )
    if verdict.manager == "AWS":
        return scope.failed(
            catalog, f"catalog is encrypted ({mode}) with {verdict.description}", evidence=evidence
        )
    return scope.on_item(catalog, Status.ERROR, f"not evaluated: {verdict.description}", evidence=evidence)


@check(
    id="glue.catalog.connection-password-encryption",
    title="Glue connection passwords are returned encrypted",
    for_each="glue.catalog-encryption",
    uses=("glue.tables",),
    severity=Severity.MEDIUM,
    rationale="Without connection password encryption, anyone allowed glue:GetConnection reads the JDBC "
    "passwords of every connection in clear text.",
    remediation="In Glue settings, turn on 'Encrypt connection passwords' with a KMS key "
    "(ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted = true).",
)
def catalog_connection_password_encryption(catalog: Item, scope: Scope) -> Result:
    """PASS when the region's Data Catalog returns connection passwords encrypted
    (ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted). Not applicable where the catalog
    holds no tables (connections are not collected, so a catalog used only for connections is not judged)."""
    unused = catalog_unused(catalog, scope)
    if unused is not None:
        return unused
    protection = catalog.data.get("ConnectionPasswordEncryption") or {}
    if protection.get("ReturnConnectionPasswordEncrypted"):
        key = protection.get("AwsKmsKeyId")
        return scope.passed(
            catalog, "connection passwords are returned encrypted" + (f" with {key}" if key else "")
        )
    return scope.failed(
        catalog, "connection passwords are returned in clear text to callers of GetConnection"
    )
