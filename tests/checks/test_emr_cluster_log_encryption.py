"""EMR: active clusters archive their logs encrypted with a KMS key (LogEncryptionKmsKeyId)."""

from __future__ import annotations

from checks.emr_clusters import cluster_log_encryption
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses
from tests.checks.test_emr_clusters import cluster

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
