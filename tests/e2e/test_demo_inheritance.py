"""Issue 6 on the demo organization: tenants inherit audit logging and threat detection from the landing zone,
and breaking a provider turns exactly the affected controls NOT_SATISFIED.

The healthy organization is the session's demo run. Each break is a change to a copy of that run's stored
inventory, exactly as a scan of the changed organization records it, evaluated again with `controlmap
evaluate --from`: what is tested here is how controls are resolved, not how the data is collected. (The
collectors' own tests read these aspects from moto: tests/collectors/test_cloudtrail.py, and
tests/demo/test_guardduty_answer.py for a member that left its GuardDuty administrator.)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from demo.world import DEMO_REGIONS
from scanner import rundir
from scanner.cli.main import main
from scanner.inventory import DatasetKey
from tests.builders import account_ids, change_stored_item

TENANTS = ("tenant-a", "tenant-b")
ORG_TRAIL = "organization-trail"
Key = tuple[str, str, str]  # (catalog, control, account name)
Break = Callable[[Path, dict[str, str]], None]  # (copy of the run, account ids by name)


def _controls(run: Path) -> dict[Key, dict[str, Any]]:
    names = {account: name for name, account in account_ids(run).items()}
    rows = [json.loads(line) for line in (run / rundir.CONTROLS).read_text().splitlines()]
    return {(r["catalog"], r["control_id"], names[r["account_id"]]): r for r in rows}


def _broken(demo_run_dir: Path, tmp_path: Path, breaks: Break) -> dict[Key, dict[str, Any]]:
    """The demo run with `breaks` applied to a copy of its inventory, evaluated again."""
    run = tmp_path / "run"
    shutil.copytree(demo_run_dir, run)
    breaks(run, account_ids(run))
    assert main(["evaluate", "--from", str(run), "--no-pdf"]) == 0
    return _controls(run)


def _stop_validating_log_files(run: Path, ids: dict[str, str]) -> None:
    """UpdateTrail EnableLogFileValidation=False on the organization trail: every region describes it so."""
    management = ids["management"]
    arn = f"arn:aws:cloudtrail:{DEMO_REGIONS[0]}:{management}:trail/{ORG_TRAIL}"
    for region in DEMO_REGIONS:
        key = DatasetKey(management, region, "cloudtrail.trails")
        change_stored_item(run, key, {"LogFileValidationEnabled": False}, resource_id=arn)


def _remove_tenant_a_from_guardduty(run: Path, ids: dict[str, str]) -> None:
    """The member's side of a removal in one region: its detector no longer reports an administrator."""
    key = DatasetKey(ids["tenant-a"], DEMO_REGIONS[0], "guardduty.detectors")
    change_stored_item(run, key, {"Administrator": None})


@pytest.fixture(scope="module")
def healthy(demo_run_dir: Path) -> tuple[dict[str, str], dict[Key, dict[str, Any]]]:
    return account_ids(demo_run_dir), _controls(demo_run_dir)


def _changed(before: dict[Key, dict[str, Any]], after: dict[Key, dict[str, Any]]) -> dict[Key, str]:
    assert before.keys() == after.keys()
    return {k: after[k]["status"] for k in before if before[k]["status"] != after[k]["status"]}


@pytest.mark.parametrize(
    ("catalog", "control", "provider"),
    [
        ("hitrust-csf", "12.api-activity-logging", "management"),
        ("fsi-athena", "aud.api-logging", "management"),
        ("hitrust-csf", "12.threat-detection", "security"),
    ],
)
def test_tenants_inherit_from_the_landing_zone_citing_provider_evidence(
    healthy: tuple[dict[str, str], dict[Key, dict[str, Any]]], catalog: str, control: str, provider: str
) -> None:
    ids, controls = healthy
    provider_id = ids[provider]
    for tenant in TENANTS:
        row = controls[(catalog, control, tenant)]
        # The demo gives no baseline run and no Phase 1 certification: the landing zone provides live.
        assert row["status"] == "INHERITED_LIVE", row["reason"]
        assert row["provider_account_id"] == provider_id
        assert provider_id in row["reason"]
        cited = [r for r in row["results"] if r["account_id"] == provider_id]
        own = [r for r in row["results"] if r["account_id"] == ids[tenant]]
        assert cited and all(r["status"] == "PASS" and r["evidence"] for r in cited)
        assert own and all(r["status"] == "PASS" for r in own)  # the tenant's own part was checked too
    assert controls[(catalog, control, provider)]["status"] == "SATISFIED"


def test_org_trail_that_stops_validating_breaks_exactly_the_logging_controls(
    healthy: tuple[dict[str, str], dict[Key, dict[str, Any]]], demo_run_dir: Path, tmp_path: Path
) -> None:
    _, before = healthy
    after = _broken(demo_run_dir, tmp_path, _stop_validating_log_files)
    changed = _changed(before, after)
    accounts = {name for (_, _, name) in before}
    logging_controls = (("hitrust-csf", "12.api-activity-logging"), ("fsi-athena", "aud.api-logging"))
    expected = {(catalog, control, name) for catalog, control in logging_controls for name in accounts}
    assert changed == dict.fromkeys(expected, "NOT_SATISFIED")
    for tenant in TENANTS:
        reason = after[("hitrust-csf", "12.api-activity-logging", tenant)]["reason"]
        assert "provider management account" in reason and "cloudtrail.log-file-validation" in reason
        cited = after[("hitrust-csf", "12.api-activity-logging", tenant)]["results"]
        assert {"check_id": "cloudtrail.log-file-validation", "status": "FAIL"}.items() <= next(
            r for r in cited if r["check_id"] == "cloudtrail.log-file-validation"
        ).items()


def test_tenant_removed_from_guardduty_breaks_exactly_its_threat_detection(
    healthy: tuple[dict[str, str], dict[Key, dict[str, Any]]], demo_run_dir: Path, tmp_path: Path
) -> None:
    _, before = healthy
    after = _broken(demo_run_dir, tmp_path, _remove_tenant_a_from_guardduty)
    changed = _changed(before, after)
    assert changed == {("hitrust-csf", "12.threat-detection", "tenant-a"): "NOT_SATISFIED"}
    row = after[("hitrust-csf", "12.threat-detection", "tenant-a")]
    assert "own part fails: guardduty.member" in row["reason"]
    assert after[("hitrust-csf", "12.threat-detection", "tenant-b")]["status"] == "INHERITED_LIVE"
