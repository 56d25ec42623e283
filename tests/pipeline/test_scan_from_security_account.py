"""`scan --org` run from the security account (an Organizations delegated administrator), not the management
account: the caller's own account is scanned with its own credentials, every other account (the management
account included) through the audit role, and organization-level data is read where the org was read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.organizations.models import OrganizationsBackend, organizations_backends

from demo.world import assume, build_organization, seed_configuration
from scanner import rundir
from scanner.run import pipeline
from scanner.run.config import RunConfig
from tests.builders import unexpected_errors

# moto answers organization reads only in the management account (for members it forwards just
# DescribeOrganization and ListRoots). AWS lets a delegated administrator make these reads; this fixture
# forwards them the same way so the scanner's delegated-administrator path can be exercised.
DELEGATED_READS = (
    "list_accounts",
    "list_accounts_for_parent",
    "list_organizational_units_for_parent",
    "list_policies_for_target",
    "describe_policy",
    "list_tags_for_resource",
)


@pytest.fixture
def delegated_admin_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in DELEGATED_READS:
        original = getattr(OrganizationsBackend, name)

        def forwarded(self: OrganizationsBackend, *args: Any, _original: Any = original, **kw: Any) -> Any:
            if self.org is None and self.account_id in organizations_backends.master_accounts:
                master, partition = organizations_backends.master_accounts[self.account_id]
                return _original(organizations_backends[master][partition], *args, **kw)
            return _original(self, *args, **kw)

        monkeypatch.setattr(OrganizationsBackend, name, forwarded)
    yield


def test_org_scan_from_the_security_account(delegated_admin_reads: None, tmp_path: Path) -> None:
    with mock_aws():
        management = boto3.Session(region_name="us-east-1")
        demo = build_organization(management)
        seed_configuration(management, demo)
        security = assume(management, demo.accounts["security"])
        out = tmp_path / "run"
        pipeline.scan(RunConfig(out=out, org=True, regions=("us-east-1",), pdf=False), security)
    run = json.loads((out / rundir.RUN).read_text())
    assert run["caller"]["account_id"] == demo.accounts["security"]
    assert run["organization"]["management_account_id"] == demo.management_account_id
    assert run["organization"]["read_from_account"] == demo.accounts["security"]
    accounts = {a["account_id"]: a for a in run["accounts"]}
    assert set(accounts) == {demo.management_account_id, *demo.accounts.values()}
    assert accounts[demo.management_account_id]["is_management"]
    assert not accounts[demo.accounts["security"]]["is_management"]
    results = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    assert {r["account_id"] for r in results} == set(accounts)
    assert not unexpected_errors(results)  # each would be an access problem of the security account
    trails = [r for r in results if r["check_id"] == "cloudtrail.multi-region-logging"]
    assert all(r["status"] == "PASS" for r in trails)  # the management account's org trail, read via its role
