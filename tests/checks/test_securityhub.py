"""Security Hub checks: the Foundational Security Best Practices standard is ready. (Enabled, administrator,
member and auto-enable are tested with Macie's and Inspector's in
tests/checks/_lib/test_security_services.py.)"""

from __future__ import annotations

from typing import Any

from checks.securityhub import fsbp_enabled
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

FSBP = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"


CIS = f"arn:aws:securityhub:{REGION}::standards/cis-aws-foundations-benchmark/v/1.4.0"


HUB = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"


def hub_with(*subscriptions: tuple[str, str]) -> Item:
    standards: list[dict[str, Any]] = [
        {"StandardsArn": arn, "StandardsStatus": status} for arn, status in subscriptions
    ]
    return item(HUB, {"HubArn": HUB, "Administrator": None, "EnabledStandards": standards})


def _fsbp(hubs: list[Item]) -> list[Result]:
    return run_check(fsbp_enabled, InventoryBuilder().add("securityhub.hubs", hubs))


def test_fsbp_passes_when_the_standard_is_ready() -> None:
    [result] = _fsbp([hub_with((CIS, "READY"), (FSBP, "READY"))])
    assert result.status is Status.PASS and FSBP in result.message and result.evidence


def test_fsbp_fails_when_absent_not_ready_or_security_hub_is_off() -> None:
    [absent] = _fsbp([hub_with((CIS, "READY"))])
    assert absent.status is Status.FAIL and "not enabled" in absent.message
    for status in ("PENDING", "INCOMPLETE", "FAILED", "DELETING"):
        [result] = _fsbp([hub_with((FSBP, status))])
        assert result.status is Status.FAIL and status in result.message
    assert statuses(_fsbp([hub_with()])) == ["FAIL"]
    [off] = _fsbp([])
    assert off.status is Status.FAIL and "not enabled here" in off.message


def test_fsbp_errors_when_hubs_or_their_standards_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("securityhub.hubs", ACCESS_DENIED)
    assert statuses(run_check(fsbp_enabled, denied)) == ["ERROR"]
    unreadable = item(HUB, {"HubArn": HUB, "Administrator": None}, errors={"EnabledStandards": ACCESS_DENIED})
    assert statuses(_fsbp([unreadable])) == ["ERROR"]
