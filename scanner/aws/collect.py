"""Plan and run collection: (account, region, dataset) tasks on a thread pool, each dataset fetched once.

Ctrl-C stops a scan within moments: the work not yet started is dropped, the collectors still running stop at
their next AWS call (scanner.aws.retries), and their threads, being daemon threads, never hold up the exit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

from scanner.aws.classify import classify
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.ec2 import REGIONS
from scanner.aws.retries import dataset_deadline
from scanner.aws.service_regions import ServiceRegions
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset, Reach
from scanner.errors import Reason, ReasonKind
from scanner.inventory import DatasetKey, DatasetRecord, Inventory
from scanner.model import GLOBAL_REGION, Account

UNKNOWN_REGION = "unknown"
ProgressHook = Callable[[DatasetKey], None]
T = TypeVar("T")


@dataclass(frozen=True)
class AccountPlan:
    """Where one account will be scanned; `problem` explains regions that could not be determined."""

    account: Account
    regions: tuple[str, ...]
    disabled: tuple[str, ...] = ()
    problem: Reason | None = None


def collect_dataset(
    provider: SessionProvider,
    dataset: Dataset,
    account_id: str,
    region: str,
    *,
    cancel: threading.Event | None = None,
) -> DatasetRecord:
    """Run one collector under its deadline (and stop it at its next call once `cancel` is set). Any failure
    becomes an unavailable record with its reason, never an exception."""
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
        with dataset_deadline(provider.limits.dataset_timeout, cancel=cancel):
            items = tuple(dataset.collect(api))
    except Exception as exc:  # noqa: BLE001 - the collection boundary: every failure is recorded
        return DatasetRecord(key, evidence=tuple(api.listing_evidence), unavailable=classify(exc))
    return DatasetRecord(key, items=items, evidence=tuple(dict.fromkeys(api.listing_evidence)))


def _assumed(provider: SessionProvider, account_id: str) -> str | None:
    """None (use the caller's own credentials) for the caller's account; assume a role elsewhere."""
    return None if account_id == provider.caller().account_id else account_id


def plan_regions(
    provider: SessionProvider,
    account: Account,
    requested: Sequence[str],
    *,
    cancel: threading.Event | None = None,
) -> tuple[AccountPlan, DatasetRecord]:
    """Regions to scan in one account: the requested ones that are enabled, or every enabled region."""
    record = collect_dataset(provider, REGIONS, account.account_id, GLOBAL_REGION, cancel=cancel)
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


def plan_all_regions(
    provider: SessionProvider, accounts: Sequence[Account], requested: Sequence[str], *, workers: int = 8
) -> list[tuple[AccountPlan, DatasetRecord]]:
    """plan_regions for every account, concurrently; in the order of `accounts`."""
    jobs = [
        lambda cancel, account=account: plan_regions(provider, account, requested, cancel=cancel)
        for account in accounts
    ]
    return run_all(jobs, workers)


def collect(
    provider: SessionProvider,
    tasks: Sequence[Task],
    known: dict[DatasetKey, DatasetRecord],
    *,
    workers: int = 8,
    on_done: ProgressHook | None = None,
) -> Inventory:
    """Run every task on a thread pool; unreachable places are recorded (from `known` or as failures).

    Ctrl-C raises KeyboardInterrupt saying how far collection got, at once (see run_all)."""
    records = dict(known)

    def store(record: DatasetRecord) -> None:
        records[record.key] = record
        if on_done is not None:
            on_done(record.key)

    jobs = [lambda cancel, task=task: collect_dataset(provider, *task, cancel=cancel) for task in tasks]
    try:
        run_all(jobs, workers, store)
    except KeyboardInterrupt:
        done = len(records) - len(known)
        raise KeyboardInterrupt(
            f"collection stopped after {done} of {len(tasks)} datasets; the run directory is left incomplete"
        ) from None
    return Inventory(records)


def run_all(
    jobs: Sequence[Callable[[threading.Event], T]],
    workers: int,
    on_result: Callable[[T], None] | None = None,
) -> list[T]:
    """Run each job on up to `workers` daemon threads; return their results in the order of `jobs`, handing
    each to `on_result` (in this thread) as it arrives. A job's exception is raised here.

    Whatever stops this thread's waiting (Ctrl-C: KeyboardInterrupt) sets the event every job is given, drops
    the jobs not started and is raised at once, without waiting for the jobs still running: they stop at their
    next AWS call, and as daemon threads they never hold up the interpreter's exit (a ThreadPoolExecutor waits
    for every queued job when its block is left, and joins its threads at exit)."""
    cancel = threading.Event()
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        pending.put(index)
    finished: queue.SimpleQueue[tuple[int, Future[T]]] = queue.SimpleQueue()

    def work() -> None:
        while not cancel.is_set():
            try:
                index = pending.get_nowait()
            except queue.Empty:
                return
            outcome: Future[T] = Future()
            try:
                outcome.set_result(jobs[index](cancel))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, raised there
                outcome.set_exception(exc)
            finished.put((index, outcome))

    results: dict[int, T] = {}
    try:
        for number in range(min(max(1, workers), len(jobs))):
            threading.Thread(target=work, name=f"collect-{number}", daemon=True).start()
        for _ in range(len(jobs)):
            index, outcome = finished.get()
            results[index] = outcome.result()
            if on_result is not None:
                on_result(results[index])
    except BaseException:
        cancel.set()
        raise
    return [results[index] for index in range(len(jobs))]
