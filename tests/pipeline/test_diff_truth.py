"""`controlmap diff` tells the truth: a failure that could not be evaluated is not resolved, and a resource
is the same resource when only its reported region moved."""

from __future__ import annotations

from scanner.model import Result, Status
from scanner.run.history import RunData, diff_runs, render_diff

ACCOUNT = "111111111111"
BUCKET = "arn:aws:s3:::tenant-exports"
CHECK = "s3.bucket.default-encryption"


def _run(run_id: str, *results: Result) -> RunData:
    return RunData(run_id, "2026-01-01T00:00:00Z", results, ())


def _result(
    status: Status, *, region: str = "eu-west-1", resource: str = BUCKET, check: str = CHECK
) -> Result:
    return Result(check, ACCOUNT, region, resource, status, f"{status.value.lower()}")


def test_a_failure_that_became_error_is_no_longer_evaluated_not_resolved() -> None:
    diff = diff_runs(_run("a", _result(Status.FAIL)), _run("b", _result(Status.ERROR)))
    assert diff.resolved_failures == []
    assert [(r["resource_id"], r["now"]) for r in diff.no_longer_evaluated] == [(BUCKET, "ERROR")]
    assert diff.new_failures == [] and diff.new_resources == [] and diff.removed_resources == []


def test_a_bucket_whose_region_moved_to_global_is_the_same_bucket() -> None:
    before = _run("a", _result(Status.FAIL, region="eu-west-1"))
    # A faulted run could not read the bucket's location: it is reported under "global", and as ERROR.
    after = _run("b", _result(Status.ERROR, region="global"))
    diff = diff_runs(before, after)
    assert diff.resolved_failures == [] and diff.new_failures == []
    assert diff.new_resources == [] and diff.removed_resources == []
    assert [r["now"] for r in diff.no_longer_evaluated] == ["ERROR"]


def test_a_still_failing_bucket_whose_region_moved_is_neither_new_nor_resolved() -> None:
    diff = diff_runs(
        _run("a", _result(Status.FAIL, region="eu-west-1")), _run("b", _result(Status.FAIL, region="global"))
    )
    assert diff.empty


def test_a_failure_that_vanished_while_its_check_errored_is_not_resolved() -> None:
    """The listing failed in the second run: one account-level ERROR instead of one result per bucket."""
    before = _run("a", _result(Status.FAIL), _result(Status.PASS, resource="arn:aws:s3:::other"))
    after = _run("b", _result(Status.ERROR, region="global", resource=ACCOUNT))
    diff = diff_runs(before, after)
    assert diff.resolved_failures == []
    assert [(r["resource_id"], r["now"]) for r in diff.no_longer_evaluated] == [(BUCKET, "absent")]
    assert diff.removed_resources == []  # unknown is not removed


def test_fixed_and_deleted_failures_are_still_resolved() -> None:
    gone = "arn:aws:s3:::deleted"
    before = _run("a", _result(Status.FAIL), _result(Status.FAIL, resource=gone))
    after = _run("b", _result(Status.PASS))
    diff = diff_runs(before, after)
    assert {(r["resource_id"], r["now"]) for r in diff.resolved_failures} == {
        (BUCKET, "PASS"),
        (gone, "absent"),
    }
    assert diff.no_longer_evaluated == []
    assert diff.removed_resources == [{"account_id": ACCOUNT, "region": "eu-west-1", "resource_id": gone}]


def test_new_failures_and_regional_results_of_one_resource_id_still_match_by_region() -> None:
    """Account-level regional results can share a resource id: those are told apart by region."""
    check = "guardduty.enabled"
    before = _run(
        "a",
        _result(Status.PASS, region="eu-west-1", resource=ACCOUNT, check=check),
        _result(Status.FAIL, region="us-east-1", resource=ACCOUNT, check=check),
    )
    after = _run(
        "b",
        _result(Status.FAIL, region="eu-west-1", resource=ACCOUNT, check=check),
        _result(Status.PASS, region="us-east-1", resource=ACCOUNT, check=check),
    )
    diff = diff_runs(before, after)
    assert [(r["region"], r["was"]) for r in diff.new_failures] == [("eu-west-1", "PASS")]
    assert [(r["region"], r["now"]) for r in diff.resolved_failures] == [("us-east-1", "PASS")]


def test_rendered_diff_names_the_failures_no_longer_evaluated() -> None:
    diff = diff_runs(_run("a", _result(Status.FAIL)), _run("b", _result(Status.ERROR, region="global")))
    text = render_diff(diff, "a", "b")
    assert "resolved failures: 0" in text
    assert "no longer evaluated: 1" in text and f"{CHECK} {ACCOUNT}" in text and "now ERROR" in text
