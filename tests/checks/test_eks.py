"""EKS clusters: private or CIDR-limited endpoint, audit and authenticator logs, KMS-encrypted secrets."""

from __future__ import annotations

from typing import Any

from checks.eks import control_plane_logging, endpoint_private, secrets_encryption
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CLUSTERS = "eks.clusters"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234"


def cluster(**described: Any) -> Item:
    return item(f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod", {"ClusterName": "prod", "Cluster": described})


def run(check: Any, *clusters: Item) -> list[str]:
    return statuses(run_check(check, InventoryBuilder().add(CLUSTERS, list(clusters))))


def unreadable_cluster() -> Item:
    arn = f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod"
    return item(arn, {"ClusterName": "prod"}, errors={"Cluster": ACCESS_DENIED})


def test_endpoint_private_passes_private_or_limited_fails_open_or_default() -> None:
    assert run(endpoint_private, cluster(ResourcesVpcConfig={"endpointPublicAccess": False})) == ["PASS"]
    limited = {"endpointPublicAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]}
    assert run(endpoint_private, cluster(ResourcesVpcConfig=limited)) == ["PASS"]
    for config in (
        {"endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]},
        {"endpointPublicAccess": True, "publicAccessCidrs": ["203.0.113.0/24", "::/0"]},
        {},  # unreported: AWS's default is a public endpoint open to 0.0.0.0/0
    ):
        assert run(endpoint_private, cluster(ResourcesVpcConfig=config)) == ["FAIL"]


def test_control_plane_logging_needs_both_audit_and_authenticator() -> None:
    both = {"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True}]}
    assert run(control_plane_logging, cluster(Logging=both)) == ["PASS"]
    disabled = {
        "clusterLogging": [
            {"types": ["audit"], "enabled": True},
            {"types": ["authenticator"], "enabled": False},
        ]
    }
    [result] = run_check(control_plane_logging, InventoryBuilder().add(CLUSTERS, [cluster(Logging=disabled)]))
    assert result.status is Status.FAIL and "authenticator" in result.message
    assert run(control_plane_logging, cluster(Logging={})) == ["FAIL"]


def test_secrets_encryption_needs_a_secrets_entry_with_a_key() -> None:
    encrypted = [{"resources": ["secrets"], "provider": {"keyArn": KEY}}]
    assert run(secrets_encryption, cluster(EncryptionConfig=encrypted)) == ["PASS"]
    assert run(secrets_encryption, cluster(EncryptionConfig=[])) == ["FAIL"]
    assert run(secrets_encryption, cluster(EncryptionConfig=[{"resources": ["secrets"]}])) == ["FAIL"]


def test_every_check_errors_when_the_cluster_or_the_listing_is_unreadable() -> None:
    for check in (endpoint_private, control_plane_logging, secrets_encryption):
        assert run(check, unreadable_cluster()) == ["ERROR"]
        assert statuses(run_check(check, InventoryBuilder().unavailable(CLUSTERS))) == ["ERROR"]
