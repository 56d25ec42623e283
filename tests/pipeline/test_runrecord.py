"""The run record (run.json): it round-trips, reads run.json files written before it had a type (version 1),
and names the file and the key of a run.json it cannot read."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scanner import rundir
from scanner.cli.main import EXIT_ERROR, EXIT_OK, main
from scanner.errors import RunDirError
from scanner.model import Account
from scanner.runrecord import (
    SCHEMA_VERSION,
    AttestationRecord,
    BaselineRecord,
    CatalogRecord,
    ExceptionsRecord,
    ExpiredException,
    FileRecord,
    HostRecord,
    OrgSummary,
    RunRecord,
    ShardRecord,
)
from tests.conftest import copy_of_demo
from tests.pipeline.records import evaluation, run_record

DATA = Path(__file__).resolve().parent / "data"
# run.json files written by controlmap before the record had a type: a demo scan and a Docker host audit.
V1_FILES = ("run-v1-demo.json", "run-v1-host.json")


def _v1(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text())
    return data


def test_a_full_record_round_trips() -> None:
    lz, app = Account("011111111111", "security", tags={"a": "b"}), Account("222222222222", "tenant-a")
    record = run_record(
        [lz, app],
        organization=OrgSummary("o-1", lz.account_id, "ALL", lz.account_id),
        disabled_regions={app.account_id: ("xx-nowhere-1",)},
        problems={app.account_id: "cannot assume the role"},
        call_limits={"throttle_attempts": 8, "throttle_wait_seconds": 60.0},
        shard=ShardRecord(count=3, index=2),
        labels={"team": "audit"},
        evaluation=evaluation(
            {lz.account_id: "security", app.account_id: "application"},
            catalogs=(CatalogRecord("hitrust-csf", "HITRUST", "11", "/c/hitrust.yaml", "ab" * 32),),
            roles_inferred=True,
            org_config=FileRecord("/org.yaml", "cd" * 32),
            baseline=BaselineRecord("/phase1", "ef" * 32, "2026-11-01T00:00:00+00:00", 21, False),
            exceptions=ExceptionsRecord("12" * 32, ({"id": "EXC-7", "check": "s3.*"},)),
            expired_exceptions=(ExpiredException("EXC-1", "2020-01-01", "CISO", 2),),
            attestations=(
                AttestationRecord("policy.yaml", "hitrust-csf:12.policies", "34" * 32, {"f": "56"}),
            ),
        ),
    )
    data = record.to_json()
    assert data["schema_version"] == SCHEMA_VERSION
    assert RunRecord.from_json(json.loads(json.dumps(data))) == record
    merged = replace(record, shard=ShardRecord(count=3, merged_from=("a", "b", "c")))
    assert RunRecord.from_json(merged.to_json()).shard == merged.shard
    host = replace(record, host=HostRecord("web-1", "/", True, None), call_limits=None)
    assert RunRecord.from_json(host.to_json()) == host


def test_a_record_not_yet_evaluated_writes_no_evaluation_keys() -> None:
    data = run_record().to_json()
    assert "evaluated_at" not in data and "placements" not in data and "catalogs" not in data
    assert "call_limits" not in data and "host" not in data  # written only when the run has them
    assert RunRecord.from_json(data).evaluation is None


@pytest.mark.parametrize("name", V1_FILES)
def test_a_version_1_file_reads_and_writes_back_every_key_it_had(name: str) -> None:
    """The bytes auditors and exports read keep every key with its meaning; only schema_version is added."""
    data = _v1(name)
    assert "schema_version" not in data
    record = RunRecord.from_json(data)
    assert record.schema_version == 1 and record.evaluation is not None
    assert record.to_json() == {**data, "schema_version": SCHEMA_VERSION}


def test_a_version_1_file_keeps_keys_this_version_does_not_know_and_defaults_later_ones() -> None:
    data = _v1("run-v1-demo.json")
    for added_later in ("call_limits", "expired_exceptions", "roles_inferred", "org_config"):
        del data[added_later]
    data["legacy_note"] = {"kept": ["as", "read"]}
    record = RunRecord.from_json(data)
    assert record.unknown == {"legacy_note": {"kept": ["as", "read"]}}
    assert record.call_limits is None and record.evaluation is not None
    assert record.evaluation.expired_exceptions == () and record.evaluation.org_config is None
    written = record.to_json()
    assert written["legacy_note"] == {"kept": ["as", "read"]} and "call_limits" not in written


def test_evaluation_keys_without_evaluated_at_are_kept_as_read() -> None:
    data = {**run_record().to_json(), "placements": {"111111111111": {"role": "security"}}}
    record = RunRecord.from_json(data)
    assert record.evaluation is None and record.placements == {}
    assert record.to_json()["placements"] == data["placements"]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"accounts": "all"}, '"accounts" is a JSON string, expected an array of objects'),
        ({"caller": {"account_id": 12, "arn": "a", "user_id": "u"}}, '"caller.account_id" is a JSON number'),
        (
            {"regions": {"1": "us-east-1"}},
            '"regions" is a JSON object, expected an object of arrays of strings',
        ),
        ({"api_calls": True}, '"api_calls" is a JSON boolean, expected a whole number'),
        (
            {"schema_version": 3},
            '"schema_version" is a JSON number, expected a version this controlmap reads',
        ),
        ({"evaluated_at": "x", "placements": {"1": {"scope": None}}}, '"placements.1.role" is missing'),
    ],
)
def test_a_key_of_the_wrong_type_is_named_with_the_file(change: dict[str, Any], said: str) -> None:
    data = {**run_record().to_json(), **change}
    with pytest.raises(RunDirError) as raised:
        RunRecord.from_json(data, "/runs/r1/run.json")
    assert str(raised.value).startswith("/runs/r1/run.json: ") and said in str(raised.value)


def test_a_missing_key_and_a_file_that_is_no_object_are_named() -> None:
    data = run_record().to_json()
    del data["started_at"]
    with pytest.raises(RunDirError) as missing:
        RunRecord.from_json(data)
    assert str(missing.value) == 'run.json: "started_at" is missing'
    with pytest.raises(RunDirError) as not_an_object:
        RunRecord.from_json([])
    assert str(not_an_object.value) == "run.json: the file is a JSON array, expected an object"


# -- what a user sees ----------------------------------------------------------------------------------------


@pytest.fixture
def demo_copy(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_demo(demo_run_dir, tmp_path_factory, "record")


def _as_version_1(run_dir: Path) -> dict[str, Any]:
    """Rewrite the run's run.json as an older controlmap wrote it (no schema_version, no call_limits, a key
    this version does not know), and its manifest to match: a complete run of version 1."""
    data: dict[str, Any] = json.loads((run_dir / rundir.RUN).read_text())
    del data["schema_version"], data["call_limits"]
    data["legacy_note"] = "kept"
    rundir.write_json(run_dir / rundir.RUN, data)
    rundir.write_manifest(run_dir)
    return data


Verdict = tuple[str, str, str, str]


def _verdicts(run_dir: Path) -> tuple[Counter[Verdict], Counter[Verdict]]:
    results = Counter(
        (r.check_id, r.account_id, r.region, r.status.value) for r in rundir.read_results(run_dir)
    )
    controls = Counter(
        (c.catalog, c.control_id, c.account_id, c.status.value) for c in rundir.read_controls(run_dir)
    )
    return results, controls


def test_an_old_run_is_reported_and_evaluated_again(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _as_version_1(demo_copy)
    verdicts = _verdicts(demo_copy)
    (demo_copy / rundir.REPORT_HTML).unlink()
    rundir.write_manifest(demo_copy)
    assert main(["report", "--from", str(demo_copy), "--no-pdf"]) == EXIT_OK
    assert (demo_copy / rundir.REPORT_HTML).is_file() and rundir.verify_manifest(demo_copy).ok
    assert json.loads((demo_copy / rundir.RUN).read_text()) == old  # reporting does not rewrite run.json
    assert main(["evaluate", "--from", str(demo_copy), "--no-pdf"]) == EXIT_OK
    assert _verdicts(demo_copy) == verdicts
    rewritten = json.loads((demo_copy / rundir.RUN).read_text())
    assert rewritten["schema_version"] == SCHEMA_VERSION and rewritten["legacy_note"] == "kept"
    assert set(rewritten) == {*old, "schema_version"}  # nothing added but the version, nothing lost
    assert rundir.verify_manifest(demo_copy).ok
    capsys.readouterr()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{not json", ": not valid JSON: "),
        ('{"run_id": 7}', ': "run_id" is a JSON number, expected a string'),
    ],
)
def test_a_malformed_run_json_gives_one_line_naming_the_file(
    tmp_path: Path, text: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / rundir.RUN).write_text(text)
    rundir.write_manifest(run_dir)
    for command in ("report", "evaluate"):
        assert main([command, "--from", str(run_dir), "--no-pdf"]) == EXIT_ERROR
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and "Traceback" not in error
        assert error.startswith(f"controlmap: {run_dir / rundir.RUN}{said}"), error
    assert not (run_dir / rundir.INCOMPLETE).exists()  # the failed rewrite changed nothing: still complete
