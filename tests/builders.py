"""Build inventories from plain dicts so checks are tested without AWS, and run one check over them; AWS
error answers for tests that go through botocore; and changes to a copy of a stored run, for tests of what
evaluation, resolution and comparison make of data a scan has already collected."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSResponse

from scanner import rundir
from scanner.checkapi import ATTRIBUTE, CheckSpec
from scanner.errors import Reason, ReasonKind
from scanner.evaluate.engine import evaluate
from scanner.evaluate.registry import discover_datasets
from scanner.inventory import DatasetKey, DatasetRecord, Inventory, Item
from scanner.model import GLOBAL_REGION, Account, Result
from scanner.org import OrgNode, OrgTree

ACCOUNT = "111111111111"
REGION = "us-east-1"

ACCESS_DENIED = Reason(ReasonKind.ACCESS_DENIED, "ListThings: AccessDenied: not authorized", "AccessDenied")


def item(
    resource_id: str,
    data: Mapping[str, Any],
    *,
    name: str = "",
    region: str = REGION,
    errors: Mapping[str, Reason] | None = None,
    evidence: Sequence[str] = ("e" * 64,),
) -> Item:
    return Item(
        resource_id=resource_id,
        name=name or resource_id.rsplit("/", 1)[-1].rsplit(":", 1)[-1],
        region=region,
        data=dict(data),
        evidence=tuple(evidence),
        errors=dict(errors or {}),
    )


class InventoryBuilder:
    """Fluent builder: InventoryBuilder().add("s3.buckets", [item(...)]).unavailable("athena.workgroups")."""

    def __init__(self) -> None:
        self.records: dict[DatasetKey, DatasetRecord] = {}

    def add(
        self,
        dataset: str,
        items: Iterable[Item],
        *,
        account: str = ACCOUNT,
        region: str | None = None,
        evidence: Sequence[str] = (),
    ) -> InventoryBuilder:
        region = region or _default_region(dataset)
        key = DatasetKey(account, region, dataset)
        self.records[key] = DatasetRecord(key, items=tuple(items), evidence=tuple(evidence))
        return self

    def unavailable(
        self,
        dataset: str,
        reason: Reason = ACCESS_DENIED,
        *,
        account: str = ACCOUNT,
        region: str | None = None,
    ) -> InventoryBuilder:
        region = region or _default_region(dataset)
        key = DatasetKey(account, region, dataset)
        self.records[key] = DatasetRecord(key, unavailable=reason)
        return self

    def build(self) -> Inventory:
        return Inventory(self.records)


def _default_region(dataset: str) -> str:
    return GLOBAL_REGION if discover_datasets()[dataset].reach.value == "global" else REGION


def spec_of(function: Any) -> CheckSpec:
    spec: CheckSpec = getattr(function, ATTRIBUTE)
    return spec


def run_check(
    function: Any,
    inventory: Inventory | InventoryBuilder,
    *,
    accounts: Sequence[Account] | None = None,
    regions: Sequence[str] = (REGION,),
    org: OrgTree | None = None,
    roles: Mapping[str, str] | None = None,
) -> list[Result]:
    """Evaluate one check exactly as the pipeline would (ERROR and NOT_APPLICABLE synthesis included)."""
    inv = inventory.build() if isinstance(inventory, InventoryBuilder) else inventory
    accounts = list(accounts or [Account(ACCOUNT, name="test")])
    return evaluate(
        [spec_of(function)],
        discover_datasets(),
        inv,
        accounts,
        {a.account_id: list(regions) for a in accounts},
        org,
        roles=roles,
    )


def statuses(results: Iterable[Result]) -> list[str]:
    return [r.status.value for r in results]


TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/main"
ALL_MGMT = {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]}


def trail(
    arn: str = TRAIL_ARN,
    *,
    multi: bool = True,
    logging: bool = True,
    selectors: object = ALL_MGMT,
    home: str = REGION,
    region: str = REGION,
    org: bool = False,
    with_status: bool = True,
) -> Item:
    data: dict[str, object] = {
        "Name": arn.rsplit("/", 1)[-1],
        "TrailARN": arn,
        "IsMultiRegionTrail": multi,
        "HomeRegion": home,
        "IsOrganizationTrail": org,
    }
    if with_status:
        data |= {"Status": {"IsLogging": logging}, "EventSelectors": selectors}
    return item(arn, data, region=region)


def org_of(management: str, *members: str) -> OrgTree:
    """An organization whose root holds the management account and the members directly."""
    nodes = {
        "r-1": OrgNode("r-1", "root", "Root", None),
        management: OrgNode(management, "account", "mgmt", "r-1"),
        **{m: OrgNode(m, "account", f"member-{m}", "r-1") for m in members},
    }
    return OrgTree(
        "o-1",
        management,
        "ALL",
        nodes,
        {
            management: Account(management, "mgmt", is_management=True),
            **{m: Account(m, f"member-{m}") for m in members},
        },
    )


def policy_document(*statements: Mapping[str, Any]) -> str:
    """An IAM policy document (bucket, endpoint, key or SCP) with these statements, as JSON text."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def aws_error(code: str, status: int) -> Any:
    """A botocore before-call handler answering like AWS would for a denied or throttled request."""

    def handler(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        response = AWSResponse("https://example.invalid", status, {}, None)
        return response, {
            "Error": {"Code": code, "Message": f"simulated {code}"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }

    return handler


# Checks whose APIs moto 5.2 lacks entirely (in-process it answers 404 "Not yet implemented", its server 500)
# and for which the demo registers no answer (demo.simulated_apis): a scan of the demo may show ERROR for
# these
# and nothing else. Every such API the checks call is answered by the demo today.
MOTO_LACKS: frozenset[str] = frozenset()


def unexpected_errors(results: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """ERROR results a scan under moto should not have: every one would be an access or collection bug."""
    return [r for r in results if r["status"] == "ERROR" and r["check_id"] not in MOTO_LACKS]


# -- changes to a copy of a stored run -----------------------------------------------------------------------


def account_ids(run: Path) -> dict[str, str]:
    """A stored run's accounts by name, the management account's as "management" (as demo.world has it)."""
    return {"management" if a.is_management else a.name: a.account_id for a in rundir.read_run(run).accounts}


def change_stored_item(
    run: Path, key: DatasetKey, data: Mapping[str, Any], *, resource_id: str | None = None
) -> None:
    """Give one resource in a run's stored inventory new aspect values, as a scan of the changed resource
    would record them; `resource_id` picks it, else the dataset must hold exactly one. Only for a copy of a
    run: evaluate it again (`controlmap evaluate --from`) to see what the change does to verdicts."""
    path = run / rundir.INVENTORY / key.account_id / key.region / f"{key.dataset}.json"
    record = DatasetRecord.from_json(json.loads(path.read_text()))
    [target] = [i for i in record.items if resource_id in (None, i.resource_id)]
    items = tuple(replace(i, data={**i.data, **data}) if i is target else i for i in record.items)
    Inventory({key: replace(record, items=items)}).save(run / rundir.INVENTORY)


def as_a_later_scan(run: Path, *, days: int = 1) -> str:
    """Give a copy of a stored run the identity of a scan made `days` later: a run id of its own (16 hex
    digits, as a scan makes them) and that start time. Returns the new run id. The manifest is not
    rewritten: evaluate or report the run again, or write it."""
    record = rundir.read_run(run)
    started = datetime.fromisoformat(record.started_at) + timedelta(days=days)
    run_id = hashlib.sha256(f"{record.run_id}|{started.isoformat()}".encode()).hexdigest()[:16]
    rundir.write_run(run, replace(record, run_id=run_id, started_at=started.isoformat()))
    return run_id


def org_trail_catalog(catalog_id: str) -> str:
    """A one-control catalog: the management account's organization trail, inherited by every account that
    is itself covered (for runs that need the inheritance path and little else)."""
    return f"""
id: {catalog_id}
title: Organization trail only
version: "1"
groups:
  - id: "12"
    title: Audit logging
    controls:
      - id: org-trail
        title: Organization trail covers every account
        summary: The management account's organization trail logs every region; each account is covered.
        phase: both
        treatment: automated
        inheritance:
          provider: management
          provides: [cloudtrail.multi-region-logging]
          consumer: [cloudtrail.multi-region-logging]
"""
