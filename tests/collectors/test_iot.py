"""IoT Device Defender collector with botocore's Stubber: moto (5.2) has no IoT audit configuration or
scheduled audits, so the answers are stubbed in their wire shape and the collector runs through the ordinary
Api."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.iot import DATASETS as IOT_DATASETS
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item
from tests.collectors.harness import stub_client

[AUDIT] = IOT_DATASETS


REGION = "eu-west-1"


ACCOUNT = "111111111111"


def _collect(tmp_path: Path, dataset: Dataset, client: Any) -> list[Item]:
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    api = Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
    return list(dataset.collect(api))


def _client(service: str) -> Any:
    return stub_client(service, REGION)


def test_device_defender_audit_settings(tmp_path: Path) -> None:
    client = _client("iot")
    stubber = Stubber(client)
    stubber.add_response("list_things", {"things": [{"thingName": "sensor-1"}]}, {"maxResults": 1})
    configuration = {
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/iot-audit",
        "auditCheckConfigurations": {
            "DEVICE_CERTIFICATE_SHARED_CHECK": {"enabled": True},
            "LOGGING_DISABLED_CHECK": {"enabled": False},
        },
    }
    stubber.add_response("describe_account_audit_configuration", configuration, {})
    scheduled = {
        "scheduledAuditName": "weekly",
        "scheduledAuditArn": f"arn:aws:iot:{REGION}:{ACCOUNT}:scheduledaudit/weekly",
        "frequency": "WEEKLY",
        "dayOfWeek": "MON",
    }
    stubber.add_response("list_scheduled_audits", {"scheduledAudits": [scheduled]}, {})
    with stubber:
        [settings] = _collect(tmp_path, AUDIT, client)
    stubber.assert_no_pending_responses()
    assert settings.resource_id == f"{ACCOUNT}/{REGION}" and settings.data["HasThings"] is True
    checks = settings["AuditConfiguration"]["auditCheckConfigurations"]
    assert checks["DEVICE_CERTIFICATE_SHARED_CHECK"]["enabled"] is True
    assert [s["scheduledAuditName"] for s in settings["ScheduledAudits"]] == ["weekly"]


def test_device_defender_audit_settings_unreadable_stay_unknown(tmp_path: Path) -> None:
    client = _client("iot")
    stubber = Stubber(client)
    stubber.add_response("list_things", {"things": []}, {"maxResults": 1})
    stubber.add_client_error(
        "describe_account_audit_configuration", "AccessDeniedException", http_status_code=403
    )
    stubber.add_response("list_scheduled_audits", {"scheduledAudits": []}, {})
    with stubber:
        [settings] = _collect(tmp_path, AUDIT, client)
    assert settings.data["HasThings"] is False and "AuditConfiguration" in settings.errors
