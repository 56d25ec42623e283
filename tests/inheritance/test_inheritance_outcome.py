"""The inheritance decision on its own: which outcome each situation gives, and the facts it carries for the
wording (every outcome is reached here with the smallest fixture that reaches it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from scanner.catalog.model import Control
from scanner.catalog.placement import Placement, place
from scanner.model import Account, Result, Status
from scanner.resolve.controls import (
    Baseline,
    Context,
    InheritanceOutcome,
    decide_inheritance,
    index_results,
)

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
LOG = Account("200000000000", "log-archive", ou_path=("Security",))
TENANT = Account("400000000000", "tenant-a", ou_path=("Workloads",))
PROVIDED, OWN = "trail.org", "trail.visible"
Outcome = InheritanceOutcome


def control(*pending: str) -> Control:
    return Control.model_validate(
        {
            "id": "logging",
            "title": "Org trail",
            "summary": "s",
            "phase": "both",
            "treatment": "automated",
            "inheritance": {"provider": "log-archive", "provides": [PROVIDED], "consumer": [OWN]},
            "pending": list(pending),
        }
    )


def result(check: str, account: Account, status: Status) -> Result:
    return Result(check, account.account_id, "global", f"res-{check}", status, "m", ("a" * 64,))


def context(results: Sequence[Result], accounts: Sequence[Account] = (LOG, TENANT)) -> Context:
    return Context(accounts, place(accounts, None), index_results(results), NOW)


def both(provided: Status, own: Status) -> list[Result]:
    return [result(PROVIDED, LOG, provided), result(OWN, TENANT, own)]


# Results in the provider (LOG) and the inheriting account (TENANT), and the outcome they give.
FOUND_PROVIDER: list[tuple[list[Result], InheritanceOutcome]] = [
    (both(Status.FAIL, Status.PASS), Outcome.PROVIDER_FAILS),
    (both(Status.FAIL, Status.FAIL), Outcome.PROVIDER_FAILS),  # the provider's failure is named first
    (both(Status.PASS, Status.FAIL), Outcome.OWN_PART_FAILS),
    (both(Status.ERROR, Status.FAIL), Outcome.OWN_PART_FAILS),  # a FAIL is definite, an ERROR is not
    (both(Status.ERROR, Status.PASS), Outcome.UNEVALUATED),
    (both(Status.PASS, Status.ERROR), Outcome.UNEVALUATED),
    ([result(PROVIDED, LOG, Status.ERROR)], Outcome.UNEVALUATED),  # ERROR before missing
    ([result(PROVIDED, LOG, Status.PASS)], Outcome.RESULTS_MISSING),
    ([result(OWN, TENANT, Status.PASS)], Outcome.RESULTS_MISSING),
    (both(Status.NOT_APPLICABLE, Status.PASS), Outcome.NOTHING_TO_INHERIT),
    (both(Status.PASS, Status.NOT_APPLICABLE), Outcome.INHERITED_LIVE),
    (both(Status.PASS, Status.PASS), Outcome.INHERITED_LIVE),  # no baseline, no certification attestation
]


@pytest.mark.parametrize(("results", "expected"), FOUND_PROVIDER)
def test_outcome_once_the_provider_is_found(results: list[Result], expected: InheritanceOutcome) -> None:
    decision = decide_inheritance(control(), TENANT, context(results))
    assert decision.outcome is expected
    assert decision.provider == LOG and decision.baseline is None


def test_the_decision_carries_what_its_wording_cites() -> None:
    results = [
        result(PROVIDED, LOG, Status.FAIL),
        result(PROVIDED, LOG, Status.ERROR),
        result(OWN, TENANT, Status.FAIL),
    ]
    decision = decide_inheritance(control(), TENANT, context(results))
    assert decision.role == "log-archive"
    assert decision.provided == tuple(results[:2]) and decision.local == (results[2],)
    assert decision.failing_provided() == [PROVIDED] and decision.failing_local() == [OWN]
    assert decision.unevaluated() == 1
    assert [(ref["account_id"], ref["status"]) for ref in decision.refs()] == [
        (LOG.account_id, "FAIL"),
        (LOG.account_id, "ERROR"),
        (TENANT.account_id, "FAIL"),
    ]


def test_missing_checks_are_listed_provider_side_first() -> None:
    decision = decide_inheritance(control(), TENANT, context([]))
    assert decision.outcome is Outcome.RESULTS_MISSING
    assert decision.missing == (PROVIDED, OWN)


def test_pending_automation_keeps_a_passing_inheritance_unproven() -> None:
    pending = "trail.lake: the trail is copied to the security lake"
    decision = decide_inheritance(control(pending), TENANT, context(both(Status.PASS, Status.PASS)))
    assert decision.outcome is Outcome.AUTOMATION_PENDING
    assert decision.pending == (pending,)
    failing = decide_inheritance(control(pending), TENANT, context(both(Status.FAIL, Status.PASS)))
    assert failing.outcome is Outcome.PROVIDER_FAILS  # pending never hides a failure


def test_own_failure_is_definite_without_a_provider() -> None:
    decision = decide_inheritance(control(), TENANT, context([result(OWN, TENANT, Status.FAIL)], [TENANT]))
    assert decision.outcome is Outcome.OWN_PART_FAILS_UNPROVIDED
    assert decision.failing_local() == [OWN]


def test_no_provider_when_roles_are_inferred_from_names() -> None:
    decision = decide_inheritance(control(), TENANT, context([result(OWN, TENANT, Status.PASS)], [TENANT]))
    assert decision.outcome is Outcome.NO_PROVIDER_BY_NAME
    assert decision.provider is None and decision.provided == ()
    assert decision.local == (result(OWN, TENANT, Status.PASS),)


def test_no_provider_when_the_org_config_assigns_the_roles() -> None:
    placements = {TENANT.account_id: Placement("application", None, "config")}
    ctx = Context([TENANT], placements, index_results([]), NOW)
    assert decide_inheritance(control(), TENANT, ctx).outcome is Outcome.NO_PROVIDER_IN_CONFIG


def test_a_provider_not_rescanned_is_taken_from_the_baseline() -> None:
    stored = result(PROVIDED, LOG, Status.PASS)
    baseline = Baseline(
        run_id="f" * 64,
        path="/runs/phase1",
        evaluated_at=NOW - dt.timedelta(days=3),
        accounts=[LOG],
        placements={LOG.account_id: Placement("log-archive", None, "config")},
        results=index_results([stored]),
        max_age_days=365,
    )
    current = [result(PROVIDED, LOG, Status.FAIL), result(OWN, TENANT, Status.PASS)]
    ctx = Context([TENANT], place([TENANT], None), index_results(current), NOW, baseline=baseline)
    decision = decide_inheritance(control(), TENANT, ctx)
    assert decision.outcome is Outcome.INHERITED
    assert decision.provider == LOG and decision.baseline is baseline
    assert decision.provided == (stored,)  # the baseline's result, not the stray one in this run
    assert decision.refs()[0]["baseline"] == "f" * 64


def test_a_provider_scanned_in_this_run_wins_over_the_baseline() -> None:
    baseline = Baseline(
        "f" * 64,
        "/runs/phase1",
        NOW,
        [LOG],
        {LOG.account_id: Placement("log-archive", None, "config")},
        {},
        365,
    )
    ctx = Context([LOG, TENANT], place([LOG, TENANT], None), index_results([]), NOW, baseline=baseline)
    decision = decide_inheritance(control(), TENANT, ctx)
    assert decision.baseline is None and decision.provider == LOG


def test_every_outcome_is_reached_by_a_test_here() -> None:
    reached = {expected for _, expected in FOUND_PROVIDER}
    reached |= {Outcome.AUTOMATION_PENDING, Outcome.NO_PROVIDER_BY_NAME, Outcome.NO_PROVIDER_IN_CONFIG}
    reached |= {Outcome.OWN_PART_FAILS_UNPROVIDED, Outcome.INHERITED}
    assert reached == set(InheritanceOutcome)
