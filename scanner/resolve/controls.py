"""Resolve catalog controls per (catalog, control, account): own checks, inheritance, attestations, phases."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scanner.catalog.model import PLATFORM_FACT_CHECKS, Control, LoadedCatalog, Phase, Treatment
from scanner.catalog.placement import APPLICATION, Placement
from scanner.model import Account, ControlResult, ControlStatus, Result, Status
from scanner.resolve.attest import Attestation, find

ResultIndex = Mapping[tuple[str, str], list[Result]]


def index_results(results: Iterable[Result]) -> dict[tuple[str, str], list[Result]]:
    by_key: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for result in results:
        by_key[(result.check_id, result.account_id)].append(result)
    return by_key


@dataclass(frozen=True)
class Baseline:
    """A stored Phase 1 run whose landing-zone results an application run inherits without rescanning."""

    run_id: str  # SHA-256 of the baseline's manifest.json
    path: str
    evaluated_at: dt.datetime
    accounts: Sequence[Account]
    placements: Mapping[str, Placement]
    results: ResultIndex
    max_age_days: int

    def age_days(self, now: dt.datetime) -> int:
        return (now - self.evaluated_at).days

    def note(self, now: dt.datetime) -> str:
        age = self.age_days(now)
        stale = f"; older than the {self.max_age_days} days allowed" if age > self.max_age_days else ""
        return f"from baseline run {self.run_id[:12]} ({self.evaluated_at.date()}, {age} days old{stale})"


@dataclass(frozen=True)
class Context:
    accounts: Sequence[Account]
    placements: Mapping[str, Placement]
    results: ResultIndex
    now: dt.datetime
    attestations: Sequence[Attestation] = ()
    aws_evidence: Mapping[str, str] = field(default_factory=dict)  # "catalog:control" -> reference
    baseline: Baseline | None = None

    @property
    def roles_inferred(self) -> bool:
        return any(p.source == "inferred" for p in self.placements.values())


def result_ref(result: Result, *, baseline: Baseline | None = None) -> dict[str, object]:
    """How a control cites a check result: enough to find it in results.jsonl and its evidence."""
    ref: dict[str, object] = {
        "fingerprint": result.fingerprint,
        "check_id": result.check_id,
        "account_id": result.account_id,
        "region": result.region,
        "resource_id": result.resource_id,
        "status": result.status.value,
        "evidence": list(result.evidence),
    }
    if baseline is not None:
        ref["baseline"] = baseline.run_id
    if "exception" in result.details:
        ref["exception"] = result.details["exception"]["id"]
    return ref


def resolve_controls(catalogs: Sequence[LoadedCatalog], ctx: Context) -> list[ControlResult]:
    resolved: list[ControlResult] = []
    for loaded in catalogs:
        for _, control in loaded.catalog.controls():
            for account in ctx.accounts:
                resolved.append(_resolve(loaded.id, control, account, ctx))
    return resolved


@dataclass
class _Verdict:
    status: ControlStatus
    reason: str
    refs: list[dict[str, object]] = field(default_factory=list)
    provider: str | None = None


def _resolve(catalog: str, control: Control, account: Account, ctx: Context) -> ControlResult:
    verdict = _decide(catalog, control, account, ctx)
    return ControlResult(
        catalog=catalog,
        control_id=control.id,
        account_id=account.account_id,
        status=verdict.status,
        reason=verdict.reason,
        checks=tuple(control.all_checks()),
        results=tuple(verdict.refs),
        provider_account_id=verdict.provider,
    )


def _decide(catalog: str, control: Control, account: Account, ctx: Context) -> _Verdict:
    placement = ctx.placements[account.account_id]
    is_application = placement.role == APPLICATION
    if control.phase is Phase.APPLICATION and not is_application:
        return _Verdict(
            ControlStatus.NOT_APPLICABLE, "an application (Phase 2) control; this is a landing-zone account"
        )
    if control.phase is Phase.LANDING_ZONE and is_application and control.inheritance is None:
        return _Verdict(
            ControlStatus.NOT_APPLICABLE,
            "a landing-zone (Phase 1) control, assessed on the landing-zone accounts",
        )
    if control.treatment is Treatment.NOT_APPLICABLE:
        return _Verdict(ControlStatus.NOT_APPLICABLE, f"not applicable: {control.justification}")
    if control.treatment is Treatment.AWS_INHERITED:
        reference = ctx.aws_evidence.get(f"{catalog}:{control.id}")
        why = "AWS's side of the shared responsibility model"
        return _Verdict(
            ControlStatus.INHERITED_FROM_AWS, f"{why}; evidence: {reference}" if reference else why
        )
    if control.treatment is Treatment.ATTESTATION:
        return _attestation_only(catalog, control, account, ctx)
    inheritance = control.inheritance
    if inheritance is not None and placement.role != inheritance.provider:
        own = _consumer_checks(control)
        verdict = _inherited(control, account, ctx)
    else:
        own = [*control.checks, *(inheritance.provides if inheritance else [])]
        verdict = _from_checks(control, own, _local(own, account, ctx))
    if verdict.status in (ControlStatus.NOT_EVALUATED, ControlStatus.NOT_SATISFIED):
        verdict = _operated_by_aws(control, _local(own, account, ctx), account, ctx) or verdict
    if control.treatment is Treatment.HYBRID and verdict.status in (
        ControlStatus.SATISFIED,
        ControlStatus.INHERITED,
    ):
        return _with_attestation(catalog, control, account, ctx, verdict)
    if control.treatment is Treatment.HYBRID and verdict.status is ControlStatus.NOT_APPLICABLE:
        # Nothing in scope for the checks (no FIS templates, say) leaves the statement to decide alone: a
        # hybrid control is never waved through because its automated half found nothing to judge.
        status, why = _attestation_state(catalog, control, account, ctx)
        return _Verdict(status, f"the checks found nothing in scope ({verdict.reason}); {why}", verdict.refs)
    return verdict


def _consumer_checks(control: Control) -> list[str]:
    """The checks an inheriting account answers itself: the control's own, and its part of the inheritance."""
    return [*control.checks, *(control.inheritance.consumer if control.inheritance else [])]


def _operated_by_aws(
    control: Control, own: Sequence[Result], account: Account, ctx: Context
) -> _Verdict | None:
    """INHERITED_FROM_AWS for a host control when the account runs containers only on a platform the control
    declares in `aws_inherited_on`, citing the fact check's results; None otherwise, and always None when the
    account has results of its own for the control (`own`, host checks) other than "nothing in scope": those
    decide."""
    if not control.aws_inherited_on or any(r.status is not Status.NOT_APPLICABLE for r in own):
        return None
    for platform in control.aws_inherited_on:
        facts = ctx.results.get((PLATFORM_FACT_CHECKS[platform], account.account_id), [])
        if facts and all(r.status is Status.PASS for r in facts):
            return _Verdict(
                ControlStatus.INHERITED_FROM_AWS,
                f"AWS operates the hosts on {platform.value}: {'; '.join(r.message for r in facts)}",
                [result_ref(r) for r in facts],
            )
    return None


def _local(check_ids: Sequence[str], account: Account, ctx: Context) -> list[Result]:
    return [r for cid in check_ids for r in ctx.results.get((cid, account.account_id), [])]


def _from_checks(control: Control, check_ids: Sequence[str], results: list[Result]) -> _Verdict:
    """Status from a set of check results. A FAIL is definite; otherwise anything unknown blocks SATISFIED."""
    refs = [result_ref(r) for r in results]
    counts = {s: sum(1 for r in results if r.status is s) for s in Status}
    if counts[Status.FAIL]:
        return _Verdict(ControlStatus.NOT_SATISFIED, _failed_reason(results), refs)
    if counts[Status.ERROR]:
        return _Verdict(
            ControlStatus.NOT_EVALUATED,
            f"{counts[Status.ERROR]} check result(s) could not be evaluated",
            refs,
        )
    if control.pending:
        return _Verdict(
            ControlStatus.NOT_EVALUATED, "automation pending: " + "; ".join(control.pending), refs
        )
    missing = [cid for cid in check_ids if not any(r.check_id == cid for r in results)]
    if missing:
        return _Verdict(ControlStatus.NOT_EVALUATED, f"no results for {', '.join(missing)}", refs)
    if counts[Status.PASS] == 0:
        return _Verdict(ControlStatus.NOT_APPLICABLE, "nothing in scope for any of its checks", refs)
    return _Verdict(ControlStatus.SATISFIED, f"{counts[Status.PASS]} check result(s) passed", refs)


def _failed_reason(results: Sequence[Result]) -> str:
    """Failures stay failures; accepted exceptions are named next to them, never turned into a pass."""
    failed = [r for r in results if r.status is Status.FAIL]
    accepted = sorted({r.details["exception"]["id"] for r in failed if "exception" in r.details})
    reason = f"{len(failed)} check result(s) failed"
    if accepted:
        covered = sum(1 for r in failed if "exception" in r.details)
        reason += f" ({covered} under accepted exception {', '.join(accepted)})"
    return reason


def _inherited(control: Control, account: Account, ctx: Context) -> _Verdict:
    """INHERITED only when the provider's current results pass and this account's own part holds."""
    assert control.inheritance is not None
    role = control.inheritance.provider
    provider, source = _provider(role, ctx)
    local_ids = _consumer_checks(control)
    local = _local(local_ids, account, ctx)
    local_refs = [result_ref(r) for r in local]
    if provider is None:
        how = "inferred from account and OU names" if ctx.roles_inferred else "assigned by the org config"
        status = ControlStatus.NOT_EVALUATED if ctx.roles_inferred else ControlStatus.NOT_SATISFIED
        return _Verdict(status, f"no account holds the landing-zone role {role!r} (roles {how})", local_refs)
    provided_ids = control.inheritance.provides
    provided = [r for cid in provided_ids for r in source.get((cid, provider.account_id), [])]
    baseline = ctx.baseline if source is not ctx.results else None
    refs = [*(result_ref(r, baseline=baseline) for r in provided), *local_refs]
    where = f"{role} account {provider.label}" + (f" {baseline.note(ctx.now)}" if baseline else "")
    failed_provider = [r for r in provided if r.status is Status.FAIL]
    failed_local = [r for r in local if r.status is Status.FAIL]
    if failed_provider:
        checks = ", ".join(sorted({r.check_id for r in failed_provider}))
        return _Verdict(
            ControlStatus.NOT_SATISFIED, f"provider {where} fails {checks}", refs, provider.account_id
        )
    if failed_local:
        checks = ", ".join(sorted({r.check_id for r in failed_local}))
        return _Verdict(
            ControlStatus.NOT_SATISFIED,
            f"provided by {where}, but this account's own part fails: {checks}",
            refs,
            provider.account_id,
        )
    unknown = [r for r in (*provided, *local) if r.status is Status.ERROR]
    missing = [cid for cid in provided_ids if not any(r.check_id == cid for r in provided)]
    missing += [cid for cid in local_ids if not any(r.check_id == cid for r in local)]
    if unknown or missing:
        why = (
            f"{len(unknown)} result(s) could not be evaluated"
            if unknown
            else f"no results for {', '.join(missing)}"
        )
        return _Verdict(
            ControlStatus.NOT_EVALUATED,
            f"inheritance from {where} unproven: {why}",
            refs,
            provider.account_id,
        )
    if control.pending:
        return _Verdict(
            ControlStatus.NOT_EVALUATED,
            "automation pending: " + "; ".join(control.pending),
            refs,
            provider.account_id,
        )
    if not any(r.status is Status.PASS for r in provided):
        return _Verdict(
            ControlStatus.NOT_SATISFIED,
            f"provider {where} shows nothing in scope to inherit",
            refs,
            provider.account_id,
        )
    return _Verdict(
        ControlStatus.INHERITED, f"inherited from {where}; its results pass", refs, provider.account_id
    )


def _provider(role: str, ctx: Context) -> tuple[Account | None, ResultIndex]:
    """The account holding `role`: in this run if scanned, else in the baseline run."""
    current = sorted(
        (a for a in ctx.accounts if ctx.placements[a.account_id].role == role), key=lambda a: a.account_id
    )
    if current:
        return current[0], ctx.results
    if ctx.baseline is not None:
        stored = sorted(
            (a for a in ctx.baseline.accounts if ctx.baseline.placements[a.account_id].role == role),
            key=lambda a: a.account_id,
        )
        if stored:
            return stored[0], ctx.baseline.results
    return None, ctx.results


def _attestations_for(catalog: str, control: Control, account: Account, ctx: Context) -> list[Attestation]:
    placement = ctx.placements[account.account_id]
    return [
        a
        for a in find(ctx.attestations, catalog, control.id)
        if a.applies(account, placement.role, placement.scope)
    ]


def _attestation_state(
    catalog: str, control: Control, account: Account, ctx: Context
) -> tuple[ControlStatus, str]:
    requirement = control.attestation
    max_age = requirement.max_age_days if requirement is not None else 365
    candidates = _attestations_for(catalog, control, account, ctx)
    if not candidates:
        return ControlStatus.ATTESTATION_MISSING, f"no attestation on file: {control.attestation_statement}"
    states = [a.state(ctx.now.date(), max_age) for a in candidates]
    valid = [why for ok, why in states if ok]
    if valid:
        return ControlStatus.ATTESTED, valid[0]
    return ControlStatus.ATTESTATION_EXPIRED, states[0][1]


def _attestation_only(catalog: str, control: Control, account: Account, ctx: Context) -> _Verdict:
    status, why = _attestation_state(catalog, control, account, ctx)
    return _Verdict(status, why)


def _with_attestation(
    catalog: str, control: Control, account: Account, ctx: Context, checks: _Verdict
) -> _Verdict:
    """A hybrid control whose checks hold still needs its attestation; an attestation never masks a FAIL."""
    status, why = _attestation_state(catalog, control, account, ctx)
    if status is ControlStatus.ATTESTED:
        return _Verdict(checks.status, f"{checks.reason}; {why}", checks.refs, checks.provider)
    return _Verdict(status, f"checks hold ({checks.reason}), but {why}", checks.refs, checks.provider)


def simple_context(accounts: Sequence[Account], results: Iterable[Result], now: dt.datetime) -> Context:
    """A context with roles inferred from names and no attestations: what tests and simple callers need."""
    from scanner.catalog.placement import place

    return Context(accounts, place(accounts, None), index_results(results), now)


def placements_json(placements: Mapping[str, Placement]) -> dict[str, dict[str, str | None]]:
    return {k: {"role": p.role, "scope": p.scope, "source": p.source} for k, p in placements.items()}
