"""The registers: open gaps with owner, severity and due date; attestations with their state on the
evaluation date; accepted exceptions, expired ones first; a pack's share of each; the CSV files (formula
injection defused) and the HTML partial (hostile values escaped). Last, the registers of the demo run agree
with its controls.jsonl and phases.json."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scanner import rundir
from scanner.catalog.model import Catalog, LoadedCatalog
from scanner.errors import ConfigError, RunDirError
from scanner.evaluate.registry import Registry, build_registry
from scanner.model import Account, ControlResult, ControlStatus, Result, Severity, Status
from scanner.report.registers import (
    EXPIRED,
    EXPIRING,
    FUTURE,
    VALID,
    Registers,
    build_registers,
    csv_safe,
    grouped_gaps,
    write_registers,
)
from scanner.report.render import _environment
from scanner.resolve.attest import ATTESTATIONS_DIR, load_attestations
from scanner.resolve.controls import result_ref
from scanner.resolve.phases import GAP_STATUSES
from scanner.run.pipeline import run_catalogs
from scanner.runrecord import (
    AttestationRecord,
    ExceptionsRecord,
    ExpiredException,
    PlacementRecord,
    RunRecord,
)
from tests.conftest import copy_of_demo
from tests.pipeline.records import evaluation, run_record

LZ, APP, OTHER = "111111111111", "222222222222", "333333333333"  # security; scopes "claims" and "other"
ACCOUNTS = (Account(LZ, "security"), Account(APP, "claims-app"), Account(OTHER, "other-app"))
SCOPE_OWNER = "claims-owner@example.com"
ATTESTATION_OWNER = "Compliance office"
CRITICAL, HIGH, MEDIUM = (
    "ecs.task.privileged",
    "acm.certificate-expiry",
    "athena.workgroup.enforce-configuration",
)
# The run is evaluated on 2026-11-22 (tests.pipeline.records.EVALUATED_AT).


def _control(control_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": control_id, "title": f"{control_id} title", "summary": "s", "phase": "both", **fields}


CATALOG = LoadedCatalog(
    Catalog.model_validate(
        {
            "id": "t",
            "title": "T",
            "version": "1",
            "groups": [
                {
                    "id": "g",
                    "title": "G",
                    "controls": [
                        _control("auto", treatment="automated", checks=[CRITICAL, MEDIUM]),
                        _control(
                            "twin", treatment="automated", checks=[CRITICAL, MEDIUM], decided_with="auto"
                        ),
                        _control(
                            "manual",
                            treatment="attestation",
                            attestation={
                                "statement": "st",
                                "owner": ATTESTATION_OWNER,
                                "evidence": "a policy",
                            },
                        ),
                        _control(
                            "inh",
                            treatment="automated",
                            inheritance={"provider": "security", "provides": [HIGH], "consumer": [MEDIUM]},
                        ),
                    ],
                }
            ],
        }
    ),
    Path("t.yaml"),
    "0" * 64,
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    registry = build_registry()
    severities = {c: registry.checks[c].severity for c in (CRITICAL, HIGH, MEDIUM)}
    assert severities == {CRITICAL: Severity.CRITICAL, HIGH: Severity.HIGH, MEDIUM: Severity.MEDIUM}
    return registry


def result(
    check: str, account: str = APP, *, status: Status = Status.FAIL, resource: str = "r1", accepted: str = ""
) -> Result:
    """A check result; `accepted` "id until" marks a FAIL as accepted by that exception until that date."""
    details = {}
    if accepted:
        exception_id, expires = accepted.split()
        details["exception"] = {"id": exception_id, "justification": "j", "approver": "a", "expires": expires}
    return Result(check, account, "us-east-1", resource, status, "m", details=details)


def row(
    control: str, account: str, status: ControlStatus, cites: Sequence[Result] = (), reason: str = "why"
) -> ControlResult:
    refs = tuple(result_ref(r) for r in cites)
    return ControlResult("t", control, account, status, reason, results=refs)


def write_attestation(out: Path, name: str, body: str) -> None:
    folder = out / ATTESTATIONS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body)


def attestation_body(
    date: str, expires: str | None = None, applies_to: str = "", control: str = "manual"
) -> str:
    body = f'control: "t:{control}"\nstatement: The policy is approved.\nowner: {ATTESTATION_OWNER}\n'
    body += f"approver: the CISO\ndate: {date}\n"
    body += f"expires: {expires}\n" if expires else ""
    return body + (f"applies_to: {applies_to}\n" if applies_to else "")


def make_run(
    out: Path, *, rules: Sequence[Mapping[str, Any]] = (), expired: Sequence[ExpiredException] = ()
) -> RunRecord:
    """The run of ACCOUNTS as evaluated into `out`: its placements, phases.json with the scope owners, the
    attestation files already written under attestations/, and these exception rules."""
    folder = out / ATTESTATIONS_DIR
    attestations = load_attestations(folder) if folder.is_dir() else []
    records = tuple(
        AttestationRecord(a.path.name, a.file.control, a.digest, a.evidence_digests) for a in attestations
    )
    placements = {
        LZ: PlacementRecord("security", None, "config"),
        APP: PlacementRecord("application", "claims", "config"),
        OTHER: PlacementRecord("application", "other", "config"),
    }
    scopes = [{"scope": "claims", "owner": SCOPE_OWNER}, {"scope": "other", "owner": ""}]
    rundir.write_json(out / rundir.PHASES, {"t": {"phase1": [], "phase2": scopes}})
    done = evaluation(
        {},
        placements=placements,
        attestations=records,
        exceptions=ExceptionsRecord("f" * 64, tuple(rules)) if rules else None,
        expired_exceptions=tuple(expired),
    )
    return run_record(ACCOUNTS, evaluation=done)


def registers_of(
    out: Path,
    registry: Registry,
    controls: Sequence[ControlResult],
    results: Sequence[Result] = (),
    **run: Any,
) -> Registers:
    return build_registers(out, make_run(out, **run), [CATALOG], registry, results, controls)


# -- gap register --------------------------------------------------------------------------------------------


def test_gap_owner_is_the_attestation_owner_else_the_scope_owner_else_unassigned(
    tmp_path: Path, registry: Registry
) -> None:
    pending = ControlStatus.NOT_EVALUATED
    controls = [
        row("auto", APP, pending),
        row("auto", OTHER, pending),
        row("auto", LZ, pending),
        row("manual", LZ, ControlStatus.ATTESTATION_MISSING),
        row("manual", APP, ControlStatus.ATTESTATION_MISSING),
    ]
    gaps = registers_of(tmp_path, registry, controls).gaps
    owners = {(g.control_id, g.account_id): g.owner for g in gaps}
    assert owners == {
        ("auto", APP): SCOPE_OWNER,
        ("auto", OTHER): "unassigned",
        ("auto", LZ): "unassigned (landing-zone role: security)",
        ("manual", LZ): ATTESTATION_OWNER,
        ("manual", APP): ATTESTATION_OWNER,
    }


def test_every_open_row_is_a_gap_except_a_control_decided_with_another(
    tmp_path: Path, registry: Registry
) -> None:
    controls = [
        *(row("auto", LZ, status) for status in GAP_STATUSES),
        row("auto", APP, ControlStatus.SATISFIED),
        row("auto", OTHER, ControlStatus.NOT_APPLICABLE),
        row("twin", APP, ControlStatus.NOT_SATISFIED, [result(CRITICAL)]),
    ]
    gaps = registers_of(tmp_path, registry, controls).gaps
    assert sorted(g.status for g in gaps) == sorted(GAP_STATUSES)
    assert {(g.control_id, g.account_id) for g in gaps} == {("auto", LZ)}


def test_severity_is_the_highest_among_the_failures_the_row_cites(tmp_path: Path, registry: Registry) -> None:
    controls = [
        row("auto", APP, ControlStatus.NOT_SATISFIED, [result(MEDIUM), result(CRITICAL)]),
        row(
            "auto", OTHER, ControlStatus.NOT_SATISFIED, [result(MEDIUM), result(CRITICAL, status=Status.PASS)]
        ),
        row("auto", LZ, ControlStatus.NOT_EVALUATED, [result(CRITICAL, status=Status.ERROR)]),
    ]
    gaps = registers_of(tmp_path, registry, controls).gaps
    assert [(g.account_id, g.severity) for g in gaps] == [(APP, "critical"), (OTHER, "medium"), (LZ, "")]


def test_gaps_sort_by_severity_then_status_catalog_control_account(
    tmp_path: Path, registry: Registry
) -> None:
    controls = [
        row("manual", APP, ControlStatus.ATTESTATION_MISSING),
        row("auto", LZ, ControlStatus.NOT_EVALUATED),
        row("auto", OTHER, ControlStatus.NOT_SATISFIED, [result(MEDIUM, OTHER)]),
        row("inh", APP, ControlStatus.NOT_SATISFIED, [result(HIGH, LZ)]),
        row("auto", APP, ControlStatus.NOT_SATISFIED, [result(CRITICAL)]),
    ]
    gaps = registers_of(tmp_path, registry, controls).gaps
    assert [(g.control_id, g.account_id) for g in gaps] == [
        ("auto", APP),  # critical
        ("inh", APP),  # high
        ("auto", OTHER),  # medium
        ("manual", APP),  # no severity: ATTESTATION_MISSING comes before NOT_EVALUATED in ControlStatus
        ("auto", LZ),
    ]


def test_a_failing_inherited_control_is_broken_inheritance(tmp_path: Path, registry: Registry) -> None:
    controls = [
        row("inh", APP, ControlStatus.NOT_SATISFIED, [result(HIGH, LZ)]),
        row("auto", APP, ControlStatus.NOT_SATISFIED, [result(CRITICAL)]),
        row("manual", APP, ControlStatus.ATTESTATION_MISSING),
    ]
    kinds = {g.control_id: g.kind for g in registers_of(tmp_path, registry, controls).gaps}
    assert kinds == {"inh": "broken inheritance", "auto": "failing checks", "manual": "missing attestation"}


def test_due_is_the_earliest_expiry_when_every_cited_failure_is_accepted(
    tmp_path: Path, registry: Registry
) -> None:
    late = result(CRITICAL, resource="a", accepted="late 2027-03-01")
    early = result(MEDIUM, resource="b", accepted="early 2026-12-31")
    unaccepted = result(MEDIUM, OTHER, resource="c")
    passing = result(MEDIUM, OTHER, resource="d", status=Status.PASS)
    other_accepted = result(CRITICAL, OTHER, resource="e", accepted="late 2027-03-01")
    controls = [
        row("auto", APP, ControlStatus.NOT_SATISFIED, [late, early]),
        row("auto", OTHER, ControlStatus.NOT_SATISFIED, [unaccepted, other_accepted, passing]),
    ]
    results = [late, early, unaccepted, passing, other_accepted]
    gaps = registers_of(tmp_path, registry, controls, results).gaps
    assert {g.account_id: g.due for g in gaps} == {APP: "2026-12-31", OTHER: ""}


def test_an_expired_attestation_is_due_from_the_last_day_it_was_valid(
    tmp_path: Path, registry: Registry
) -> None:
    write_attestation(
        tmp_path, "a-expired.yaml", attestation_body("2026-01-01", "2026-10-01", "{scopes: [claims]}")
    )
    write_attestation(tmp_path, "b-aged.yaml", attestation_body("2025-10-20", None, "{scopes: [other]}"))
    controls = [
        row("manual", APP, ControlStatus.ATTESTATION_EXPIRED),
        row("manual", OTHER, ControlStatus.ATTESTATION_EXPIRED),  # 365 days (the default max age) are up
    ]
    gaps = registers_of(tmp_path, registry, controls).gaps
    assert {g.account_id: g.due for g in gaps} == {APP: "2026-10-01", OTHER: "2026-10-20"}


# -- attestation register ------------------------------------------------------------------------------------


def test_attestation_states_on_the_evaluation_date(tmp_path: Path, registry: Registry) -> None:
    write_attestation(tmp_path, "valid.yaml", attestation_body("2026-06-01", "2027-06-01"))
    write_attestation(tmp_path, "expiring.yaml", attestation_body("2026-06-01", "2027-02-20"))
    write_attestation(tmp_path, "edge.yaml", attestation_body("2026-06-01", "2027-02-21"))  # 91 days left
    write_attestation(tmp_path, "expired.yaml", attestation_body("2026-01-01", "2026-11-21"))
    write_attestation(tmp_path, "aged.yaml", attestation_body("2025-11-01"))  # no expiry; 365 days are up
    write_attestation(tmp_path, "future.yaml", attestation_body("2026-12-01", "2027-12-01"))
    rows = registers_of(tmp_path, registry, []).attestations
    assert {a.file: (a.state, a.valid_until) for a in rows} == {
        "aged.yaml": (EXPIRED, "2026-11-01"),
        "edge.yaml": (VALID, "2027-02-21"),
        "expired.yaml": (EXPIRED, "2026-11-21"),
        "expiring.yaml": (EXPIRING, "2027-02-20"),
        "future.yaml": (FUTURE, "2027-12-01"),
        "valid.yaml": (VALID, "2027-06-01"),
    }
    assert [a.expired for a in rows if a.file in ("expired.yaml", "valid.yaml")] == [True, False]


def test_an_attestation_row_says_what_it_covers_and_its_digests(tmp_path: Path, registry: Registry) -> None:
    write_attestation(tmp_path, "policy.txt", "the approved policy\n")
    body = attestation_body("2026-06-01", "2027-06-01", "{scopes: [claims], roles: [security]}")
    write_attestation(tmp_path, "policy.yaml", body + "evidence: [policy.txt]\n")
    controls = [
        row("manual", APP, ControlStatus.ATTESTED),
        row("manual", OTHER, ControlStatus.ATTESTATION_MISSING),  # outside its scope
        row("manual", LZ, ControlStatus.NOT_APPLICABLE),  # within it, but the control does not apply there
        row("auto", APP, ControlStatus.SATISFIED),  # another control
    ]
    [policy] = registers_of(tmp_path, registry, controls).attestations
    [loaded] = load_attestations(tmp_path / ATTESTATIONS_DIR)
    assert (policy.control, policy.owner, policy.approver) == ("t:manual", ATTESTATION_OWNER, "the CISO")
    assert policy.scope == "scopes: claims; roles: security"
    assert policy.accounts == (APP,)
    assert policy.sha256 == loaded.digest
    assert [(e.name, e.sha256) for e in policy.evidence] == [
        ("policy.txt", loaded.evidence_digests["policy.txt"])
    ]


def test_a_malformed_or_changed_attestation_file_is_named(tmp_path: Path, registry: Registry) -> None:
    write_attestation(tmp_path, "policy.yaml", attestation_body("2026-06-01"))
    run = make_run(tmp_path)
    path = tmp_path / ATTESTATIONS_DIR / "policy.yaml"
    path.write_text(attestation_body("2026-06-02"))
    with pytest.raises(RunDirError, match=r"policy\.yaml: changed since the run was evaluated"):
        build_registers(tmp_path, run, [CATALOG], registry, [], [])
    path.write_text("control: t:manual\nstatement: s\n")
    with pytest.raises(ConfigError, match=r"policy\.yaml"):
        build_registers(tmp_path, run, [CATALOG], registry, [], [])


# -- exception register --------------------------------------------------------------------------------------


def rule(rule_id: str, expires: str, **target: Any) -> dict[str, Any]:
    return {
        "id": rule_id,
        "check": None,
        "control": None,
        "accounts": ["*"],
        "resources": ["*"],
        "justification": f"{rule_id}: compensating control in place",
        "approver": "the CISO",
        "expires": expires,
        **target,
    }


RULES = (
    rule("active", "2027-01-31", check="ecs.task.*", accounts=[APP, OTHER]),
    rule("stale", "2026-11-01", control="t:auto", resources=["arn:aws:s3:::legacy-*"]),
    rule("lz-only", "2027-05-01", check=MEDIUM, accounts=[LZ]),
)


def test_expired_exceptions_come_first_with_the_failures_they_still_matched(
    tmp_path: Path, registry: Registry
) -> None:
    covered = [
        result(CRITICAL, APP, resource="x", accepted="active 2027-01-31"),
        result(CRITICAL, OTHER, accepted="active 2027-01-31"),
    ]
    stale = ExpiredException("stale", "2026-11-01", "the CISO", 3)
    last_day = rule("last-day", "2026-11-22", check=HIGH)  # still accepts on its expiry date
    rules = [*RULES, last_day]
    rows = registers_of(tmp_path, registry, [], covered, rules=rules, expired=[stale]).exceptions
    assert [(e.id, e.expired, e.days_left) for e in rows] == [
        ("stale", True, -21),
        ("last-day", False, 0),
        ("active", False, 70),
        ("lz-only", False, 160),
    ]
    assert (rows[0].expired_matches, rows[0].findings) == (3, 0)
    active = rows[2]
    assert (active.target, active.findings) == ("check ecs.task.*", 2)
    assert {(f.account_id, f.resource_id, f.fingerprint) for f in active.covered} == {
        (r.account_id, r.resource_id, r.fingerprint) for r in covered
    }
    assert rows[0].target == "control t:auto"


def test_the_exception_register_renders_expired_ones_in_a_warning_first(
    tmp_path: Path, registry: Registry
) -> None:
    stale = ExpiredException("stale", "2026-11-01", "the CISO", 3)
    rows = registers_of(tmp_path, registry, [], rules=RULES, expired=[stale]).exceptions
    html = _render("exception_register(rows)", rows=rows)
    warning = html.index('class="warn register-warning"')
    assert warning < html.index("<table")
    assert "stale: expired 2026-11-01" in html[warning : html.index("<table")]
    assert "active" not in html[warning : html.index("<table")]


# -- a pack's share ------------------------------------------------------------------------------------------


def test_for_accounts_keeps_what_rests_on_or_targets_those_accounts(
    tmp_path: Path, registry: Registry
) -> None:
    write_attestation(
        tmp_path, "claims.yaml", attestation_body("2026-06-01", "2027-06-01", "{scopes: [claims]}")
    )
    write_attestation(tmp_path, "every.yaml", attestation_body("2026-06-01", "2027-06-01"))
    covered = [
        result(CRITICAL, APP, accepted="active 2027-01-31"),
        result(CRITICAL, OTHER, accepted="active 2027-01-31"),
    ]
    controls = [
        row("auto", APP, ControlStatus.NOT_SATISFIED, covered[:1]),
        row("auto", OTHER, ControlStatus.NOT_SATISFIED, covered[1:]),
        row("auto", LZ, ControlStatus.NOT_EVALUATED),
        *(row("manual", a, ControlStatus.ATTESTED) for a in (LZ, APP, OTHER)),
    ]
    everything = registers_of(tmp_path, registry, controls, covered, rules=RULES)

    other = everything.for_accounts([OTHER])
    assert [g.account_id for g in other.gaps] == [OTHER]
    assert [(a.file, a.accounts) for a in other.attestations] == [("every.yaml", (OTHER,))]
    assert [(e.id, [f.account_id for f in e.covered]) for e in other.exceptions] == [
        ("stale", []),  # targets every account
        ("active", [OTHER]),
    ]

    landing_zone = everything.for_accounts({LZ})
    assert [g.account_id for g in landing_zone.gaps] == [LZ]
    assert [e.id for e in landing_zone.exceptions] == ["stale", "lz-only"]  # target it, cover nothing there
    assert [a.file for a in everything.for_accounts({APP}).attestations] == ["claims.yaml", "every.yaml"]


# -- CSV -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_defuses_every_formula_start(start: str) -> None:
    assert csv_safe(f"{start}1+1") == f"'{start}1+1"
    assert csv_safe(f"a{start}1") == f"a{start}1"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_files_defuse_formulas_from_aws_data_and_keep_numbers(tmp_path: Path, registry: Registry) -> None:
    hostile = result(CRITICAL, resource='=HYPERLINK("http://evil.example")', accepted="active 2027-01-31")
    stale = rule("stale", "2026-11-01", check=CRITICAL, resources=["@SUM(A1)"])
    controls = [row("auto", APP, ControlStatus.NOT_SATISFIED, [hostile], reason="+cmd|' /C calc'!A0")]
    registers = registers_of(tmp_path, registry, controls, [hostile], rules=[RULES[0], stale])
    paths = write_registers(tmp_path, registers)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "registers/gaps.csv",
        "registers/attestations.csv",
        "registers/exceptions.csv",
    ]
    [gap] = read_csv(paths[0])
    assert gap["reason"] == "'+cmd|' /C calc'!A0"
    assert (gap["severity"], gap["status"], gap["account"]) == ("critical", "NOT_SATISFIED", APP)
    assert read_csv(paths[1]) == []
    expired, active = read_csv(paths[2])
    assert (expired["id"], expired["expired"], expired["days_left"]) == ("stale", "yes", "-21")
    assert expired["resources"] == "'@SUM(A1)"
    assert active["covered_findings"] == f'{CRITICAL} / {APP} / us-east-1 / =HYPERLINK("http://evil.example")'
    assert active["accounts"] == f"{APP}; {OTHER}"


# -- HTML ----------------------------------------------------------------------------------------------------


def _render(call: str, **values: Any) -> str:
    macros = "gap_register, attestation_register, exception_register"
    source = f'{{% from "_registers.html.j2" import {macros} %}}{{{{ {call} }}}}'
    return _environment().from_string(source).render(**values)


SCRIPT = "<script>alert(1)</script>"


def test_the_partial_escapes_hostile_values(tmp_path: Path, registry: Registry) -> None:
    write_attestation(
        tmp_path, "old.yaml", attestation_body("2025-01-01", "2025-12-31").replace("the CISO", f'"{SCRIPT}"')
    )
    hostile = result(CRITICAL, resource=SCRIPT, accepted="active 2027-01-31")
    controls = [row("auto", APP, ControlStatus.NOT_SATISFIED, [hostile], reason=SCRIPT)]
    registers = registers_of(tmp_path, registry, controls, [hostile], rules=RULES)
    html = "".join(
        (
            _render(
                "gap_register(rows, label)", rows=grouped_gaps(registers.gaps), label=lambda a: f"{SCRIPT}{a}"
            ),
            _render("attestation_register(rows)", rows=registers.attestations),
            _render("exception_register(rows)", rows=registers.exceptions),
        )
    )
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # label, approver x2, resource
    assert html.count('class="grid register') == 3
    assert "1 expired attestation(s)" in html


# -- the demo run --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    out: Path
    catalogs: list[LoadedCatalog]
    registers: Registers


@pytest.fixture(scope="module")
def demo(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    out = copy_of_demo(demo_run_dir, tmp_path_factory, "registers")
    registry = build_registry()
    run = rundir.read_run(out)
    catalogs = run_catalogs(registry, run)
    results, controls = rundir.read_results(out), rundir.read_controls(out)
    return Demo(out, catalogs, build_registers(out, run, catalogs, registry, results, controls))


def test_the_demo_gap_register_lists_every_open_row_that_counts_and_agrees_with_phases(demo: Demo) -> None:
    counted = {
        (c.id, control.id)
        for c in demo.catalogs
        for _, control in c.catalog.controls()
        if control.counts_in_readiness
    }
    open_rows = [
        r
        for r in rundir.read_controls(demo.out)
        if r.status in GAP_STATUSES and (r.catalog, r.control_id) in counted
    ]
    gaps = demo.registers.gaps
    assert len(gaps) == len(open_rows) > 0
    by_row = {(g.catalog, g.control_id, g.account_id): (g.owner, g.kind, g.status.value) for g in gaps}
    phases = json.loads((demo.out / rundir.PHASES).read_text())
    listed = [
        ((catalog, gap["control_id"], gap["account_id"]), (gap["owner"], gap["kind"], gap["status"]))
        for catalog, tables in phases.items()
        for scope in tables["phase2"]
        for gap in scope["gaps"]
    ]
    assert listed and all(by_row[key] == expected for key, expected in listed)


def test_the_demo_registers_are_written_as_csv(demo: Demo) -> None:
    gaps, attestations, exceptions = (read_csv(p) for p in write_registers(demo.out, demo.registers))
    assert len(gaps) == len(demo.registers.gaps)
    assert [a["file"] for a in attestations] == [a.file for a in demo.registers.attestations]
    assert len(exceptions) == len(demo.registers.exceptions)
