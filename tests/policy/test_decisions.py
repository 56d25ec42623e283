"""The engine's decisions on a table of cases, each checked against the IAM policy evaluation reference
(policy evaluation logic; condition operators; multi-value conditions; Principal and Action elements)."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.policy import (
    ANONYMOUS,
    Decision,
    Principal,
    Request,
    aws_principal,
    evaluate,
    parse_policy,
)

BUCKET = "arn:aws:s3:::b"
OBJECT = "arn:aws:s3:::b/key"
ALICE = aws_principal("arn:aws:iam::111111111111:user/alice")
OUTSIDER = aws_principal("arn:aws:iam::999999999999:role/x")


def stmt(effect: str = "Allow", **elements: Any) -> dict[str, Any]:
    return {"Effect": effect, "Action": "s3:GetObject", "Resource": OBJECT, **elements}


def decide(statements: Any, request: Request) -> Decision:
    return evaluate([parse_policy({"Version": "2012-10-17", "Statement": statements}, "p")], request).decision


ALLOW, DENY, IMPLICIT = Decision.ALLOW, Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY
GET = Request.of("s3:GetObject", OBJECT)

CASES: list[tuple[str, Any, Request, Decision]] = [
    # Effects and their combination
    ("allow matches", [stmt()], GET, ALLOW),
    ("nothing matches: implicit deny", [stmt(Action="s3:PutObject")], GET, IMPLICIT),
    ("explicit deny beats allow", [stmt(), stmt("Deny")], GET, DENY),
    ("deny first, allow second: still deny", [stmt("Deny"), stmt()], GET, DENY),
    ("statement as a single object", stmt(), GET, ALLOW),
    # Action / NotAction
    ("action case-insensitive", [stmt(Action="S3:getobject")], GET, ALLOW),
    ("action * wildcard", [stmt(Action="s3:Get*")], GET, ALLOW),
    ("action ? wildcard", [stmt(Action="s3:GetObjec?")], GET, ALLOW),
    ("action ? needs exactly one character", [stmt(Action="s3:GetObject?")], GET, IMPLICIT),
    ("NotAction excludes listed action", [stmt(Action=None, NotAction="s3:GetObject")], GET, IMPLICIT),
    ("NotAction covers the rest", [stmt(Action=None, NotAction="s3:PutObject")], GET, ALLOW),
    ("action list", [stmt(Action=["s3:PutObject", "s3:GetObject"])], GET, ALLOW),
    # Resource / NotResource (case-sensitive)
    ("resource wildcard", [stmt(Resource="arn:aws:s3:::b/*")], GET, ALLOW),
    ("bucket ARN does not cover objects", [stmt(Resource=BUCKET)], GET, IMPLICIT),
    ("resource is case-sensitive", [stmt(Resource="arn:aws:s3:::B/*")], GET, IMPLICIT),
    ("NotResource excludes", [stmt(Resource=None, NotResource="arn:aws:s3:::b/*")], GET, IMPLICIT),
    ("NotResource elsewhere covers", [stmt(Resource=None, NotResource="arn:aws:s3:::c/*")], GET, ALLOW),
    # Principal / NotPrincipal
    ('"*" covers anonymous', [stmt(Principal="*")], GET, ALLOW),
    ('{"AWS": "*"} covers anonymous too', [stmt(Principal={"AWS": "*"})], GET, ALLOW),
    (
        "account id covers its principals",
        [stmt(Principal={"AWS": "111111111111"})],
        Request.of("s3:GetObject", OBJECT, ALICE),
        ALLOW,
    ),
    (
        "account root ARN covers its principals",
        [stmt(Principal={"AWS": "arn:aws:iam::111111111111:root"})],
        Request.of("s3:GetObject", OBJECT, ALICE),
        ALLOW,
    ),
    (
        "another account does not",
        [stmt(Principal={"AWS": "111111111111"})],
        Request.of("s3:GetObject", OBJECT, OUTSIDER),
        IMPLICIT,
    ),
    ("named account does not cover anonymous", [stmt(Principal={"AWS": "111111111111"})], GET, IMPLICIT),
    (
        "NotPrincipal deny spares the listed",
        [stmt(), stmt("Deny", Principal=None, NotPrincipal={"AWS": "111111111111"})],
        Request.of("s3:GetObject", OBJECT, ALICE),
        ALLOW,
    ),
    (
        "service principal, name case-insensitive",
        [stmt(Principal={"Service": "CloudTrail.amazonaws.com"})],
        Request.of("s3:GetObject", OBJECT, Principal("Service", "cloudtrail.amazonaws.com")),
        ALLOW,
    ),
    # Conditions: values as JSON booleans and numbers; multiple values OR; negated NOR
    (
        "Bool with JSON false",
        [stmt("Deny", Condition={"Bool": {"aws:SecureTransport": False}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:SecureTransport": False}),
        DENY,
    ),
    (
        'Bool with ["false"]',
        [stmt("Deny", Condition={"Bool": {"aws:SecureTransport": ["false"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:SecureTransport": "false"}),
        DENY,
    ),
    (
        "condition keys are case-insensitive",
        [stmt("Deny", Condition={"Bool": {"AWS:securetransport": "false"}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:SecureTransport": False}),
        DENY,
    ),
    (
        "StringEquals values are ORed",
        [stmt(Condition={"StringEquals": {"aws:PrincipalAccount": ["1", "2"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:PrincipalAccount": "2"}),
        ALLOW,
    ),
    (
        "StringNotEquals values are NORed",
        [stmt(Condition={"StringNotEquals": {"aws:PrincipalAccount": ["1", "2"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:PrincipalAccount": "2"}),
        IMPLICIT,
    ),
    (
        "StringEquals is case-sensitive",
        [stmt(Condition={"StringEquals": {"s3:prefix": "Home"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:prefix": "home"}),
        IMPLICIT,
    ),
    (
        "StringEqualsIgnoreCase",
        [stmt(Condition={"StringEqualsIgnoreCase": {"s3:prefix": "Home"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:prefix": "home"}),
        ALLOW,
    ),
    (
        "StringLike wildcard",
        [stmt(Condition={"StringLike": {"s3:prefix": "home/*"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:prefix": "home/alice"}),
        ALLOW,
    ),
    (
        "several operators are ANDed",
        [stmt(Condition={"StringLike": {"s3:prefix": "home/*"}, "Bool": {"aws:SecureTransport": "true"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:prefix": "home/a", "aws:SecureTransport": False}),
        IMPLICIT,
    ),
    # Missing keys
    (
        "missing key: positive operator false",
        [stmt("Deny", Condition={"StringEquals": {"s3:x-amz-server-side-encryption": "AES256"}})],
        GET,
        IMPLICIT,
    ),
    (
        "missing key: negated operator true",
        [stmt("Deny", Condition={"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}})],
        GET,
        DENY,
    ),
    (
        "missing key: IfExists true",
        [stmt("Deny", Condition={"StringEqualsIfExists": {"s3:x-amz-server-side-encryption": "x"}})],
        GET,
        DENY,
    ),
    (
        "present key: IfExists compares",
        [stmt("Deny", Condition={"StringEqualsIfExists": {"s3:x-amz-server-side-encryption": "x"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:x-amz-server-side-encryption": "AES256"}),
        IMPLICIT,
    ),
    ("Null true: key absent", [stmt("Deny", Condition={"Null": {"s3:x-amz-acl": "true"}})], GET, DENY),
    (
        "Null true: key present",
        [stmt("Deny", Condition={"Null": {"s3:x-amz-acl": "true"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:x-amz-acl": "private"}),
        IMPLICIT,
    ),
    ("Null false: key absent", [stmt("Deny", Condition={"Null": {"s3:x-amz-acl": False}})], GET, IMPLICIT),
    # Set qualifiers
    (
        "ForAnyValue: one value matches",
        [stmt(Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:TagKeys": ["b", "z"]}),
        ALLOW,
    ),
    (
        "ForAnyValue: absent key is false",
        [stmt(Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}})],
        GET,
        IMPLICIT,
    ),
    (
        "ForAllValues: every value must match",
        [stmt(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:TagKeys": ["b", "z"]}),
        IMPLICIT,
    ),
    (
        "ForAllValues: absent key is true",
        [stmt(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}})],
        GET,
        ALLOW,
    ),
    (
        "ForAnyValue with a negated operator",
        [stmt(Condition={"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:TagKeys": ["a", "b"]}),
        ALLOW,
    ),
    # Numeric, Date, IP, ARN
    (
        "NumericLessThanEquals",
        [stmt(Condition={"NumericLessThanEquals": {"s3:max-keys": 10}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:max-keys": "10"}),
        ALLOW,
    ),
    (
        "Numeric: unreadable request value does not match",
        [stmt(Condition={"NumericLessThan": {"s3:max-keys": "10"}})],
        Request.of("s3:GetObject", OBJECT, context={"s3:max-keys": "ten"}),
        IMPLICIT,
    ),
    (
        "DateLessThan ISO 8601",
        [stmt(Condition={"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:CurrentTime": "2026-11-22T10:00:00Z"}),
        ALLOW,
    ),
    (
        "DateGreaterThan epoch seconds",
        [stmt(Condition={"DateGreaterThan": {"aws:EpochTime": "1700000000"}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:EpochTime": "1800000000"}),
        ALLOW,
    ),
    (
        "IpAddress CIDR",
        [stmt(Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:SourceIp": "203.0.113.9"}),
        ALLOW,
    ),
    (
        "NotIpAddress outside",
        [stmt("Deny", Condition={"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}})],
        Request.of("s3:GetObject", OBJECT, context={"aws:SourceIp": "2001:db8::1"}),
        IMPLICIT,
    ),
    (
        "ArnLike per component",
        [stmt(Condition={"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*"}})],
        Request.of(
            "s3:GetObject",
            OBJECT,
            context={"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/t"},
        ),
        ALLOW,
    ),
    (
        "ArnNotEquals, key missing: true",
        [stmt("Deny", Condition={"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:*:1:t"}})],
        GET,
        DENY,
    ),
    # Policy variables
    (
        "policy variable resolved",
        [stmt(Resource="arn:aws:s3:::b/${aws:username}/*")],
        Request.of("s3:GetObject", "arn:aws:s3:::b/alice/x", context={"aws:username": "alice"}),
        ALLOW,
    ),
    (
        "policy variable unresolved matches nothing",
        [stmt(Resource="arn:aws:s3:::b/${aws:username}/*")],
        Request.of("s3:GetObject", "arn:aws:s3:::b/alice/x"),
        IMPLICIT,
    ),
]


def _clean(statement: Any) -> Any:
    if isinstance(statement, list):
        return [_clean(s) for s in statement]
    return {k: v for k, v in statement.items() if v is not None}


@pytest.mark.parametrize(
    ("statements", "request_", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_decision(statements: Any, request_: Request, expected: Decision) -> None:
    assert decide(_clean(statements), request_) is expected


def test_principal_less_allow_with_not_principal_deny() -> None:
    """A Deny with NotPrincipal denies everyone except the listed account."""
    statements = [stmt(Principal="*"), stmt("Deny", NotPrincipal={"AWS": "111111111111"})]
    assert decide(statements, Request.of("s3:GetObject", OBJECT, ALICE)) is ALLOW
    assert decide(statements, Request.of("s3:GetObject", OBJECT, OUTSIDER)) is DENY
    assert decide(statements, GET) is DENY


def test_version_2008_treats_variables_as_literal_text() -> None:
    policy = parse_policy({"Statement": stmt(Resource="arn:aws:s3:::b/${x}")}, "old")
    assert policy.version == "2008-10-17"
    literal = Request.of("s3:GetObject", "arn:aws:s3:::b/${x}", context={"x": "y"})
    assert evaluate([policy], literal).decision is ALLOW


def test_decision_names_the_deciding_statements_and_traces_the_rest() -> None:
    policy = parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {**stmt(Principal="*"), "Sid": "Read"},
                {
                    **stmt("Deny", Principal="*", Action="s3:*"),
                    "Sid": "TLS",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        },
        "bucket-policy",
    )
    plain = evaluate([policy], Request.of("s3:GetObject", OBJECT, ANONYMOUS, {"aws:SecureTransport": False}))
    assert plain.decision is DENY
    assert [m.statement.sid for m in plain.deciding] == ["TLS"]
    tls = evaluate([policy], Request.of("s3:GetObject", OBJECT, ANONYMOUS, {"aws:SecureTransport": True}))
    assert tls.decision is ALLOW and [m.statement.sid for m in tls.deciding] == ["Read"]
    trace = "\n".join(tls.trace())
    assert "bucket-policy statement 'TLS' (Deny) does not apply" in trace
    assert "aws:SecureTransport" in trace and trace.startswith("decision: allow")
