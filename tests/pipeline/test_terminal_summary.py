"""The end-of-run terminal summary fits the width it is given (80 to 200 columns) and stays readable:
no ellipsis, every catalog id and every occurring control status in full, counts in the right cell."""

from __future__ import annotations

import io
import os
import re
import struct
import sys

import pytest

from scanner.aws.progress import print_summary, summary_width
from scanner.model import ControlResult, ControlStatus, Result, Status

S = ControlStatus
LONG_CATALOG = "acme-internal-cloud-baseline-2026"
ERROR_MESSAGE = (
    "DescribeTrails: AccessDenied: User arn:aws:sts::222222222222:assumed-role/ControlmapAudit/scan "
    "is not authorized to perform cloudtrail:DescribeTrails because no identity-based policy allows "
    "the action (service control policy p-abcd1234 in ou-root-workloads)"
)

# catalog -> status -> count of (control, account) pairs
THREE: dict[str, dict[ControlStatus, int]] = {
    "hitrust-csf": {S.SATISFIED: 12, S.NOT_SATISFIED: 3, S.INHERITED_FROM_AWS: 5, S.ATTESTATION_EXPIRED: 1},
    "fsi-athena": {S.SATISFIED: 7, S.NOT_EVALUATED: 2, S.ATTESTED: 4},
    LONG_CATALOG: {S.NOT_SATISFIED: 9, S.ATTESTATION_MISSING: 11, S.NOT_APPLICABLE: 6, S.SATISFIED: 130},
}
SIX: dict[str, dict[ControlStatus, int]] = {
    **THREE,
    "cis-docker": {S.SATISFIED: 21, S.NOT_SATISFIED: 8},
    "cis-aws-foundations": {S.SATISFIED: 40, S.INHERITED: 2, S.NOT_SATISFIED: 17},
    "nist-800-53-moderate": {S.SATISFIED: 301, S.NOT_SATISFIED: 44, S.INHERITED_FROM_AWS: 88},
}
LABELS = {
    S.SATISFIED: "satisfied",
    S.NOT_SATISFIED: "not satisfied",
    S.INHERITED: "inherited",
    S.INHERITED_FROM_AWS: "inherited from AWS",
    S.ATTESTED: "attested",
    S.ATTESTATION_MISSING: "attestation missing",
    S.ATTESTATION_EXPIRED: "attestation expired",
    S.NOT_EVALUATED: "not evaluated",
    S.NOT_APPLICABLE: "not applicable",
}
VERTICAL = re.compile(r"[│┃║|]")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def controls_for(spec: dict[str, dict[ControlStatus, int]]) -> list[ControlResult]:
    controls = []
    for catalog, counts in spec.items():
        for status, count in counts.items():
            for n in range(count):
                account = "111111111111" if n % 2 else "222222222222"
                controls.append(ControlResult(catalog, f"{catalog}-{status.value}-{n}", account, status, "r"))
    return controls


def results() -> list[Result]:
    rows = [
        Result("s3.encrypted", "111111111111", "us-east-1", f"b{n}", Status.PASS, "ok") for n in range(14)
    ]
    rows += [Result("iam.mfa", "222222222222", "global", f"u{n}", Status.FAIL, "no MFA") for n in range(3)]
    rows.append(Result("cloudtrail.on", "222222222222", "us-east-1", "t", Status.ERROR, ERROR_MESSAGE))
    rows.append(Result("cloudtrail.on", "222222222222", "eu-west-1", "t", Status.ERROR, "throttled"))
    return rows


def render(spec: dict[str, dict[ControlStatus, int]], width: int, rows: list[Result] | None = None) -> str:
    stream = io.StringIO()
    print_summary(
        "out/run/report.html", results() if rows is None else rows, controls_for(spec), stream, width=width
    )
    return ANSI.sub("", stream.getvalue())


def parse_counts(text: str) -> dict[tuple[str, str], int]:
    """(status label, catalog id) -> count, read from every table in the output (header row: "status")."""
    counts: dict[tuple[str, str], int] = {}
    header: list[str] = []
    for line in text.splitlines():
        cells = [c.strip() for c in VERTICAL.split(line)]
        cells = [c for c in cells if c]
        if len(cells) < 2:
            continue
        if cells[0] == "status":
            header = cells
            continue
        if header and cells[0] in LABELS.values():
            assert len(cells) == len(header), line
            for catalog, cell in zip(header[1:], cells[1:], strict=True):
                counts[(cells[0], catalog)] = int(cell)
    return counts


def expected_counts(spec: dict[str, dict[ControlStatus, int]]) -> dict[tuple[str, str], int]:
    occurring = {s for counts in spec.values() for s in counts}
    return {
        (LABELS[status], catalog): counts.get(status, 0)
        for catalog, counts in spec.items()
        for status in occurring
    }


def check_readable(text: str, spec: dict[str, dict[ControlStatus, int]], width: int) -> None:
    lines = text.splitlines()
    too_long = [line for line in lines if len(line) > width]
    assert not too_long, f"lines wider than {width}: {too_long}"
    assert "…" not in text
    assert "..." not in text
    words = text.split()
    for catalog in spec:
        assert catalog in words, f"catalog id {catalog!r} not printed in full"
    assert parse_counts(text) == expected_counts(spec)


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_three_catalogs_fit_and_read_in_full(width: int) -> None:
    text = render(THREE, width)
    check_readable(text, THREE, width)
    assert "report: out/run/report.html" in text


@pytest.mark.parametrize("width", [80, 200])
def test_six_catalogs_fit_and_read_in_full(width: int) -> None:
    text = render(SIX, width)
    check_readable(text, SIX, width)


def test_only_occurring_statuses_are_rows() -> None:
    text = render(THREE, 200)
    rows = {label for label, _ in parse_counts(text)}
    assert rows == {LABELS[s] for counts in THREE.values() for s in counts}
    assert "inherited" not in rows  # no control in THREE is INHERITED (only INHERITED_FROM_AWS)


def test_specific_cells() -> None:
    for width in (80, 200):
        counts = parse_counts(render(SIX, width))
        assert counts[("satisfied", LONG_CATALOG)] == 130
        assert counts[("not satisfied", "nist-800-53-moderate")] == 44
        assert counts[("inherited", "cis-aws-foundations")] == 2
        assert counts[("inherited", "hitrust-csf")] == 0
        assert counts[("attestation expired", "hitrust-csf")] == 1


@pytest.mark.parametrize("width", [80, 200])
def test_check_counts_and_first_error_in_full(width: int) -> None:
    text = render(THREE, width)
    flat = " ".join(text.split())
    assert "PASS 14" in flat
    assert "FAIL 3" in flat
    assert "ERROR 2" in flat
    assert "NOT_APPLICABLE 0" in flat
    assert "(2 accounts)" in flat
    assert " ".join(ERROR_MESSAGE.split()) in flat  # wrapped, not cut
    assert max(len(line) for line in text.splitlines()) <= width


def test_very_long_error_is_shortened_deliberately() -> None:
    message = "AccessDenied: " + " ".join(f"statement-{n}" for n in range(400))
    rows = [Result("iam.policy", "111111111111", "global", "p", Status.ERROR, message)]
    text = render(THREE, 80, rows)
    assert "…" not in text
    assert "results.jsonl" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert len(text.splitlines()) < 40


def test_catalog_id_wider_than_a_table_falls_back_without_ellipsis() -> None:
    huge = "acme-" + "x" * 60 + "-baseline"
    spec = {huge: {S.SATISFIED: 3, S.NOT_SATISFIED: 1}, "hitrust-csf": {S.SATISFIED: 2}}
    text = render(spec, 80)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert huge in text.split()
    assert "hitrust-csf" in text


def test_markup_in_messages_and_ids_is_printed_literally() -> None:
    rows = [Result("x.y", "111111111111", "global", "r", Status.ERROR, "bad [/] tag [bold]here[/bold]")]
    text = render({"[red]odd": {S.SATISFIED: 1}}, 100, rows)
    assert "bad [/] tag [bold]here[/bold]" in text
    assert "[red]odd" in text


def test_width_defaults_to_100_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    stream = io.StringIO()
    print_summary("report.html", results(), controls_for(SIX), stream)
    lines = ANSI.sub("", stream.getvalue()).splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any(len(line) > 80 for line in lines)  # it used the room, not a narrower default


def test_columns_variable_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    assert summary_width(io.StringIO()) == 90


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_width_is_read_from_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl
    import termios

    monkeypatch.delenv("COLUMNS", raising=False)
    leader, follower = os.openpty()
    try:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 132, 0, 0))
        with open(follower, "w", closefd=False) as stream:
            assert summary_width(stream) == 132
    finally:
        os.close(follower)
        os.close(leader)
