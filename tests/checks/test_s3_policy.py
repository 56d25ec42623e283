"""S3 bucket policy checks: TLS only, no public access, and access only through the VPC endpoints."""

from __future__ import annotations

from typing import Any

from checks.s3_policy import public_access, tls_only, vpc_only_access
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    policy_document,
    run_check,
    statuses,
)

BUCKET = "arn:aws:s3:::data"


ALL_ON = {
    k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
}


OWNER_ONLY = {"Owner": {"ID": "me"}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "me"}}]}


TLS_DENY = {
    "Sid": "TLS",
    "Effect": "Deny",
    "Principal": {"AWS": "*"},
    "Action": "s3:*",
    "Resource": [BUCKET, f"{BUCKET}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": ["false"]}},
}


def bucket(policy_text: str | None, **aspects: Any) -> Item:
    data = {"Policy": policy_text, "PublicAccessBlock": None, "Acl": OWNER_ONLY, **aspects}
    return item(BUCKET, data, name="data")


def run_bucket(check: Any, b: Item, account_bpa: dict[str, bool] | None = ALL_ON) -> Result:
    inv = InventoryBuilder().add("s3.buckets", [b])
    inv.add("s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": account_bpa})])
    [result] = run_check(check, inv)
    return result


def test_tls_only_passes_with_a_universal_deny_and_cites_it() -> None:
    result = run_bucket(tls_only, bucket(policy_document(TLS_DENY)))
    assert result.status is Status.PASS and "'TLS'" in result.message
    assert result.details["deciding_statements"][0]["statement"]["Sid"] == "TLS"


def test_tls_only_split_statements_for_bucket_and_objects_pass_together() -> None:
    on_bucket = {**TLS_DENY, "Sid": "B", "Resource": BUCKET}
    on_objects = {**TLS_DENY, "Sid": "O", "Resource": f"{BUCKET}/*"}
    assert run_bucket(tls_only, bucket(policy_document(on_bucket, on_objects))).status is Status.PASS


def test_tls_only_fails_for_partial_denies_that_string_matching_would_pass() -> None:
    partial = [
        {**TLS_DENY, "Action": "s3:Get*"},  # only some actions
        {**TLS_DENY, "Resource": f"{BUCKET}/*"},  # objects, not the bucket
        {**TLS_DENY, "Principal": {"AWS": "arn:aws:iam::999999999999:root"}},  # one principal
        {**TLS_DENY, "Condition": {**TLS_DENY["Condition"], "StringEquals": {"aws:PrincipalAccount": "1"}}},
        {**TLS_DENY, "Effect": "Allow"},
        {**TLS_DENY, "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]},  # no future actions
    ]
    for statement in partial:
        result = run_bucket(tls_only, bucket(policy_document(statement)))
        assert result.status is Status.FAIL, statement
        assert result.details["not_denied"]
    assert run_bucket(tls_only, bucket(None)).status is Status.FAIL


def test_tls_only_errors_on_a_broken_policy_naming_the_bucket() -> None:
    result = run_bucket(tls_only, bucket('{"Statement": [{"Effect": "Deny"'))
    assert result.status is Status.ERROR and "bucket policy of data" in result.message
    unreadable = item(BUCKET, {"PublicAccessBlock": None}, errors={"Policy": ACCESS_DENIED})
    assert run_bucket(tls_only, unreadable).status is Status.ERROR


def test_public_access_passes_when_closed_and_fails_for_each_opening() -> None:
    assert run_bucket(public_access, bucket(policy_document(TLS_DENY))).status is Status.PASS
    off = run_bucket(public_access, bucket(None), account_bpa=None)
    assert off.status is Status.FAIL and "RestrictPublicBuckets" in off.message
    only_bucket = run_bucket(public_access, bucket(None, PublicAccessBlock=ALL_ON), account_bpa=None)
    assert only_bucket.status is Status.PASS
    public_read = {
        "Sid": "Read",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    opened = run_bucket(public_access, bucket(policy_document(public_read)))
    assert opened.status is Status.FAIL and opened.details["granting_statements"][0]["sid"] == "Read"
    acl = {
        "Owner": {"ID": "me"},
        "Grants": [{"Grantee": {"URI": "http://acs.amazonaws.com/groups/global/AllUsers"}}],
    }
    assert "AllUsers" in run_bucket(public_access, bucket(None, Acl=acl)).message


def test_public_access_respects_conditions_and_neutralising_denies() -> None:
    read = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"}
    pinned = {**read, "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}
    assert run_bucket(public_access, bucket(policy_document(pinned))).status is Status.PASS
    referer = {**read, "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}}
    assert (
        run_bucket(public_access, bucket(policy_document(referer))).status is Status.FAIL
    )  # anyone can send a Referer
    fence = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": f"{BUCKET}/*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}},
    }
    assert run_bucket(public_access, bucket(policy_document(read, fence))).status is Status.PASS
    leaky_fence = {**fence, "Action": "s3:PutObject"}
    assert run_bucket(public_access, bucket(policy_document(read, leaky_fence))).status is Status.FAIL


def test_public_access_errors_when_account_block_public_access_is_unreadable() -> None:
    inv = InventoryBuilder().add("s3.buckets", [bucket(None)]).unavailable("s3.account-public-access-block")
    assert statuses(run_check(public_access, inv)) == ["ERROR"]


VPC_ONLY = {
    "Sid": "OnlyFromVpc",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [BUCKET, f"{BUCKET}/*"],
    "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-111bbb22"}},
}


def run_vpc_only(*buckets: Item, location: str = "s3://data/orders/") -> list[Result]:
    table = item(
        f"arn:aws:glue:{REGION}:{ACCOUNT}:table/sales/orders", {"Location": location}, name="sales.orders"
    )
    inv = (
        InventoryBuilder()
        .add("s3.buckets", list(buckets))
        .add("glue.tables", [table])
        .add("athena.workgroups", [])
    )
    return run_check(vpc_only_access, inv)


def test_vpc_only_passes_for_the_seed_policy_and_notes_the_missing_athena_exception() -> None:
    [result] = run_vpc_only(bucket(policy_document(VPC_ONLY)))
    assert result.status is Status.PASS and "vpc-111bbb22" in result.message
    assert "Athena makes on the caller's behalf" in result.message
    assert result.details["deciding_statements"][0]["sid"] == "OnlyFromVpc"
    with_exception = {
        **VPC_ONLY,
        "Condition": {**VPC_ONLY["Condition"], "Bool": {"aws:ViaAWSService": "false"}},
    }
    [result] = run_vpc_only(bucket(policy_document(with_exception)))
    assert result.status is Status.PASS and result.details["athena_exception"] is True


def test_vpc_only_fails_when_some_network_or_action_escapes() -> None:
    internet_only = {**VPC_ONLY, "Condition": {"Null": {"aws:SourceVpc": "true"}}}  # other VPCs get in
    reads_only = {**VPC_ONLY, "Action": "s3:GetObject"}
    for statement in (internet_only, reads_only):
        [result] = run_vpc_only(bucket(policy_document(statement)))
        assert result.status is Status.FAIL, statement
    [none] = run_vpc_only(bucket(None))
    assert none.status is Status.FAIL and "Glue table sales.orders" in none.message


def test_vpc_only_errors_and_not_applicable() -> None:
    [broken] = run_vpc_only(bucket("{"))
    assert broken.status is Status.ERROR
    [elsewhere] = run_vpc_only(bucket(None), location="s3://partner-bucket/x/")
    assert elsewhere.status is Status.ERROR and "partner-bucket" in elsewhere.message
    [nothing] = run_vpc_only(bucket(None), location="hdfs://cluster/x")
    assert nothing.status is Status.NOT_APPLICABLE
    denied = InventoryBuilder().add("s3.buckets", []).unavailable("glue.tables").add("athena.workgroups", [])
    assert "ERROR" in statuses(run_check(vpc_only_access, denied))
