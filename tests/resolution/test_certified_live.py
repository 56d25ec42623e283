"""Rule "Certified versus live": INHERITED only from a landing zone whose Phase 1 is evidenced (a baseline
run, or a current Phase 1 certification attestation for the provider account); INHERITED_LIVE when both
halves pass in this run but nothing evidences the certification. Phase tables count the two apart, and the
OSCAL export maps every status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scanner.catalog.model import Catalog, LoadedCatalog
from scanner.catalog.placement import Placement, place
from scanner.exports.standards import _inheritance_props, _objective_status
from scanner.model import Account, ControlStatus, Result, Status
from scanner.resolve.attest import AppliesTo, Attestation, AttestationFile
from scanner.resolve.controls import Baseline, Context, index_results, placements_json, resolve_controls
from scanner.resolve.phases import phase_one, phase_two
from scanner.runrecord import PlacementRecord

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
LOG = Account("500000000000", "log-archive", ou_path=("Security",))
TENANT = Account("600000000000", "tenant-a", ou_path=("Workloads",))
CONTROL = {
    "id": "logging",
    "title": "Org trail",
    "summary": "s",
    "phase": "both",
    "treatment": "automated",
    "inheritance": {"provider": "log-archive", "provides": ["trail.org"], "consumer": ["trail.visible"]},
}
CATALOG = LoadedCatalog(
    Catalog.model_validate(
        {
            "id": "t",
            "title": "T",
            "version": "1",
            "groups": [{"id": "g", "title": "G", "controls": [CONTROL]}],
        }
    ),
    Path("t.yaml"),
    "0" * 64,
)
PASSING = [
    Result("trail.org", LOG.account_id, "global", "trail", Status.PASS, "m", ("b" * 64,)),
    Result("trail.visible", TENANT.account_id, "global", "shadow", Status.PASS, "m", ("c" * 64,)),
]


def certification(date: dt.date, accounts: list[str] | None = None) -> Attestation:
    applies = AppliesTo(accounts=accounts) if accounts is not None else None
    file = AttestationFile(
        control="hitrust-csf:1.phase1-certification",
        statement="Phase 1 certified",
        owner="Compliance lead",
        approver="CISO",
        date=date,
        applies_to=applies,
    )
    return Attestation(file, Path("phase1.yaml"), "d" * 64, {})


def tenant_status(accounts: list[Account], **context: object) -> tuple[ControlStatus, str]:
    ctx = Context(accounts, place(accounts, None), index_results(PASSING), NOW, **context)  # type: ignore[arg-type]
    [control] = [c for c in resolve_controls([CATALOG], ctx) if c.account_id == TENANT.account_id]
    return control.status, control.reason


def test_without_evidence_of_phase_one_the_inheritance_is_live() -> None:
    status, reason = tenant_status([LOG, TENANT])
    assert status is ControlStatus.INHERITED_LIVE
    assert "Phase 1 is not evidenced" in reason and "hitrust-csf:1.phase1-certification" in reason


def test_a_current_certification_of_the_provider_makes_it_inherited() -> None:
    status, reason = tenant_status([LOG, TENANT], attestations=[certification(dt.date(2026, 6, 1))])
    assert status is ControlStatus.INHERITED
    assert "certified by its Phase 1 certification (attested by Compliance lead" in reason


@pytest.mark.parametrize(
    "attestation",
    [
        certification(dt.date(2025, 6, 1)),  # older than the 365 days accepted
        certification(dt.date(2026, 6, 1), accounts=[TENANT.account_id]),  # certifies another account
    ],
)
def test_a_stale_or_foreign_certification_leaves_it_live(attestation: Attestation) -> None:
    assert tenant_status([LOG, TENANT], attestations=[attestation])[0] is ControlStatus.INHERITED_LIVE


def test_a_baseline_run_makes_it_inherited() -> None:
    baseline = Baseline(
        "f" * 64,
        "/runs/phase1",
        NOW - dt.timedelta(days=3),
        [LOG],
        {LOG.account_id: Placement("log-archive", None, "config")},
        index_results(PASSING[:1]),
        365,
    )
    status, reason = tenant_status([TENANT], baseline=baseline)
    assert status is ControlStatus.INHERITED
    assert "certified by the Phase 1 baseline run ffffffffffff" in reason


def test_live_inheritance_counts_as_met_and_phase_tables_count_it_apart() -> None:
    assert ControlStatus.INHERITED_LIVE.counts_as_met and ControlStatus.INHERITED.counts_as_met
    ctx = Context([LOG, TENANT], place([LOG, TENANT], None), index_results(PASSING), NOW)
    live = resolve_controls([CATALOG], ctx)
    certified = resolve_controls(
        [CATALOG],
        Context([LOG, TENANT], ctx.placements, ctx.results, NOW, [certification(dt.date(2026, 6, 1))]),
    )
    placements = placements_json(ctx.placements)
    [live_scope] = phase_two(CATALOG, live, placements, {})
    [certified_scope] = phase_two(CATALOG, certified, placements, {})
    assert (live_scope["inherited_live"], live_scope["inherited_certified"]) == (1, 0)
    assert (certified_scope["inherited_live"], certified_scope["inherited_certified"]) == (0, 1)
    [provider_row] = phase_one(CATALOG, live, placements)
    assert provider_row["satisfied"] == 1 and provider_row["inherited_live"] == 0  # judged on its own checks


def test_every_status_maps_to_an_oscal_objective_and_inheritance_says_its_basis() -> None:
    for status in ControlStatus:
        state = _objective_status(status, "why")
        assert state["state"] == ("satisfied" if status.counts_as_met else "not-satisfied"), status
    placements = {LOG.account_id: PlacementRecord("log-archive", None, "config")}
    bases = {}
    for status in (ControlStatus.INHERITED, ControlStatus.INHERITED_LIVE, ControlStatus.INHERITED_FROM_AWS):
        props = _inheritance_props(
            {"status": status.value, "provider_account_id": LOG.account_id}, placements
        )
        bases[status] = {p["name"]: p["value"] for p in props}["inheritance-basis"]
    assert bases == {
        ControlStatus.INHERITED: "certified-landing-zone",
        ControlStatus.INHERITED_LIVE: "live-landing-zone",
        ControlStatus.INHERITED_FROM_AWS: "cloud-provider",
    }
