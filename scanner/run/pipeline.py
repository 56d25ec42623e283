"""The stages of a run, each reading and writing the run directory: scan -> evaluate -> report -> manifest."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3

from scanner import __version__, atomicfile, rundir
from scanner.aws.collect import collect, collect_dataset, plan_all_regions, plan_tasks
from scanner.aws.collectors.organizations import TREE
from scanner.aws.progress import CollectionProgress
from scanner.aws.service_regions import ServiceRegions
from scanner.aws.sessions import SessionProvider
from scanner.catalog.model import BUILTIN_DIR, LoadedCatalog, load_catalogs, select
from scanner.catalog.placement import load_org_config, place
from scanner.checkapi import Subject
from scanner.errors import ConfigError
from scanner.evaluate.accepted import apply_exceptions, load_exceptions
from scanner.evaluate.engine import evaluate
from scanner.evaluate.registry import Registry, build_registry
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord, Inventory
from scanner.model import GLOBAL_REGION, Account, ControlResult, Result
from scanner.org import OrgTree, build_tree
from scanner.resolve.attest import ATTESTATIONS_DIR, copy_into_run, load_attestations
from scanner.resolve.baseline import copy_cited_evidence, load_baseline, merged_inventory
from scanner.resolve.controls import Context, index_results, placements_json, resolve_controls
from scanner.resolve.phases import phase_one, phase_two
from scanner.run import trend
from scanner.run.config import RunConfig
from scanner.run.inputs import load_run_inputs
from scanner.run.shard import in_shard

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RunOutcome:
    out: Path
    results: list[Result]
    controls: list[ControlResult]
    api_calls: int


def load_run_catalogs(
    registry: Registry, wanted: Sequence[str], extra: Sequence[Path]
) -> list[LoadedCatalog]:
    catalogs = load_catalogs([BUILTIN_DIR, *extra], registry.checks)
    return select(catalogs, wanted)


def run_catalogs(registry: Registry, run: dict[str, Any]) -> list[LoadedCatalog]:
    """The catalogs a stored run was evaluated against, as recorded in its run.json."""
    return load_run_catalogs(
        registry, run.get("selected_catalogs", []), [Path(p) for p in run.get("catalog_paths", [])]
    )


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


def scan(
    config: RunConfig, base: boto3.Session, *, clock: Clock = utc_now, folder_held: bool = False
) -> RunOutcome:
    """Collect from AWS into config.out, then evaluate and report. The only stage that calls AWS. The run
    holds config.out from start to end (rundir.locked; `folder_held` when the caller already holds it, to
    finish the run inside the same hold): a second run into it is refused, never mixed in."""
    if folder_held:
        return _scan(config, base, clock=clock)
    with rundir.locked(config.out):
        return _scan(config, base, clock=clock)


def _scan(config: RunConfig, base: boto3.Session, *, clock: Clock) -> RunOutcome:
    registry = build_registry()
    inputs = load_run_inputs(config, registry)  # every user file, before the run folder and any AWS call
    catalogs = inputs.catalogs
    check_ids = checks_for(catalogs)
    datasets = registry.datasets_for(check_ids)
    prepare_out(config.out)
    started = clock()
    recorder = Recorder(EvidenceStore(config.out / rundir.EVIDENCE))
    provider = SessionProvider(
        base, recorder, role_name=config.role_name, external_id=config.external_id, limits=config.limits
    )
    caller = provider.caller()
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
    inventory.save(config.out / rundir.INVENTORY)
    identity = f"{started.isoformat()}|{caller.arn}|{config.out.resolve()}|{config.shard}"
    run = {
        "run_id": hashlib.sha256(identity.encode()).hexdigest()[:16],
        "tool": {"name": "controlmap", "version": __version__},
        "mode": config.mode,
        "caller": {"account_id": caller.account_id, "arn": caller.arn, "user_id": caller.user_id},
        "started_at": started.isoformat(),
        "finished_collection_at": clock().isoformat(),
        "organization": _org_summary(org, caller.account_id),
        "accounts": [a.to_json() for a in accounts],
        "regions": {p.account.account_id: list(p.regions) for p in plans},
        "disabled_regions": {p.account.account_id: list(p.disabled) for p in plans if p.disabled},
        "problems": {p.account.account_id: str(p.problem) for p in plans if p.problem},
        "role_name": config.role_name if config.org else None,
        "requested": {"org": config.org, "accounts": list(config.accounts), "regions": list(config.regions)},
        "catalog_paths": [str(p) for p in config.catalog_paths],
        "selected_catalogs": list(config.catalogs),
        "org_config_path": str(config.org_config.resolve()) if config.org_config else None,
        "baseline_path": str(config.baseline.resolve()) if config.baseline else None,
        "api_calls": recorder.calls,
        "call_limits": config.limits.describe(),
        "shard": {"index": config.shard[0], "count": config.shard[1]} if config.shard else None,
        "labels": config.labels,
    }
    rundir.write_json(config.out / rundir.RUN, run)
    if config.attestations is not None:
        copy_into_run(inputs.attestations, config.out)
    if config.exceptions is not None:
        set_exceptions(config.out, config.exceptions)
    if config.trend_history:
        trend.write(config.out, config.trend_history, [])
    outcome = evaluate_run(config.out, registry=registry, clock=clock, pdf=config.pdf)
    return RunOutcome(config.out, outcome.results, outcome.controls, recorder.calls)


def set_exceptions(out: Path, source: Path) -> None:
    """Validate an exceptions file, then make it part of the run (and so of its manifest)."""
    load_exceptions(source)  # a bad file fails here, before anything is written
    shutil.copy2(source, out / rundir.EXCEPTIONS)


def evaluate_run(
    out: Path, *, registry: Registry | None = None, clock: Clock = utc_now, pdf: bool = True
) -> RunOutcome:
    """Re-evaluate a run directory from its stored inventory; never calls AWS."""
    registry = registry or build_registry()
    run = rundir.read_run(out)
    catalogs = run_catalogs(registry, run)
    now = clock()
    org_config = load_org_config(Path(run["org_config_path"])) if run.get("org_config_path") else None
    config = org_config.config if org_config else None
    inventory = Inventory.load(out / rundir.INVENTORY)
    org = _load_org(run, inventory)
    accounts = [Account.from_json(a) for a in run["accounts"]]
    baseline_path = Path(run["baseline_path"]) if run.get("baseline_path") else None
    baseline = None
    if baseline_path is not None:
        max_age = config.baseline_max_age_days if config else 365
        baseline = load_baseline(baseline_path, config, max_age)
        inventory = merged_inventory(inventory, baseline_path, (a.account_id for a in accounts))
    subject = Subject.DOCKER_HOST if run.get("mode") == rundir.HOST_SCAN_MODE else Subject.AWS
    specs = [spec for cid in checks_for(catalogs) if (spec := registry.check(cid)).subject is subject]
    org_account = (
        run["organization"]["read_from_account"] if run.get("organization") else run["caller"]["account_id"]
    )
    # Requested regions that are not enabled are evaluated too, so their checks show ERROR there.
    disabled = run.get("disabled_regions", {})
    regions = {a: [*rs, *disabled.get(a, [])] for a, rs in run["regions"].items()}
    # Roles of every known account (the organization's too), so checks can find e.g. the security account.
    known = {a.account_id: a for a in [*(org.accounts.values() if org else ()), *accounts]}
    roles = {account: p.role for account, p in place(list(known.values()), config).items()}
    results = evaluate(
        specs, registry.datasets, inventory, accounts, regions, org, org_account=org_account, roles=roles
    )
    exceptions = load_exceptions(out / rundir.EXCEPTIONS) if (out / rundir.EXCEPTIONS).is_file() else None
    expired: list[dict[str, object]] = []
    if exceptions is not None:
        control_checks = {
            f"{c.id}:{control.id}": set(control.all_checks())
            for c in catalogs
            for _, control in c.catalog.controls()
        }
        results, expired = apply_exceptions(results, exceptions.rules, now.date(), control_checks)
    placements = place(accounts, config)
    attestations_dir = out / ATTESTATIONS_DIR
    context = Context(
        accounts=accounts,
        placements=placements,
        results=index_results(results),
        now=now,
        attestations=load_attestations(attestations_dir) if attestations_dir.is_dir() else (),
        aws_evidence={e.control: e.reference for e in config.aws_evidence} if config else {},
        baseline=baseline,
    )
    controls = resolve_controls(catalogs, context)
    rundir.write_results(out, results)
    rundir.write_controls(out, controls)
    if baseline_path is not None:
        copy_cited_evidence(out, baseline_path, results, controls)
    run["placements"] = placements_json(placements)
    run["exceptions"] = (
        {"sha256": exceptions.digest, "rules": [r.model_dump(mode="json") for r in exceptions.rules]}
        if exceptions
        else None
    )
    run["expired_exceptions"] = expired
    scope_owners = {s.id: s.owner for s in config.scopes} if config else {}
    rundir.write_json(
        out / rundir.PHASES,
        {
            c.id: {
                "phase1": phase_one(c, controls, run["placements"]),
                "phase2": phase_two(c, controls, run["placements"], scope_owners),
            }
            for c in catalogs
        },
    )
    run["roles_inferred"] = context.roles_inferred
    run["org_config"] = {"path": str(org_config.path), "sha256": org_config.digest} if org_config else None
    run["baseline"] = (
        {
            "path": baseline.path,
            "run_id": baseline.run_id,
            "evaluated_at": baseline.evaluated_at.isoformat(),
            "age_days": baseline.age_days(now),
            "stale": baseline.age_days(now) > baseline.max_age_days,
        }
        if baseline
        else None
    )
    run["attestations"] = [
        {"file": a.path.name, "control": a.file.control, "sha256": a.digest, "evidence": a.evidence_digests}
        for a in context.attestations
    ]
    run["catalogs"] = [
        {
            "id": c.id,
            "title": c.catalog.title,
            "version": c.catalog.version,
            "path": str(c.path),
            "sha256": c.digest,
        }
        for c in catalogs
    ]
    run["evaluated_at"] = now.isoformat()
    rundir.write_json(out / rundir.RUN, run)
    report_run(out, pdf=pdf, registry=registry, catalogs=catalogs)
    return RunOutcome(out, results, controls, int(run.get("api_calls", 0)))


def report_run(
    out: Path,
    *,
    pdf: bool = True,
    registry: Registry | None = None,
    catalogs: Sequence[LoadedCatalog] | None = None,
) -> None:
    """Render report.html (and report.pdf) from the stored results, then rewrite the manifest."""
    from scanner.report.render import render_html, render_pdf  # weasyprint is heavy: load it only to report
    from scanner.report.view import build_report

    registry = registry or build_registry()
    run = rundir.read_run(out)
    if catalogs is None:
        catalogs = run_catalogs(registry, run)
    controls = rundir.read_controls(out)
    points = trend.refresh(out, run, controls)
    report = build_report(run, catalogs, registry, rundir.read_results(out), controls, points)
    html = render_html(report)
    atomicfile.write_text(out / rundir.REPORT_HTML, html)
    if pdf:
        with atomicfile.replacing(out / rundir.REPORT_PDF) as temporary:
            render_pdf(report, temporary)
    rundir.write_manifest(out, finishing=True)  # last, over complete files; removes the INCOMPLETE mark


def _select_accounts(accounts: list[Account], wanted: Sequence[str]) -> list[Account]:
    if not wanted:
        return sorted(accounts, key=lambda a: (not a.is_management, a.ou_path, a.name))
    by_id = {a.account_id: a for a in accounts}
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise ConfigError(f"--accounts: not active accounts of this organization: {', '.join(unknown)}")
    return [by_id[w] for w in wanted]


def _org_summary(org: OrgTree | None, caller_account: str) -> dict[str, Any] | None:
    if org is None:
        return None
    return {
        "id": org.organization_id,
        "management_account_id": org.management_account_id,
        "feature_set": org.feature_set,
        "read_from_account": caller_account,
    }


def _load_org(run: dict[str, Any], inventory: Inventory) -> OrgTree | None:
    summary = run.get("organization")
    if not summary:
        return None
    record = inventory.get(summary["read_from_account"], GLOBAL_REGION, TREE.name)
    if record is None:
        return None
    return build_tree(record)
