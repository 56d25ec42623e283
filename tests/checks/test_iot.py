"""IoT checks: Device Defender audits enabled and scheduled where things exist."""

from __future__ import annotations

from typing import Any

from checks.iot import audit_scheduled
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def audit(has_things: bool = True, **aspects: Any) -> InventoryBuilder:
    data = {
        "HasThings": has_things,
        "AuditConfiguration": {
            "auditCheckConfigurations": {"CA_CERTIFICATE_EXPIRING_CHECK": {"enabled": True}}
        },
        "ScheduledAudits": [{"scheduledAuditName": "weekly"}],
        **aspects,
    }
    return InventoryBuilder().add("iot.device-defender-audit", [item(f"{ACCOUNT}/{REGION}", data)])


def test_device_defender_audits_are_enabled_and_scheduled() -> None:
    [passed] = run_check(audit_scheduled, audit())
    assert passed.status is Status.PASS and "weekly" in passed.message
    assert statuses(run_check(audit_scheduled, audit(has_things=False))) == ["NOT_APPLICABLE"]
    none_enabled = audit(AuditConfiguration={"auditCheckConfigurations": {"X": {"enabled": False}}})
    assert statuses(run_check(audit_scheduled, none_enabled)) == ["FAIL"]
    [unscheduled] = run_check(audit_scheduled, audit(ScheduledAudits=[]))
    assert unscheduled.status is Status.FAIL and "no scheduled audit" in unscheduled.message
    denied = InventoryBuilder().unavailable("iot.device-defender-audit", ACCESS_DENIED)
    assert statuses(run_check(audit_scheduled, denied)) == ["ERROR"]


def test_unreadable_audit_settings_are_an_error() -> None:
    settings = item(
        f"{ACCOUNT}/{REGION}",
        {"HasThings": True, "ScheduledAudits": []},
        errors={"AuditConfiguration": ACCESS_DENIED},
    )
    builder = InventoryBuilder().add("iot.device-defender-audit", [settings])
    assert statuses(run_check(audit_scheduled, builder)) == ["ERROR"]
