"""Build inventories from plain dicts so checks are tested without AWS, and run one check over them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from scanner.checkapi import ATTRIBUTE, CheckSpec
from scanner.errors import Reason, ReasonKind
from scanner.evaluate import evaluate
from scanner.inventory import DatasetKey, DatasetRecord, Inventory, Item
from scanner.model import GLOBAL_REGION, Account, Result
from scanner.org import OrgTree
from scanner.registry import discover_datasets

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
    )


def statuses(results: Iterable[Result]) -> list[str]:
    return [r.status.value for r in results]
