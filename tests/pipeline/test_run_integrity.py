"""Evidence-pack integrity (issue 20, items 8, 13, 14, 15): a manifest of any shape is reported, never
a crash; an interrupted run never looks complete; one run folder has one writer at a time; a zip pack is
unpacked within bounds and with each member once."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.cli.deliver import scan_and_report
from scanner.cli.main import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_TAMPERED, main
from scanner.errors import ConfigError, RunDirError
from scanner.model import ControlResult
from scanner.pack.signing import PackLimits, SigningError, pack_run, verify_run
from scanner.run import pipeline
from scanner.run.config import RunConfig
from scanner.run.shard import merge_runs

REPO = Path(__file__).resolve().parents[2]
ROWS_BEFORE_THE_KILL = 10


def _config(out: Path, **overrides: Any) -> RunConfig:
    """The cheapest AWS scan: one account, one region, the CIS Docker catalog (no AWS dataset to collect)."""
    options: dict[str, Any] = {"regions": ("us-east-1",), "catalogs": ("cis-docker",), "pdf": False}
    return RunConfig(out=out, **{**options, **overrides})


def _scan(out: Path) -> pipeline.RunOutcome:
    with mock_aws():
        return scan_and_report(_config(out), boto3.Session(region_name="us-east-1"))


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete run for the module, read as it is; tests that change a run work on `run_dir`."""
    out = tmp_path_factory.mktemp("integrity") / "run"
    _scan(out)
    return out


@pytest.fixture
def run_dir(finished_run: Path, tmp_path: Path) -> Path:
    out = tmp_path / "run"
    shutil.copytree(finished_run, out)
    return out


def test_a_finished_run_is_complete_unlocked_and_verifies(finished_run: Path) -> None:
    assert not (finished_run / rundir.INCOMPLETE).exists() and not (finished_run / rundir.LOCK).exists()
    assert verify_run(finished_run).ok
    assert not [p.name for p in finished_run.rglob("*.tmp")]  # no temporary file is left behind


# -- item 8: a manifest of an unexpected shape -------------------------------------------------------------


@pytest.mark.parametrize(
    ("manifest", "said"),
    [
        ('{"algorithm": "sha256", "files": ["results.jsonl"]}', '"files" is a JSON array'),
        ('{"algorithm": "sha256", "files": {"results.jsonl": 5}}', "results.jsonl"),
        ('{"algorithm": "sha256", "files": {"": "ab"}}', "empty file name"),
        ('{"algorithm": "sha256"}', 'no "files"'),
        ('{"algorithm": "md5", "files": {}}', "md5"),
        ('["results.jsonl"]', "a JSON array, not an object"),
        ('"files"', "a JSON string, not an object"),
        ("{not json", "not valid JSON"),
        ("\xff\xfe", "not valid JSON"),
    ],
)
def test_a_manifest_of_unexpected_shape_fails_verify_with_a_clear_message(
    run_dir: Path, manifest: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (run_dir / rundir.MANIFEST).write_text(manifest, encoding="latin-1")
    result = verify_run(run_dir)
    assert not result.ok and result.manifest.state == "INVALID"
    assert said in (result.manifest.detail or "")
    assert main(["verify", str(run_dir)]) == EXIT_TAMPERED
    captured = capsys.readouterr()
    assert f"manifest: INVALID ({rundir.MANIFEST} " in captured.out and said in captured.out
    assert captured.err == ""
    # Every other reader of a manifest refuses it with a message too.
    with pytest.raises(RunDirError, match="manifest"):
        merge_runs([run_dir], run_dir.parent / "merged")


def test_a_malformed_manifest_inside_a_pack_is_reported_too(run_dir: Path, tmp_path: Path) -> None:
    (run_dir / rundir.MANIFEST).write_text('{"files": []}')
    result = verify_run(pack_run(run_dir, tmp_path / "pack.zip"))
    assert result.manifest.state == "INVALID" and not result.ok


# -- item 13: an interrupted run is never taken for a complete one -----------------------------------------


def _interrupting(real: Callable[..., list[ControlResult]]) -> Callable[..., Iterator[ControlResult]]:
    """resolve_controls that hands over some rows, then is interrupted (as Ctrl-C would) mid-way."""

    def resolve(*args: Any, **kwargs: Any) -> Iterator[ControlResult]:
        for number, control in enumerate(real(*args, **kwargs)):
            if number == ROWS_BEFORE_THE_KILL:
                raise KeyboardInterrupt
            yield control

    return resolve


def _assert_refused_as_incomplete(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    for command in ("report", "evaluate"):
        assert main([command, "--from", str(out), "--no-pdf"]) == EXIT_ERROR
        error = capsys.readouterr().err
        assert f"controlmap: {out}: the run is incomplete" in error, error
    assert main(["verify", str(out)]) == EXIT_TAMPERED
    assert "manifest: INCOMPLETE (" in capsys.readouterr().out
    assert verify_run(out).manifest.state == "INCOMPLETE"


def test_a_scan_interrupted_while_writing_controls_leaves_no_partial_file_and_a_marked_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    monkeypatch.setattr(pipeline, "resolve_controls", _interrupting(pipeline.resolve_controls))
    with pytest.raises(KeyboardInterrupt):
        _scan(out)
    monkeypatch.undo()
    assert not (out / rundir.CONTROLS).exists()  # the rows written so far never carry the real name
    assert not [p.name for p in out.rglob("*.tmp")]  # and the temporary file went with the exception
    assert (out / rundir.INCOMPLETE).is_file() and not (out / rundir.MANIFEST).exists()
    assert not (out / rundir.LOCK).exists()  # the lock went with the exception too
    _assert_refused_as_incomplete(out, capsys)
    # Scanning again into the folder is how it is completed.
    _scan(out)
    assert not (out / rundir.INCOMPLETE).exists() and verify_run(out).ok


def test_an_interrupted_evaluate_from_keeps_the_complete_files_and_marks_the_folder(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    complete = (run_dir / rundir.CONTROLS).read_bytes()
    assert complete.count(b"\n") > ROWS_BEFORE_THE_KILL
    real_evaluate = pipeline.evaluate
    # The re-evaluation gives different results (one fewer), then is interrupted writing the controls.
    monkeypatch.setattr(pipeline, "evaluate", lambda *a, **k: real_evaluate(*a, **k)[:-1])
    monkeypatch.setattr(pipeline, "resolve_controls", _interrupting(pipeline.resolve_controls))
    assert main(["evaluate", "--from", str(run_dir), "--no-pdf"]) == EXIT_INTERRUPTED
    monkeypatch.undo()
    assert (run_dir / rundir.CONTROLS).read_bytes() == complete  # never a partial file under the real name
    assert (run_dir / rundir.INCOMPLETE).is_file()  # results.jsonl is new, controls.jsonl old: marked
    assert not [p.name for p in run_dir.rglob("*.tmp")]
    _assert_refused_as_incomplete(run_dir, capsys)


def test_a_failed_evaluate_from_that_wrote_nothing_leaves_the_run_complete(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: Any, **__: Any) -> None:
        raise ConfigError("a bad catalog")

    monkeypatch.setattr(pipeline, "run_catalogs", fail)
    assert main(["evaluate", "--from", str(run_dir), "--no-pdf"]) == EXIT_ERROR
    assert not (run_dir / rundir.INCOMPLETE).exists() and verify_run(run_dir).ok


KILLED_SCAN = """
import os, signal, sys
from pathlib import Path
import boto3
from moto import mock_aws
from scanner.run import pipeline
from tests.pipeline.test_run_integrity import ROWS_BEFORE_THE_KILL, _config

real = pipeline.resolve_controls

def killed(*args, **kwargs):
    for number, control in enumerate(real(*args, **kwargs)):
        if number == ROWS_BEFORE_THE_KILL:
            os.kill(os.getpid(), signal.SIGKILL)  # no finally block, no exit handler runs
        yield control

pipeline.resolve_controls = killed
with mock_aws():
    pipeline.scan(_config(Path(sys.argv[1])), boto3.Session(region_name="us-east-1"))
"""


def test_a_scan_killed_while_writing_controls_is_marked_incomplete_and_its_lock_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_SCAN, str(out)],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    assert not (out / rundir.CONTROLS).exists()
    assert [p.name for p in out.glob(f".{rundir.CONTROLS}.*.tmp")]  # the partial rows, under another name
    assert (out / rundir.INCOMPLETE).is_file() and (out / rundir.LOCK).is_file()  # a dead run's lock
    _assert_refused_as_incomplete(out, capsys)  # the dead run's lock does not hold anyone up
    _scan(out)
    assert not (out / rundir.INCOMPLETE).exists() and not (out / rundir.LOCK).exists()
    assert verify_run(out).ok and not [p.name for p in out.rglob("*.tmp")]


def test_the_json_lines_writer_never_shows_a_partial_file(tmp_path: Path) -> None:
    def rows() -> Iterator[dict[str, int]]:
        yield {"row": 1}
        raise RuntimeError("disk gone")

    target = tmp_path / rundir.CONTROLS
    target.write_text('{"row": 0}\n')
    with pytest.raises(RuntimeError):
        rundir.write_jsonl(target, rows())
    assert target.read_text() == '{"row": 0}\n' and sorted(p.name for p in tmp_path.iterdir()) == [
        rundir.CONTROLS
    ]


# -- item 14: one writer per run folder ---------------------------------------------------------------------

HOLD_THE_LOCK = """
import sys
from pathlib import Path
from scanner import rundir

with rundir.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def other_process_holding(tmp_path: Path) -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def hold(out: Path) -> subprocess.Popen[str]:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_THE_LOCK, str(out)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(holder)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        return holder

    yield hold
    for holder in started:
        holder.kill()
        holder.wait(timeout=30)


def _held_by(out: Path, pid: int) -> str:
    return rf"^{re.escape(str(out))} is being written by another controlmap run \(pid {pid}, started \d{{4}}-"


def test_a_second_scan_into_a_folder_being_written_is_refused_and_touches_nothing(
    run_dir: Path, other_process_holding: Callable[[Path], subprocess.Popen[str]]
) -> None:
    before = verify_run(run_dir)
    holder = other_process_holding(run_dir)
    with mock_aws(), pytest.raises(RunDirError, match=_held_by(run_dir, holder.pid)):
        pipeline.scan(_config(run_dir), boto3.Session(region_name="us-east-1"))
    assert before.ok and verify_run(run_dir).ok  # the first run's files are all there, unchanged
    holder.kill()
    holder.wait(timeout=30)
    assert (run_dir / rundir.LOCK).is_file()  # killed: its lock file stays, and binds no one
    _scan(run_dir)
    assert not (run_dir / rundir.LOCK).exists() and verify_run(run_dir).ok


def test_evaluate_report_and_merge_wait_for_no_one_and_say_who_holds_the_folder(
    run_dir: Path,
    tmp_path: Path,
    other_process_holding: Callable[[Path], subprocess.Popen[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    holder = other_process_holding(run_dir)
    for argv in (
        ["evaluate", "--from", str(run_dir), "--no-pdf"],
        ["report", "--from", str(run_dir), "--no-pdf"],
        ["merge", str(tmp_path / "shard"), "--out", str(run_dir), "--no-pdf"],
    ):
        assert main(argv) == EXIT_ERROR
        error = capsys.readouterr().err
        assert re.search(_held_by(run_dir, holder.pid), error.removeprefix("controlmap: ")), error
    assert verify_run(run_dir).ok


def test_of_two_threads_taking_one_folder_exactly_one_writes(tmp_path: Path) -> None:
    out = tmp_path / "run"
    inside = threading.Event()
    release = threading.Event()
    outcomes: list[str] = []

    def first() -> None:
        with rundir.locked(out):
            inside.set()
            release.wait(30)
        outcomes.append("first wrote")

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(30)
    try:
        with (
            pytest.raises(RunDirError, match="is being written by another controlmap run"),
            rundir.locked(out),
        ):
            outcomes.append("second wrote")
    finally:
        release.set()
        thread.join(30)
    assert outcomes == ["first wrote"]
    assert not out.exists()  # the lock made the folder and nothing was written: it is removed again


def test_the_lock_is_released_on_any_exit(tmp_path: Path) -> None:
    out = tmp_path / "run"
    with pytest.raises(ValueError), rundir.locked(out):
        (out / "file").write_text("x")
        raise ValueError("boom")
    assert not (out / rundir.LOCK).exists()
    with rundir.locked(out):
        pass
    with pytest.raises(ConfigError), mock_aws():  # a scan that fails before writing releases its folder
        pipeline.scan(_config(out, catalogs=("no-such-catalog",)), boto3.Session(region_name="us-east-1"))
    with rundir.locked(out):
        pass


# -- item 15: unpacking a zip pack ---------------------------------------------------------------------------


def _members(pack: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(pack) as bundle:
        return [(info.filename, bundle.read(info)) for info in bundle.infolist()]


def _zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: writing them is the point
        for name, data in members:
            bundle.writestr(name, data)
    return path


@pytest.mark.parametrize("forged_name", [rundir.RUN, f"./{rundir.RUN}", rundir.RUN.upper()])
def test_a_pack_with_a_member_twice_is_refused(
    run_dir: Path, tmp_path: Path, forged_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    members = _members(pack_run(run_dir, tmp_path / "pack.zip"))
    forged = _zip(tmp_path / "forged.zip", [(forged_name, b'{"forged": true}'), *members])
    with pytest.raises(SigningError, match=rf"member {re.escape(repr(rundir.RUN))} appears more than once"):
        verify_run(forged)
    assert main(["verify", str(forged)]) == EXIT_ERROR
    assert "appears more than once" in capsys.readouterr().err


def test_a_zip_bomb_is_refused_before_it_fills_the_disk(run_dir: Path, tmp_path: Path) -> None:
    members = _members(pack_run(run_dir, tmp_path / "pack.zip"))
    bomb = _zip(tmp_path / "bomb.zip", [*members, ("evidence/bomb.json", bytes(64 * 1024 * 1024))])
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(SigningError, match=r"'evidence/bomb.json' expands \d+:1 .* a zip bomb"):
        verify_run(bomb)
    # Members too small to judge one by one, many of them: the file as a whole expands too far.
    many = _zip(tmp_path / "many.zip", [(f"evidence/{n}.json", bytes(512 * 1024)) for n in range(64)])
    with pytest.raises(SigningError, match=r"expands \d+:1 overall .* a zip bomb"):
        verify_run(many)


def test_a_pack_larger_than_the_limit_is_refused(run_dir: Path, tmp_path: Path) -> None:
    pack = pack_run(run_dir, tmp_path / "pack.zip")
    assert verify_run(pack).ok
    with pytest.raises(SigningError, match=r"unpacks to [\d,]+ bytes, more than the 1,000 bytes"):
        verify_run(pack, limits=PackLimits(max_bytes=1000))


def test_a_damaged_pack_is_reported_not_a_crash(run_dir: Path, tmp_path: Path) -> None:
    pack = pack_run(run_dir, tmp_path / "pack.zip")
    with zipfile.ZipFile(pack) as bundle:
        info = bundle.getinfo(rundir.CONTROLS)
    data = bytearray(pack.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)  # the member's compressed bytes
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises(SigningError, match=rf"{re.escape(str(damaged))}: damaged zip"):
        verify_run(damaged)


def test_unsafe_member_names_are_still_refused(tmp_path: Path) -> None:
    for name in ("../escape.txt", "/etc/escape.txt", "a/../../escape.txt"):
        with pytest.raises(SigningError, match="unsafe member name"):
            verify_run(_zip(tmp_path / "evil.zip", [(name, b"x")]))


def test_a_pack_of_a_folder_being_written_leaves_its_lock_out(run_dir: Path, tmp_path: Path) -> None:
    with rundir.locked(run_dir):
        pack = pack_run(run_dir, tmp_path / "pack.zip")
        assert verify_run(run_dir).ok  # the lock file is no part of the run
    assert rundir.LOCK not in {name for name, _ in _members(pack)}
    assert verify_run(pack).ok and json.loads(dict(_members(pack))[rundir.RUN])["mode"] == "scan"
    assert main(["verify", str(pack)]) == EXIT_OK
