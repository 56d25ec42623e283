"""Hostile docker-bench-security reports: wrong shapes, deep nesting, bytes that are not UTF-8 and huge files
each give one line naming the file and the problem (exit 2), never a traceback, and write no run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.cli.main import main
from scanner.errors import ConfigError
from scanner.host import docker_bench
from scanner.host.docker_bench import parse_report, read_report_text


def _report(section: dict[str, Any]) -> dict[str, Any]:
    return {"dockerbenchsecurity": "1.6.0", "tests": [{"id": "1", "desc": "host", **section}]}


HOSTILE: dict[str, tuple[bytes, str]] = {
    "results-null": (json.dumps(_report({"results": None})).encode(), '"results" of tests[0] is null'),
    "results-integer": (json.dumps(_report({"results": 7})).encode(), '"results" of tests[0] is an integer'),
    "results-string": (json.dumps(_report({"results": "x"})).encode(), '"results" of tests[0] is a string'),
    "section-not-object": (b'{"tests": [42]}', "tests[0] is an integer"),
    "deep-nesting": (
        b'{"tests": [{"id": "1", "results": ' + b"[" * 1500 + b"]" * 1500 + b"}]}",
        "nested more than 64 levels deep",
    ),
    "deep-nesting-decodable": (
        b'{"tests": [{"id": "1", "results": [{"items": ' + b"[" * 500 + b"]" * 500 + b"}]}]}",
        "nested more than 64 levels deep",
    ),
    "deep-nesting-unclosed": (b"[" * 100_000, "nested more than 64 levels deep"),
    "not-utf8": (
        json.dumps(_report({"results": [{"id": "1.1", "desc": "caf", "result": "PASS"}]})).encode()[:-6]
        + b"\xe9"
        + json.dumps(_report({}))[-6:].encode(),
        "not UTF-8 text (byte 0xe9 at offset",
    ),
}


def _run(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    path = tmp_path / "bench.log.json"
    path.write_bytes(content)
    out = tmp_path / "run"
    code = main(
        ["scan-host", "--docker-bench", str(path), "--host-name", "h1", "--out", str(out), "--no-pdf"]
    )
    return code, capsys.readouterr().err, path


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_report_is_one_line_naming_the_file_and_the_problem(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, problem = HOSTILE[case]
    code, err, path = _run(tmp_path, content, capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"controlmap: {path}: "), err
    assert problem in lines[0], err
    assert "Traceback" not in err and "unexpected error" not in err
    assert not (tmp_path / "run").exists()  # a bad report writes nothing


def test_a_report_over_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docker_bench, "MAX_REPORT_BYTES", 1000)
    content = json.dumps(_report({"results": [{"id": "1.1", "desc": "x" * 2000, "result": "PASS"}]})).encode()
    code, err, path = _run(tmp_path, content, capsys)
    assert code == 2
    assert err.strip() == f"controlmap: {path}: the report is larger than 1000 bytes; is this the right file?"


def test_the_default_limits_are_generous_for_real_reports_and_tight_for_hostile_ones() -> None:
    assert docker_bench.MAX_REPORT_BYTES == 20 * 1024 * 1024
    assert docker_bench.MAX_NESTING == 64


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_parse_report_raises_config_error_for_each_hostile_text(case: str, tmp_path: Path) -> None:
    content, problem = HOSTILE[case]
    path = tmp_path / "r.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="^" + str(path).replace(".", r"\.")) as caught:
        parse_report(read_report_text(str(path)), str(path))
    assert problem in str(caught.value)


def test_a_report_with_empty_or_missing_results_is_still_accepted(tmp_path: Path) -> None:
    text = json.dumps(
        {"tests": [{"id": "1", "results": []}, {"id": "2"}, {"id": "3", "results": [{"id": "3.1"}]}]}
    )
    assert len(parse_report(text, "r.json")["tests"]) == 3
