"""Rule "A FAIL is definite": a missing provider role, a missing baseline, an unbuilt check or an unreadable
provider never turns an account's own FAIL into NOT_EVALUATED; the reason names the failing result and what
could not be judged, and says where each role came from."""

from __future__ import annotations

from pathlib import Path

from scanner.catalog.model import Catalog, LoadedCatalog
from scanner.catalog.placement import Placement, place
from scanner.model import Account, ControlStatus, Result, Status
from scanner.resolve.controls import Context, index_results, resolve_controls
from tests.builders import REGION, InventoryBuilder, org_of
from tests.resolution.seeded import MGMT, NOW, SECURITY, TENANT_A, TENANT_B, resolve_control, run_checks

ACCOUNTS = [MGMT, SECURITY, TENANT_A, TENANT_B]


def test_no_provider_role_but_a_failing_consumer_is_not_satisfied() -> None:
    """The demo's tenant-b: no Config recorder, and no account holds the audit role."""
    inventory = InventoryBuilder()
    for account in ACCOUNTS:
        inventory.add("config.recorders", [], account=account.account_id)
    org = org_of(MGMT.account_id, SECURITY.account_id, TENANT_A.account_id, TENANT_B.account_id)
    results = run_checks(["config.recorder-all-resources"], inventory, ACCOUNTS, org)
    control = resolve_control("6.config-recording", results, ACCOUNTS)["tenant-b"]
    assert control.status is ControlStatus.NOT_SATISFIED
    assert f"own part fails: config.recorder-all-resources ({TENANT_B.account_id}/{REGION}" in control.reason
    assert "the provider side could not be judged: no account holds the landing-zone role 'audit'" in (
        control.reason
    )
    assert "no baseline run given" in control.reason
    assert [ref["status"] for ref in control.results] == ["FAIL"]


def _control(*, pending: list[str] | None = None, checks: list[str] | None = None) -> LoadedCatalog:
    control = {
        "id": "logging",
        "title": "Org trail",
        "summary": "s",
        "phase": "both",
        "treatment": "automated",
        "checks": checks or [],
        "pending": pending or [],
        "inheritance": {"provider": "log-archive", "provides": ["trail.org"], "consumer": ["trail.visible"]},
    }
    catalog = {
        "id": "t",
        "title": "T",
        "version": "1",
        "groups": [{"id": "g", "title": "G", "controls": [control]}],
    }
    return LoadedCatalog(Catalog.model_validate(catalog), Path("t.yaml"), "0" * 64)


LOG = Account("500000000000", "log-archive", ou_path=("Security",))
TENANT = Account("600000000000", "tenant-a", ou_path=("Workloads",))


def _result(check: str, account: Account, status: Status) -> Result:
    return Result(check, account.account_id, REGION, f"res-{check}", status, "m", ("a" * 64,))


def _resolve(catalog: LoadedCatalog, results: list[Result], accounts: list[Account], **kw: object) -> str:
    ctx = Context(accounts, kw.pop("placements", None) or place(accounts, None), index_results(results), NOW)  # type: ignore[arg-type]
    [control] = [c for c in resolve_controls([catalog], ctx) if c.account_id == TENANT.account_id]
    return f"{control.status.value}: {control.reason}"


def test_an_unreadable_provider_does_not_hide_the_consumers_failure() -> None:
    results = [_result("trail.org", LOG, Status.ERROR), _result("trail.visible", TENANT, Status.FAIL)]
    verdict = _resolve(_control(), results, [LOG, TENANT])
    assert verdict.startswith(
        "NOT_SATISFIED: this account's own part fails: trail.visible (res-trail.visible"
    )
    assert "the provider side could not be judged: 1 result(s) of log-archive account" in verdict


def test_a_pending_check_does_not_hide_the_consumers_failure() -> None:
    pending = "trail.lake: the trail is copied to the security lake"
    results = [_result("trail.org", LOG, Status.PASS), _result("trail.visible", TENANT, Status.FAIL)]
    verdict = _resolve(_control(pending=[pending]), results, [LOG, TENANT])
    assert verdict.startswith("NOT_SATISFIED: ")
    assert f"could not be judged: automation pending: {pending}" in verdict


def test_a_failing_own_check_names_the_pending_work_it_could_not_judge() -> None:
    pending = "trail.lake: the trail is copied to the security lake"
    results = [_result("trail.org", LOG, Status.PASS), _result("trail.visible", LOG, Status.PASS)]
    results.append(_result("local.check", LOG, Status.FAIL))
    ctx = Context([LOG], place([LOG], None), index_results(results), NOW)
    [control] = resolve_controls([_control(pending=[pending], checks=["local.check"])], ctx)
    assert control.status is ControlStatus.NOT_SATISFIED
    assert control.reason == f"1 check result(s) failed; also not judged: automation pending: {pending}"


def test_reasons_say_where_each_role_came_from() -> None:
    results = [_result("trail.org", LOG, Status.PASS), _result("trail.visible", TENANT, Status.PASS)]
    configured = {
        LOG.account_id: Placement("log-archive", None, "config"),
        TENANT.account_id: Placement("application", None, "inferred"),
    }
    verdict = _resolve(_control(), results, [LOG, TENANT], placements=configured)
    assert "log-archive account log-archive (500000000000) (role assigned by the org config)" in verdict
    inferred = _resolve(_control(), results, [LOG, TENANT])
    assert "(role inferred from account and OU names)" in inferred
    missing = _resolve(
        _control(), results[1:], [TENANT], placements={TENANT.account_id: configured[TENANT.account_id]}
    )
    assert missing == (
        "NOT_EVALUATED: no account holds the landing-zone role 'log-archive' (roles: 1 account(s) inferred "
        "from account and OU names; no baseline run given)"
    )
