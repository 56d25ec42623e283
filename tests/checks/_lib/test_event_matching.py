"""Conservative matching of CloudWatch Logs filter patterns and EventBridge event patterns
(checks/_lib/event_matching.py)."""

from __future__ import annotations

from checks._lib.event_matching import event_pattern_matches, filter_pattern_matches
from tests.checks.test_cloudwatch_security_alarms import CIS_PATTERNS


def test_filter_patterns_are_read_under_both_precedences_and_only_with_known_exclusions() -> None:
    denied = {"errorCode": "AccessDenied", "sourceIPAddress": "203.0.113.10", "eventName": "PutBucketPolicy"}
    assert filter_pattern_matches(
        CIS_PATTERNS["unauthorized-api-calls"],
        denied,
        {("sourceIPAddress", "delivers.aws.internal"), ("eventName", "HeadBucket")},
    )
    assert not filter_pattern_matches(
        CIS_PATTERNS["unauthorized-api-calls"], denied
    )  # exclusions not allowed
    # A || B && C: true when && binds tighter, false left to right; counted only when both readings agree.
    assert not filter_pattern_matches("{ $.a = 1 || $.a = 2 && $.b = 3 }", {"a": "1", "b": "4"})
    assert filter_pattern_matches("{ ($.a = 1 || $.a = 2) && $.b = 3 }", {"a": "2", "b": "3"})
    assert not filter_pattern_matches("{ $.a > 1 }", {"a": "2"})
    assert not filter_pattern_matches("{ $.a = 1 $.b = 2 }", {"a": "1", "b": "2"})


def test_event_patterns_credit_only_positive_matches() -> None:
    event = {"source": "aws.ec2", "detail": {"eventName": "CreateVpc"}}
    assert event_pattern_matches(
        {"source": ["aws.ec2"], "detail": {"eventName": [{"prefix": "Create"}]}}, event
    )
    assert not event_pattern_matches({"detail": {"eventName": [{"anything-but": "DeleteVpc"}]}}, event)
    assert not event_pattern_matches({"$or": [{"source": ["aws.ec2"]}]}, event)
    assert not event_pattern_matches({"detail": {"userIdentity": {"type": ["Root"]}}}, event)
