"""ECR checks: scan coverage (repository flag and registry rules), tag immutability, lifecycle policies and
critical findings of images in use."""

from __future__ import annotations

from typing import Any

import pytest

from checks.ecr import (
    critical_findings,
    filter_matches,
    lifecycle_policy,
    repository_kms,
    scan_on_push,
    tag_immutability,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def repository(name: str = "payments/api", **data: Any) -> Item:
    arn = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{name}"
    body = {
        "repositoryName": name,
        "repositoryArn": arn,
        "imageTagMutability": "IMMUTABLE",
        "imageScanningConfiguration": {"scanOnPush": False},
        "LifecyclePolicy": {"lifecyclePolicyText": '{"rules": []}'},
    }
    return item(arn, body | data, name=name)


def registry(scan_type: str = "BASIC", *rules: tuple[str, list[str]]) -> Item:
    configuration = {
        "scanType": scan_type,
        "rules": [
            {"scanFrequency": f, "repositoryFilters": [{"filter": p, "filterType": "WILDCARD"} for p in ps]}
            for f, ps in rules
        ],
    }
    return item(f"{REGION}/{ACCOUNT}", {"registryId": ACCOUNT, "scanningConfiguration": configuration})


def scan(repo: Item, reg: Item | None = None) -> Result:
    inv = InventoryBuilder().add("ecr.repositories", [repo])
    inv.add("ecr.registry-scanning", [reg or registry()])
    [result] = run_check(scan_on_push, inv)
    return result


def test_filter_semantics_follow_ecr() -> None:
    assert filter_matches("*", "anything")
    assert filter_matches("prod*", "prod-api") and not filter_matches("prod*", "preprod-api")
    assert filter_matches("api", "payments/api-v2")  # no wildcard: a substring match
    assert filter_matches("*api", "payments/api") and not filter_matches("*api", "payments/api-v2")
    assert not filter_matches("pay.*", "payments")  # only * is special


def test_scan_on_push_passes_from_the_repository_flag_or_a_matching_registry_rule() -> None:
    own = scan(repository(imageScanningConfiguration={"scanOnPush": True}))
    assert own.status is Status.PASS and "repository setting" in own.message
    enhanced = scan(repository(), registry("ENHANCED", ("CONTINUOUS_SCAN", ["payments*"])))
    assert enhanced.status is Status.PASS and "CONTINUOUS_SCAN" in enhanced.message
    basic_rule = scan(repository(), registry("BASIC", ("SCAN_ON_PUSH", ["*"])))
    assert basic_rule.status is Status.PASS


def test_scan_on_push_fails_without_coverage() -> None:
    assert scan(repository()).status is Status.FAIL
    # Under enhanced scanning the repository's own flag is ignored.
    flag_only = repository(imageScanningConfiguration={"scanOnPush": True})
    assert scan(flag_only, registry("ENHANCED", ("CONTINUOUS_SCAN", ["other*"]))).status is Status.FAIL
    manual = scan(repository(), registry("ENHANCED", ("MANUAL", ["*"])))
    assert manual.status is Status.FAIL
    overridden = scan(flag_only, registry("BASIC", ("SCAN_ON_PUSH", ["other"])))
    assert overridden.status is Status.FAIL and "ignored" in overridden.message


def test_scan_on_push_errors_when_the_registry_configuration_cannot_be_read() -> None:
    inv = InventoryBuilder().add(
        "ecr.repositories", [repository(imageScanningConfiguration={"scanOnPush": True})]
    )
    inv.unavailable("ecr.registry-scanning")
    assert statuses(run_check(scan_on_push, inv)) == ["ERROR"]


@pytest.mark.parametrize(
    ("mutability", "expected"),
    [("IMMUTABLE", "PASS"), ("MUTABLE", "FAIL"), ("IMMUTABLE_WITH_EXCLUSION", "FAIL")],
)
def test_tag_immutability(mutability: str, expected: str) -> None:
    repo = repository(
        imageTagMutability=mutability, imageTagMutabilityExclusionFilters=[{"filter": "latest"}]
    )
    [result] = run_check(tag_immutability, InventoryBuilder().add("ecr.repositories", [repo]))
    assert result.status.value == expected
    unavailable = InventoryBuilder().unavailable("ecr.repositories")
    assert statuses(run_check(tag_immutability, unavailable)) == ["ERROR"]


def test_lifecycle_policy_passes_fails_and_errors() -> None:
    def status(repo: Item) -> list[str]:
        return statuses(run_check(lifecycle_policy, InventoryBuilder().add("ecr.repositories", [repo])))

    assert status(repository()) == ["PASS"]
    assert status(repository(LifecyclePolicy=None)) == ["FAIL"]
    unreadable = item(
        f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/x",
        {"repositoryName": "x"},
        errors={"LifecyclePolicy": ACCESS_DENIED},
    )
    assert status(unreadable) == ["ERROR"]


IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/payments/api:1.4"
ECR = {"registry": ACCOUNT, "region": REGION, "repository": "payments/api", "tag": "1.4"}


def image(findings: Any = None, ecr: Any = ECR, reference: str = IMAGE, **extra: Any) -> Item:
    data: dict[str, Any] = {"Image": reference, "Ecr": ecr, "UsedBy": ["td"]} | extra
    if findings is not None or (ecr is not None and ecr.get("region") == REGION):
        data["ScanFindings"] = findings
    return item(f"{REGION}/image/{reference}", data, name=reference)


def scanned(status: str = "COMPLETE", **counts: int) -> dict[str, Any]:
    return {"imageScanStatus": {"status": status}, "findingSeverityCounts": counts}


def verdict(*images: Item) -> list[Result]:
    return run_check(critical_findings, InventoryBuilder().add("ecr.images-in-use", list(images)))


def test_critical_findings_pass_for_scanned_images_without_criticals() -> None:
    [basic, enhanced] = verdict(image(scanned(HIGH=3)), image(scanned("ACTIVE", MEDIUM=1)))
    assert basic.status is Status.PASS and enhanced.status is Status.PASS


def test_critical_findings_fail_for_criticals_missing_scans_and_non_ecr_images() -> None:
    critical, never, unsupported, docker_hub = verdict(
        image(scanned(CRITICAL=2)),
        image(None),
        image(scanned("UNSUPPORTED_IMAGE")),
        image(None, ecr=None, reference="nginx:latest"),
    )
    assert critical.status is Status.FAIL and "2 critical" in critical.message
    assert never.status is Status.FAIL and "never been scanned" in never.message
    assert unsupported.status is Status.FAIL
    assert docker_hub.status is Status.FAIL and "not in an ECR registry" in docker_hub.message


def test_critical_findings_error_when_unknown() -> None:
    elsewhere = dict(ECR, region="eu-west-2")
    in_progress, other_region = verdict(image(scanned("IN_PROGRESS")), image(ecr=elsewhere))
    assert in_progress.status is Status.ERROR and other_region.status is Status.ERROR
    denied = item(f"{REGION}/image/x", {"Image": IMAGE, "Ecr": ECR}, errors={"ScanFindings": ACCESS_DENIED})
    assert statuses(verdict(denied)) == ["ERROR"]
    unavailable = InventoryBuilder().unavailable("ecr.images-in-use")
    assert statuses(run_check(critical_findings, unavailable)) == ["ERROR"]


def test_repository_kms_encryption() -> None:
    def judged(repo: Item) -> Result:
        [result] = run_check(repository_kms, InventoryBuilder().add("ecr.repositories", [repo]))
        return result

    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/ecr"
    kms = judged(repository(encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key}))
    assert kms.status is Status.PASS and key in kms.message
    assert judged(repository(encryptionConfiguration={"encryptionType": "KMS_DSSE"})).status is Status.PASS
    assert judged(repository(encryptionConfiguration={"encryptionType": "AES256"})).status is Status.FAIL
    assert judged(repository()).status is Status.FAIL  # no configuration reported: the AES256 default
    denied = InventoryBuilder().unavailable("ecr.repositories", ACCESS_DENIED)
    assert statuses(run_check(repository_kms, denied)) == ["ERROR"]
