"""FIS: templates stop on CloudWatch alarms, and an experiment completed within the exercise period."""

from __future__ import annotations

from typing import Any

from checks.fis import experiment_recent, template_stop_conditions
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

ALARM = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:checkout-5xx"
COLLECTED = "2026-12-01T12:00:00+00:00"


def template(name: str, *conditions: dict[str, Any], unreadable: bool = False) -> Item:
    arn = f"arn:aws:fis:{REGION}:{ACCOUNT}:experiment-template/{name}"
    if unreadable:
        return item(arn, {"id": name}, errors={"Template": ACCESS_DENIED})
    return item(arn, {"id": name, "Template": {"stopConditions": list(conditions)}})


def test_template_with_an_alarm_stop_condition_passes_and_without_fails() -> None:
    templates = [
        template("guarded", {"source": "none"}, {"source": "aws:cloudwatch:alarm", "value": ALARM}),
        template("unguarded", {"source": "none"}),
        template("empty"),
    ]
    results = {
        r.resource_id.rsplit("/", 1)[-1]: r
        for r in run_check(
            template_stop_conditions, InventoryBuilder().add("fis.experiment-templates", templates)
        )
    }
    assert results["guarded"].status is Status.PASS and ALARM in results["guarded"].message
    assert results["unguarded"].status is Status.FAIL and results["empty"].status is Status.FAIL


def test_template_unreadable_or_denied_gives_error() -> None:
    unread = InventoryBuilder().add("fis.experiment-templates", [template("t", unreadable=True)])
    assert statuses(run_check(template_stop_conditions, unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("fis.experiment-templates")
    assert statuses(run_check(template_stop_conditions, denied)) == ["ERROR"]


def experiment(name: str, status: str, created: str) -> Item:
    data = {"id": name, "state": {"status": status}, "creationTime": created, "CollectedAt": COLLECTED}
    return item(f"arn:aws:fis:{REGION}:{ACCOUNT}:experiment/{name}", data)


def _recent(experiments: list[Item], templates: list[Item] | None = None) -> list[Any]:
    inv = InventoryBuilder().add("fis.experiments", experiments)
    inv.add("fis.experiment-templates", templates if templates is not None else [template("t")])
    return run_check(experiment_recent, inv)


def test_a_recently_completed_experiment_passes() -> None:
    [result] = _recent(
        [
            experiment("old", "completed", "2025-06-01T10:00:00+00:00"),
            experiment("game-day", "completed", "2026-10-14T09:00:00+00:00"),
        ]
    )
    assert result.status is Status.PASS and "game-day" in result.message and "2026-10-14" in result.message


def test_old_stopped_or_missing_experiments_fail_and_unused_fis_is_not_applicable() -> None:
    [old] = _recent(
        [
            experiment("old", "completed", "2025-06-01T10:00:00+00:00"),
            experiment("aborted", "stopped", "2026-11-01T10:00:00+00:00"),
        ]
    )
    assert old.status is Status.FAIL and "2 experiment(s)" in old.message
    [never_run] = _recent([])
    assert never_run.status is Status.FAIL and "never run" in never_run.message
    [unused] = _recent([], templates=[])
    assert unused.status is Status.NOT_APPLICABLE


def test_experiments_denied_gives_error() -> None:
    inv = InventoryBuilder().unavailable("fis.experiments").add("fis.experiment-templates", [])
    assert statuses(run_check(experiment_recent, inv)) == ["ERROR"]
