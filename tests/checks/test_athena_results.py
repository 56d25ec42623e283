"""Athena results buckets: in the workgroup's region, and protected by the same rules as any S3 bucket."""

from __future__ import annotations

import json
from typing import Any

from checks.athena_results import results_bucket_protected, results_bucket_region
from scanner.errors import Reason, ReasonKind
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check

OTHER = "222222222222"
MGMT = "999999999999"
BPA_ON = dict.fromkeys(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
)
TLS_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TLS",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::results", "arn:aws:s3:::results/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
)
PROTECTED = {
    "Location": REGION,
    "Encryption": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}],
    "Policy": TLS_POLICY,
    "PublicAccessBlock": BPA_ON,
    "Acl": {"Owner": {"ID": "me"}, "Grants": []},
    "OwnershipControls": [{"ObjectOwnership": "BucketOwnerEnforced"}],
}


def workgroup(location: str | None = "s3://results/athena/", state: str = "ENABLED", **result: Any) -> Item:
    result_cfg = {"OutputLocation": location, **result} if location else dict(result)
    arn = f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/analytics"
    return item(arn, {"State": state, "WorkGroup": {"Configuration": {"ResultConfiguration": result_cfg}}})


def bucket(errors: dict[str, Reason] | None = None, **aspects: Any) -> Item:
    data = {**PROTECTED, **aspects}
    return item("arn:aws:s3:::results", data, name="results", region=data["Location"], errors=errors)


def inventory(
    wg: Item, *, own: list[Item] | None = None, other: list[Item] | None = None
) -> InventoryBuilder:
    inv = InventoryBuilder().add("athena.workgroups", [wg]).add("s3.buckets", own or [])
    inv.add("s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": BPA_ON})])
    if other is not None:
        inv.add("s3.buckets", other, account=OTHER)
        inv.add(
            "s3.account-public-access-block",
            [item("bpa", {"PublicAccessBlockConfiguration": {}})],
            account=OTHER,
        )
    return inv


def run(check: Any, inv: InventoryBuilder) -> Result:
    org = org_of(MGMT, ACCOUNT, OTHER)
    [result] = run_check(check, inv, accounts=[org.accounts[ACCOUNT]], org=org)
    return result


def test_region_passes_in_the_same_region_and_fails_elsewhere() -> None:
    same = run(results_bucket_region, inventory(workgroup(), own=[bucket()]))
    assert same.status is Status.PASS and same.evidence
    away = run(results_bucket_region, inventory(workgroup(), own=[bucket(Location="eu-west-1")]))
    assert away.status is Status.FAIL and "eu-west-1" in away.message


def test_region_reads_a_bucket_of_another_scanned_account() -> None:
    result = run(results_bucket_region, inventory(workgroup(), other=[bucket(Location="eu-central-1")]))
    assert result.status is Status.FAIL and "eu-central-1" in result.message


def test_region_errors_when_the_bucket_or_its_location_is_unknown() -> None:
    assert run(results_bucket_region, inventory(workgroup())).status is Status.ERROR
    unread = bucket(errors={"Location": ACCESS_DENIED})
    del unread.data["Location"]
    assert run(results_bucket_region, inventory(workgroup(), own=[unread])).status is Status.ERROR
    denied = InventoryBuilder().add("athena.workgroups", [workgroup()]).unavailable("s3.buckets")
    assert run(results_bucket_region, denied).status is Status.ERROR


def test_region_not_applicable_without_a_location_or_when_disabled() -> None:
    assert run(results_bucket_region, inventory(workgroup(None))).status is Status.NOT_APPLICABLE
    disabled = workgroup(state="DISABLED")
    assert run(results_bucket_region, inventory(disabled, own=[bucket()])).status is Status.NOT_APPLICABLE


def test_protected_passes_when_every_bucket_rule_passes() -> None:
    result = run(results_bucket_protected, inventory(workgroup(), own=[bucket()]))
    assert result.status is Status.PASS, result.message
    assert result.details["rules"] == dict.fromkeys(
        ("default encryption", "public access", "TLS only", "object ownership"), "PASS"
    )


def test_protected_fails_for_each_weakness_of_the_bucket() -> None:
    weaknesses = {
        "default encryption": {"Encryption": None},
        "public access": {"PublicAccessBlock": {"BlockPublicAcls": True}},
        "TLS only": {"Policy": None},
        "object ownership": {"OwnershipControls": [{"ObjectOwnership": "ObjectWriter"}]},
    }
    for rule, aspects in weaknesses.items():
        wg = workgroup()
        inv = InventoryBuilder().add("athena.workgroups", [wg]).add("s3.buckets", [bucket(**aspects)])
        inv.add("s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": {}})])
        result = run(results_bucket_protected, inv)
        assert result.status is Status.FAIL and rule in result.message, (rule, result.message)


def test_protected_cross_account_needs_expected_owner_and_the_owners_settings() -> None:
    unpinned = run(results_bucket_protected, inventory(workgroup(), other=[bucket()]))
    assert unpinned.status is Status.FAIL and "ExpectedBucketOwner" in unpinned.message
    pinned = run(results_bucket_protected, inventory(workgroup(ExpectedBucketOwner=OTHER), other=[bucket()]))
    assert pinned.status is Status.PASS and OTHER in pinned.message
    # The owner's account-level Block Public Access is what counts, not the workgroup account's.
    open_bucket = bucket(PublicAccessBlock=None)
    leaky = run(
        results_bucket_protected, inventory(workgroup(ExpectedBucketOwner=OTHER), other=[open_bucket])
    )
    assert leaky.status is Status.FAIL and "public access" in leaky.message


def test_protected_errors_for_unreadable_buckets_and_never_passes_them() -> None:
    unscanned = run(results_bucket_protected, inventory(workgroup(ExpectedBucketOwner=OTHER)))
    assert unscanned.status is Status.ERROR and "no bucket inventory" in unscanned.message
    unread = bucket(errors={"Policy": ACCESS_DENIED})
    del unread.data["Policy"]
    result = run(results_bucket_protected, inventory(workgroup(), own=[unread]))
    assert result.status is Status.ERROR and result.details["rules"]["TLS only"] == "ERROR"
    owner_bpa_unknown = InventoryBuilder().add("athena.workgroups", [workgroup(ExpectedBucketOwner=OTHER)])
    owner_bpa_unknown.add("s3.buckets", []).add(
        "s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": BPA_ON})]
    )
    owner_bpa_unknown.add("s3.buckets", [bucket()], account=OTHER)
    owner_bpa_unknown.unavailable(
        "s3.account-public-access-block", Reason(ReasonKind.ACCESS_DENIED, "denied"), account=OTHER
    )
    assert run(results_bucket_protected, owner_bpa_unknown).status is Status.ERROR
    owner_bpa_missing = inventory(workgroup(ExpectedBucketOwner=OTHER))
    owner_bpa_missing.add("s3.buckets", [bucket()], account=OTHER)
    assert run(results_bucket_protected, owner_bpa_missing).status is Status.ERROR


def test_protected_not_applicable_for_disabled_or_managed_results() -> None:
    disabled = run(results_bucket_protected, inventory(workgroup(state="DISABLED"), own=[bucket()]))
    assert disabled.status is Status.NOT_APPLICABLE
    managed = workgroup(None)
    managed.data["WorkGroup"]["Configuration"]["ManagedQueryResultsConfiguration"] = {"Enabled": True}
    result = run(results_bucket_protected, inventory(managed))
    assert result.status is Status.NOT_APPLICABLE and "managed" in result.message
