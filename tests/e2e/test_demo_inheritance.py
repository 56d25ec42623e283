"""Issue 6 on the demo organization: tenants inherit audit logging and threat detection from the landing zone,
and breaking a provider turns exactly the affected controls NOT_SATISFIED."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from demo.run import DEMO_DATA
from demo.world import DemoOrg, build_organization, management_session, seed_configuration, simulated_aws
from scanner import rundir
from scanner.run import pipeline
from scanner.run.config import RunConfig

REGION = "us-east-1"
TENANTS = ("tenant-a", "tenant-b")
Key = tuple[str, str, str]  # (catalog, control, account name)
Break = Callable[[DemoOrg], None]


def _scan(out: Path, breaks: Break | None = None) -> tuple[DemoOrg, dict[Key, dict[str, Any]]]:
    """Build and seed the demo organization, apply `breaks`, scan it as the demo does (one region, no PDF)."""
    with simulated_aws():
        base = management_session()
        demo = build_organization(base)
        seed_configuration(base, demo)
        if breaks is not None:
            breaks(demo)
        pipeline.scan(
            RunConfig(
                out=out,
                org=True,
                regions=(REGION,),
                pdf=False,
                org_config=DEMO_DATA / "org-config.yaml",
                attestations=DEMO_DATA / "attestations",
            ),
            base,
        )
    names = {demo.account_id(n): n for n in ("management", *demo.accounts)}
    rows = [json.loads(line) for line in (out / rundir.CONTROLS).read_text().splitlines()]
    return demo, {(r["catalog"], r["control_id"], names[r["account_id"]]): r for r in rows}


def _stop_validating_log_files(demo: DemoOrg) -> None:
    management_session().client("cloudtrail", region_name=REGION).update_trail(
        Name="organization-trail", EnableLogFileValidation=False
    )


def _remove_tenant_a_from_guardduty(demo: DemoOrg) -> None:
    # The member's side of a removal: its detector no longer reports an administrator.
    from moto.guardduty.models import guardduty_backends

    guardduty_backends[demo.account_id("tenant-a")][REGION].admin_account_ids = []


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoOrg, dict[Key, dict[str, Any]]]:
    return _scan(tmp_path_factory.mktemp("healthy"))


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
    healthy: tuple[DemoOrg, dict[Key, dict[str, Any]]], catalog: str, control: str, provider: str
) -> None:
    demo, controls = healthy
    provider_id = demo.account_id(provider)
    for tenant in TENANTS:
        row = controls[(catalog, control, tenant)]
        # The demo gives no baseline run and no Phase 1 certification: the landing zone provides live.
        assert row["status"] == "INHERITED_LIVE", row["reason"]
        assert row["provider_account_id"] == provider_id
        assert provider_id in row["reason"]
        cited = [r for r in row["results"] if r["account_id"] == provider_id]
        own = [r for r in row["results"] if r["account_id"] == demo.account_id(tenant)]
        assert cited and all(r["status"] == "PASS" and r["evidence"] for r in cited)
        assert own and all(r["status"] == "PASS" for r in own)  # the tenant's own part was checked too
    assert controls[(catalog, control, provider)]["status"] == "SATISFIED"


def test_org_trail_that_stops_validating_breaks_exactly_the_logging_controls(
    healthy: tuple[DemoOrg, dict[Key, dict[str, Any]]], tmp_path: Path
) -> None:
    _, before = healthy
    _, after = _scan(tmp_path / "broken-trail", _stop_validating_log_files)
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
    healthy: tuple[DemoOrg, dict[Key, dict[str, Any]]], tmp_path: Path
) -> None:
    _, before = healthy
    _, after = _scan(tmp_path / "left-guardduty", _remove_tenant_a_from_guardduty)
    changed = _changed(before, after)
    assert changed == {("hitrust-csf", "12.threat-detection", "tenant-a"): "NOT_SATISFIED"}
    row = after[("hitrust-csf", "12.threat-detection", "tenant-a")]
    assert "own part fails: guardduty.member" in row["reason"]
    assert after[("hitrust-csf", "12.threat-detection", "tenant-b")]["status"] == "INHERITED_LIVE"
