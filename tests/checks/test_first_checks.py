"""The pipeline's first checks, each with PASS, FAIL and ERROR cases over plain-dict inventories."""

from __future__ import annotations

from checks.athena import workgroup_results_encrypted
from checks.cloudtrail import multi_region_logging
from checks.iam import root_mfa
from checks.s3 import bucket_default_encryption
from checks.vpc import vpc_has_athena_endpoint
from scanner.model import Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    TRAIL_ARN,
    InventoryBuilder,
    item,
    org_of,
    run_check,
    statuses,
    trail,
)


def bucket(name: str, encryption: object = None, **errors: object) -> object:
    return item(f"arn:aws:s3:::{name}", {"Encryption": encryption}, errors=errors or None)  # type: ignore[arg-type]


def test_bucket_with_kms_default_encryption_passes() -> None:
    rules = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "k"}}]
    inv = InventoryBuilder().add("s3.buckets", [bucket("b", rules)])
    [result] = run_check(bucket_default_encryption, inv)
    assert result.status is Status.PASS
    assert result.resource_id == "arn:aws:s3:::b"
    assert "aws:kms" in result.message
    assert result.evidence  # every verdict cites the responses behind it


def test_bucket_without_default_encryption_fails() -> None:
    inv = InventoryBuilder().add("s3.buckets", [bucket("b", None)])
    assert statuses(run_check(bucket_default_encryption, inv)) == ["FAIL"]


def test_bucket_with_unknown_algorithm_fails() -> None:
    rules = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "none"}}]
    inv = InventoryBuilder().add("s3.buckets", [bucket("b", rules)])
    assert statuses(run_check(bucket_default_encryption, inv)) == ["FAIL"]


def test_unreadable_encryption_is_error_for_that_bucket_only() -> None:
    good = bucket("good", [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}])
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


def workgroup(name: str, configuration: dict[str, object]) -> object:
    return item(
        f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/{name}",
        {"WorkGroup": {"Name": name, "Configuration": configuration}},
    )


def test_workgroup_encrypted_and_enforced_passes() -> None:
    cfg = {
        "ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_KMS"}},
        "EnforceWorkGroupConfiguration": True,
    }
    inv = InventoryBuilder().add("athena.workgroups", [workgroup("wg", cfg)])
    assert statuses(run_check(workgroup_results_encrypted, inv)) == ["PASS"]


def test_workgroup_encrypted_but_not_enforced_fails() -> None:
    cfg = {"ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_KMS"}}}
    inv = InventoryBuilder().add("athena.workgroups", [workgroup("wg", cfg)])
    [result] = run_check(workgroup_results_encrypted, inv)
    assert result.status is Status.FAIL
    assert "override" in result.message


def test_workgroup_unencrypted_fails() -> None:
    inv = InventoryBuilder().add(
        "athena.workgroups", [workgroup("wg", {"EnforceWorkGroupConfiguration": True})]
    )
    assert statuses(run_check(workgroup_results_encrypted, inv)) == ["FAIL"]


def test_workgroups_unavailable_in_one_region_is_error_there_only() -> None:
    cfg = {
        "ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}},
        "EnforceWorkGroupConfiguration": True,
    }
    inv = (
        InventoryBuilder()
        .add("athena.workgroups", [workgroup("wg", cfg)])
        .unavailable("athena.workgroups", ACCESS_DENIED, region="eu-west-1")
    )
    results = run_check(workgroup_results_encrypted, inv, regions=(REGION, "eu-west-1"))
    assert {(r.region, r.status.value) for r in results} == {(REGION, "PASS"), ("eu-west-1", "ERROR")}


def test_root_mfa() -> None:
    def summary(flag: int) -> InventoryBuilder:
        return InventoryBuilder().add(
            "iam.account-summary",
            [item(f"arn:aws:iam::{ACCOUNT}:root", {"AccountMFAEnabled": flag}, region="global")],
        )

    assert statuses(run_check(root_mfa, summary(1))) == ["PASS"]
    assert statuses(run_check(root_mfa, summary(0))) == ["FAIL"]
    denied = InventoryBuilder().unavailable("iam.account-summary", ACCESS_DENIED)
    assert statuses(run_check(root_mfa, denied)) == ["ERROR"]


def vpc(vpc_id: str) -> object:
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/{vpc_id}", {"VpcId": vpc_id, "IsDefault": False})


def endpoint(
    vpc_id: str, service: str = f"com.amazonaws.{REGION}.athena", state: str = "available"
) -> object:
    return item(
        f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-endpoint/vpce-{vpc_id}",
        {"VpcId": vpc_id, "ServiceName": service, "VpcEndpointType": "Interface", "State": state},
    )


def test_vpc_athena_endpoint() -> None:
    inv = (
        InventoryBuilder()
        .add("ec2.vpcs", [vpc("vpc-1"), vpc("vpc-2"), vpc("vpc-3")])
        .add(
            "ec2.vpc-endpoints",
            [
                endpoint("vpc-1"),
                endpoint("vpc-2", service=f"com.amazonaws.{REGION}.s3"),
                endpoint("vpc-3", state="pendingAcceptance"),
            ],
        )
    )
    by_vpc = {
        r.resource_id.rsplit("/", 1)[-1]: r.status.value for r in run_check(vpc_has_athena_endpoint, inv)
    }
    assert by_vpc == {"vpc-1": "PASS", "vpc-2": "FAIL", "vpc-3": "FAIL"}


def test_vpc_endpoints_unreadable_is_error() -> None:
    inv = InventoryBuilder().add("ec2.vpcs", [vpc("vpc-1")]).unavailable("ec2.vpc-endpoints", ACCESS_DENIED)
    assert statuses(run_check(vpc_has_athena_endpoint, inv)) == ["ERROR"]


def test_trail_multi_region_logging_passes() -> None:
    inv = InventoryBuilder().add("cloudtrail.trails", [trail()])
    assert statuses(run_check(multi_region_logging, inv)) == ["PASS"]


def test_trail_not_logging_or_single_region_fails() -> None:
    stopped = InventoryBuilder().add("cloudtrail.trails", [trail(logging=False)])
    single = InventoryBuilder().add("cloudtrail.trails", [trail(multi=False)])
    write_only = InventoryBuilder().add(
        "cloudtrail.trails",
        [
            trail(
                selectors={
                    "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}]
                }
            )
        ],
    )
    none = InventoryBuilder().add("cloudtrail.trails", [])
    for inv in (stopped, single, write_only, none):
        assert statuses(run_check(multi_region_logging, inv)) == ["FAIL"]


def test_trail_status_unreadable_is_error() -> None:
    denied = item(
        TRAIL_ARN,
        {"Name": "main", "TrailARN": TRAIL_ARN, "IsMultiRegionTrail": True, "HomeRegion": REGION},
        errors={"Status": ACCESS_DENIED, "EventSelectors": ACCESS_DENIED},
    )
    inv = InventoryBuilder().add("cloudtrail.trails", [denied])
    [result] = run_check(multi_region_logging, inv)
    assert result.status is Status.ERROR


def test_shadow_copy_does_not_override_home_region_verdict() -> None:
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [trail()])
        .add("cloudtrail.trails", [trail(region="eu-west-1", with_status=False)], region="eu-west-1")
    )
    assert statuses(run_check(multi_region_logging, inv, regions=(REGION, "eu-west-1"))) == ["PASS"]


def test_trail_homed_outside_scanned_regions_is_error_not_fail() -> None:
    inv = InventoryBuilder().add("cloudtrail.trails", [trail(home="ap-south-1", with_status=False)])
    [result] = run_check(multi_region_logging, inv)
    assert result.status is Status.ERROR
    assert "ap-south-1" in result.message


def test_member_account_covered_by_management_org_trail() -> None:
    mgmt, member = "222222222222", ACCOUNT
    org_trail = trail(f"arn:aws:cloudtrail:{REGION}:{mgmt}:trail/org", org=True)
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=member)
        .add("cloudtrail.trails", [org_trail], account=mgmt)
    )
    org = org_of(mgmt, member)
    results = run_check(multi_region_logging, inv, accounts=[org.accounts[member]], org=org)
    assert statuses(results) == ["PASS"]
    assert mgmt in results[0].message


def test_member_account_fails_when_org_trail_stopped() -> None:
    mgmt, member = "222222222222", ACCOUNT
    org_trail = trail(f"arn:aws:cloudtrail:{REGION}:{mgmt}:trail/org", org=True, logging=False)
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=member)
        .add("cloudtrail.trails", [org_trail], account=mgmt)
    )
    org = org_of(mgmt, member)
    assert statuses(run_check(multi_region_logging, inv, accounts=[org.accounts[member]], org=org)) == [
        "FAIL"
    ]


def test_member_account_error_when_management_trails_unreadable() -> None:
    mgmt, member = "222222222222", ACCOUNT
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=member)
        .unavailable("cloudtrail.trails", ACCESS_DENIED, account=mgmt)
    )
    org = org_of(mgmt, member)
    [result] = run_check(multi_region_logging, inv, accounts=[org.accounts[member]], org=org)
    assert result.status is Status.ERROR
