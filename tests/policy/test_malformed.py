"""Malformed policies give a PolicyError naming the policy and the place; never a crash, never a verdict."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.policy import PolicyError, parse_policy

OK = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}

BROKEN: list[tuple[Any, str]] = [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not an object"),
    ({"Version": "2012-10-17"}, "no Statement"),
    ({"Statement": []}, "non-empty list"),
    ({"Statement": "Allow"}, "non-empty list"),
    ({"Statement": [OK, 7]}, "Statement[1] is a JSON int"),
    ({"Version": "2020-01-01", "Statement": OK}, "Version"),
    ({"Statement": {**OK, "Effect": "allow"}}, "Effect must be Allow or Deny"),
    ({"Statement": {"Effect": "Allow", "Resource": "*"}}, "neither Action nor NotAction"),
    ({"Statement": {**OK, "NotAction": "s3:*"}}, "both Action and NotAction"),
    ({"Statement": {**OK, "Action": {"s3": "Get"}}}, "Statement[0].Action"),
    ({"Statement": {**OK, "Action": []}}, "the list is empty"),
    ({"Statement": {**OK, "Principal": "everyone"}}, "Statement[0].Principal"),
    ({"Statement": {**OK, "Principal": {"User": "x"}}}, "unknown principal type"),
    ({"Statement": {**OK, "Effects": "Deny"}}, "unknown element(s) Effects"),
    ({"Statement": {**OK, "Condition": {"StringEqualz": {"k": "v"}}}}, "Condition.StringEqualz"),
    ({"Statement": {**OK, "Condition": {"ForSomeValues:StringEquals": {"k": "v"}}}}, "set qualifier"),
    ({"Statement": {**OK, "Condition": {"NullIfExists": {"k": "true"}}}}, "Null takes neither"),
    ({"Statement": {**OK, "Condition": {"Null": {"k": "maybe"}}}}, "Condition.Null.k"),
    ({"Statement": {**OK, "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}}}, "IpAddress"),
    ({"Statement": {**OK, "Condition": {"DateLessThan": {"aws:CurrentTime": "soon"}}}}, "DateLessThan"),
    ({"Statement": {**OK, "Condition": {"NumericEquals": {"s3:max-keys": "ten"}}}}, "NumericEquals"),
    ({"Statement": {**OK, "Condition": {"Bool": {"aws:SecureTransport": "nope"}}}}, "Bool"),
    ({"Statement": {**OK, "Condition": ["x"]}}, "Condition must be an object"),
    ({"Statement": {**OK, "Condition": {"StringEquals": "x"}}}, "must map condition keys"),
]


@pytest.mark.parametrize(("document", "expected"), BROKEN, ids=[b[1] for b in BROKEN])
def test_malformed_policy_is_reported_with_name_and_place(document: Any, expected: str) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_policy(document, "my-bucket policy")
    message = str(raised.value)
    assert message.startswith("policy my-bucket policy") and expected in message, message


def test_url_encoded_documents_as_iam_returns_them() -> None:
    encoded = (
        "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%7D"
    )
    policy = parse_policy(encoded, "trust")
    assert policy.statements[0].actions == ("sts:AssumeRole",)
    assert policy.statements[0].resources is None


def test_empty_sid_and_values_given_as_json_scalars_parse() -> None:
    policy = parse_policy(
        {
            "Statement": [
                {"Sid": "", "Effect": "Deny", "Action": "*", "Condition": {"NumericLessThan": {"k": 3}}}
            ]
        },
        "p",
    )
    [statement] = policy.statements
    assert statement.label == "p statement #0"
    assert statement.conditions[0].values == ("3",)
