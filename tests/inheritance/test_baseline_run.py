"""Phase 2 against a stored Phase 1 baseline: the landing zone is inherited without being scanned again."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from demo.world import DemoOrg, build_organization
from scanner import rundir
from scanner.cli.deliver import scan_and_report
from scanner.errors import RunDirError
from scanner.run.config import RunConfig
from tests.builders import org_trail_catalog

CATALOG = org_trail_catalog("phases")


def _config(tmp_path: Path) -> tuple[Path, Path]:
    catalog = tmp_path / "phases.yaml"
    catalog.write_text(CATALOG)
    org_config = tmp_path / "org.yaml"
    org_config.write_text("roles:\n  - role: security\n    match: {name: security}\n")
    return catalog, org_config


def _organization_with_its_trail(base: boto3.Session) -> DemoOrg:
    """The demo organization's OUs and accounts with the one thing the catalog above looks at: the management
    account's organization trail, multi-region and logging every management event."""
    demo = build_organization(base)
    base.client("s3").create_bucket(Bucket="organization-trail-logs")
    cloudtrail = base.client("cloudtrail")
    cloudtrail.create_trail(
        Name="organization-trail",
        S3BucketName="organization-trail-logs",
        IsMultiRegionTrail=True,
        IsOrganizationTrail=True,
    )
    cloudtrail.put_event_selectors(
        TrailName="organization-trail",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}],
    )
    cloudtrail.start_logging(Name="organization-trail")
    return demo


def _controls(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / rundir.CONTROLS).read_text().splitlines()]


def test_phase_two_inherits_from_stored_phase_one(tmp_path: Path) -> None:
    catalog, org_config = _config(tmp_path)
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        demo = _organization_with_its_trail(base)
        phase1 = tmp_path / "phase1"
        scan_and_report(
            RunConfig(
                out=phase1,
                org=True,
                regions=("us-east-1",),
                catalogs=("phases",),
                catalog_paths=(catalog,),
                org_config=org_config,
                pdf=False,
            ),
            base,
        )
        tenants = (demo.accounts["tenant-a"], demo.accounts["tenant-b"])
        phase2 = tmp_path / "phase2"
        outcome = scan_and_report(
            RunConfig(
                out=phase2,
                org=True,
                regions=("us-east-1",),
                accounts=tenants,
                catalogs=("phases",),
                catalog_paths=(catalog,),
                org_config=org_config,
                baseline=phase1,
                pdf=False,
            ),
            base,
        )
    run1 = json.loads((phase1 / rundir.RUN).read_text())
    run2 = json.loads((phase2 / rundir.RUN).read_text())
    assert {a["account_id"] for a in run2["accounts"]} == set(tenants)  # the landing zone was not rescanned
    assert run2["api_calls"] < run1["api_calls"]
    assert run2["baseline"]["run_id"] == rundir.file_digest(phase1 / rundir.MANIFEST)
    assert run2["baseline"]["stale"] is False
    by_account = {c["account_id"]: c for c in _controls(phase2)}
    for tenant in tenants:
        control = by_account[tenant]
        assert control["status"] == "INHERITED"
        assert control["provider_account_id"] == demo.management_account_id
        cited = [ref for ref in control["results"] if ref.get("baseline")]  # type: ignore[attr-defined]
        assert cited and all(ref["account_id"] == demo.management_account_id for ref in cited)
        for ref in cited:  # baseline evidence is copied in, so the pack stands alone
            for digest in ref["evidence"]:
                assert (phase2 / rundir.EVIDENCE / f"{digest}.json").is_file()
    # Phase 1 and Phase 2 agree on who provides, but only Phase 2 rests on an evidenced landing zone: the
    # Phase 1 run has no baseline and no certification, so its tenants inherit live.
    phase1_tenants = {c["account_id"]: c["status"] for c in _controls(phase1) if c["account_id"] in tenants}
    assert phase1_tenants == {t: "INHERITED_LIVE" for t in tenants}
    assert outcome.controls and rundir.verify_manifest(phase2).ok


def test_tampered_baseline_is_refused(tmp_path: Path) -> None:
    catalog, _ = _config(tmp_path)
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        demo = build_organization(base)
        phase1 = tmp_path / "phase1"
        scan_and_report(
            RunConfig(
                out=phase1,
                org=True,
                regions=("us-east-1",),
                catalogs=("phases",),
                catalog_paths=(catalog,),
                pdf=False,
            ),
            base,
        )
        results = phase1 / rundir.RESULTS
        results.write_text(results.read_text().replace('"FAIL"', '"PASS"'))
        with pytest.raises(RunDirError, match="does not match its manifest"):
            scan_and_report(
                RunConfig(
                    out=tmp_path / "phase2",
                    org=True,
                    regions=("us-east-1",),
                    accounts=(demo.accounts["tenant-a"],),
                    catalogs=("phases",),
                    catalog_paths=(catalog,),
                    baseline=phase1,
                    pdf=False,
                ),
                base,
            )
