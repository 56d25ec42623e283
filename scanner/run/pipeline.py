"""The stages of a run that collect and evaluate, each reading and writing the run directory: scan ->
evaluate. Reporting comes next (scanner.report.build.report_run) and writes the manifest that finishes the
run; until then the folder stays marked INCOMPLETE."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import boto3

from scanner import __version__, rundir, runrecord
from scanner.aws.collect import AccountPlan, collect, collect_dataset, plan_all_regions, plan_tasks
from scanner.aws.collectors.organizations import TREE
from scanner.aws.progress import CollectionProgress
from scanner.aws.service_regions import ServiceRegions
from scanner.aws.sessions import Caller, SessionProvider
from scanner.catalog.model import BUILTIN_DIR, LoadedCatalog, load_catalogs, select
from scanner.catalog.placement import LoadedOrgConfig, OrgConfig, Placement, load_org_config, place
from scanner.checkapi import Subject
from scanner.datasets import Dataset
from scanner.errors import ConfigError
from scanner.evaluate.accepted import LoadedExceptions, apply_exceptions, load_exceptions
from scanner.evaluate.engine import evaluate
from scanner.evaluate.registry import Registry, build_registry
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord, Inventory
from scanner.model import GLOBAL_REGION, Account, ControlResult, Result
from scanner.org import OrgTree, build_tree
from scanner.resolve.attest import ATTESTATIONS_DIR, Attestation, copy_into_run, load_attestations
from scanner.resolve.baseline import copy_cited_evidence, load_baseline, merged_inventory
from scanner.resolve.controls import Baseline, Context, index_results, placements_json, resolve_controls
from scanner.resolve.phases import phase_one, phase_two
from scanner.run import trend
from scanner.run.config import RunConfig
from scanner.run.inputs import UserInputs, load_run_inputs
from scanner.run.shard import in_shard
from scanner.runrecord import RunRecord

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RunOutcome:
    out: Path
    results: list[Result]
    controls: list[ControlResult]
    api_calls: int
    catalogs: list[LoadedCatalog]  # what the run was evaluated against (the report shows them)


def load_run_catalogs(
    registry: Registry, wanted: Sequence[str], extra: Sequence[Path]
) -> list[LoadedCatalog]:
    catalogs = load_catalogs([BUILTIN_DIR, *extra], registry.checks)
    return select(catalogs, wanted)


def run_catalogs(registry: Registry, run: RunRecord) -> list[LoadedCatalog]:
    """The catalogs a stored run was evaluated against, as recorded in its run.json."""
    return load_run_catalogs(registry, run.selected_catalogs, [Path(p) for p in run.catalog_paths])


def checks_for(catalogs: Sequence[LoadedCatalog]) -> list[str]:
    return sorted(
        {cid for c in catalogs for _, control in c.catalog.controls() for cid in control.all_checks()}
    )


def prepare_out(out: Path) -> None:
    """A run directory starts empty; refuse to mix a new run into an unrelated non-empty folder. It is marked
    incomplete before the old run's files go and until the new run's manifest is written. The caller holds
    the folder (rundir.locked), whose lock file stays."""
    present = [c for c in out.iterdir() if c.name != rundir.LOCK] if out.exists() else []
    if present and not ((out / rundir.RUN).is_file() or (out / rundir.INCOMPLETE).exists()):
        raise ConfigError(f"{out}: exists, is not empty and is not a controlmap run directory")
    out.mkdir(parents=True, exist_ok=True)
    rundir.mark_incomplete(out)
    for child in present:
        if child.name != rundir.INCOMPLETE:
            shutil.rmtree(child) if child.is_dir() else child.unlink()


# -- scan ----------------------------------------------------------------------------------------------------


def scan(
    config: RunConfig,
    base: boto3.Session,
    *,
    registry: Registry | None = None,
    clock: Clock = utc_now,
    folder_held: bool = False,
) -> RunOutcome:
    """Collect from AWS into config.out, then evaluate it. The only stage that calls AWS.

    The run holds config.out (rundir.locked) while it writes: a second run into it is refused, never mixed
    in. The run is finished by reporting it (scanner.report.build.report_run), which the caller does in the
    same hold: it holds the folder itself and passes `folder_held`."""
    registry = registry or build_registry()
    if folder_held:
        return _scan(config, base, registry=registry, clock=clock)
    with rundir.locked(config.out):
        return _scan(config, base, registry=registry, clock=clock)


@dataclass(frozen=True)
class _Collected:
    org: OrgTree | None
    accounts: list[Account]
    plans: list[AccountPlan]
    inventory: Inventory


def _scan(config: RunConfig, base: boto3.Session, *, registry: Registry, clock: Clock) -> RunOutcome:
    inputs = load_run_inputs(config, registry)  # every user file, before the run folder and any AWS call
    datasets = registry.datasets_for(checks_for(inputs.catalogs))
    prepare_out(config.out)
    started = clock()
    recorder = Recorder(EvidenceStore(config.out / rundir.EVIDENCE), hold=True, clock=clock)
    provider = SessionProvider(
        base, recorder, role_name=config.role_name, external_id=config.external_id, limits=config.limits
    )
    caller = provider.caller()
    run_id = _run_id(config, caller, started)
    recorder.name_run(run_id)  # every evidence file names the run, the caller's identity too
    collected = _collect(config, base, provider, caller, datasets)
    collected.inventory.save(config.out / rundir.INVENTORY)
    record = _scan_record(config, caller, run_id, collected, started, clock(), recorder.calls)
    rundir.write_run(config.out, record)
    _add_user_files(config, inputs)
    return evaluate_run(config.out, registry=registry, clock=clock)


def _collect(
    config: RunConfig,
    base: boto3.Session,
    provider: SessionProvider,
    caller: Caller,
    datasets: Sequence[Dataset],
) -> _Collected:
    """The organization (with --org), the accounts in scope, their regions, and every dataset there."""
    extra_records: list[DatasetRecord] = []
    org: OrgTree | None = None
    if config.org:
        tree_record = collect_dataset(provider, TREE, caller.account_id, GLOBAL_REGION)
        extra_records.append(tree_record)
        org = build_tree(tree_record)
        accounts = _select_accounts(list(org.accounts.values()), config.accounts)
        accounts = [a for a in accounts if in_shard(a.account_id, config.shard)]
    else:
        if config.accounts and set(config.accounts) != {caller.account_id}:
            raise ConfigError("--accounts other than the caller's own account needs --org")
        accounts = [Account(caller.account_id, name="caller account")]
    planned = plan_all_regions(provider, accounts, config.regions, workers=config.workers)
    plans = [plan for plan, _ in planned]
    extra_records.extend(record for _, record in planned)
    services = ServiceRegions(base._session, config.assume_offered)
    tasks, known = plan_tasks(plans, datasets, caller.account_id, services)
    with CollectionProgress(len(tasks), len(plans)) as progress:
        inventory = collect(provider, tasks, known, workers=config.workers, on_done=progress.done)
    inventory = Inventory({r.key: r for r in (*inventory, *extra_records)})
    return _Collected(org, accounts, plans, inventory)


def _run_id(config: RunConfig, caller: Caller, started: datetime) -> str:
    identity = f"{started.isoformat()}|{caller.arn}|{config.out.resolve()}|{config.shard}"
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def _scan_record(
    config: RunConfig,
    caller: Caller,
    run_id: str,
    collected: _Collected,
    started: datetime,
    finished: datetime,
    api_calls: int,
) -> RunRecord:
    plans = collected.plans
    return RunRecord(
        run_id=run_id,
        tool=runrecord.Tool("controlmap", __version__),
        mode=config.mode,
        caller=runrecord.Caller(caller.account_id, caller.arn, caller.user_id),
        started_at=started.isoformat(),
        finished_collection_at=finished.isoformat(),
        organization=_org_summary(collected.org, caller.account_id),
        accounts=tuple(collected.accounts),
        regions={p.account.account_id: p.regions for p in plans},
        disabled_regions={p.account.account_id: p.disabled for p in plans if p.disabled},
        problems={p.account.account_id: str(p.problem) for p in plans if p.problem},
        role_name=config.role_name if config.org else None,
        requested=runrecord.Requested(config.org, tuple(config.accounts), tuple(config.regions)),
        catalog_paths=tuple(str(p) for p in config.catalog_paths),
        selected_catalogs=tuple(config.catalogs),
        org_config_path=str(config.org_config.resolve()) if config.org_config else None,
        baseline_path=str(config.baseline.resolve()) if config.baseline else None,
        api_calls=api_calls,
        call_limits=config.limits.describe(),
        shard=runrecord.ShardRecord(index=config.shard[0], count=config.shard[1]) if config.shard else None,
        labels=dict(config.labels),
    )


def _add_user_files(config: RunConfig, inputs: UserInputs) -> None:
    """Attestations, exceptions and earlier trend points become part of the run (and of its manifest)."""
    if config.attestations is not None:
        copy_into_run(inputs.attestations, config.out)
    if config.exceptions is not None:
        set_exceptions(config.out, config.exceptions)
    if config.trend_history:
        trend.write(config.out, config.trend_history, [])


def set_exceptions(out: Path, source: Path) -> None:
    """Validate an exceptions file, then make it part of the run (and so of its manifest)."""
    load_exceptions(source)  # a bad file fails here, before anything is written
    shutil.copy2(source, out / rundir.EXCEPTIONS)


def _select_accounts(accounts: list[Account], wanted: Sequence[str]) -> list[Account]:
    if not wanted:
        return sorted(accounts, key=lambda a: (not a.is_management, a.ou_path, a.name))
    by_id = {a.account_id: a for a in accounts}
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise ConfigError(f"--accounts: not active accounts of this organization: {', '.join(unknown)}")
    return [by_id[w] for w in wanted]


def _org_summary(org: OrgTree | None, caller_account: str) -> runrecord.OrgSummary | None:
    if org is None:
        return None
    return runrecord.OrgSummary(
        id=org.organization_id,
        management_account_id=org.management_account_id,
        feature_set=org.feature_set,
        read_from_account=caller_account,
    )


# -- evaluate ------------------------------------------------------------------------------------------------


def evaluate_run(out: Path, *, registry: Registry | None = None, clock: Clock = utc_now) -> RunOutcome:
    """Evaluate a run directory from its stored inventory and write the evaluation; never calls AWS. The
    folder stays marked incomplete until the run is reported (scanner.report.build.report_run)."""
    registry = registry or build_registry()
    now = clock()
    inputs = load_inputs(out, registry)
    results, expired = evaluate_checks(inputs, registry, now.date())
    controls, context = resolve_run_controls(inputs, results, now)
    record = write_evaluation(out, inputs, Verdicts(results, expired, controls, context))
    return RunOutcome(out, results, controls, record.api_calls, inputs.catalogs)


@dataclass(frozen=True)
class EvaluationInputs:
    """Everything evaluating a run reads: its record and inventory, and the files the record names."""

    run: RunRecord
    catalogs: list[LoadedCatalog]
    org_config: LoadedOrgConfig | None
    inventory: Inventory  # with the baseline's records of the accounts this run did not scan
    org: OrgTree | None
    baseline: Baseline | None
    exceptions: LoadedExceptions | None
    attestations: list[Attestation]

    @property
    def config(self) -> OrgConfig | None:
        return self.org_config.config if self.org_config else None

    @property
    def accounts(self) -> list[Account]:
        return list(self.run.accounts)


def load_inputs(out: Path, registry: Registry) -> EvaluationInputs:
    run = rundir.read_run(out)
    catalogs = run_catalogs(registry, run)
    org_config = load_org_config(Path(run.org_config_path)) if run.org_config_path else None
    config = org_config.config if org_config else None
    inventory = Inventory.load(out / rundir.INVENTORY)
    org = _load_org(run, inventory)
    baseline = None
    if run.baseline_path:
        max_age = config.baseline_max_age_days if config else 365
        baseline = load_baseline(Path(run.baseline_path), config, max_age)
        inventory = merged_inventory(inventory, Path(run.baseline_path), (a.account_id for a in run.accounts))
    exceptions = out / rundir.EXCEPTIONS
    attestations = out / ATTESTATIONS_DIR
    return EvaluationInputs(
        run=run,
        catalogs=catalogs,
        org_config=org_config,
        inventory=inventory,
        org=org,
        baseline=baseline,
        exceptions=load_exceptions(exceptions) if exceptions.is_file() else None,
        attestations=load_attestations(attestations) if attestations.is_dir() else [],
    )


def _load_org(run: RunRecord, inventory: Inventory) -> OrgTree | None:
    if run.organization is None:
        return None
    record = inventory.get(run.organization.read_from_account, GLOBAL_REGION, TREE.name)
    return build_tree(record) if record is not None else None


def evaluate_checks(
    inputs: EvaluationInputs, registry: Registry, today: date
) -> tuple[list[Result], list[dict[str, Any]]]:
    """Every check of the run's catalogs on the run's subject (AWS or a Docker host), with the accepted
    exceptions marked; also returns the expired exceptions that still matched failures."""
    run = inputs.run
    subject = Subject.DOCKER_HOST if run.is_host_scan else Subject.AWS
    specs = [spec for cid in checks_for(inputs.catalogs) if (spec := registry.check(cid)).subject is subject]
    # Requested regions that are not enabled are evaluated too, so their checks show ERROR there.
    regions = {a: [*rs, *run.disabled_regions.get(a, ())] for a, rs in run.regions.items()}
    # Roles of every known account (the organization's too), so checks can find e.g. the security account.
    known = {a.account_id: a for a in [*(inputs.org.accounts.values() if inputs.org else ()), *run.accounts]}
    roles = {account: p.role for account, p in place(list(known.values()), inputs.config).items()}
    results = evaluate(
        specs,
        registry.datasets,
        inputs.inventory,
        inputs.accounts,
        regions,
        inputs.org,
        org_account=run.org_account,
        roles=roles,
    )
    if inputs.exceptions is None:
        return results, []
    control_checks = {
        f"{c.id}:{control.id}": set(control.all_checks())
        for c in inputs.catalogs
        for _, control in c.catalog.controls()
    }
    return apply_exceptions(results, inputs.exceptions.rules, today, control_checks)


def resolve_run_controls(
    inputs: EvaluationInputs, results: Sequence[Result], now: datetime
) -> tuple[list[ControlResult], Context]:
    """Each control of the run's catalogs in each account, and the context it was decided in."""
    config = inputs.config
    context = Context(
        accounts=inputs.accounts,
        placements=place(inputs.accounts, config),
        results=index_results(results),
        now=now,
        attestations=inputs.attestations,
        aws_evidence={e.control: e.reference for e in config.aws_evidence} if config else {},
        baseline=inputs.baseline,
    )
    return resolve_controls(inputs.catalogs, context), context


@dataclass(frozen=True)
class Verdicts:
    results: list[Result]
    expired: list[dict[str, Any]]  # expired exceptions that still matched failures
    controls: list[ControlResult]
    context: Context  # what the controls were decided with: placements, attestations, baseline, time


def write_evaluation(out: Path, inputs: EvaluationInputs, verdicts: Verdicts) -> RunRecord:
    """Write results, controls, the baseline evidence they cite, the phase tables, and the run record
    extended with the evaluation (last: run.json says the run was evaluated once everything else is)."""
    rundir.write_results(out, verdicts.results)
    rundir.write_controls(out, verdicts.controls)
    if inputs.run.baseline_path:
        copy_cited_evidence(out, Path(inputs.run.baseline_path), verdicts.results, verdicts.controls)
    rundir.write_json(out / rundir.PHASES, _phases(inputs, verdicts))
    record = replace(inputs.run, evaluation=_evaluation(inputs, verdicts))
    rundir.write_run(out, record)
    return record


def _phases(inputs: EvaluationInputs, verdicts: Verdicts) -> dict[str, dict[str, Any]]:
    placements = placements_json(verdicts.context.placements)
    scope_owners = {s.id: s.owner for s in inputs.config.scopes} if inputs.config else {}
    return {
        c.id: {
            "phase1": phase_one(c, verdicts.controls, placements),
            "phase2": phase_two(c, verdicts.controls, placements, scope_owners),
        }
        for c in inputs.catalogs
    }


def _evaluation(inputs: EvaluationInputs, verdicts: Verdicts) -> runrecord.Evaluation:
    context = verdicts.context
    org_config, exceptions = inputs.org_config, inputs.exceptions
    return runrecord.Evaluation(
        evaluated_at=context.now.isoformat(),
        catalogs=tuple(
            runrecord.CatalogRecord(c.id, c.catalog.title, c.catalog.version, str(c.path), c.digest)
            for c in inputs.catalogs
        ),
        placements=_placement_records(context.placements),
        roles_inferred=context.roles_inferred,
        org_config=runrecord.FileRecord(str(org_config.path), org_config.digest) if org_config else None,
        baseline=_baseline_record(context.baseline, context.now),
        exceptions=(
            runrecord.ExceptionsRecord(
                exceptions.digest, tuple(r.model_dump(mode="json") for r in exceptions.rules)
            )
            if exceptions
            else None
        ),
        expired_exceptions=tuple(runrecord.ExpiredException(**e) for e in verdicts.expired),
        attestations=tuple(
            runrecord.AttestationRecord(a.path.name, a.file.control, a.digest, a.evidence_digests)
            for a in context.attestations
        ),
    )


def _placement_records(placements: Mapping[str, Placement]) -> dict[str, runrecord.PlacementRecord]:
    return {a: runrecord.PlacementRecord(p.role, p.scope, p.source) for a, p in placements.items()}


def _baseline_record(baseline: Baseline | None, now: datetime) -> runrecord.BaselineRecord | None:
    if baseline is None:
        return None
    return runrecord.BaselineRecord(
        path=baseline.path,
        run_id=baseline.run_id,
        evaluated_at=baseline.evaluated_at.isoformat(),
        age_days=baseline.age_days(now),
        stale=baseline.age_days(now) > baseline.max_age_days,
    )
