"""docs/resolution.md's decision table, row by row, through the resolver: the table cannot drift from the
code. Each cell is a word of a small vocabulary (see the page's "Inputs"); this module turns a row into
accounts, placements, results, attestations and a one-control catalog, and asserts the row's status and that
the reason contains the row's last cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scanner.catalog.model import Catalog, LoadedCatalog
from scanner.catalog.placement import ArtifactReport, Placement, ReportPeriod, place
from scanner.model import Account, ControlResult, ControlStatus, Result, Status
from scanner.resolve.attest import Attestation, AttestationFile
from scanner.resolve.controls import Baseline, Context, index_results, resolve_controls

DOC = Path(__file__).resolve().parents[2] / "docs" / "resolution.md"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
LOG = Account("500000000000", "log-archive", ou_path=("Security",))
TENANT = Account("600000000000", "tenant-a", ou_path=("Workloads",))
OWN, PROVIDED, CONSUMED = "own.check", "prov.check", "cons.check"
PENDING = "later.check: built later"
NONE = "—"
REQUIREMENT = {"statement": "S.", "owner": "O", "evidence": "E."}


@dataclass(frozen=True)
class Row:
    account: str
    control: str
    own: str
    provider: str
    consumer: str
    phase1: str
    attestation: str
    status: str
    reason: str


def table_rows() -> list[Row]:
    text = DOC.read_text()
    table = text.split("<!-- decision-table -->")[1].split("<!-- /decision-table -->")[0]
    lines = [line for line in table.strip().splitlines()[2:] if line.startswith("|")]
    return [Row(*(cell.strip() for cell in line.strip().strip("|").split("|"))) for line in lines]


def control(row: Row) -> dict[str, Any]:
    """The one control a row describes."""
    base: dict[str, Any] = {
        "id": "c",
        "title": "C",
        "summary": "S.",
        "phase": "both",
        "treatment": "automated",
    }
    pending = [PENDING] if "pending" in f"{row.own} {row.provider}" else []
    kind = row.control
    if kind in ("application phase", "landing-zone phase"):
        return {**base, "phase": kind.split()[0], "checks": [OWN]}
    if kind == "not-applicable":
        return {**base, "treatment": kind, "justification": "not used here"}
    if kind == "aws-inherited":
        return {**base, "treatment": kind}
    if kind == "attestation":
        return {**base, "treatment": kind, "attestation": REQUIREMENT}
    if kind in ("automated", "hybrid"):
        extra = {"attestation": REQUIREMENT} if kind == "hybrid" else {}
        return {**base, "treatment": kind, "checks": [OWN], "pending": pending, **extra}
    inheritance: dict[str, Any] = {"provider": "log-archive", "provides": [PROVIDED]}
    if kind == "inherited, nothing checkable":
        inheritance["consumer_not_checkable"] = "the archive lives in the provider account"
    else:
        inheritance["consumer"] = [CONSUMED]
    return {**base, "inheritance": inheritance, "pending": pending}


def results(check: str, account: Account, cell: str) -> list[Result]:
    word = cell.split(" + ", maxsplit=1)[0]
    if word in (NONE, "none") or word.startswith("no holder"):
        return []
    return [Result(check, account.account_id, "us-east-1", f"res-{check}", Status(word), "m", ("a" * 64,))]


def attestations(row: Row) -> list[Attestation]:
    found = []
    if row.attestation in ("valid", "expired"):
        date = dt.date(2026, 6, 1) if row.attestation == "valid" else dt.date(2024, 6, 1)
        found.append(_attestation("t:c", date))
    if row.phase1 == "certification":
        found.append(_attestation("hitrust-csf:1.phase1-certification", dt.date(2026, 6, 1)))
    return found


def _attestation(control_ref: str, date: dt.date) -> Attestation:
    file = AttestationFile(control=control_ref, statement="S.", owner="O", approver="A", date=date)
    return Attestation(file, Path(f"{control_ref.replace(':', '_')}.yaml"), "d" * 64, {})


def resolve(row: Row) -> ControlResult:
    catalog = {"id": "t", "title": "T", "version": "1", "groups": [{"id": "g", "title": "G", "controls": []}]}
    catalog["groups"][0]["controls"].append(control(row))  # type: ignore[index]
    loaded = LoadedCatalog(Catalog.model_validate(catalog), Path("t.yaml"), "0" * 64)
    judged = LOG if row.account in ("landing-zone", "provider") else TENANT
    provided = results(PROVIDED, LOG, row.provider)
    found = [*results(OWN, judged, row.own), *results(CONSUMED, TENANT, row.consumer)]
    accounts = [TENANT] if row.provider.startswith("no holder") or row.phase1 == "baseline" else [LOG, TENANT]
    placements = place(accounts, None)
    if row.provider == "no holder (config)":
        placements = {TENANT.account_id: Placement("application", None, "config")}
    baseline = None
    if row.phase1 == "baseline":
        stored = {LOG.account_id: Placement("log-archive", None, "config")}
        baseline = Baseline("f" * 64, "/runs/p1", NOW, [LOG], stored, index_results(provided), 365)
    else:
        found += provided
    evidence = {"t:c": SOC2_REPORT} if row.attestation == "AWS evidence named" else {}
    ctx = Context(accounts, placements, index_results(found), NOW, attestations(row), evidence, baseline)
    [result] = [c for c in resolve_controls([loaded], ctx) if c.account_id == judged.account_id]
    return result


SOC2_REPORT = ArtifactReport(
    report="AWS SOC 2 Type II Report",
    period=ReportPeriod(start=dt.date(2025, 10, 1), end=dt.date(2026, 9, 30)),
    downloaded=dt.date(2026, 11, 2),
    sha256="a" * 64,
)
ROWS = table_rows()


def test_the_table_is_there_and_reaches_every_status_resolution_gives() -> None:
    assert len(ROWS) > 30
    assert {ControlStatus(row.status) for row in ROWS} == set(ControlStatus)


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{r.status}" for i, r in enumerate(ROWS, 1)])
def test_each_row_is_what_the_resolver_decides(row: Row) -> None:
    result = resolve(row)
    assert (result.status.value, row.reason in result.reason) == (row.status, True), result.reason
