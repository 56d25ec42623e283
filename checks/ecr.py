"""ECR checks for CIS Docker sections 4-6: repositories scan images, keep tags immutable and expire old
images; images that services run have no critical findings."""

from __future__ import annotations

import re
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

REPOSITORIES = "ecr.repositories"
REGISTRY_SCANNING = "ecr.registry-scanning"
IMAGES_IN_USE = "ecr.images-in-use"

AUTOMATIC_FREQUENCIES = frozenset({"SCAN_ON_PUSH", "CONTINUOUS_SCAN"})
# Scan states with a result to read (basic scans end COMPLETE; enhanced scanning keeps images ACTIVE).
SCANNED = frozenset({"COMPLETE", "ACTIVE"})
# Scan states that will have a result soon: not known yet.
SCANNING = frozenset({"IN_PROGRESS", "PENDING"})


def filter_matches(pattern: str, repository: str) -> bool:
    """ECR's repository filter semantics: a filter with `*` must match the whole name, the wildcard standing
    for zero or more characters; a filter without one matches every name that contains it.
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced-enabling.html"""
    if "*" not in pattern:
        return pattern in repository
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, repository) is not None


def registry_rule_covering(configuration: dict[str, Any], repository: str) -> str | None:
    """The frequency of the first registry scanning rule that scans the repository automatically, or None."""
    for rule in configuration.get("rules", []):
        frequency = str(rule.get("scanFrequency", ""))
        if frequency in AUTOMATIC_FREQUENCIES and any(
            filter_matches(str(f.get("filter", "")), repository) for f in rule.get("repositoryFilters", [])
        ):
            return frequency
    return None


@check(
    id="ecr.repository.scan-on-push",
    title="ECR repositories scan images automatically",
    for_each=REPOSITORIES,
    uses=(REGISTRY_SCANNING,),
    severity=Severity.HIGH,
    rationale="Images that are never scanned carry known vulnerabilities into production unnoticed.",
    remediation="Turn on enhanced scanning (Amazon Inspector) for the registry with a continuous or "
    "scan-on-push rule covering every repository, or at least a basic scan-on-push rule.",
)
def scan_on_push(repository: Item, scope: Scope) -> Result:
    """PASS when the registry's enhanced scanning has a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose filter
    matches the repository (the repository's own scanOnPush flag is ignored under enhanced scanning), or,
    under basic scanning, a SCAN_ON_PUSH rule matches it or, when the registry has no rules at all, the
    repository's own imageScanningConfiguration.scanOnPush is true."""
    name = repository.name
    registries = scope.items(REGISTRY_SCANNING)
    configuration: dict[str, Any] = (
        registries[0].data.get("scanningConfiguration", {}) if registries else {}
    )  # a registry that never set one uses basic scanning without rules (AWS's default)
    scan_type = str(configuration.get("scanType", "BASIC"))
    evidence = [d for r in registries for d in r.evidence]
    covered_by = registry_rule_covering(configuration, name)
    if covered_by:
        return scope.passed(
            repository, f"{scan_type.lower()} scanning rule {covered_by} covers {name}", evidence=evidence
        )
    if scan_type == "ENHANCED":
        return scope.failed(
            repository, f"enhanced scanning has no automatic rule matching {name}", evidence=evidence
        )
    own = (repository.data.get("imageScanningConfiguration") or {}).get("scanOnPush") is True
    if own and not configuration.get("rules"):
        return scope.passed(repository, f"{name} scans on push (repository setting)", evidence=evidence)
    why = "its own scanOnPush is ignored because registry rules exist" if own else "scanOnPush is off"
    return scope.failed(repository, f"no basic scan-on-push rule matches {name} and {why}", evidence=evidence)


@check(
    id="ecr.repository.tag-immutability",
    title="ECR repositories have immutable tags",
    for_each=REPOSITORIES,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A mutable tag can be moved to a different image, so the tag a task definition names no "
    "longer says which image runs.",
    remediation="Set imageTagMutability to IMMUTABLE and deploy by version tag or digest.",
)
def tag_immutability(repository: Item, scope: Scope) -> Result:
    """PASS when imageTagMutability is IMMUTABLE with no exclusions (IMMUTABLE_WITH_EXCLUSION leaves the
    excluded tags movable, so it fails and names them)."""
    mutability = str(repository.data.get("imageTagMutability", "MUTABLE"))
    if mutability == "IMMUTABLE":
        return scope.passed(repository, f"{repository.name} tags are immutable")
    exclusions = [
        str(f.get("filter")) for f in repository.data.get("imageTagMutabilityExclusionFilters", []) or []
    ]
    detail = f" (mutable tags: {', '.join(exclusions)})" if exclusions else ""
    return scope.failed(repository, f"{repository.name} tag mutability is {mutability}{detail}")


@check(
    id="ecr.repository.lifecycle-policy",
    title="ECR repositories have a lifecycle policy",
    for_each=REPOSITORIES,
    uses=(),
    severity=Severity.LOW,
    rationale="Without a lifecycle policy old and untagged images pile up, with their unpatched "
    "vulnerabilities still pullable.",
    remediation="Add a lifecycle policy that expires untagged images and keeps only the recent versions.",
)
def lifecycle_policy(repository: Item, scope: Scope) -> Result:
    """PASS when GetLifecyclePolicy returns a policy for the repository."""
    policy = repository["LifecyclePolicy"]
    if policy and policy.get("lifecyclePolicyText"):
        return scope.passed(repository, f"{repository.name} has a lifecycle policy")
    return scope.failed(repository, f"{repository.name} has no lifecycle policy")


def _scan_verdict(image: Item) -> tuple[Status, str]:
    ecr = image.data.get("Ecr")
    reference = image.name
    if ecr is None:
        return Status.FAIL, f"{reference} is not in an ECR registry, so no ECR scan covers it"
    if "ScanFindings" not in image.data and "ScanFindings" not in image.errors:
        return Status.ERROR, f"{reference} is in the {ecr['region']} registry, not readable from this region"
    findings = image["ScanFindings"]
    if findings is None:
        return Status.FAIL, f"{reference} has never been scanned"
    state = str((findings.get("imageScanStatus") or {}).get("status", ""))
    if state in SCANNING:
        return Status.ERROR, f"{reference} scan is {state}: no result yet"
    if state not in SCANNED:
        return Status.FAIL, f"{reference} has no usable scan (status {state or 'unknown'})"
    critical = int((findings.get("findingSeverityCounts") or {}).get("CRITICAL", 0))
    if critical:
        return Status.FAIL, f"{reference} has {critical} critical finding(s)"
    return Status.PASS, f"{reference} was scanned ({state}) with no critical findings"


@check(
    id="ecr.image.critical-findings",
    title="Images running in ECS services have no critical vulnerabilities",
    for_each=IMAGES_IN_USE,
    uses=(),
    severity=Severity.HIGH,
    rationale="A critical vulnerability in a running image is exposed for as long as the service runs it.",
    remediation="Rebuild the image on a patched base, push it and redeploy the services that use it.",
)
def critical_findings(image: Item, scope: Scope) -> Result:
    """PASS when the image, in an ECR registry of this region, has a completed (basic) or active (enhanced)
    scan with no CRITICAL findings. An image never scanned, with a failed or unsupported scan, or outside
    ECR is a FAIL; a scan still running, or a registry this scan cannot read, is an ERROR."""
    status, message = _scan_verdict(image)
    return scope.on_item(image, status, message)


@check(
    id="ecr.repository.kms",
    title="ECR repositories encrypt images with a KMS key",
    for_each=REPOSITORIES,
    uses=(),
    severity=Severity.LOW,
    rationale="Images carry application code and sometimes embedded configuration; with KMS encryption every "
    "decryption is authorised by a key policy and logged in CloudTrail, which the default AES-256 "
    "encryption with Amazon S3 managed keys does not offer.",
    remediation="Encryption is fixed at creation: create a new repository with --encryption-configuration "
    "encryptionType=KMS,kmsKey=KEY, push the images to it and retire the old one.",
)
def repository_kms(repository: Item, scope: Scope) -> Result:
    """PASS when the repository's encryptionConfiguration.encryptionType is KMS or KMS_DSSE (naming the key,
    or the AWS managed aws/ecr key when none is given); AES256, or no encryption configuration reported (the
    AES256 default), is a FAIL."""
    configuration = repository.data.get("encryptionConfiguration") or {}
    encryption = str(configuration.get("encryptionType") or "AES256")
    if encryption.upper() in ("KMS", "KMS_DSSE"):
        key = configuration.get("kmsKey") or "the AWS managed aws/ecr key"
        return scope.passed(repository, f"{repository.name} encrypts images with {encryption} ({key})")
    return scope.failed(repository, f"{repository.name} encrypts images with {encryption}, not a KMS key")
