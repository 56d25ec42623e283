"""The seeded demo organization, built once per session and scanned in every way the pipeline tests read it
(tests/pipeline/test_shard_merge.py, tests/pipeline/test_scan_from_security_account.py): seeding it is the
slow part, and those tests only read the finished runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.organizations.models import OrganizationsBackend, organizations_backends

from demo.world import DemoOrg, assume, build_organization, seed_configuration
from scanner.cli.deliver import scan_and_report
from scanner.run import pipeline
from scanner.run.config import RunConfig
from tests.builders import org_trail_catalog

REGION = "us-east-1"

# One control on one check, for runs small enough to move through S3 file by file; the organization trail
# still makes the tenants inherit from the management account.
SMALL_CATALOG = org_trail_catalog("org-trail")

# moto answers organization reads only in the management account (for members it forwards just
# DescribeOrganization and ListRoots). AWS lets a delegated administrator make these reads; the scan from the
# security account forwards them the same way so the scanner's delegated-administrator path is exercised.
DELEGATED_READS = (
    "list_accounts",
    "list_accounts_for_parent",
    "list_organizational_units_for_parent",
    "list_policies_for_target",
    "describe_policy",
    "list_tags_for_resource",
)


def _forwarded(name: str) -> Any:
    """OrganizationsBackend.NAME, answered by the management account's backend when a member asks."""
    original = getattr(OrganizationsBackend, name)

    def forwarded(self: OrganizationsBackend, *args: Any, **kw: Any) -> Any:
        if self.org is None and self.account_id in organizations_backends.master_accounts:
            master, partition = organizations_backends.master_accounts[self.account_id]
            return original(organizations_backends[master][partition], *args, **kw)
        return original(self, *args, **kw)

    return forwarded


@contextmanager
def delegated_admin_reads() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name in DELEGATED_READS:
            patch.setattr(OrganizationsBackend, name, _forwarded(name))
        yield


@dataclass(frozen=True)
class SeededRuns:
    org: DemoOrg
    runs: dict[str, Path]  # by name, see seeded_runs


def _whole_and_shards(base: boto3.Session, tmp: Path, prefix: str, **scope: Any) -> None:
    """PREFIXwhole and PREFIXshard1..3: the organization scanned whole and in three shards, and reported."""
    common: dict[str, Any] = {"org": True, "regions": (REGION,), "pdf": False, **scope}
    scan_and_report(RunConfig(out=tmp / f"{prefix}whole", **common), base)
    for k in (1, 2, 3):
        scan_and_report(RunConfig(out=tmp / f"{prefix}shard{k}", shard=(k, 3), **common), base)


@pytest.fixture(scope="session")
def seeded_runs(tmp_path_factory: pytest.TempPathFactory) -> SeededRuns:
    """The demo organization seeded (not the demo's scan: one region, no org config) and scanned from the
    management account whole and in three shards, with every catalog ("whole", "shard1".."shard3") and with
    SMALL_CATALOG ("small-whole", "small-shard1".."small-shard3"); and `scan --org` from the security account
    ("from-security", scanned and evaluated, not reported). Read them as they are."""
    tmp = tmp_path_factory.mktemp("seeded")
    catalog = tmp_path_factory.mktemp("catalog") / "org-trail.yaml"
    catalog.write_text(SMALL_CATALOG)
    with mock_aws():
        base = boto3.Session(region_name=REGION)
        org = build_organization(base)
        with seed_configuration(base, org):
            _whole_and_shards(base, tmp, "")
            _whole_and_shards(base, tmp, "small-", catalogs=("org-trail",), catalog_paths=(catalog,))
            security = assume(base, org.accounts["security"])
            with delegated_admin_reads():
                config = RunConfig(out=tmp / "from-security", org=True, regions=(REGION,), pdf=False)
                pipeline.scan(config, security)
    return SeededRuns(org, {p.name: p for p in tmp.iterdir()})
