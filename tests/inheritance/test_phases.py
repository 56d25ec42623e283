"""Phase 1 readiness and the Phase 2 gap list, computed from resolved controls."""

from __future__ import annotations

from scanner.catalog.placement import OrgConfig, place
from scanner.resolve.controls import Context, index_results, placements_json, resolve_controls
from scanner.resolve.phases import UNSCOPED, phase_one, phase_two
from tests.inheritance.test_resolution import ACCOUNTS, LOADED, LOG, NOW, SEC, TENANT, Status, r


def _resolved(
    results: list[object], config: OrgConfig | None = None
) -> tuple[list[object], dict[str, object]]:
    placements = place(ACCOUNTS, config)
    ctx = Context(ACCOUNTS, placements, index_results(results), NOW)  # type: ignore[arg-type]
    return resolve_controls([LOADED], ctx), placements_json(placements)  # type: ignore[return-value]


def test_phase_one_counts_landing_zone_accounts_only() -> None:
    controls, placements = _resolved([r("trail.org", LOG, Status.PASS), r("local.check", SEC, Status.FAIL)])
    rows = phase_one(LOADED, controls, placements)  # type: ignore[arg-type]
    assert TENANT.account_id not in {row["account_id"] for row in rows}
    sec = next(row for row in rows if row["account_id"] == SEC.account_id)
    # SEC: hybrid and lz-only fail; logging is pending (its own consumer check has no result, so the
    # inheritance is unproven) and so is the policy attestation; app-only does not apply.
    counts = (sec["satisfied"], sec["not_satisfied"], sec["pending"], sec["not_applicable"])
    assert counts == (0, 2, 2, 1)


def test_phase_two_lists_gaps_with_owners_per_scope() -> None:
    scope = {"id": "claims", "title": "Claims", "owner": "claims-team", "match": {"ou_path": "Workloads"}}
    config = OrgConfig.model_validate({"scopes": [scope]})
    results = [
        r("trail.org", LOG, Status.FAIL),
        r("trail.visible", TENANT, Status.PASS),
        r("local.check", TENANT, Status.PASS),
    ]
    controls, placements = _resolved(results, config)
    [view] = phase_two(LOADED, controls, placements, {"claims": "claims-team"})  # type: ignore[arg-type]
    assert view["scope"] == "claims" and view["accounts"] == [TENANT.account_id]
    kinds = {gap["control_id"]: (gap["kind"], gap["owner"]) for gap in view["gaps"]}
    assert kinds["logging"] == ("broken inheritance", "claims-team")
    assert kinds["policy"] == ("missing attestation", "ciso")
    assert view["shared"] == 1 and view["local"] >= 1


def test_unscoped_applications_are_grouped() -> None:
    controls, placements = _resolved([])
    assert [v["scope"] for v in phase_two(LOADED, controls, placements, {})] == [UNSCOPED]  # type: ignore[arg-type]
