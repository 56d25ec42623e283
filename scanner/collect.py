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
from scanner.retries import dataset_deadline
from scanner.service_regions import ServiceRegions
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
    """Run one collector under its deadline. Any failure becomes an unavailable record with its reason,
    never an exception."""
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
        with dataset_deadline(provider.limits.dataset_timeout):
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


Task = tuple[Dataset, str, str]


def plan_tasks(
    plans: Sequence[AccountPlan],
    datasets: Iterable[Dataset],
    org_account: str,
    services: ServiceRegions | None = None,
) -> tuple[list[Task], dict[DatasetKey, DatasetRecord]]:
    """The (dataset, account, region) tasks to run, and the records already known to be unavailable.

    Organization-level datasets are collected once, in `org_account` (where the organization was read), in
    every region any planned account uses, whether or not that account is itself being scanned (a shard).
    A regional dataset whose service AWS does not offer in a region is not collected there (`services`).
    """
    tasks: list[Task] = []
    known: dict[DatasetKey, DatasetRecord] = {}
    chosen = list(datasets)
    all_regions = sorted({r for p in plans for r in p.regions if r != UNKNOWN_REGION})

    def add(dataset: Dataset, account_id: str, region: str) -> None:
        if region != GLOBAL_REGION and services is not None and not services.offered(dataset.service, region):
            key = DatasetKey(account_id, region, dataset.name)
            reason = Reason(ReasonKind.NOT_OFFERED, services.reason(dataset.service, region))
            known[key] = DatasetRecord(key, unavailable=reason)
        else:
            tasks.append((dataset, account_id, region))

    for dataset in (d for d in chosen if d.org_level):
        regions = [GLOBAL_REGION] if dataset.reach is Reach.GLOBAL else all_regions
        for region in regions:
            add(dataset, org_account, region)
    for plan in plans:
        account_id = plan.account.account_id
        for dataset in (d for d in chosen if not d.org_level):
            if dataset.reach is Reach.GLOBAL:
                tasks.append((dataset, account_id, GLOBAL_REGION))
                continue
            for region in plan.disabled:
                key = DatasetKey(account_id, region, dataset.name)
                reason = Reason(ReasonKind.REGION_DISABLED, f"{region} is not enabled in this account")
                known[key] = DatasetRecord(key, unavailable=reason)
            for region in plan.regions:
                if plan.problem is not None and region == UNKNOWN_REGION:
                    key = DatasetKey(account_id, region, dataset.name)
                    known[key] = DatasetRecord(key, unavailable=plan.problem)
                else:
                    add(dataset, account_id, region)
    return tasks, known


def collect(
    provider: SessionProvider,
    tasks: Sequence[Task],
    known: dict[DatasetKey, DatasetRecord],
    *,
    workers: int = 8,
    on_done: ProgressHook | None = None,
) -> Inventory:
    """Run every task on a thread pool; unreachable places are recorded (from `known` or as failures)."""
    records = dict(known)
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="collect") as pool:
        futures = [pool.submit(collect_dataset, provider, *task) for task in tasks]
        for future in as_completed(futures):
            record = future.result()
            records[record.key] = record
            if on_done is not None:
                on_done(record.key)
    return Inventory(records)
