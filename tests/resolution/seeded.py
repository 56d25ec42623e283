"""A small seeded organization for resolution tests: real checks evaluated over a built inventory, then the
built-in catalogs resolved over their results, as the pipeline does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from scanner.catalog.model import LoadedCatalog, builtin_catalogs
from scanner.catalog.placement import place
from scanner.evaluate.engine import evaluate
from scanner.evaluate.registry import build_registry
from scanner.model import Account, ControlResult, Result
from scanner.org import OrgTree
from scanner.resolve.controls import Context, index_results, resolve_controls
from tests.builders import REGION, InventoryBuilder

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
MGMT = Account("100000000000", "master", is_management=True)
SECURITY = Account("200000000000", "security", ou_path=("Security",))
TENANT_A = Account("300000000000", "tenant-a", ou_path=("Workloads",))
TENANT_B = Account("400000000000", "tenant-b", ou_path=("Workloads",))
REGISTRY = build_registry()
HITRUST = next(c for c in builtin_catalogs(REGISTRY.checks) if c.id == "hitrust-csf")


def run_checks(
    check_ids: Sequence[str], inventory: InventoryBuilder, accounts: Sequence[Account], org: OrgTree | None
) -> list[Result]:
    """The named registered checks over the inventory, in every account, in REGION."""
    return evaluate(
        [REGISTRY.check(cid) for cid in check_ids],
        REGISTRY.datasets,
        inventory.build(),
        accounts,
        {a.account_id: [REGION] for a in accounts},
        org,
    )


def resolve_control(
    control_id: str,
    results: Sequence[Result],
    accounts: Sequence[Account],
    catalog: LoadedCatalog = HITRUST,
    **context: object,
) -> Mapping[str, ControlResult]:
    """One control of the catalog in every account (roles inferred from names), by account name."""
    ctx = Context(accounts, place(accounts, None), index_results(results), NOW, **context)  # type: ignore[arg-type]
    names = {a.account_id: a.name for a in accounts}
    return {names[c.account_id]: c for c in resolve_controls([catalog], ctx) if c.control_id == control_id}
