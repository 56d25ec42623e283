"""Control resolution: inheritance from landing-zone providers, phases, attestations; unknown never met."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scanner.catalog.model import Catalog, LoadedCatalog
from scanner.catalog.placement import OrgConfig, Placement, infer_role, place
from scanner.model import Account, ControlStatus, Result, Status
from scanner.resolve.attest import load_attestations
from scanner.resolve.controls import Baseline, Context, index_results, resolve_controls

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
MGMT = Account("100000000000", "management", is_management=True)
LOG = Account("200000000000", "log-archive", ou_path=("Security",))
SEC = Account("300000000000", "security", ou_path=("Security",))
TENANT = Account("400000000000", "tenant-a", ou_path=("Workloads",))
ACCOUNTS = [MGMT, LOG, SEC, TENANT]

CATALOG = {
    "id": "t",
    "title": "T",
    "version": "1",
    "groups": [
        {
            "id": "g",
            "title": "G",
            "controls": [
                {
                    "id": "logging",
                    "title": "Org trail",
                    "summary": "s",
                    "phase": "both",
                    "treatment": "automated",
                    "checks": [],
                    "inheritance": {
                        "provider": "log-archive",
                        "provides": ["trail.org"],
                        "consumer": ["trail.visible"],
                    },
                },
                {
                    "id": "policy",
                    "title": "Policy documented",
                    "summary": "s",
                    "phase": "both",
                    "treatment": "attestation",
                    "attestation": {
                        "statement": "documented",
                        "owner": "ciso",
                        "evidence": "doc",
                        "max_age_days": 365,
                    },
                },
                {
                    "id": "hybrid",
                    "title": "Checks plus attestation",
                    "summary": "s",
                    "phase": "both",
                    "treatment": "hybrid",
                    "checks": ["local.check"],
                    "attestation": {"statement": "reviewed", "owner": "ciso", "evidence": "doc"},
                },
                {
                    "id": "lz-only",
                    "title": "LZ",
                    "summary": "s",
                    "phase": "landing-zone",
                    "treatment": "automated",
                    "checks": ["local.check"],
                },
                {
                    "id": "app-only",
                    "title": "App",
                    "summary": "s",
                    "phase": "application",
                    "treatment": "automated",
                    "checks": ["local.check"],
                },
            ],
        }
    ],
}
LOADED = LoadedCatalog(Catalog.model_validate(CATALOG), Path("t.yaml"), "0" * 64)


def r(check: str, account: Account, status: Status, evidence: str = "a" * 64) -> Result:
    return Result(check, account.account_id, "global", f"res-{check}", status, "m", (evidence,))


def resolve(results: list[Result], **kwargs: object) -> dict[tuple[str, str], object]:
    ctx = Context(ACCOUNTS, place(ACCOUNTS, None), index_results(results), NOW, **kwargs)  # type: ignore[arg-type]
    return {(c.control_id, c.account_id): c for c in resolve_controls([LOADED], ctx)}


def good(*extra: Result) -> list[Result]:
    return [
        r("trail.org", LOG, Status.PASS, "b" * 64),
        r("trail.visible", TENANT, Status.PASS, "c" * 64),
        *extra,
    ]


def test_roles_are_inferred_from_names() -> None:
    assert [infer_role(a) for a in ACCOUNTS] == ["management", "log-archive", "security", "application"]


def test_tenant_inherits_when_provider_and_own_part_pass() -> None:
    control = resolve(good())[("logging", TENANT.account_id)]
    # No baseline run and no certification attestation: provided live, not inherited from a certified zone.
    assert control.status is ControlStatus.INHERITED_LIVE  # type: ignore[attr-defined]
    assert control.provider_account_id == LOG.account_id  # type: ignore[attr-defined]
    cited = {ref["account_id"]: ref["evidence"] for ref in control.results}  # type: ignore[attr-defined]
    assert cited == {LOG.account_id: ["b" * 64], TENANT.account_id: ["c" * 64]}  # both sides' evidence
    assert "log-archive" in control.reason  # type: ignore[attr-defined]


def test_provider_failure_breaks_inheritance() -> None:
    results = [r("trail.org", LOG, Status.FAIL), r("trail.visible", TENANT, Status.PASS)]
    control = resolve(results)[("logging", TENANT.account_id)]
    assert control.status is ControlStatus.NOT_SATISFIED  # type: ignore[attr-defined]
    assert "provider" in control.reason and "trail.org" in control.reason  # type: ignore[attr-defined]


def test_consumer_outside_provider_scope_is_not_satisfied() -> None:
    results = [r("trail.org", LOG, Status.PASS), r("trail.visible", TENANT, Status.FAIL)]
    control = resolve(results)[("logging", TENANT.account_id)]
    assert control.status is ControlStatus.NOT_SATISFIED  # type: ignore[attr-defined]
    assert "own part" in control.reason  # type: ignore[attr-defined]


@pytest.mark.parametrize("side", ["provider", "consumer"])
def test_error_on_either_side_is_not_evaluated(side: str) -> None:
    results = [
        r("trail.org", LOG, Status.ERROR if side == "provider" else Status.PASS),
        r("trail.visible", TENANT, Status.ERROR if side == "consumer" else Status.PASS),
    ]
    assert resolve(results)[("logging", TENANT.account_id)].status is ControlStatus.NOT_EVALUATED  # type: ignore[attr-defined]


def test_missing_provider_results_are_not_evaluated() -> None:
    control = resolve([r("trail.visible", TENANT, Status.PASS)])[("logging", TENANT.account_id)]
    assert control.status is ControlStatus.NOT_EVALUATED  # type: ignore[attr-defined]


def test_provider_itself_is_judged_on_its_own_checks() -> None:
    control = resolve(good())[("logging", LOG.account_id)]
    assert control.status is ControlStatus.SATISFIED  # type: ignore[attr-defined]
    assert control.provider_account_id is None  # type: ignore[attr-defined]


def test_no_account_with_provider_role() -> None:
    accounts = [MGMT, TENANT]
    inferred = Context(accounts, place(accounts, None), index_results(good()), NOW)
    [control] = [
        c
        for c in resolve_controls([LOADED], inferred)
        if c.control_id == "logging" and c.account_id == TENANT.account_id
    ]
    assert control.status is ControlStatus.NOT_EVALUATED  # inferred roles might just be wrong
    configured = {
        a.account_id: Placement("application" if a is TENANT else "management", None, "config")
        for a in accounts
    }
    ctx = Context(accounts, configured, index_results(good()), NOW)
    [control] = [
        c
        for c in resolve_controls([LOADED], ctx)
        if c.control_id == "logging" and c.account_id == TENANT.account_id
    ]
    assert control.status is ControlStatus.NOT_SATISFIED


def test_phases_limit_where_controls_apply() -> None:
    results = [r("local.check", a, Status.PASS) for a in ACCOUNTS]
    resolved = resolve(results)
    assert resolved[("lz-only", TENANT.account_id)].status is ControlStatus.NOT_APPLICABLE  # type: ignore[attr-defined]
    assert resolved[("lz-only", SEC.account_id)].status is ControlStatus.SATISFIED  # type: ignore[attr-defined]
    assert resolved[("app-only", SEC.account_id)].status is ControlStatus.NOT_APPLICABLE  # type: ignore[attr-defined]
    assert resolved[("app-only", TENANT.account_id)].status is ControlStatus.SATISFIED  # type: ignore[attr-defined]


def _attestation(tmp_path: Path, control: str, date: str, expires: str | None = None) -> Path:
    folder = tmp_path / "att"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evidence.txt").write_text("signed policy")
    body = f'control: "t:{control}"\nstatement: s\nowner: o\napprover: a\ndate: {date}\n'
    body += "evidence: [evidence.txt]\n"
    if expires:
        body += f"expires: {expires}\n"
    (folder / f"{control}.yaml").write_text(body)
    return folder


def test_attestations_missing_valid_and_expired(tmp_path: Path) -> None:
    assert resolve(good())[("policy", TENANT.account_id)].status is ControlStatus.ATTESTATION_MISSING  # type: ignore[attr-defined]
    valid = load_attestations(_attestation(tmp_path / "v", "policy", "2026-06-01", "2027-06-01"))
    assert resolve(good(), attestations=valid)[("policy", TENANT.account_id)].status is ControlStatus.ATTESTED  # type: ignore[attr-defined]
    expired = load_attestations(_attestation(tmp_path / "e", "policy", "2025-01-01", "2026-01-01"))
    control = resolve(good(), attestations=expired)[("policy", TENANT.account_id)]
    assert control.status is ControlStatus.ATTESTATION_EXPIRED  # type: ignore[attr-defined]
    assert "expired on 2026-01-01" in control.reason  # type: ignore[attr-defined]
    too_old = load_attestations(_attestation(tmp_path / "o", "policy", "2025-06-01"))  # older than 365 days
    assert (
        resolve(good(), attestations=too_old)[("policy", TENANT.account_id)].status
        is ControlStatus.ATTESTATION_EXPIRED
    )  # type: ignore[attr-defined]


def test_attestation_cannot_mask_a_failing_check(tmp_path: Path) -> None:
    valid = load_attestations(_attestation(tmp_path, "hybrid", "2026-06-01", "2027-06-01"))
    failing = resolve([r("local.check", SEC, Status.FAIL)], attestations=valid)[("hybrid", SEC.account_id)]
    assert failing.status is ControlStatus.NOT_SATISFIED  # type: ignore[attr-defined]
    passing = resolve([r("local.check", SEC, Status.PASS)], attestations=valid)[("hybrid", SEC.account_id)]
    assert passing.status is ControlStatus.SATISFIED  # type: ignore[attr-defined]
    unattested = resolve([r("local.check", SEC, Status.PASS)])[("hybrid", SEC.account_id)]
    assert unattested.status is ControlStatus.ATTESTATION_MISSING  # type: ignore[attr-defined]


def test_hybrid_control_with_nothing_in_scope_still_needs_its_attestation(tmp_path: Path) -> None:
    """No resource for the checks to judge must not wave the control through: the statement decides."""
    nothing = [r("local.check", SEC, Status.NOT_APPLICABLE)]
    unattested = resolve(nothing)[("hybrid", SEC.account_id)]
    assert unattested.status is ControlStatus.ATTESTATION_MISSING  # type: ignore[attr-defined]
    assert "nothing in scope" in unattested.reason  # type: ignore[attr-defined]
    valid = load_attestations(_attestation(tmp_path, "hybrid", "2026-06-01", "2027-06-01"))
    attested = resolve(nothing, attestations=valid)[("hybrid", SEC.account_id)]
    assert attested.status is ControlStatus.ATTESTED  # type: ignore[attr-defined]


def test_baseline_supplies_the_provider_when_it_was_not_rescanned() -> None:
    baseline = Baseline(
        run_id="f" * 64,
        path="/runs/phase1",
        evaluated_at=NOW - dt.timedelta(days=400),
        accounts=[LOG],
        placements={LOG.account_id: Placement("log-archive", None, "config")},
        results=index_results([r("trail.org", LOG, Status.PASS, "d" * 64)]),
        max_age_days=365,
    )
    accounts = [TENANT]
    ctx = Context(
        accounts,
        place(accounts, None),
        index_results([r("trail.visible", TENANT, Status.PASS)]),
        NOW,
        baseline=baseline,
    )
    [control] = [c for c in resolve_controls([LOADED], ctx) if c.control_id == "logging"]
    assert control.status is ControlStatus.INHERITED
    assert control.provider_account_id == LOG.account_id
    assert "baseline run ffffffffffff" in control.reason and "older than the 365 days" in control.reason
    assert any(ref.get("baseline") == "f" * 64 and ref["evidence"] == ["d" * 64] for ref in control.results)


def test_org_config_assigns_roles_and_scopes() -> None:
    config = OrgConfig.model_validate(
        {
            "roles": [{"role": "audit", "match": {"account_ids": [SEC.account_id]}}],
            "scopes": [{"id": "app", "title": "App", "match": {"ou_path": "Workloads"}}],
        }
    )
    placements = place(ACCOUNTS, config)
    assert placements[SEC.account_id] == Placement("audit", None, "config")
    assert placements[TENANT.account_id] == Placement("application", "app", "inferred")
    assert placements[MGMT.account_id].role == "management"
