"""Resolve catalog controls per (catalog, control, account): own checks, inheritance, attestations, phases."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum, auto

from scanner.catalog.model import AttestationRequirement, Control, LoadedCatalog, Phase, Treatment
from scanner.catalog.placement import (
    APPLICATION,
    INFERRED,
    ORGANIZATION,
    ROLE_SOURCES,
    ArtifactReport,
    Placement,
)
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
    # "catalog:control" -> the AWS Artifact report the org config names for that aws-inherited control
    aws_evidence: Mapping[str, ArtifactReport] = field(default_factory=dict)
    baseline: Baseline | None = None
    # How old a Phase 1 certification attestation may be (the catalog's max_age_days for it, if loaded).
    certification_max_age_days: int = AttestationRequirement.model_fields["max_age_days"].default

    @property
    def roles_inferred(self) -> bool:
        return any(p.source == INFERRED for p in self.placements.values())


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
    ctx = _with_certification_age(catalogs, ctx)
    resolved: list[ControlResult] = []
    for loaded in catalogs:
        for _, control in loaded.catalog.controls():
            for account in ctx.accounts:
                resolved.append(_resolve(loaded.id, control, account, ctx))
    return resolved


def _with_certification_age(catalogs: Sequence[LoadedCatalog], ctx: Context) -> Context:
    """The context with the accepted age of a Phase 1 certification from its control, if its catalog is in."""
    catalog_id, control_id = PHASE1_CERTIFICATION
    for loaded in catalogs:
        for _, control in loaded.catalog.controls():
            if loaded.id == catalog_id and control.id == control_id and control.attestation is not None:
                return replace(ctx, certification_max_age_days=control.attestation.max_age_days)
    return ctx


@dataclass(frozen=True)
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
    """One control in one account: its phase decides whether it applies, then its treatment how it is met."""
    role = ctx.placements[account.account_id].role
    outside = _outside_phase(control, role)
    if outside is not None:
        return outside
    if control.treatment is Treatment.NOT_APPLICABLE:
        return _Verdict(ControlStatus.NOT_APPLICABLE, f"not applicable: {control.justification}")
    if control.treatment is Treatment.AWS_INHERITED:
        return _aws_side(catalog, control, account, ctx)
    if control.treatment is Treatment.ATTESTATION:
        return _Verdict(*_attestation_state(catalog, control, account, ctx))
    verdict = _automated(control, role, account, ctx)
    if control.treatment is Treatment.HYBRID:
        return _with_attestation(catalog, control, account, ctx, verdict)
    return verdict


def _outside_phase(control: Control, role: str) -> _Verdict | None:
    """NOT_APPLICABLE where the control's phase leaves this account out; None where it applies."""
    is_application = role == APPLICATION
    if control.phase is Phase.APPLICATION and not is_application:
        return _Verdict(
            ControlStatus.NOT_APPLICABLE, "an application (Phase 2) control; this is a landing-zone account"
        )
    if control.phase is Phase.LANDING_ZONE and is_application and control.inheritance is None:
        return _Verdict(
            ControlStatus.NOT_APPLICABLE,
            "a landing-zone (Phase 1) control, assessed on the landing-zone accounts",
        )
    return None


_AWS_SIDE = "AWS's side of the shared responsibility model"


def _aws_side(catalog: str, control: Control, account: Account, ctx: Context) -> _Verdict:
    """INHERITED_FROM_AWS only on a current AWS Artifact report the org config or a valid attestation names
    for the control; otherwise AWS_EVIDENCE_MISSING, saying what is missing and where it goes."""
    key = f"{catalog}:{control.id}"
    today = ctx.now.date()
    problems: list[str] = []
    configured = ctx.aws_evidence.get(key)
    if configured is not None:
        stale = configured.not_current(today)
        if stale is None:
            return _from_aws(f"{configured.cited()}, named in the org config")
        problems.append(f"the org config's {configured.cited()} is not current: {stale}")
    for attestation in _attestations_for(catalog, control, account, ctx):
        verdict, problem = _attested_report(attestation, control, today)
        if verdict is not None:
            return verdict
        problems.append(problem)
    return _Verdict(ControlStatus.AWS_EVIDENCE_MISSING, _aws_evidence_missing(key, problems))


def _from_aws(evidence: str) -> _Verdict:
    return _Verdict(ControlStatus.INHERITED_FROM_AWS, f"{_AWS_SIDE}; evidence: {evidence}")


def _attested_report(
    attestation: Attestation, control: Control, today: dt.date
) -> tuple[_Verdict | None, str]:
    """An attestation's Artifact report as the verdict, or why it cannot be."""
    name = attestation.path.name
    report = attestation.file.aws_artifact
    if report is None:
        return None, f"attestation {name} names no `aws_artifact` report"
    max_age = control.attestation.max_age_days if control.attestation is not None else 365
    valid, why = attestation.state(today, max_age)
    if not valid:
        return None, why
    stale = report.not_current(today)
    if stale is not None:
        return None, f"attestation {name}'s {report.cited()} is not current: {stale}"
    return _from_aws(f"{report.cited()}; {why}"), ""


def _aws_evidence_missing(key: str, problems: Sequence[str]) -> str:
    found = f" ({'; '.join(problems)})" if problems else ""
    return (
        f"{_AWS_SIDE}, but no current AWS Artifact report is on file for it{found}: name the report (report, "
        f"period, downloaded, sha256) for {key!r} under `aws_artifact` in the org config, or in an "
        "attestation's `aws_artifact`"
    )


def _automated(control: Control, role: str, account: Account, ctx: Context) -> _Verdict:
    """The checks' verdict: inherited from the provider role's account, or judged on this account's results;
    an unmet verdict gives way to AWS operating the control's layer (see `_operated_by_aws`)."""
    inheritance = control.inheritance
    if inheritance is not None and role != inheritance.provider:
        own = _consumer_checks(control)
        verdict = _inherited(control, account, ctx)
    else:
        own = [*control.checks, *(inheritance.provides if inheritance else [])]
        verdict = _from_checks(control, own, _local(own, account, ctx))
    if verdict.status in (ControlStatus.NOT_EVALUATED, ControlStatus.NOT_SATISFIED):
        verdict = _operated_by_aws(control, _local(own, account, ctx), account, ctx) or verdict
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
    for platform, fact_check in control.platform_facts().items():
        facts = ctx.results.get((fact_check, account.account_id), [])
        if facts and all(r.status is Status.PASS for r in facts):
            return _Verdict(
                ControlStatus.INHERITED_FROM_AWS,
                f"AWS operates the hosts on {platform.value}: {'; '.join(r.message for r in facts)}",
                [result_ref(r) for r in facts],
            )
    return None


def _local(check_ids: Sequence[str], account: Account, ctx: Context) -> list[Result]:
    return [r for cid in check_ids for r in ctx.results.get((cid, account.account_id), [])]


def _missing(check_ids: Sequence[str], results: Sequence[Result]) -> list[str]:
    """The checks that gave no result at all, in the order named (a check named twice is listed twice)."""
    return [cid for cid in check_ids if not any(r.check_id == cid for r in results)]


def _pending_reason(pending: Sequence[str]) -> str:
    return "automation pending: " + "; ".join(pending)


def _from_checks(control: Control, check_ids: Sequence[str], results: list[Result]) -> _Verdict:
    """Status from a set of check results. A FAIL is definite; otherwise anything unknown blocks SATISFIED."""
    refs = [result_ref(r) for r in results]
    counts = {s: sum(1 for r in results if r.status is s) for s in Status}
    if counts[Status.FAIL]:
        unjudged = _unjudged(control, check_ids, results)
        also = f"; also not judged: {'; '.join(unjudged)}" if unjudged else ""
        return _Verdict(ControlStatus.NOT_SATISFIED, _failed_reason(results) + also, refs)
    if counts[Status.ERROR]:
        return _Verdict(
            ControlStatus.NOT_EVALUATED,
            f"{counts[Status.ERROR]} check result(s) could not be evaluated",
            refs,
        )
    if control.pending:
        return _Verdict(ControlStatus.NOT_EVALUATED, _pending_reason(control.pending), refs)
    missing = _missing(check_ids, results)
    if missing:
        return _Verdict(ControlStatus.NOT_EVALUATED, f"no results for {', '.join(missing)}", refs)
    if counts[Status.PASS] == 0:
        return _Verdict(ControlStatus.NOT_APPLICABLE, "nothing in scope for any of its checks", refs)
    return _Verdict(ControlStatus.SATISFIED, f"{counts[Status.PASS]} check result(s) passed", refs)


def _unjudged(control: Control, check_ids: Sequence[str], results: Sequence[Result]) -> list[str]:
    """What a failing control could not judge besides its failures: errors, missing results, pending work."""
    errors = _errors(results)
    missing = _missing(check_ids, results)
    return [
        *([f"{errors} check result(s) could not be evaluated"] if errors else []),
        *([f"no results for {', '.join(missing)}"] if missing else []),
        *([_pending_reason(control.pending)] if control.pending else []),
    ]


def _failed_reason(results: Sequence[Result]) -> str:
    """Failures stay failures; accepted exceptions are named next to them, never turned into a pass."""
    failed = [r for r in results if r.status is Status.FAIL]
    accepted = sorted({r.details["exception"]["id"] for r in failed if "exception" in r.details})
    reason = f"{len(failed)} check result(s) failed"
    if accepted:
        covered = sum(1 for r in failed if "exception" in r.details)
        reason += f" ({covered} under accepted exception {', '.join(accepted)})"
    return reason


class InheritanceOutcome(Enum):
    """Where an inheriting account's control stands, in the order `decide_inheritance` tests them."""

    OWN_PART_FAILS_UNPROVIDED = (
        auto()
    )  # no account holds the provider role, and this account's own part FAILs
    NO_PROVIDER_BY_NAME = auto()  # no account holds the provider role; some roles were inferred from names
    NO_PROVIDER_IN_CONFIG = auto()  # no account holds the provider role the org config assigns
    PROVIDER_FAILS = auto()  # a provider result FAILs
    OWN_PART_FAILS = auto()  # a result of this account's own part FAILs (the provider's do not)
    UNEVALUATED = auto()  # a result on either side is ERROR
    RESULTS_MISSING = auto()  # a check on either side gave no result at all
    AUTOMATION_PENDING = auto()  # the control waits for checks not built yet
    NOTHING_TO_INHERIT = auto()  # the provider's results are all NOT_APPLICABLE
    INHERITED_LIVE = auto()  # both halves pass in this run; the provider's Phase 1 is not evidenced
    INHERITED = (
        auto()
    )  # both halves pass, and the provider's Phase 1 is evidenced (baseline or certification)


@dataclass(frozen=True)
class InheritanceDecision:
    """An inheritance outcome and the facts its wording cites."""

    outcome: InheritanceOutcome
    role: str  # the provider role the control names
    provider: Account | None = None  # the account holding the role, in this run or in the baseline
    provider_source: str = ""  # where the provider's role came from, in words (see Placement.role_source)
    baseline: Baseline | None = None  # the baseline run the provider's results come from, if not this run
    provided: tuple[Result, ...] = ()  # the provider's results for `inheritance.provides`
    local: tuple[Result, ...] = ()  # this account's results for its own part
    missing_provided: tuple[str, ...] = ()  # provider checks with no result at all
    missing_local: tuple[str, ...] = ()  # this account's checks with no result at all
    pending: tuple[str, ...] = ()  # the control's pending automation, in words
    certification: str = ""  # what evidences the provider's Phase 1, in words; "" when nothing does
    roles: str = ""  # where the run's roles came from, in words (cited when no account holds the role)
    not_checkable: str = ""  # why this account owns nothing checkable (the catalog's words), if so

    @property
    def missing(self) -> tuple[str, ...]:
        """Checks with no result: the provider's first, then this account's."""
        return (*self.missing_provided, *self.missing_local)

    def failing_provided(self) -> list[str]:
        return _failing(self.provided)

    def failing_local(self) -> list[str]:
        return _failing(self.local)

    def unevaluated(self) -> int:
        return _errors((*self.provided, *self.local))

    def refs(self) -> list[dict[str, object]]:
        """Both sides' results as cited: the provider's first (naming the baseline they come from)."""
        provided = [result_ref(r, baseline=self.baseline) for r in self.provided]
        return [*provided, *(result_ref(r) for r in self.local)]


# The attestation that evidences a landing zone's Phase 1 certification (HITRUST's word for what an
# application assessment may inherit from), for the provider account it applies to.
PHASE1_CERTIFICATION = ("hitrust-csf", "1.phase1-certification")


def decide_inheritance(control: Control, account: Account, ctx: Context) -> InheritanceDecision:
    """How `control`, inherited from its provider role, stands in `account`. INHERITED (or INHERITED_LIVE)
    only when the provider's results pass and this account's own part holds; a FAIL on this account's side
    is definite even when the provider cannot be found."""
    inheritance = control.inheritance
    assert inheritance is not None
    own_ids = _consumer_checks(control)
    local = tuple(_local(own_ids, account, ctx))
    role, not_checkable = inheritance.provider, inheritance.consumer_not_checkable
    provider, baseline = _provider(role, ctx)
    if provider is None:
        outcome = InheritanceOutcome.NO_PROVIDER_BY_NAME
        if _failing(local):
            outcome = InheritanceOutcome.OWN_PART_FAILS_UNPROVIDED
        elif not ctx.roles_inferred:
            outcome = InheritanceOutcome.NO_PROVIDER_IN_CONFIG
        return InheritanceDecision(
            outcome, role, local=local, roles=_role_sources(ctx), not_checkable=not_checkable
        )
    placement = (ctx.placements if baseline is None else baseline.placements)[provider.account_id]
    source = ctx.results if baseline is None else baseline.results
    provided = tuple(r for cid in inheritance.provides for r in source.get((cid, provider.account_id), []))
    decision = InheritanceDecision(
        InheritanceOutcome.INHERITED,
        role,
        provider,
        placement.role_source if placement.source == ORGANIZATION else f"role {placement.role_source}",
        baseline,
        provided,
        local,
        tuple(_missing(inheritance.provides, provided)),
        tuple(_missing(own_ids, local)),
        tuple(control.pending),
        _certification(provider, placement, baseline, ctx),
        not_checkable=not_checkable,
    )
    return replace(decision, outcome=_weigh(decision))


def _weigh(decision: InheritanceDecision) -> InheritanceOutcome:
    """The outcome once a provider is found: a FAIL is definite, anything unknown blocks INHERITED."""
    if decision.failing_provided():
        return InheritanceOutcome.PROVIDER_FAILS
    if decision.failing_local():
        return InheritanceOutcome.OWN_PART_FAILS
    if decision.unevaluated():
        return InheritanceOutcome.UNEVALUATED
    if decision.missing:
        return InheritanceOutcome.RESULTS_MISSING
    if decision.pending:
        return InheritanceOutcome.AUTOMATION_PENDING
    if not any(r.status is Status.PASS for r in decision.provided):
        return InheritanceOutcome.NOTHING_TO_INHERIT
    if not decision.certification:
        return InheritanceOutcome.INHERITED_LIVE
    return InheritanceOutcome.INHERITED


def _certification(provider: Account, placement: Placement, baseline: Baseline | None, ctx: Context) -> str:
    """What evidences the provider's Phase 1, in words: the baseline run its results come from, or a
    current Phase 1 certification attestation that applies to it; "" when neither does."""
    if baseline is not None:
        return f"by the Phase 1 baseline run {baseline.run_id[:12]}"
    for attestation in find(ctx.attestations, *PHASE1_CERTIFICATION):
        if not attestation.applies(provider, placement.role, placement.scope):
            continue
        valid, why = attestation.state(ctx.now.date(), ctx.certification_max_age_days)
        if valid:
            return f"by its Phase 1 certification ({why})"
    return ""


def _role_sources(ctx: Context) -> str:
    """Where this run's landing-zone roles came from, counted by source, and the baseline searched."""
    counts = Counter(p.source for p in ctx.placements.values() if p.source != ORGANIZATION)
    parts = [f"{n} account(s) {ROLE_SOURCES[source]}" for source, n in sorted(counts.items())]
    if ctx.baseline is None:
        searched = "no baseline run given"
    else:
        searched = f"nor in baseline run {ctx.baseline.run_id[:12]}"
    return "; ".join([f"roles: {', '.join(parts) or 'none placed'}", searched])


def _failing(results: Iterable[Result]) -> list[str]:
    """The ids of the checks with a FAIL among `results`, sorted."""
    return sorted({r.check_id for r in results if r.status is Status.FAIL})


def _named_failures(results: Iterable[Result], shown: int = 3) -> str:
    """The failing results as a reason names them: check, resource and region, the first few of each."""
    failed = sorted((r for r in results if r.status is Status.FAIL), key=lambda r: (r.check_id, r.region))
    named = [f"{r.check_id} ({r.resource_id}, {r.region})" for r in failed[:shown]]
    more = f" and {len(failed) - shown} more" if len(failed) > shown else ""
    return ", ".join(named) + more


def _errors(results: Iterable[Result]) -> int:
    return sum(1 for r in results if r.status is Status.ERROR)


def _inherited(control: Control, account: Account, ctx: Context) -> _Verdict:
    decision = decide_inheritance(control, account, ctx)
    status, reason = _phrase(decision, ctx.now)
    provider = decision.provider.account_id if decision.provider is not None else None
    return _Verdict(status, reason, decision.refs(), provider)


def _phrase(decision: InheritanceDecision, now: dt.datetime) -> tuple[ControlStatus, str]:
    """The status and reason an inheritance decision is reported with."""
    where = _provider_named(decision, now)
    no_holder = f"no account holds the landing-zone role {decision.role!r} ({decision.roles})"
    own_fails = f"this account's own part fails: {_named_failures(decision.local)}"
    match decision.outcome:
        case InheritanceOutcome.OWN_PART_FAILS_UNPROVIDED:
            return (
                ControlStatus.NOT_SATISFIED,
                f"{own_fails}; the provider side could not be judged: {no_holder}",
            )
        case InheritanceOutcome.NO_PROVIDER_BY_NAME:
            return ControlStatus.NOT_EVALUATED, no_holder
        case InheritanceOutcome.NO_PROVIDER_IN_CONFIG:
            return ControlStatus.NOT_SATISFIED, no_holder
        case InheritanceOutcome.PROVIDER_FAILS:
            also = f"; {own_fails.replace('fails', 'also fails', 1)}" if decision.failing_local() else ""
            return (
                ControlStatus.NOT_SATISFIED,
                f"provider {where} fails {_named_failures(decision.provided)}{also}",
            )
        case InheritanceOutcome.OWN_PART_FAILS:
            return ControlStatus.NOT_SATISFIED, f"{own_fails}; {_provider_side(decision, where)}"
        case InheritanceOutcome.UNEVALUATED:
            why = f"{decision.unevaluated()} result(s) could not be evaluated"
            return ControlStatus.NOT_EVALUATED, f"inheritance from {where} unproven: {why}"
        case InheritanceOutcome.RESULTS_MISSING:
            why = f"no results for {', '.join(decision.missing)}"
            return ControlStatus.NOT_EVALUATED, f"inheritance from {where} unproven: {why}"
        case InheritanceOutcome.AUTOMATION_PENDING:
            return ControlStatus.NOT_EVALUATED, _pending_reason(decision.pending)
        case InheritanceOutcome.NOTHING_TO_INHERIT:
            return ControlStatus.NOT_SATISFIED, f"provider {where} shows nothing in scope to inherit"
        case InheritanceOutcome.INHERITED_LIVE:
            return ControlStatus.INHERITED_LIVE, (
                f"provided live by {where}: its results pass and {_own_part(decision)} in this run; its "
                f"Phase 1 is not evidenced (no baseline run, no current "
                f"{':'.join(PHASE1_CERTIFICATION)} attestation for it)"
            )
        case InheritanceOutcome.INHERITED:
            return ControlStatus.INHERITED, (
                f"inherited from {where}, certified {decision.certification}; its results pass and "
                f"{_own_part(decision)}"
            )


def _own_part(decision: InheritanceDecision) -> str:
    if decision.not_checkable:
        return f"this account owns nothing checkable ({decision.not_checkable})"
    return "this account's own part holds"


def _provider_side(decision: InheritanceDecision, where: str) -> str:
    """How the provider side stands when this account's own part fails: passing, or why it is unjudged."""
    unjudged = "the provider side could not be judged"
    if _errors(decision.provided):
        return f"{unjudged}: {_errors(decision.provided)} result(s) of {where} could not be evaluated"
    if decision.missing_provided:
        return f"{unjudged}: no results for {', '.join(decision.missing_provided)} in {where}"
    if decision.pending:
        return f"{unjudged}: {_pending_reason(decision.pending)}"
    if not any(r.status is Status.PASS for r in decision.provided):
        return f"provider {where} shows nothing in scope"
    return f"provider {where} passes"


def _provider_named(decision: InheritanceDecision, now: dt.datetime) -> str:
    """The provider as reasons name it: role, account, where its role came from and, for a stored one, the
    baseline run; "" if none."""
    if decision.provider is None:
        return ""
    stored = f" {decision.baseline.note(now)}" if decision.baseline is not None else ""
    return f"{decision.role} account {decision.provider.label} ({decision.provider_source}){stored}"


def _provider(role: str, ctx: Context) -> tuple[Account | None, Baseline | None]:
    """The account holding `role`: in this run if scanned, else in the baseline run (returned with it)."""
    current = _first_holding(role, ctx.accounts, ctx.placements)
    if current is not None or ctx.baseline is None:
        return current, None
    stored = _first_holding(role, ctx.baseline.accounts, ctx.baseline.placements)
    return (stored, ctx.baseline) if stored is not None else (None, None)


def _first_holding(
    role: str, accounts: Iterable[Account], placements: Mapping[str, Placement]
) -> Account | None:
    """The account with the lowest id among those placed in `role`."""
    holders = [a for a in accounts if placements[a.account_id].role == role]
    return min(holders, key=lambda a: a.account_id, default=None)


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
    """ATTESTED with the first valid attestation on file, else why none holds (missing, or the first one's
    problem: dated in the future, expired, or older than the control accepts)."""
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


def _with_attestation(
    catalog: str, control: Control, account: Account, ctx: Context, checks: _Verdict
) -> _Verdict:
    """A hybrid control: its checks must hold (or find nothing in scope) and its attestation be on file. An
    attestation never masks a FAIL, and a control is never waved through because its checks found nothing
    to judge (no FIS templates, say): then the statement decides alone."""
    if checks.status is ControlStatus.NOT_APPLICABLE:
        status, why = _attestation_state(catalog, control, account, ctx)
        return _Verdict(status, f"the checks found nothing in scope ({checks.reason}); {why}", checks.refs)
    if checks.status not in (ControlStatus.SATISFIED, ControlStatus.INHERITED, ControlStatus.INHERITED_LIVE):
        return checks
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
