"""Amazon EMR checks: block public access per region, and active clusters that encrypt, run a release with
runtime roles and keep their logs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Port ranges AWS itself permits by default (SSH, 22); any other public exception FAILs.
# https://docs.aws.amazon.com/emr/latest/APIReference/API_BlockPublicAccessConfiguration.html
DEFAULT_PERMITTED_PORTS = ((22, 22),)
# Runtime roles with Lake Formation need EMR 6.11 or later (seed 003, EMR Studio runtime roles post, L1284).
MINIMUM_RELEASE = (6, 11, 0)
_RELEASE = re.compile(r"^emr-(\d+)\.(\d+)\.(\d+)")


@check(
    id="emr.block-public-access",
    title="EMR block public access is on in the region, with no exception beyond SSH",
    for_each="emr.block-public-access",
    uses=(),
    severity=Severity.HIGH,
    rationale="Without block public access, a cluster can start with security groups open to the internet, "
    "exposing Hadoop, Spark and notebook web interfaces that have no authentication by default.",
    remediation="Turn on EMR block public access in every region and remove permitted port ranges other "
    "than 22 (and restrict SSH through security groups or use Session Manager).",
)
def block_public_access(setting: Item, scope: Scope) -> Result:
    """PASS when GetBlockPublicAccessConfiguration shows BlockPublicSecurityGroupRules true and the permitted
    public port ranges are at most AWS's default exception, port 22. FAIL when it is false or other ports are
    permitted; ERROR when the answer does not say whether it is on."""
    configuration: Mapping[str, Any] = setting.data.get("BlockPublicAccessConfiguration") or {}
    enabled = configuration.get("BlockPublicSecurityGroupRules")
    if enabled is None:
        return scope.on_item(
            setting, Status.ERROR, "not evaluated: the response does not say whether it is on"
        )
    if enabled is not True:
        return scope.failed(
            setting, "EMR block public access is off: clusters may open ports to the internet"
        )
    ranges = [
        (int(r.get("MinRange", 0)), int(r.get("MaxRange", r.get("MinRange", 0))))
        for r in configuration.get("PermittedPublicSecurityGroupRuleRanges") or []
    ]
    extra = [
        f"{low}-{high}" if low != high else str(low)
        for low, high in ranges
        if (low, high) not in DEFAULT_PERMITTED_PORTS
    ]
    if extra:
        return scope.failed(setting, f"on, but public access is permitted on port(s) {', '.join(extra)}")
    return scope.passed(setting, "EMR block public access is on (exceptions: port 22 at most)")


def _cluster(cluster: Item) -> Mapping[str, Any]:
    detail: Mapping[str, Any] = cluster["Cluster"]
    return detail


@check(
    id="emr.cluster.encryption",
    title="Active EMR clusters use a security configuration that encrypts at rest and in transit",
    for_each="emr.clusters",
    uses=(),
    severity=Severity.HIGH,
    rationale="Without a security configuration, EMR leaves local disks, EMRFS data and shuffle traffic "
    "between nodes unencrypted.",
    remediation="Create a security configuration with at-rest (S3 and local disk) and in-transit encryption "
    "and launch clusters with it (a running cluster's configuration cannot be changed).",
)
def cluster_encryption(cluster: Item, scope: Scope) -> Result:
    """PASS for an active cluster whose security configuration sets EncryptionConfiguration
    EnableAtRestEncryption and EnableInTransitEncryption to true. FAIL without a security configuration or
    with either flag off; ERROR when the configuration it names could not be read."""
    name = _cluster(cluster).get("SecurityConfiguration")
    if not name:
        return scope.failed(
            cluster, "no security configuration: data at rest and in transit is not encrypted"
        )
    document: Mapping[str, Any] = cluster["SecurityConfigurationDocument"]
    encryption: Mapping[str, Any] = document.get("EncryptionConfiguration") or {}
    off = [
        label
        for label, flag in (
            ("at rest", "EnableAtRestEncryption"),
            ("in transit", "EnableInTransitEncryption"),
        )
        if encryption.get(flag) is not True
    ]
    if off:
        return scope.failed(cluster, f"security configuration {name} does not encrypt {' or '.join(off)}")
    return scope.passed(cluster, f"security configuration {name} encrypts at rest and in transit")


def release_version(label: str | None) -> tuple[int, int, int] | None:
    """(major, minor, patch) of a release label such as "emr-6.11.0"; None when it is not one."""
    match = _RELEASE.match(label or "")
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


@check(
    id="emr.cluster.release-minimum",
    title="Active EMR clusters run release 6.11 or later (runtime roles)",
    for_each="emr.clusters",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Runtime roles, which give each job its own IAM role and Lake Formation permissions instead of "
    "the cluster's instance profile, need a recent release; older releases also miss security fixes.",
    remediation="Relaunch the workload on EMR 6.11 or later (7.x preferred) and use runtime roles for steps "
    "and EMR Studio.",
)
def release_minimum(cluster: Item, scope: Scope) -> Result:
    """PASS for an active cluster whose ReleaseLabel is emr-6.11.0 or later (MINIMUM_RELEASE, from the
    seed's runtime-roles requirement). A cluster without a release label (AMI-version clusters, before EMR 4)
    FAILs."""
    label = _cluster(cluster).get("ReleaseLabel")
    version = release_version(label)
    if version is None:
        return scope.failed(
            cluster, f"release {label or 'unknown (AMI-version cluster)'} is not an EMR release label"
        )
    minimum = "emr-" + ".".join(map(str, MINIMUM_RELEASE))
    if version < MINIMUM_RELEASE:
        return scope.failed(cluster, f"runs {label}, older than {minimum}: no runtime roles")
    return scope.passed(cluster, f"runs {label} (at least {minimum})")


@check(
    id="emr.cluster.log-uri",
    title="Active EMR clusters archive their logs to S3",
    for_each="emr.clusters",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without a log URI, step, application and node logs stay on the cluster's instances and are "
    "lost when it terminates, so jobs and access cannot be investigated.",
    remediation="Launch clusters with a LogUri in the log archive bucket (and LogEncryptionKmsKeyId).",
)
def cluster_log_uri(cluster: Item, scope: Scope) -> Result:
    """PASS for an active cluster with a LogUri (the S3 location its logs are archived to). The message says
    whether LogEncryptionKmsKeyId is set; the key is not required for PASS."""
    detail = _cluster(cluster)
    log_uri = detail.get("LogUri")
    if not log_uri:
        return scope.failed(cluster, "no log URI: logs are lost when the cluster terminates")
    key = detail.get("LogEncryptionKmsKeyId")
    return scope.passed(cluster, f"logs archived to {log_uri} ({'KMS key ' + key if key else 'no KMS key'})")


@check(
    id="emr.cluster.log-encryption",
    title="Active EMR clusters encrypt their archived logs with a KMS key",
    for_each="emr.clusters",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Step, application and node logs carry job arguments, data samples and credentials in stack "
    "traces; with a customer managed KMS key, reading the archive needs a key grant that is logged and "
    "revocable.",
    remediation="Launch clusters (EMR 5.30 or later, except 6.0) with LogEncryptionKmsKeyId set to a KMS key "
    "the log archive bucket's readers are granted.",
)
def cluster_log_encryption(cluster: Item, scope: Scope) -> Result:
    """PASS for an active cluster with a LogUri and a LogEncryptionKmsKeyId (DescribeCluster): its archived
    logs are encrypted with that KMS key. FAIL when logs are archived without the key, or not archived at all
    (then there is no encrypted log destination either)."""
    detail = _cluster(cluster)
    log_uri = detail.get("LogUri")
    if not log_uri:
        return scope.failed(cluster, "no log URI: logs are not archived, so not to an encrypted destination")
    key = detail.get("LogEncryptionKmsKeyId")
    if not key:
        return scope.failed(cluster, f"logs archived to {log_uri} without a KMS key (LogEncryptionKmsKeyId)")
    return scope.passed(cluster, f"logs archived to {log_uri} are encrypted with KMS key {key}")
