"""Fault Injection Service checks: experiments stop themselves on an alarm, and response is exercised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from checks._lib.dates import as_datetime, day
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

ALARM_SOURCE = "aws:cloudwatch:alarm"
# Incident response is to be exercised at least once a year: the yearly review cadence that the catalog's
# incident-management attestations (15.policies, 15.exercises) ask for. A constant, not yet configurable.
EXERCISE_PERIOD_DAYS = 365


def _alarm_stop_conditions(template: Item) -> list[str]:
    return [
        str(condition.get("value"))
        for condition in template["Template"].get("stopConditions") or []
        if condition.get("source") == ALARM_SOURCE and condition.get("value")
    ]


@check(
    id="fis.template.stop-conditions",
    title="Fault injection experiment templates stop on a CloudWatch alarm",
    for_each="fis.experiment-templates",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="An experiment injects real faults into real resources; without an alarm-based stop condition "
    "it keeps going when the workload's health degrades beyond what the experiment intended.",
    remediation="Add a stop condition with source aws:cloudwatch:alarm naming an alarm on the workload's "
    "health metrics (UpdateExperimentTemplate).",
)
def template_stop_conditions(template: Item, scope: Scope) -> Result:
    """PASS when the experiment template has at least one stop condition whose source is
    aws:cloudwatch:alarm with an alarm ARN. A template whose only stop condition is `none` is a FAIL."""
    alarms = _alarm_stop_conditions(template)
    if alarms:
        return scope.passed(template, f"template {template.name} stops on alarm(s) {', '.join(alarms)}")
    return scope.failed(template, f"template {template.name} has no CloudWatch alarm stop condition")


def _completed_within(experiment: Item, period: dt.timedelta) -> dt.datetime | None:
    """The experiment's creation time when it completed and was created within `period` of being read."""
    state = experiment.data.get("state") or {}
    created = as_datetime(experiment.data.get("creationTime"))
    collected = as_datetime(experiment.data.get("CollectedAt"))
    if str(state.get("status", "")).lower() != "completed" or created is None or collected is None:
        return None
    return created if collected - created <= period else None


@check(
    id="fis.experiment.recent",
    title=f"A fault injection experiment completed in the last {EXERCISE_PERIOD_DAYS} days",
    uses=("fis.experiments", "fis.experiment-templates"),
    per=Per.ACCOUNT,
    severity=Severity.LOW,
    rationale="Response procedures that are never exercised fail when needed: alarms nobody watches, "
    "runbooks that no longer match the system. A completed experiment is evidence that detection and "
    "response were practised.",
    remediation="Run a game day with an AWS FIS experiment against the workload (with alarm stop "
    "conditions) and record time to detect and respond; tabletop exercises are attested under 15.exercises.",
)
def experiment_recent(scope: Scope) -> Iterator[Result]:
    """PASS when, in any scanned region of the account, an FIS experiment with status completed was created
    within 365 days of being read. An account with experiment templates but no such experiment is a FAIL;
    one with neither templates nor experiments does not use FIS and is not applicable (its game days and
    tabletops are evidenced by the control's attestation)."""
    period = dt.timedelta(days=EXERCISE_PERIOD_DAYS)
    experiments = scope.items("fis.experiments")
    templates = scope.items("fis.experiment-templates")
    if not experiments and not templates:
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, "FIS is not used in any scanned region (no templates)"
        )
        return
    recent = [(e, when) for e in experiments if (when := _completed_within(e, period)) is not None]
    if recent:
        latest, when = max(recent, key=lambda pair: pair[1])
        yield scope.result(
            Status.PASS,
            scope.account_id,
            f"{len(recent)} experiment(s) completed in the last {EXERCISE_PERIOD_DAYS} days, latest "
            f"{latest.name} ({latest.region}) created {day(when)}",
            evidence=[d for e, _ in recent for d in e.evidence],
        )
        return
    seen = (
        f" ({len(experiments)} experiment(s), none completed within the period)"
        if experiments
        else f" ({len(templates)} template(s), never run)"
    )
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no FIS experiment completed in the last {EXERCISE_PERIOD_DAYS} days in any scanned region{seen}",
        evidence=[d for e in experiments for d in e.evidence],
    )
