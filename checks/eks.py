"""EKS clusters: a private (or CIDR-limited) API endpoint, audit logging and KMS encryption of secrets."""

from __future__ import annotations

from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

CLUSTERS = "eks.clusters"
OPEN_TO_THE_INTERNET = frozenset({"0.0.0.0/0", "::/0"})
# Control plane log types that record who did what to the Kubernetes API.
REQUIRED_LOG_TYPES = ("audit", "authenticator")


def _described(cluster: Item) -> dict[str, Any]:
    described: dict[str, Any] = cluster["Cluster"] or {}
    return described


@check(
    id="eks.cluster.endpoint-private",
    title="EKS cluster API endpoints are private or limited to approved CIDRs",
    for_each=CLUSTERS,
    uses=(),
    severity=Severity.HIGH,
    rationale="A Kubernetes API endpoint open to the whole internet exposes the control plane to credential "
    "stuffing and to any vulnerability of the API server or its authentication.",
    remediation="Disable public endpoint access (aws eks update-cluster-config --resources-vpc-config "
    "endpointPublicAccess=false,endpointPrivateAccess=true) or limit publicAccessCidrs to known ranges.",
)
def endpoint_private(cluster: Item, scope: Scope) -> Result:
    """PASS when the public endpoint is disabled, or enabled only for publicAccessCidrs that contain neither
    0.0.0.0/0 nor ::/0. An unreported endpointPublicAccess or publicAccessCidrs counts as AWS's default
    (public, open to 0.0.0.0/0): FAIL."""
    config = _described(cluster).get("ResourcesVpcConfig") or {}
    name = cluster.name or cluster.resource_id
    if config.get("endpointPublicAccess") is False:
        return scope.passed(cluster, f"{name}: public endpoint access disabled")
    cidrs = config.get("publicAccessCidrs") or ["0.0.0.0/0"]
    open_cidrs = sorted(OPEN_TO_THE_INTERNET.intersection(cidrs))
    if open_cidrs:
        return scope.failed(cluster, f"{name}: public endpoint open to {', '.join(open_cidrs)}")
    return scope.passed(cluster, f"{name}: public endpoint limited to {', '.join(sorted(cidrs))}")


@check(
    id="eks.cluster.control-plane-logging",
    title="EKS clusters send the audit and authenticator control plane logs to CloudWatch",
    for_each=CLUSTERS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="The audit and authenticator logs are the record of who called the Kubernetes API and as "
    "which IAM identity; without them a cluster compromise cannot be investigated.",
    remediation="Enable the audit and authenticator log types (aws eks update-cluster-config --logging "
    '\'{"clusterLogging":[{"types":["audit","authenticator"],"enabled":true}]}\').',
)
def control_plane_logging(cluster: Item, scope: Scope) -> Result:
    """PASS when both the audit and the authenticator log types are enabled in the cluster's logging
    configuration; either one missing or disabled is FAIL."""
    logging = _described(cluster).get("Logging") or {}
    enabled = {
        log_type
        for setup in logging.get("clusterLogging", [])
        if setup.get("enabled") is True
        for log_type in setup.get("types", [])
    }
    name = cluster.name or cluster.resource_id
    missing = [t for t in REQUIRED_LOG_TYPES if t not in enabled]
    if missing:
        return scope.failed(cluster, f"{name}: {', '.join(missing)} log(s) not enabled")
    return scope.passed(cluster, f"{name}: {', '.join(REQUIRED_LOG_TYPES)} logs enabled")


@check(
    id="eks.cluster.secrets-encryption",
    title="EKS clusters encrypt Kubernetes secrets with a KMS key",
    for_each=CLUSTERS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Envelope encryption with a customer KMS key protects Kubernetes secrets in etcd and lets key "
    "policy and CloudTrail control and record their decryption.",
    remediation="Associate a KMS key with the cluster for secrets (aws eks associate-encryption-config "
    "--encryption-config resources=secrets,provider={keyArn=...}).",
)
def secrets_encryption(cluster: Item, scope: Scope) -> Result:
    """PASS when the cluster's encryptionConfig covers the "secrets" resource with a KMS key ARN; no such
    entry is FAIL."""
    name = cluster.name or cluster.resource_id
    for config in _described(cluster).get("EncryptionConfig") or []:
        key = (config.get("provider") or {}).get("keyArn")
        if "secrets" in config.get("resources", []) and key:
            return scope.passed(cluster, f"{name}: secrets encrypted with {key}")
    return scope.failed(cluster, f"{name}: secrets are not encrypted with a KMS key")
