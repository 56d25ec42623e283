"""EMR: block public access per region; active clusters encrypt, run 6.11+ and archive their logs."""

from __future__ import annotations

from typing import Any

from checks.emr_clusters import (
    block_public_access,
    cluster_encryption,
    cluster_log_encryption,
    cluster_log_uri,
    release_minimum,
    release_version,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def bpa(configuration: dict[str, Any]) -> Item:
    data = {"BlockPublicAccessConfiguration": configuration}
    return item(f"{ACCOUNT}/{REGION}/emr-block-public-access", data, name=REGION)


def _bpa(configuration: dict[str, Any]) -> list[Result]:
    return run_check(
        block_public_access, InventoryBuilder().add("emr.block-public-access", [bpa(configuration)])
    )


def test_block_public_access_passes_with_at_most_ssh_and_fails_otherwise() -> None:
    ssh = [{"MinRange": 22, "MaxRange": 22}]
    for configuration in (
        {"BlockPublicSecurityGroupRules": True, "PermittedPublicSecurityGroupRuleRanges": ssh},
        {"BlockPublicSecurityGroupRules": True},
    ):
        [result] = _bpa(configuration)
        assert result.status is Status.PASS and result.evidence
    [off] = _bpa({"BlockPublicSecurityGroupRules": False})
    assert off.status is Status.FAIL and "off" in off.message
    wide = [*ssh, {"MinRange": 8080, "MaxRange": 8088}, {"MinRange": 443}]
    [extra] = _bpa({"BlockPublicSecurityGroupRules": True, "PermittedPublicSecurityGroupRuleRanges": wide})
    assert extra.status is Status.FAIL and "8080-8088, 443" in extra.message


def test_block_public_access_errors_when_unknown() -> None:
    assert statuses(_bpa({})) == ["ERROR"]
    denied = InventoryBuilder().unavailable("emr.block-public-access", ACCESS_DENIED)
    assert statuses(run_check(block_public_access, denied)) == ["ERROR"]


ENCRYPTED = {"EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": True}}


def cluster(document: dict[str, Any] | None = None, **detail: Any) -> Item:
    arn = f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:cluster/j-1"
    described = {"ReleaseLabel": "emr-7.1.0", "SecurityConfiguration": "encrypted", "LogUri": "s3://logs/"}
    data = {
        "Id": "j-1",
        "Cluster": described | detail,
        "SecurityConfigurationDocument": document or ENCRYPTED,
    }
    return item(arn, data, name="claims-etl")


def _encryption(*clusters: Item) -> list[Result]:
    return run_check(cluster_encryption, InventoryBuilder().add("emr.clusters", clusters))


def test_cluster_encryption_passes_only_with_both_kinds_of_encryption() -> None:
    [result] = _encryption(cluster())
    assert result.status is Status.PASS and "encrypted" in result.message and result.evidence
    [none] = _encryption(cluster(SecurityConfiguration=None))
    assert none.status is Status.FAIL and "no security configuration" in none.message
    transit_off = {
        "EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": False}
    }
    [transit] = _encryption(cluster(transit_off))
    assert (
        transit.status is Status.FAIL and "in transit" in transit.message and "at rest" not in transit.message
    )
    [empty] = _encryption(cluster({"AuthenticationConfiguration": {}}))
    assert empty.status is Status.FAIL and "at rest or in transit" in empty.message


def test_cluster_encryption_errors_when_the_configuration_or_cluster_is_unreadable() -> None:
    arn = f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:cluster/j-2"
    detail = {"SecurityConfiguration": "encrypted"}
    no_document = item(arn, {"Cluster": detail}, errors={"SecurityConfigurationDocument": ACCESS_DENIED})
    assert statuses(_encryption(no_document)) == ["ERROR"]
    unread = item(arn, {}, errors={"Cluster": ACCESS_DENIED})
    assert statuses(_encryption(unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("emr.clusters", ACCESS_DENIED)
    assert statuses(run_check(cluster_encryption, denied)) == ["ERROR"]


def _clusters(check: Any, *clusters: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("emr.clusters", clusters))


def test_release_minimum() -> None:
    assert release_version("emr-6.11.0") == (6, 11, 0) and release_version("3.11.0") is None
    for label in ("emr-6.11.0", "emr-6.15.0", "emr-7.0.0"):
        assert statuses(_clusters(release_minimum, cluster(ReleaseLabel=label))) == ["PASS"], label
    [old] = _clusters(release_minimum, cluster(ReleaseLabel="emr-6.10.1"))
    assert old.status is Status.FAIL and "older than emr-6.11.0" in old.message
    assert statuses(_clusters(release_minimum, cluster(ReleaseLabel="emr-5.36.2"))) == ["FAIL"]
    assert statuses(_clusters(release_minimum, cluster(ReleaseLabel=None))) == ["FAIL"]
    unread = item(
        f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:cluster/j-2", {}, errors={"Cluster": ACCESS_DENIED}
    )
    assert statuses(_clusters(release_minimum, unread)) == ["ERROR"]


def test_log_uri() -> None:
    [logged] = _clusters(cluster_log_uri, cluster(LogEncryptionKmsKeyId="arn:aws:kms:k"))
    assert logged.status is Status.PASS and "s3://logs/" in logged.message and "KMS key" in logged.message
    [unlogged] = _clusters(cluster_log_uri, cluster(LogUri=None))
    assert unlogged.status is Status.FAIL
    denied = InventoryBuilder().unavailable("emr.clusters", ACCESS_DENIED)
    assert statuses(run_check(cluster_log_uri, denied)) == ["ERROR"]


KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/logs"


def _log_encryption(*clusters: Item) -> list[Result]:
    return run_check(cluster_log_encryption, InventoryBuilder().add("emr.clusters", clusters))


def test_passes_when_archived_logs_use_a_kms_key() -> None:
    [result] = _log_encryption(cluster(LogEncryptionKmsKeyId=KEY))
    assert result.status is Status.PASS and KEY in result.message and result.evidence


def test_fails_without_a_key_or_without_a_log_uri() -> None:
    [no_key] = _log_encryption(cluster())
    assert no_key.status is Status.FAIL and "without a KMS key" in no_key.message
    [no_uri] = _log_encryption(cluster(LogUri=None, LogEncryptionKmsKeyId=KEY))
    assert no_uri.status is Status.FAIL and "no log URI" in no_uri.message


def test_errors_when_clusters_or_their_detail_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("emr.clusters", ACCESS_DENIED)
    assert statuses(run_check(cluster_log_encryption, denied)) == ["ERROR"]
    unread = item(
        f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:cluster/j-2", {}, errors={"Cluster": ACCESS_DENIED}
    )
    assert statuses(_log_encryption(unread)) == ["ERROR"]
