"""ACM certificate expiry and Secrets Manager rotation, judged at the time the data was read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checks.acm import certificate_expiry
from checks.secretsmanager import rotation_interval, secret_rotation
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

READ_AT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def certificate(days_left: int, *, in_use: bool = True, **detail: Any) -> Item:
    not_after = READ_AT + dt.timedelta(days=days_left)
    described = {
        "Status": "ISSUED",
        "Type": "AMAZON_ISSUED",
        "RenewalEligibility": "ELIGIBLE",
        "InUseBy": ["arn:aws:elasticloadbalancing:...:loadbalancer/app/web/1"] if in_use else [],
        "NotAfter": str(not_after),  # as a run directory stores it
        **detail,
    }
    arn = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c1"
    return item(arn, {"ObservedAt": READ_AT.isoformat(), "Certificate": described}, name="www.example.com")


def acm_results(*certificates: Item) -> list[str]:
    return statuses(run_check(certificate_expiry, InventoryBuilder().add("acm.certificates", certificates)))


def test_certificate_in_use_far_from_expiry_passes() -> None:
    [result] = run_check(certificate_expiry, InventoryBuilder().add("acm.certificates", [certificate(90)]))
    assert result.status is Status.PASS and "valid until 2026-08-30" in result.message


def test_certificate_expiring_expired_or_not_issued_fails() -> None:
    [soon] = run_check(
        certificate_expiry, InventoryBuilder().add("acm.certificates", [certificate(10, Type="IMPORTED")])
    )
    assert soon.status is Status.FAIL and "in 10 day(s)" in soon.message and "never renews" in soon.message
    assert acm_results(certificate(-1, Status="EXPIRED")) == ["FAIL"]
    assert acm_results(certificate(-1)) == ["FAIL"]
    assert acm_results(certificate(200, Status="REVOKED")) == ["FAIL"]


def test_certificate_not_in_use_is_not_applicable_and_unknown_is_error() -> None:
    assert acm_results(certificate(5, in_use=False)) == ["NOT_APPLICABLE"]
    unread = item(f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c2", {}, errors={"Certificate": ACCESS_DENIED})
    assert acm_results(unread) == ["ERROR"]
    assert acm_results(certificate(90, NotAfter=None)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("acm.certificates", ACCESS_DENIED)
    assert statuses(run_check(certificate_expiry, denied)) == ["ERROR"]


def secret(**data: Any) -> Item:
    arn = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-abc"
    return item(arn, {"Name": "db", "ObservedAt": READ_AT.isoformat(), **data})


def days_ago(days: int) -> dt.datetime:
    return READ_AT - dt.timedelta(days=days)


def secret_results(*secrets: Item) -> list[str]:
    return statuses(run_check(secret_rotation, InventoryBuilder().add("secretsmanager.secrets", secrets)))


def test_secret_rotated_within_its_interval_passes() -> None:
    every_30 = {"RotationEnabled": True, "RotationRules": {"AutomaticallyAfterDays": 30}}
    [result] = run_check(
        secret_rotation,
        InventoryBuilder().add("secretsmanager.secrets", [secret(**every_30, LastRotatedDate=days_ago(12))]),
    )
    assert result.status is Status.PASS and "every 30 day(s)" in result.message
    assert secret_results(secret(**every_30, CreatedDate=days_ago(3))) == ["PASS"]  # first rotation pending
    cron = {"RotationEnabled": True, "RotationRules": {"ScheduleExpression": "cron(0 4 ? * SUN *)"}}
    assert secret_results(secret(**cron, NextRotationDate=str(READ_AT + dt.timedelta(days=2)))) == ["PASS"]


def test_secret_without_rotation_or_overdue_fails() -> None:
    assert secret_results(secret(RotationEnabled=False)) == ["FAIL"]
    assert secret_results(secret()) == ["FAIL"]
    rate = {"RotationEnabled": True, "RotationRules": {"ScheduleExpression": "rate(7 days)"}}
    [result] = run_check(
        secret_rotation,
        InventoryBuilder().add("secretsmanager.secrets", [secret(**rate, LastRotatedDate=days_ago(20))]),
    )
    assert result.status is Status.FAIL and "overdue" in result.message
    every_30 = {"RotationEnabled": True, "RotationRules": {"AutomaticallyAfterDays": 30}}
    assert secret_results(secret(**every_30, CreatedDate=days_ago(90))) == ["FAIL"]  # never rotated


def test_secret_rotation_unknown_due_date_is_error() -> None:
    cron = {"RotationEnabled": True, "RotationRules": {"ScheduleExpression": "cron(0 4 ? * SUN *)"}}
    assert secret_results(secret(**cron)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("secretsmanager.secrets", ACCESS_DENIED)
    assert statuses(run_check(secret_rotation, denied)) == ["ERROR"]


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ({"AutomaticallyAfterDays": 30}, dt.timedelta(days=30)),
        ({"ScheduleExpression": "rate(10 days)"}, dt.timedelta(days=10)),
        ({"ScheduleExpression": "rate(4 hours)"}, dt.timedelta(hours=4)),
        ({"ScheduleExpression": "cron(0 4 ? * SUN *)"}, None),
        ({}, None),
    ],
)
def test_rotation_interval(rules: dict[str, object], expected: dt.timedelta | None) -> None:
    assert rotation_interval(rules) == expected
