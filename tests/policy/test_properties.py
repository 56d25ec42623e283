"""Invariants of policy evaluation over generated policies and requests (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.policy import Decision, Request, evaluate, parse_policy
from scanner.policy.engine import aws_principal

ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "iam:PassRole"]
PATTERNS = [*ACTIONS, "s3:*", "*", "s3:Get*", "s3:?etObject", "S3:PUTOBJECT", "iam:*"]
RESOURCES = ["arn:aws:s3:::b", "arn:aws:s3:::b/k", "arn:aws:s3:::c/k"]
RESOURCE_PATTERNS = [*RESOURCES, "*", "arn:aws:s3:::b/*", "arn:aws:s3:::*", "arn:aws:s3:::?/k"]
CONDITIONS = [
    {},
    {"Bool": {"aws:SecureTransport": "false"}},
    {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}},
    {"StringEqualsIfExists": {"s3:x-amz-server-side-encryption": "aws:kms"}},
    {"Null": {"s3:x-amz-server-side-encryption": "true"}},
    {"ForAnyValue:StringLike": {"aws:TagKeys": "team*"}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
]
PRINCIPALS = [None, "*", {"AWS": "111111111111"}, {"AWS": "arn:aws:iam::999999999999:root"}]


@st.composite
def statements(draw: Any, effect: str | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    statement["NotAction" if draw(st.booleans()) else "Action"] = draw(
        st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=3)
    )
    statement["NotResource" if draw(st.booleans()) else "Resource"] = draw(
        st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=2)
    )
    principal = draw(st.sampled_from(PRINCIPALS))
    if principal is not None:
        statement["Principal"] = principal
    condition = draw(st.sampled_from(CONDITIONS))
    if condition:
        statement["Condition"] = condition
    return statement


@st.composite
def requests(draw: Any) -> Request:
    context: dict[str, Any] = {}
    if draw(st.booleans()):
        context["aws:SecureTransport"] = draw(st.booleans())
    if draw(st.booleans()):
        context["aws:PrincipalAccount"] = draw(st.sampled_from(["111111111111", "999999999999"]))
    if draw(st.booleans()):
        context["s3:x-amz-server-side-encryption"] = draw(st.sampled_from(["AES256", "aws:kms"]))
    if draw(st.booleans()):
        context["aws:TagKeys"] = draw(st.lists(st.sampled_from(["team", "env", "x"]), max_size=3))
    if draw(st.booleans()):
        context["aws:SourceIp"] = draw(st.sampled_from(["10.1.2.3", "203.0.113.5"]))
    account = draw(st.sampled_from(["111111111111", "999999999999"]))
    return Request.of(
        draw(st.sampled_from(ACTIONS)),
        draw(st.sampled_from(RESOURCES)),
        aws_principal(f"arn:aws:iam::{account}:role/r"),
        context,
    )


def decide(raw: list[dict[str, Any]], request: Request) -> Decision:
    return evaluate([parse_policy({"Version": "2012-10-17", "Statement": raw}, "p")], request).decision


@settings(max_examples=300, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4), statements("Deny"), requests())
def test_adding_a_deny_never_turns_a_deny_into_an_allow(
    raw: list[dict[str, Any]], deny: dict[str, Any], request: Request
) -> None:
    before = decide(raw, request)
    after = decide([*raw, deny], request)
    if before is not Decision.ALLOW:
        assert after is not Decision.ALLOW
    assert not (before is Decision.EXPLICIT_DENY and after is not Decision.EXPLICIT_DENY)


@settings(max_examples=300, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4), statements("Allow"), requests())
def test_adding_an_allow_never_lifts_an_explicit_deny(
    raw: list[dict[str, Any]], allow: dict[str, Any], request: Request
) -> None:
    if decide(raw, request) is Decision.EXPLICIT_DENY:
        assert decide([*raw, allow], request) is Decision.EXPLICIT_DENY


@settings(max_examples=300, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=5), requests())
def test_order_of_statements_does_not_matter_and_deciding_statements_apply(
    raw: list[dict[str, Any]], request: Request
) -> None:
    forward = evaluate([parse_policy({"Version": "2012-10-17", "Statement": raw}, "p")], request)
    backward = decide(list(reversed(raw)), request)
    assert forward.decision is backward
    assert all(m.applies for m in forward.deciding)
    if forward.decision is Decision.EXPLICIT_DENY:
        assert all(m.statement.is_deny for m in forward.deciding)
    if forward.decision is Decision.IMPLICIT_DENY:
        assert forward.deciding == ()


@settings(max_examples=300, deadline=None)
@given(statements(), requests())
def test_not_action_is_the_complement_of_action(statement: dict[str, Any], request: Request) -> None:
    actions = statement.pop("Action", None) or statement.pop("NotAction")
    plain = decide([{**statement, "Action": actions}], request)
    negated = decide([{**statement, "NotAction": actions}], request)
    # With the same resource, principal and conditions, exactly one of the two can apply.
    assert not (plain is not Decision.IMPLICIT_DENY and negated is not Decision.IMPLICIT_DENY)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_no_input_crashes_the_parser(text: str, name: str) -> None:
    from scanner.policy import PolicyError

    try:
        parse_policy(text, name)
    except PolicyError as exc:
        assert f"policy {name}" in str(exc)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(["*", "s3:*", "Allow", "Deny", "k", "10.0.0.0/8"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Effect",
                    "Action",
                    "Resource",
                    "Principal",
                    "Condition",
                    "AWS",
                    "Bool",
                    "StringLike",
                    "Null",
                    "k",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_no_statement_shape_crashes_the_parser_or_the_engine(statement: Any) -> None:
    from scanner.policy import PolicyError

    try:
        policy = parse_policy({"Version": "2012-10-17", "Statement": statement}, "fuzz")
    except PolicyError:
        return
    evaluate([policy], Request.of("s3:GetObject", "arn:aws:s3:::b/k", context={"k": "v"}))
