"""Session Manager: sessions are logged to S3 or CloudWatch Logs with encryption enforced."""

from __future__ import annotations

from typing import Any

from checks.ssm_sessions import session_logs_encrypted
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

ARN = f"arn:aws:ssm:{REGION}:{ACCOUNT}:document/SSM-SessionManagerRunShell"


def preferences(inputs: Any = None, *, exists: bool = True) -> Item:
    data: dict[str, Any] = {"DocumentName": "SSM-SessionManagerRunShell", "Exists": exists}
    if exists:
        data["Inputs"] = inputs
    return item(ARN, data)


def _run(*documents: Item) -> list[Result]:
    return run_check(
        session_logs_encrypted, InventoryBuilder().add("ssm.session-preferences", list(documents))
    )


def test_passes_when_every_named_destination_enforces_encryption() -> None:
    s3_only = {"s3BucketName": "session-logs", "s3EncryptionEnabled": True, "cloudWatchLogGroupName": ""}
    [result] = _run(preferences(s3_only | {"kmsKeyId": "alias/sessions"}))
    assert result.status is Status.PASS and "S3 bucket session-logs" in result.message
    assert "alias/sessions" in result.message and result.evidence
    both_as_text = {
        "s3BucketName": "session-logs",
        "s3EncryptionEnabled": "true",
        "cloudWatchLogGroupName": "/ssm/sessions",
        "cloudWatchEncryptionEnabled": "True",
    }
    assert statuses(_run(preferences(both_as_text))) == ["PASS"]


def test_fails_without_preferences_without_destination_or_with_an_unenforced_one() -> None:
    [absent] = _run(preferences(exists=False))
    assert absent.status is Status.FAIL and "never saved" in absent.message
    [nowhere] = _run(preferences({"s3BucketName": "", "s3EncryptionEnabled": True, "kmsKeyId": "k"}))
    assert nowhere.status is Status.FAIL and "no S3 bucket or log group" in nowhere.message
    mixed = {
        "s3BucketName": "session-logs",
        "s3EncryptionEnabled": True,
        "cloudWatchLogGroupName": "/ssm/sessions",
        "cloudWatchEncryptionEnabled": False,
    }
    [partly] = _run(preferences(mixed))
    assert partly.status is Status.FAIL and "CloudWatch Logs group /ssm/sessions" in partly.message
    assert statuses(_run(preferences({"s3BucketName": "session-logs"}))) == ["FAIL"]


def test_errors_when_preferences_are_unreadable() -> None:
    assert statuses(_run(preferences(None))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("ssm.session-preferences", ACCESS_DENIED)
    assert statuses(run_check(session_logs_encrypted, denied)) == ["ERROR"]
