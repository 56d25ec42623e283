"""MWAA: private Airflow web server, all log types sent to CloudWatch, and a customer managed key."""

from __future__ import annotations

from typing import Any

from checks.mwaa import LOG_TYPES, logging_and_kms, webserver_private
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

ALL_LOGS = {kind: {"Enabled": True, "LogLevel": "INFO"} for kind in LOG_TYPES}
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k1"


def environment(**detail: Any) -> Item:
    described = {
        "Status": "AVAILABLE",
        "WebserverAccessMode": "PRIVATE_ONLY",
        "LoggingConfiguration": ALL_LOGS,
        "KmsKey": KEY,
    } | detail
    arn = f"arn:aws:airflow:{REGION}:{ACCOUNT}:environment/claims-pipelines"
    return item(arn, {"Name": "claims-pipelines", "Environment": described})


def _run(check: Any, *environments: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("mwaa.environments", environments))


def test_webserver_private_passes_fails_and_skips_deleting_environments() -> None:
    [private] = _run(webserver_private, environment())
    assert private.status is Status.PASS and private.evidence
    [public] = _run(webserver_private, environment(WebserverAccessMode="PUBLIC_ONLY"))
    assert public.status is Status.FAIL and "PUBLIC_ONLY" in public.message
    assert statuses(_run(webserver_private, environment(WebserverAccessMode=None))) == ["FAIL"]
    assert statuses(_run(webserver_private, environment(Status="DELETING"))) == ["NOT_APPLICABLE"]


def test_logging_and_kms_passes_only_with_every_log_type_and_a_key() -> None:
    [good] = _run(logging_and_kms, environment())
    assert good.status is Status.PASS and KEY in good.message
    partial = ALL_LOGS | {"TaskLogs": {"Enabled": False}, "WorkerLogs": None}
    [some_off] = _run(logging_and_kms, environment(LoggingConfiguration=partial))
    assert some_off.status is Status.FAIL and "TaskLogs, WorkerLogs" in some_off.message
    [no_key] = _run(logging_and_kms, environment(KmsKey=None))
    assert no_key.status is Status.FAIL and "AWS owned key" in no_key.message
    [nothing] = _run(logging_and_kms, environment(LoggingConfiguration=None, KmsKey=None))
    assert (
        nothing.status is Status.FAIL and "DagProcessingLogs" in nothing.message and "KMS" in nothing.message
    )


def test_unreadable_environments_are_errors() -> None:
    unread = item(
        f"arn:aws:airflow:{REGION}:{ACCOUNT}:environment/x",
        {"Name": "x"},
        errors={"Environment": ACCESS_DENIED},
    )
    for check in (webserver_private, logging_and_kms):
        assert statuses(_run(check, unread)) == ["ERROR"]
        denied = InventoryBuilder().unavailable("mwaa.environments", ACCESS_DENIED)
        assert statuses(run_check(check, denied)) == ["ERROR"]
