"""Secrets Manager checks: secrets rotate within their interval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checks.secretsmanager import rotation_interval, secret_rotation
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

READ_AT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


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
