"""SCPs attached at different levels of a moto organization: each account gets the verdict its own path
implies, and the management account never passes."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from demo.world import build_organization
from scanner import rundir
from scanner.run import pipeline
from scanner.run.config import RunConfig

CATALOG = """
id: scp-paths
title: SCP paths
version: "1"
groups:
  - id: g
    title: Guardrails
    controls:
      - id: uploads
        title: Unencrypted uploads are denied by SCP
        summary: An SCP on the account's path denies uploads without encryption.
        phase: both
        treatment: automated
        checks: [organizations.scp.deny-unencrypted-s3-uploads]
"""


def test_each_account_gets_the_verdict_of_its_own_path(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG)
    out = tmp_path / "run"
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        demo = build_organization(base)  # the deny SCP is attached to the Workloads OU
        org = base.client("organizations")
        [deny] = [
            p["Id"]
            for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
            if p["Name"] == "deny-unencrypted-s3-uploads"
        ]
        org.attach_policy(PolicyId=deny, TargetId=demo.accounts["security"])  # on one account directly
        root = org.list_roots()["Roots"][0]["Id"]
        infrastructure = next(
            ou["Id"]
            for ou in org.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"]
            if ou["Name"] == "Infrastructure"
        )
        nested = org.create_organizational_unit(ParentId=infrastructure, Name="Restricted")[
            "OrganizationalUnit"
        ]
        org.move_account(
            AccountId=demo.accounts["networking"],
            SourceParentId=infrastructure,
            DestinationParentId=nested["Id"],
        )
        org.attach_policy(PolicyId=deny, TargetId=nested["Id"])  # on a nested OU
        pipeline.scan(
            RunConfig(
                out=out,
                org=True,
                regions=("us-east-1",),
                catalogs=("scp-paths",),
                catalog_paths=(catalog,),
                pdf=False,
            ),
            base,
        )
    rows = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    verdicts = {
        r["account_id"]: r for r in rows if r["check_id"] == "organizations.scp.deny-unencrypted-s3-uploads"
    }
    by_name = {name: verdicts[account]["status"] for name, account in demo.accounts.items()}
    assert by_name == {
        "security": "PASS",
        "log-archive": "FAIL",
        "networking": "PASS",
        "shared-services": "FAIL",
        "tenant-a": "PASS",
        "tenant-b": "PASS",
    }
    management = verdicts[demo.management_account_id]
    assert management["status"] == "FAIL" and "management account" in management["message"]
    assert "attached to Restricted" in verdicts[demo.accounts["networking"]]["message"]
    assert verdicts[demo.accounts["tenant-a"]]["details"]["path"][-2:] == ["Workloads", "tenant-a"]
