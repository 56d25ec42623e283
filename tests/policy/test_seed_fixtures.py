"""The seeds' example policies (seed digest §6.3) give the verdicts the digest lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checks.organizations import parse_scp
from scanner.policy import Decision, PolicyError, Request, aws_principal, evaluate, parse_policy
from scanner.policy.analysis import RequestFamily, Trust, deny_coverage, outsider_grants

FIXTURES = Path(__file__).parent / "fixtures"
ORG_ACCOUNT = "111122223333"


def load(name: str) -> str:
    return (FIXTURES / name).read_text()


def tls_family(bucket: str) -> RequestFamily:
    arn = f"arn:aws:s3:::{bucket}"
    return RequestFamily(("s3:*",), (arn, f"{arn}/*"), {"aws:securetransport": ("false",)})


def test_f000_1_as_written_is_not_a_valid_scp() -> None:
    with pytest.raises(PolicyError, match="cannot name a Principal"):
        parse_scp(load("f-000-1.json"), "F-000-1")


def test_f000_1_normalised_as_an_scp_denies_unencrypted_uploads() -> None:
    data: dict[str, Any] = json.loads(load("f-000-1.json"))
    data.pop("Id")
    for statement in data["Statement"]:
        statement.pop("Principal")
    policy = parse_scp(json.dumps(data), "F-000-1 as SCP")
    family = RequestFamily(
        ("s3:PutObject",), ("arn:aws:s3:::*/*",), {"s3:x-amz-server-side-encryption": None}
    )
    coverage = deny_coverage([policy], family)
    assert coverage.complete
    assert [s.sid for s in coverage.proofs] == ["DenyIncorrectEncryptionHeader"]
    # The AES256 pin also denies SSE-KMS uploads: worth knowing before attaching it.
    kms = Request.of(
        "s3:PutObject", "arn:aws:s3:::b/k", context={"s3:x-amz-server-side-encryption": "aws:kms"}
    )
    assert evaluate([policy], kms).decision is Decision.EXPLICIT_DENY


def test_f000_1_normalised_as_a_bucket_policy_denies_unencrypted_uploads() -> None:
    data: dict[str, Any] = json.loads(load("f-000-1.json"))
    for statement in data["Statement"]:
        statement["Resource"] = "arn:aws:s3:::B/*"
    policy = parse_policy(json.dumps(data), "F-000-1 as bucket policy")
    family = RequestFamily(
        ("s3:PutObject",), ("arn:aws:s3:::B/*",), {"s3:x-amz-server-side-encryption": None}
    )
    assert deny_coverage([policy], family).complete


def test_f000_2_endpoint_policy_is_not_full_access_but_open_to_any_principal() -> None:
    from checks.vpc_policy import full_access_statements

    policy = parse_policy(load("f-000-2.json"), "F-000-2")
    assert policy.version == "2008-10-17"  # no Version element
    assert full_access_statements(policy) == []
    [statement] = policy.statements
    assert statement.principals is not None and statement.principals.everyone


def test_f000_3_vpc_only_bucket_denies_outside_the_vpc_but_is_not_tls_only() -> None:
    policy = parse_policy(load("f-000-3.json"), "F-000-3")  # trailing spaces after the brace parse
    arn = "arn:aws:s3:::my_secure_bucket"
    for outside in ({"aws:sourcevpc": None}, {"aws:sourcevpc": ("vpc-0ther",)}):
        assert deny_coverage([policy], RequestFamily(("s3:*",), (arn, f"{arn}/*"), outside)).complete
    inside = Request.of("s3:GetObject", f"{arn}/k", context={"aws:SourceVpc": "vpc-111bbb22"})
    assert evaluate([policy], inside).decision is Decision.IMPLICIT_DENY  # not denied; nothing allows either
    tls = deny_coverage([policy], tls_family("my_secure_bucket"))
    assert not tls.complete and "aws:sourceVpc" in " ".join(tls.near_misses)


def test_f000_5_cross_account_grant_is_outside_access_and_not_tls_only() -> None:
    policy = parse_policy(load("f-000-5.json"), "F-000-5")
    grants = outsider_grants(policy, Trust(frozenset({ORG_ACCOUNT})))
    assert [g.to for g in grants] == ["arn:aws:iam::123456789123:root"]
    assert "s3:PutObject" in grants[0].why  # grants write as well as read
    # Inside the organization, the same grant is not outside access.
    assert outsider_grants(policy, Trust(frozenset({ORG_ACCOUNT, "123456789123"}))) == []
    assert not deny_coverage([policy], tls_family("my-athena-data-bucket")).complete
    writer = Request.of(
        "s3:PutObject",
        "arn:aws:s3:::my-athena-data-bucket/x",
        aws_principal("arn:aws:iam::123456789123:role/etl"),
    )
    assert evaluate([policy], writer).decision is Decision.ALLOW


def test_f004_1_web_identity_trust_pins_the_subject_and_flags_the_placeholder() -> None:
    from checks.iam_trust import web_identity_findings

    policy = parse_policy(load("f-004-1.json"), "F-004-1")
    [finding] = web_identity_findings(policy)
    assert finding.pinned and finding.placeholders == ["<some_service_account_identifier>"]
    resolved = parse_policy(
        load("f-004-1.json").replace("<some_service_account_identifier>", "1234"), "F-004-1"
    )
    [finding] = web_identity_findings(resolved)
    assert finding.pinned and not finding.placeholders
    data = json.loads(load("f-004-1.json"))
    del data["Statement"][0]["Condition"]
    [finding] = web_identity_findings(parse_policy(json.dumps(data), "F-004-1 without condition"))
    assert not finding.pinned


def test_f000_3_through_the_vpc_only_check() -> None:
    from checks.s3_policy import vpc_only_access
    from tests.builders import InventoryBuilder, item, run_check

    arn = "arn:aws:s3:::my_secure_bucket"
    bucket = item(arn, {"Policy": load("f-000-3.json")}, name="my_secure_bucket")
    table = item("arn:aws:glue:us-east-1:1:table/db/t", {"Location": "s3://my_secure_bucket/t/"}, name="db.t")
    inv = (
        InventoryBuilder()
        .add("s3.buckets", [bucket])
        .add("glue.tables", [table])
        .add("athena.workgroups", [])
    )
    [result] = run_check(vpc_only_access, inv)
    assert result.status.value == "PASS" and "vpc-111bbb22" in result.message
    assert result.details["athena_exception"] is False  # the digest's "Athena-incompatible" flag
