"""Plan and run collection: (account, region, dataset) tasks on a thread pool, each dataset fetched once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from scanner.collectors.base import Api, Dataset, Reach
from scanner.collectors.ec2 import REGIONS
from scanner.errors import Reason, ReasonKind, classify
from scanner.inventory import DatasetKey, DatasetRecord, Inventory
from scanner.model import GLOBAL_REGION, Account
from scanner.sessions import SessionProvider

UNKNOWN_REGION = "unknown"
ProgressHook = Callable[[DatasetKey], None]


@dataclass(frozen=True)
class AccountPlan:
    """Where one account will be scanned; `problem` explains regions that could not be determined."""

    account: Account
    regions: tuple[str, ...]
    disabled: tuple[str, ...] = ()
    problem: Reason | None = None


def collect_dataset(
    provider: SessionProvider, dataset: Dataset, account_id: str, region: str
) -> DatasetRecord:
    """Run one collector. Any failure becomes an unavailable record with its reason, never an exception."""
    key = DatasetKey(account_id, region, dataset.name)
    client_region = provider.home_region if region == GLOBAL_REGION else region
    api = Api(
        dataset,
        lambda service: provider.client(_assumed(provider, account_id), service, client_region),
        provider.recorder,
        account_id=account_id,
        region=client_region if dataset.reach is Reach.REGIONAL else GLOBAL_REGION,
    )
    try:
        items = tuple(dataset.collect(api))
    except Exception as exc:  # noqa: BLE001 - the collection boundary: every failure is recorded
        return DatasetRecord(key, evidence=tuple(api.listing_evidence), unavailable=classify(exc))
    return DatasetRecord(key, items=items, evidence=tuple(dict.fromkeys(api.listing_evidence)))


def _assumed(provider: SessionProvider, account_id: str) -> str | None:
    """None (use the caller's own credentials) for the caller's account; assume a role elsewhere."""
    return None if account_id == provider.caller().account_id else account_id


def plan_regions(
    provider: SessionProvider, account: Account, requested: Sequence[str]
) -> tuple[AccountPlan, DatasetRecord]:
    """Regions to scan in one account: the requested ones that are enabled, or every enabled region."""
    record = collect_dataset(provider, REGIONS, account.account_id, GLOBAL_REGION)
    if record.unavailable is not None:
        problem = Reason(
            record.unavailable.kind, f"could not list enabled regions: {record.unavailable.detail}"
        )
        regions = tuple(requested) or (UNKNOWN_REGION,)
        return AccountPlan(account, regions, problem=problem), record
    enabled = {item.resource_id for item in record.items}
    if not requested:
        return AccountPlan(account, tuple(sorted(enabled))), record
    wanted = tuple(r for r in requested if r in enabled)
    disabled = tuple(r for r in requested if r not in enabled)
    return AccountPlan(account, wanted, disabled), record


def collect(
    provider: SessionProvider,
    plans: Sequence[AccountPlan],
    datasets: Iterable[Dataset],
    *,
    org_account: str,
    workers: int = 8,
    on_done: ProgressHook | None = None,
) -> Inventory:
    """Collect every dataset in every planned (account, region); unreachable places are recorded too.

    Organization-level datasets are collected only in `org_account` (where the organization was read).
    """
    records: dict[DatasetKey, DatasetRecord] = {}
    tasks: list[tuple[Dataset, str, str]] = []
    for plan in plans:
        for dataset in datasets:
            if dataset.org_level and plan.account.account_id != org_account:
                continue
            if dataset.reach is Reach.GLOBAL:
                tasks.append((dataset, plan.account.account_id, GLOBAL_REGION))
                continue
            for region in plan.disabled:
                key = DatasetKey(plan.account.account_id, region, dataset.name)
                records[key] = DatasetRecord(
                    key,
                    unavailable=Reason(
                        ReasonKind.REGION_DISABLED, f"{region} is not enabled in this account"
                    ),
                )
            for region in plan.regions:
                if plan.problem is not None and region == UNKNOWN_REGION:
                    key = DatasetKey(plan.account.account_id, region, dataset.name)
                    records[key] = DatasetRecord(key, unavailable=plan.problem)
                else:
                    tasks.append((dataset, plan.account.account_id, region))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="collect") as pool:
        futures = [pool.submit(collect_dataset, provider, *task) for task in tasks]
        for future in as_completed(futures):
            record = future.result()
            records[record.key] = record
            if on_done is not None:
                on_done(record.key)
    return Inventory(records)


def task_count(plans: Sequence[AccountPlan], datasets: Sequence[Dataset], org_account: str) -> int:
    return sum(
        1 if d.reach is Reach.GLOBAL else len(p.regions)
        for p in plans
        for d in datasets
        if not d.org_level or p.account.account_id == org_account
    )
