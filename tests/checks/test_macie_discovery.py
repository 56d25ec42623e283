"""Macie discovery: the results repository, discovery coverage of tagged buckets, open high findings."""

from __future__ import annotations

from typing import Any

from checks.macie_discovery import discovery_coverage, discovery_results_repository, high_findings_resolved
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234"


def session_item(what: str, errors: dict[str, Any] | None = None, **data: Any) -> Item:
    arn = f"arn:aws:macie2:{REGION}:{ACCOUNT}:{what}"
    return item(arn, data, name=f"{ACCOUNT}/{REGION}", errors=errors)


def _run(check: Any, dataset: str, items: list[Item], sessions: list[Item] | None = None) -> list[Result]:
    return run_check(check, InventoryBuilder().add(dataset, items).add("macie.sessions", sessions or []))


def _repository(export: dict[str, Any] | None, errors: dict[str, Any] | None = None) -> list[Result]:
    data = {} if errors else {"Export": export}
    configuration = session_item("classification-export-configuration", errors, **data)
    return _run(discovery_results_repository, "macie.export-configuration", [configuration])


def test_repository_passes_with_a_bucket_and_a_kms_key() -> None:
    [result] = _repository({"s3Destination": {"bucketName": "macie-results", "kmsKeyArn": KEY}})
    assert result.status is Status.PASS and "macie-results" in result.message and result.evidence


def test_repository_fails_without_a_key_a_configuration_or_macie() -> None:
    [no_key] = _repository({"s3Destination": {"bucketName": "macie-results", "keyPrefix": "x/"}})
    assert no_key.status is Status.FAIL and "without a KMS key" in no_key.message
    for empty in ({}, None):
        [result] = _repository(empty)
        assert result.status is Status.FAIL and "no discovery results repository" in result.message
    [off] = _run(discovery_results_repository, "macie.export-configuration", [])
    assert off.status is Status.FAIL and "not enabled" in off.message


def test_repository_errors_when_unreadable() -> None:
    assert statuses(_repository(None, errors={"Export": ACCESS_DENIED})) == ["ERROR"]
    denied = (
        InventoryBuilder().unavailable("macie.export-configuration", ACCESS_DENIED).add("macie.sessions", [])
    )
    assert statuses(run_check(discovery_results_repository, denied)) == ["ERROR"]


COLLECTED = "2026-06-30T12:00:00+00:00"
TAG_TRUE = {"tagCriterion": {"comparator": "EQ", "tagValues": [{"key": "RequireMacieScan", "value": "True"}]}}


def job(status: str, criterion: dict[str, Any] = TAG_TRUE, last_run: str | None = None) -> dict[str, Any]:
    return {
        "jobId": "j1",
        "name": "tagged-buckets",
        "jobStatus": status,
        "bucketCriteria": {"includes": {"and": [criterion]}},
        "lastRunTime": last_run,
    }


def _coverage(
    automated: str | None, jobs: list[dict[str, Any]], errors: dict[str, Any] | None = None
) -> Result:
    data: dict[str, Any] = {"CollectedAt": COLLECTED}
    if "AutomatedDiscovery" not in (errors or {}):
        data["AutomatedDiscovery"] = {"status": automated} if automated else {}
    if "Jobs" not in (errors or {}):
        data["Jobs"] = jobs
    [result] = _run(discovery_coverage, "macie.discovery", [session_item("discovery", errors, **data)])
    return result


def test_coverage_passes_with_automated_discovery_or_a_current_tagged_job() -> None:
    assert _coverage("ENABLED", []).status is Status.PASS
    for status in ("RUNNING", "IDLE"):
        result = _coverage("DISABLED", [job(status)])
        assert result.status is Status.PASS and status in result.message
    recent = _coverage(None, [job("COMPLETE", last_run="2026-06-10T00:00:00Z")])
    assert recent.status is Status.PASS and "2026-06-10" in recent.message
    denied_jobs = _coverage("ENABLED", [], errors={"Jobs": ACCESS_DENIED})
    assert denied_jobs.status is Status.PASS


def test_coverage_fails_without_discovery_or_with_only_stale_untagged_or_paused_jobs() -> None:
    other_tag = {"tagCriterion": {"comparator": "EQ", "tagValues": [{"key": "Team", "value": "True"}]}}
    excluded = {
        "tagCriterion": {"comparator": "NE", "tagValues": [{"key": "RequireMacieScan", "value": "True"}]}
    }
    cases = [
        [],
        [job("COMPLETE", last_run="2026-04-01T00:00:00Z")],
        [job("COMPLETE")],
        [job("USER_PAUSED"), job("CANCELLED")],
        [job("RUNNING", other_tag), job("IDLE", excluded)],
        [{"jobId": "j2", "jobStatus": "RUNNING", "bucketDefinitions": [{"accountId": ACCOUNT}]}],
    ]
    for jobs in cases:
        result = _coverage("DISABLED", jobs)
        assert result.status is Status.FAIL and "DISABLED" in result.message, jobs
    [off] = _run(discovery_coverage, "macie.discovery", [])
    assert off.status is Status.FAIL and "not enabled" in off.message


def test_coverage_errors_when_what_could_pass_is_unreadable() -> None:
    assert _coverage(None, [], errors={"AutomatedDiscovery": ACCESS_DENIED}).status is Status.ERROR
    assert _coverage("DISABLED", [], errors={"Jobs": ACCESS_DENIED}).status is Status.ERROR
    denied = InventoryBuilder().unavailable("macie.discovery", ACCESS_DENIED).add("macie.sessions", [])
    assert statuses(run_check(discovery_coverage, denied)) == ["ERROR"]


def test_members_of_a_macie_administrator_are_judged_there() -> None:
    member = session_item(
        "session", Administrator={"accountId": "999999999999", "relationshipStatus": "Enabled"}
    )
    empty = session_item("classification-export-configuration", Export={})
    [repository] = _run(discovery_results_repository, "macie.export-configuration", [empty], [member])
    assert repository.status is Status.NOT_APPLICABLE and "999999999999" in repository.message
    idle = session_item("discovery", CollectedAt=COLLECTED, AutomatedDiscovery={}, Jobs=[])
    [coverage] = _run(discovery_coverage, "macie.discovery", [idle], [member])
    assert coverage.status is Status.NOT_APPLICABLE
    # A relationship that is not Enabled leaves the account on its own: its settings are judged.
    paused = session_item(
        "session", Administrator={"accountId": "999999999999", "relationshipStatus": "Paused"}
    )
    assert statuses(_run(discovery_coverage, "macie.discovery", [idle], [paused])) == ["FAIL"]
    unreadable = session_item("session", errors={"Administrator": ACCESS_DENIED})
    [unknown] = _run(discovery_coverage, "macie.discovery", [idle], [unreadable])
    assert unknown.status is Status.ERROR and "administrator could not be read" in unknown.message
    configured = session_item(
        "classification-export-configuration", Export={"s3Destination": {"bucketName": "b", "kmsKeyArn": "k"}}
    )
    # The account's own repository passes whoever its administrator is.
    assert statuses(
        _run(discovery_results_repository, "macie.export-configuration", [configured], [unreadable])
    ) == ["PASS"]


def finding(finding_id: str, created: str | None, account: str = "222222222222") -> dict[str, Any]:
    return {"id": finding_id, "accountId": account, "createdAt": created, "bucket": "tenant-data"}


def _findings(
    findings: list[dict[str, Any]], more: bool = False, errors: dict[str, Any] | None = None
) -> Result:
    data: dict[str, Any] = {"CollectedAt": COLLECTED}
    if not errors:
        data["OpenHighFindings"] = {"Findings": findings, "More": more}
    [result] = _run(high_findings_resolved, "macie.findings", [session_item("findings", errors, **data)])
    return result


def test_findings_pass_when_none_are_open_or_all_are_recent() -> None:
    none = _findings([])
    assert none.status is Status.PASS and "none open" in none.message and none.evidence
    recent = _findings([finding("f1", "2026-06-25T00:00:00Z")])
    assert recent.status is Status.PASS and "1 open" in recent.message


def test_findings_fail_when_one_is_older_than_the_window_or_macie_is_off() -> None:
    findings = [finding("old", "2026-05-01T00:00:00Z"), finding("new", "2026-06-29T00:00:00Z", ACCOUNT)]
    result = _findings(findings, more=True)
    assert result.status is Status.FAIL
    assert "1 (or more) high-severity findings" in result.message and "oldest 60 days" in result.message
    assert "222222222222" in result.message and ACCOUNT not in result.message
    assert result.details["stale_finding_ids"] == ["old"]
    [off] = _run(high_findings_resolved, "macie.findings", [])
    assert off.status is Status.FAIL and "not enabled" in off.message


def test_findings_error_when_unreadable_or_undated() -> None:
    assert _findings([], errors={"OpenHighFindings": ACCESS_DENIED}).status is Status.ERROR
    undated = _findings([finding("f1", None), finding("new", "2026-06-29T00:00:00Z")])
    assert undated.status is Status.ERROR and "f1" in undated.message
    known_stale = _findings([finding("f1", None), finding("old", "2026-01-01T00:00:00Z")])
    assert known_stale.status is Status.FAIL
    denied = InventoryBuilder().unavailable("macie.findings", ACCESS_DENIED)
    assert statuses(run_check(high_findings_resolved, denied)) == ["ERROR"]
