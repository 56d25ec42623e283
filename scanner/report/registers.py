"""The run's three registers: open gaps (a corrective-action plan), attestations on file and accepted
exceptions; as rows for the reports and as CSV files under registers/ in the run directory.

Gap register: one row per control row (catalog, control, account) whose status leaves the control open
(scanner.resolve.phases.GAP_STATUSES), in every account, landing-zone accounts included; rows of a control
`decided_with` another are left out, as readiness counts that fact once, under the other control.

- Owner: the control's attestation owner; else, in an application account, its scope's owner (as phases.json
  records it); else "unassigned", followed for a landing-zone account by its role.
- Severity: for NOT_SATISFIED, the highest severity among the failing check results the row cites; else empty.
- Due: when every failing result the row cites is accepted by an exception, the earliest expiry among those
  exceptions (the day the acceptance ends, by which the fix is due). For ATTESTATION_EXPIRED, the last day
  the attestation the verdict rests on (the first on file that applies to the account) was valid: its
  `expires`, or the day it reached the control's `max_age_days`, whichever came first. Otherwise empty: a
  failure no exception accepts is due now, and no date is invented for it.

Attestation register: every attestation file the run was evaluated with, its state on the evaluation date
and the accounts whose rows of its control it covers. Exception register: every accepted exception in
run.json, expired ones first, with the findings it accepts in this run.

Every cell of a CSV file that could start a spreadsheet formula is defused (see `csv_safe`): resource names
come from AWS and may be chosen by an attacker.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import io
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from scanner import atomicfile, rundir
from scanner.catalog.model import AttestationRequirement, Control, LoadedCatalog
from scanner.catalog.placement import APPLICATION
from scanner.errors import RunDirError
from scanner.evaluate.accepted import ExceptionRule
from scanner.evaluate.registry import Registry
from scanner.model import Account, ControlResult, ControlStatus, Result, Severity, Status
from scanner.resolve.attest import ATTESTATIONS_DIR, AppliesTo, Attestation, find, load_attestations
from scanner.resolve.phases import GAP_STATUSES, UNASSIGNED, UNSCOPED, gap_kind, gap_owner
from scanner.runrecord import RunRecord
from scanner.yamlfile import describe

GAPS_CSV = "gaps.csv"
ATTESTATIONS_CSV = "attestations.csv"
EXCEPTIONS_CSV = "exceptions.csv"

# An attestation's state on the run's evaluation date.
VALID = "valid"
EXPIRING = "expires within 90 days"
EXPIRED = "expired"
FUTURE = "dated in the future"
EXPIRING_WITHIN_DAYS = 90

_DEFAULT_MAX_AGE_DAYS: int = AttestationRequirement.model_fields["max_age_days"].default
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}
_STATUS_RANK = {status: rank for rank, status in enumerate(ControlStatus)}


# -- the rows ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """One open control in one account, and who must close it by when."""

    catalog: str
    control_id: str
    control_title: str
    account_id: str
    status: ControlStatus
    kind: str  # scanner.resolve.phases.gap_kind: failing checks, broken inheritance, missing attestation, ...
    owner: str
    severity: str  # a Severity value for NOT_SATISFIED; "" otherwise
    due: str  # an ISO date, or "" (see the module docstring)
    reason: str


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    sha256: str


@dataclass(frozen=True)
class AttestationRow:
    """One attestation file the run was evaluated with."""

    file: str
    control: str  # "catalog:control"
    statement: str
    owner: str
    approver: str
    date: str
    expires: str  # as the file says; "" when it names no expiry
    valid_until: str  # the last valid day: `expires` or the control's max_age_days, whichever comes first
    scope: str  # its applies_to in words
    sha256: str
    evidence: tuple[EvidenceFile, ...]
    state: str  # VALID, EXPIRING, EXPIRED or FUTURE on the evaluation date
    accounts: tuple[str, ...]  # the accounts whose rows of its control it covers (applies, not N/A)

    @property
    def expired(self) -> bool:
        return self.state == EXPIRED


@dataclass(frozen=True)
class CoveredFinding:
    """A failing result an exception accepts."""

    fingerprint: str
    check_id: str
    account_id: str
    region: str
    resource_id: str


@dataclass(frozen=True)
class ExceptionRow:
    """One accepted exception of the run (run.json evaluation.exceptions)."""

    id: str
    target: str  # "check <pattern>" or "control <catalog:control>"
    accounts: tuple[str, ...]  # account id patterns
    resources: tuple[str, ...]  # resource id patterns
    justification: str
    approver: str
    expires: str
    expired: bool  # on the evaluation date: it no longer accepts anything
    days_left: int  # from the evaluation date to `expires`; negative once expired
    covered: tuple[CoveredFinding, ...]  # the failures it accepts in this run
    expired_matches: int  # for an expired one: the failures it still matched, no longer accepted

    @property
    def findings(self) -> int:
        return len(self.covered)

    def targets(self, account_id: str) -> bool:
        return any(fnmatch.fnmatchcase(account_id, pattern) for pattern in self.accounts)

    def within(self, account_ids: Collection[str]) -> ExceptionRow | None:
        """This row as a pack of `account_ids` shows it, or None if it neither covers nor targets them."""
        covered = tuple(f for f in self.covered if f.account_id in account_ids)
        if not covered and not any(self.targets(a) for a in account_ids):
            return None
        return replace(self, covered=covered)


@dataclass(frozen=True)
class GapGroup:
    """Gap rows of one control that differ only in their account, owner and reason, as the printed register
    shows them: one line per control and kind of gap, naming every account it is open in and their owners
    (the CSV keeps one row per account, with the reason)."""

    first: GapRow
    account_ids: tuple[str, ...]
    owners: tuple[str, ...]  # distinct, in the order first met


def grouped_gaps(rows: Sequence[GapRow]) -> list[GapGroup]:
    """Rows with the same control, status, kind, severity and due date merged, in the order of each group's
    first row."""
    groups: dict[tuple[str, ...], list[GapRow]] = {}
    for row in rows:
        key = (row.catalog, row.control_id, row.status.value, row.kind, row.severity, row.due)
        groups.setdefault(key, []).append(row)
    return [
        GapGroup(
            members[0], tuple(m.account_id for m in members), tuple(dict.fromkeys(m.owner for m in members))
        )
        for members in groups.values()
    ]


@dataclass(frozen=True)
class Registers:
    gaps: tuple[GapRow, ...]
    attestations: tuple[AttestationRow, ...]
    exceptions: tuple[ExceptionRow, ...]

    def for_accounts(self, account_ids: Collection[str]) -> Registers:
        """The registers of a pack of these accounts: their gaps; the attestations covering any of them and
        the exceptions covering a finding in them or targeting them, narrowed to these accounts."""
        wanted = frozenset(account_ids)
        attestations = (
            replace(a, accounts=tuple(x for x in a.accounts if x in wanted))
            for a in self.attestations
            if wanted.intersection(a.accounts)
        )
        exceptions = (e.within(wanted) for e in self.exceptions)
        return Registers(
            gaps=tuple(g for g in self.gaps if g.account_id in wanted),
            attestations=tuple(attestations),
            exceptions=tuple(e for e in exceptions if e is not None),
        )


# -- building them -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """What the builders read besides the control rows."""

    today: dt.date
    run: RunRecord
    controls: Mapping[tuple[str, str], Control]
    registry: Registry
    results: Mapping[str, Result]  # by fingerprint
    attestations: Sequence[Attestation]
    scope_owners: Mapping[str, str]

    def role_and_scope(self, account_id: str) -> tuple[str, str | None]:
        placement = self.run.placements.get(account_id)
        return (placement.role, placement.scope) if placement else (APPLICATION, None)

    def account(self, account_id: str) -> Account:
        return next((a for a in self.run.accounts if a.account_id == account_id), Account(account_id))

    def control(self, catalog: str, control_id: str) -> Control | None:
        return self.controls.get((catalog, control_id))


def build_registers(
    out: Path,
    run: RunRecord,
    catalogs: Sequence[LoadedCatalog],
    registry: Registry,
    results: Sequence[Result],
    controls: Sequence[ControlResult],
) -> Registers:
    """The registers of an evaluated run in `out` (its phases.json and attestations/ are read from there)."""
    if run.evaluation is None:
        raise RunDirError(f"{out}: the run is not evaluated yet, so it has no registers")
    facts = _Facts(
        today=dt.datetime.fromisoformat(run.evaluation.evaluated_at).date(),
        run=run,
        controls={(c.id, control.id): control for c in catalogs for _, control in c.catalog.controls()},
        registry=registry,
        results={r.fingerprint: r for r in results},
        attestations=_run_attestations(out, run),
        scope_owners=_scope_owners(out / rundir.PHASES),
    )
    return Registers(
        gaps=tuple(_gap_register(controls, facts)),
        attestations=tuple(_attestation_register(controls, facts)),
        exceptions=tuple(_exception_register(out / rundir.RUN, facts)),
    )


def _gap_register(controls: Sequence[ControlResult], facts: _Facts) -> list[GapRow]:
    rows = []
    for row in controls:
        if row.status not in GAP_STATUSES:
            continue
        control = facts.control(row.catalog, row.control_id)
        if control is None:
            raise RunDirError(
                f"control {row.catalog}:{row.control_id} (account {row.account_id}) is in no catalog loaded "
                "for the report: load the catalogs the run was evaluated against"
            )
        if control.counts_in_readiness:
            rows.append(_gap(row, control, facts))
    return sorted(rows, key=_gap_order)


def _gap(row: ControlResult, control: Control, facts: _Facts) -> GapRow:
    return GapRow(
        catalog=row.catalog,
        control_id=row.control_id,
        control_title=control.title,
        account_id=row.account_id,
        status=row.status,
        kind=gap_kind(control, row.status),
        owner=_owner(control, row.account_id, facts),
        severity=_severity(row, facts.registry),
        due=_due(row, control, facts),
        reason=row.reason,
    )


def _gap_order(gap: GapRow) -> tuple[int, int, str, str, str]:
    severity = _SEVERITY_RANK[Severity(gap.severity)] if gap.severity else len(_SEVERITY_RANK)
    return severity, _STATUS_RANK[gap.status], gap.catalog, gap.control_id, gap.account_id


def _owner(control: Control, account_id: str, facts: _Facts) -> str:
    role, scope = facts.role_and_scope(account_id)
    if role == APPLICATION:
        return gap_owner(control, facts.scope_owners.get(scope or UNSCOPED, ""))
    owner = gap_owner(control, "")
    return f"{owner} (landing-zone role: {role})" if owner == UNASSIGNED else owner


def _failing(row: ControlResult) -> list[Mapping[str, Any]]:
    """The failing check results a control row cites."""
    return [ref for ref in row.results if ref.get("status") == Status.FAIL.value]


def _severity(row: ControlResult, registry: Registry) -> str:
    if row.status is not ControlStatus.NOT_SATISFIED:
        return ""
    specs = (registry.checks.get(str(ref["check_id"])) for ref in _failing(row))
    found = [spec.severity for spec in specs if spec is not None]
    return min(found, key=_SEVERITY_RANK.__getitem__).value if found else ""


def _due(row: ControlResult, control: Control, facts: _Facts) -> str:
    if row.status is ControlStatus.ATTESTATION_EXPIRED:
        return _attestation_lapsed(row, control, facts)
    ends = [_accepted_until(ref, facts.results) for ref in _failing(row)]
    if not ends or None in ends:
        return ""
    return min(end for end in ends if end is not None)


def _accepted_until(ref: Mapping[str, Any], results: Mapping[str, Result]) -> str | None:
    """The expiry of the exception accepting a cited failing result, or None if none accepts it."""
    result = results.get(str(ref.get("fingerprint")))
    accepted = result.details.get("exception") if result is not None else None
    return str(accepted["expires"]) if accepted else None


def _attestation_lapsed(row: ControlResult, control: Control, facts: _Facts) -> str:
    """The last valid day of the attestation an ATTESTATION_EXPIRED verdict rests on, if it has passed."""
    role, scope = facts.role_and_scope(row.account_id)
    account = facts.account(row.account_id)
    candidates = [
        a for a in find(facts.attestations, row.catalog, row.control_id) if a.applies(account, role, scope)
    ]
    if not candidates:
        return ""
    last = _valid_until(candidates[0], control)
    return last.isoformat() if last < facts.today else ""


def _valid_until(attestation: Attestation, control: Control | None) -> dt.date:
    """The last day an attestation counts: its expiry, or the day it reaches the control's accepted age."""
    requirement = control.attestation if control is not None else None
    max_age = requirement.max_age_days if requirement is not None else _DEFAULT_MAX_AGE_DAYS
    aged_out = attestation.file.date + dt.timedelta(days=max_age)
    expires = attestation.file.expires
    return min(expires, aged_out) if expires is not None else aged_out


def _attestation_register(controls: Sequence[ControlResult], facts: _Facts) -> list[AttestationRow]:
    return [_attestation(a, controls, facts) for a in facts.attestations]


def _attestation(
    attestation: Attestation, controls: Sequence[ControlResult], facts: _Facts
) -> AttestationRow:
    f = attestation.file
    valid_until = _valid_until(attestation, facts.control(attestation.catalog, attestation.control_id))
    return AttestationRow(
        file=attestation.path.name,
        control=f.control,
        statement=f.statement,
        owner=f.owner,
        approver=f.approver,
        date=f.date.isoformat(),
        expires=f.expires.isoformat() if f.expires is not None else "",
        valid_until=valid_until.isoformat(),
        scope=_scope_words(f.applies_to),
        sha256=attestation.digest,
        evidence=tuple(EvidenceFile(n, d) for n, d in sorted(attestation.evidence_digests.items())),
        state=_attestation_state(f.date, valid_until, facts.today),
        accounts=_covered_accounts(attestation, controls, facts),
    )


def _attestation_state(dated: dt.date, valid_until: dt.date, today: dt.date) -> str:
    if dated > today:
        return FUTURE
    if valid_until < today:
        return EXPIRED
    if (valid_until - today).days <= EXPIRING_WITHIN_DAYS:
        return EXPIRING
    return VALID


def _scope_words(target: AppliesTo | None) -> str:
    if target is None:
        return "every account"
    named = (("accounts", target.accounts), ("scopes", target.scopes), ("roles", target.roles))
    return "; ".join(f"{what}: {', '.join(values)}" for what, values in named if values) or "no account"


def _covered_accounts(
    attestation: Attestation, controls: Sequence[ControlResult], facts: _Facts
) -> tuple[str, ...]:
    """The accounts with an applicable row of the attestation's control that the attestation applies to."""
    accounts = {
        row.account_id
        for row in controls
        if (row.catalog, row.control_id) == (attestation.catalog, attestation.control_id)
        and row.status is not ControlStatus.NOT_APPLICABLE
        and attestation.applies(facts.account(row.account_id), *facts.role_and_scope(row.account_id))
    }
    return tuple(sorted(accounts))


def _exception_register(where: Path, facts: _Facts) -> list[ExceptionRow]:
    evaluation = facts.run.evaluation
    assert evaluation is not None  # build_registers refuses an unevaluated run
    still_matched = {e.id: e.findings for e in evaluation.expired_exceptions}
    covered: dict[str, list[CoveredFinding]] = {}
    for result in facts.results.values():
        accepted = result.details.get("exception")
        if accepted:
            covered.setdefault(str(accepted["id"]), []).append(_covered(result))
    rows = [
        _exception(rule, facts.today, covered.get(rule.id, []), still_matched.get(rule.id, 0))
        for rule in _exception_rules(where, facts.run)
    ]
    return sorted(rows, key=lambda e: (not e.expired, e.expires, e.id))


def _exception_rules(where: Path, run: RunRecord) -> list[ExceptionRule]:
    record = run.evaluation.exceptions if run.evaluation else None
    if record is None:
        return []
    try:
        return [ExceptionRule.model_validate(dict(rule)) for rule in record.rules]
    except ValidationError as exc:
        raise RunDirError(f"{where}: evaluation.exceptions.rules: {describe(exc)}") from exc


def _covered(result: Result) -> CoveredFinding:
    return CoveredFinding(
        result.fingerprint, result.check_id, result.account_id, result.region, result.resource_id
    )


def _exception(
    rule: ExceptionRule, today: dt.date, covered: Sequence[CoveredFinding], still_matched: int
) -> ExceptionRow:
    return ExceptionRow(
        id=rule.id,
        target=f"check {rule.check}" if rule.check is not None else f"control {rule.control}",
        accounts=tuple(rule.accounts),
        resources=tuple(rule.resources),
        justification=rule.justification,
        approver=rule.approver,
        expires=rule.expires.isoformat(),
        expired=today > rule.expires,
        days_left=(rule.expires - today).days,
        covered=tuple(sorted(covered, key=lambda f: (f.account_id, f.check_id, f.region, f.resource_id))),
        expired_matches=still_matched,
    )


# -- what they read from the run directory -------------------------------------------------------------------


def _run_attestations(out: Path, run: RunRecord) -> list[Attestation]:
    """The attestation files run.json records, loaded from the run's copies (in the order evaluation read
    them); a recorded file that is missing or changed since is a RunDirError naming it."""
    recorded = {r.file: r for r in (run.evaluation.attestations if run.evaluation else ())}
    if not recorded:
        return []
    loaded = [a for a in load_attestations(out / ATTESTATIONS_DIR) if a.path.name in recorded]
    missing = sorted(set(recorded) - {a.path.name for a in loaded})
    if missing:
        raise RunDirError(f"{out / ATTESTATIONS_DIR}: run.json records {', '.join(missing)}, not found there")
    for attestation in loaded:
        record = recorded[attestation.path.name]
        if (attestation.digest, attestation.evidence_digests) != (record.sha256, dict(record.evidence)):
            raise RunDirError(
                f"{attestation.path}: changed since the run was evaluated (it or its evidence no longer has "
                "the SHA-256 run.json records)"
            )
    return loaded


def _scope_owners(path: Path) -> dict[str, str]:
    """Application scope -> its owner, as phases.json records them (the org config may not be at hand)."""
    if not path.is_file():
        raise RunDirError(f"{path}: missing (run `controlmap evaluate --from {path.parent}` first?)")
    try:
        phases = json.loads(path.read_text(encoding="utf-8"))
        return {
            str(scope["scope"]): str(scope["owner"])
            for catalog in phases.values()
            for scope in catalog["phase2"]
            if scope["owner"]
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RunDirError(f"{path}: not the phase tables controlmap writes ({exc!r})") from exc


# -- CSV -----------------------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe where the first character would start a
    formula (CSV injection)."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


_Row = TypeVar("_Row")
Cell = str | int
Columns = tuple[tuple[str, Callable[[_Row], Cell]], ...]


def _joined(values: Sequence[str]) -> str:
    return "; ".join(values)


_GAP_COLUMNS: Columns[GapRow] = (
    ("catalog", lambda g: g.catalog),
    ("control", lambda g: g.control_id),
    ("title", lambda g: g.control_title),
    ("account", lambda g: g.account_id),
    ("status", lambda g: g.status.value),
    ("kind", lambda g: g.kind),
    ("owner", lambda g: g.owner),
    ("severity", lambda g: g.severity),
    ("due", lambda g: g.due),
    ("reason", lambda g: g.reason),
)
_ATTESTATION_COLUMNS: Columns[AttestationRow] = (
    ("file", lambda a: a.file),
    ("control", lambda a: a.control),
    ("statement", lambda a: a.statement),
    ("owner", lambda a: a.owner),
    ("approver", lambda a: a.approver),
    ("date", lambda a: a.date),
    ("expires", lambda a: a.expires),
    ("valid_until", lambda a: a.valid_until),
    ("state", lambda a: a.state),
    ("scope", lambda a: a.scope),
    ("accounts", lambda a: _joined(a.accounts)),
    ("sha256", lambda a: a.sha256),
    ("evidence", lambda a: _joined([f"{e.name} sha256:{e.sha256}" for e in a.evidence])),
)
_EXCEPTION_COLUMNS: Columns[ExceptionRow] = (
    ("id", lambda e: e.id),
    ("expired", lambda e: "yes" if e.expired else "no"),
    ("target", lambda e: e.target),
    ("accounts", lambda e: _joined(e.accounts)),
    ("resources", lambda e: _joined(e.resources)),
    ("justification", lambda e: e.justification),
    ("approver", lambda e: e.approver),
    ("expires", lambda e: e.expires),
    ("days_left", lambda e: e.days_left),
    ("findings_covered", lambda e: e.findings),
    ("covered_fingerprints", lambda e: _joined([f.fingerprint for f in e.covered])),
    ("covered_findings", lambda e: _joined([_finding(f) for f in e.covered])),
    ("failures_matched_after_expiry", lambda e: e.expired_matches),
)


def _finding(finding: CoveredFinding) -> str:
    return f"{finding.check_id} / {finding.account_id} / {finding.region} / {finding.resource_id}"


def _csv(columns: Columns[_Row], rows: Sequence[_Row]) -> str:
    return csv_text([name for name, _ in columns], ([cell(row) for _, cell in columns] for row in rows))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A CSV file's text: the header, then each row, text cells guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for cells in rows:
        writer.writerow([csv_safe(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


def write_registers(out: Path, registers: Registers) -> list[Path]:
    """registers/gaps.csv, attestations.csv and exceptions.csv in the run directory, each written whole."""
    folder = out / rundir.REGISTERS
    folder.mkdir(exist_ok=True)
    files = (
        (folder / GAPS_CSV, _csv(_GAP_COLUMNS, registers.gaps)),
        (folder / ATTESTATIONS_CSV, _csv(_ATTESTATION_COLUMNS, registers.attestations)),
        (folder / EXCEPTIONS_CSV, _csv(_EXCEPTION_COLUMNS, registers.exceptions)),
    )
    for path, text in files:
        atomicfile.write_text(path, text)
    return [path for path, _ in files]
