"""Progress on a terminal during collection (quiet when output is not a terminal) and the final summary."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from scanner.inventory import DatasetKey
from scanner.model import ControlResult, ControlStatus, Result, Status
from scanner.rundir import RESULTS


class CollectionProgress:
    """Counts datasets, accounts and regions done. Draws a bar only when stderr is a terminal."""

    def __init__(self, total: int, accounts: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.accounts = accounts
        self._per_account: Counter[str] = Counter()
        self._regions: set[tuple[str, str]] = set()
        self._done = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if self.stream.isatty():
            self._progress = Progress(
                TextColumn("[bold]collecting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
            )

    def __enter__(self) -> CollectionProgress:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("collect", total=self.total, detail="")
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def done(self, key: DatasetKey) -> None:
        self._done += 1
        self._per_account[key.account_id] += 1
        self._regions.add((key.account_id, key.region))
        if self._progress is not None and self._task is not None:
            detail = (
                f"{len(self._per_account)}/{self.accounts} accounts, {len(self._regions)} account-regions"
            )
            self._progress.update(self._task, advance=1, detail=detail)


DEFAULT_WIDTH = 100  # when the summary goes to a file or a pipe
MIN_WIDTH = 40  # narrower terminals wrap the lines themselves
ERROR_MESSAGE_LIMIT = 500  # characters of the first ERROR message shown; the rest is in results.jsonl

# Human wording of each control status, one row of the summary each. Only statuses that occur are shown.
STATUS_LABELS: dict[ControlStatus, str] = {
    ControlStatus.SATISFIED: "satisfied",
    ControlStatus.NOT_SATISFIED: "not satisfied",
    ControlStatus.INHERITED: "inherited",
    ControlStatus.INHERITED_LIVE: "inherited live (uncertified)",
    ControlStatus.INHERITED_FROM_AWS: "inherited from AWS",
    ControlStatus.AWS_EVIDENCE_MISSING: "AWS evidence missing",
    ControlStatus.ATTESTED: "attested",
    ControlStatus.ATTESTATION_MISSING: "attestation missing",
    ControlStatus.ATTESTATION_EXPIRED: "attestation expired",
    ControlStatus.NOT_EVALUATED: "not evaluated",
    ControlStatus.NOT_APPLICABLE: "not applicable",
}


def status_label(status: ControlStatus) -> str:
    return STATUS_LABELS.get(status) or status.value.replace("_", " ").lower()


def summary_width(stream: TextIO) -> int:
    """COLUMNS if set, else the terminal's width when `stream` is one, else DEFAULT_WIDTH."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if stream.isatty():
            size = os.get_terminal_size(stream.fileno()).columns
            if size > 0:
                return size
    except (AttributeError, OSError, ValueError):  # no fileno (StringIO), closed, or not a real terminal
        pass
    return DEFAULT_WIDTH


def print_summary(
    out: str,
    results: Sequence[Result],
    controls: Sequence[ControlResult],
    stream: TextIO | None = None,
    *,
    width: int | None = None,
) -> None:
    """One screen: check results by status, controls by status and catalog, and where the report is.

    Fits `width` columns (default: the terminal's, or DEFAULT_WIDTH off a terminal) without cutting
    anything: one row per control status that occurs, one column per catalog; catalogs that do not fit
    side by side go to further tables, and a catalog id too long for any table gets a block of its own.
    """
    stream = stream or sys.stdout
    width = max(width if width is not None else summary_width(stream), MIN_WIDTH)
    console = Console(file=stream, width=width, highlight=False, soft_wrap=False)
    checks = Counter(r.status for r in results)
    pieces = [f"{s.value} {checks.get(s, 0)}," for s in Status]
    pieces[-1] = pieces[-1].rstrip(",")
    accounts = len({r.account_id for r in results})
    pieces.append(f"({accounts} account{'' if accounts == 1 else 's'})")
    for line in _fill(["check results:", *pieces], width, indent="  "):
        console.print(Text(line))
    _print_controls(console, controls, width)
    errors = [r for r in results if r.status is Status.ERROR]
    if errors:
        first = errors[0]
        console.print(
            Text.assemble(
                (f"{len(errors)} result(s) could not be evaluated; first, ", "yellow"),
                (f"{first.check_id} in {first.account_id} {first.region}: ", "yellow"),
                _shorten(first.message),
            )
        )
    line = f"report: {out}"
    if len(line) <= width:
        console.print(Text(line))
    else:  # one unbroken line the terminal wraps, so the path can still be copied
        console.print(Text("report:"))
        console.print(Text(out), soft_wrap=True)


def _print_controls(console: Console, controls: Sequence[ControlResult], width: int) -> None:
    if not controls:
        console.print(Text("controls: none evaluated"))
        return
    by_catalog: dict[str, Counter[ControlStatus]] = {}
    for control in controls:
        by_catalog.setdefault(control.catalog, Counter())[control.status] += 1
    statuses = [s for s in ControlStatus if any(s in counter for counter in by_catalog.values())]
    console.print(Text("controls by status and catalog (one count per control and account)", style="bold"))
    groups: list[list[str]] = []
    for catalog in by_catalog:
        if groups and _fits(console, _table(groups[-1] + [catalog], statuses, by_catalog), width):
            groups[-1].append(catalog)
        else:
            groups.append([catalog])
    for group in groups:
        table = _table(group, statuses, by_catalog)
        if _fits(console, table, width):
            console.print(table)
            continue
        # A single catalog whose id is wider than a table can be: the id on its own line(s), then its counts.
        (catalog,) = group
        console.print(Text(catalog, style="bold", overflow="fold"))
        console.print(_table([catalog], statuses, by_catalog, header="count"))


def _table(
    catalogs: Sequence[str],
    statuses: Sequence[ControlStatus],
    by_catalog: dict[str, Counter[ControlStatus]],
    header: str | None = None,
) -> Table:
    table = Table()
    table.add_column("status", no_wrap=True, overflow="fold")
    for catalog in catalogs:
        table.add_column(Text(header or catalog), justify="right", no_wrap=True, overflow="fold")
    for status in statuses:
        table.add_row(status_label(status), *(str(by_catalog[c].get(status, 0)) for c in catalogs))
    table.add_section()
    table.add_row("total", *(str(sum(by_catalog[c].values())) for c in catalogs))
    return table


def _fits(console: Console, table: Table, width: int) -> bool:
    """True when `table` renders within `width` columns without wrapping or cutting any cell."""
    natural = Measurement.get(console, console.options.update_width(10 * width), table).maximum
    return natural <= width


def _fill(pieces: Sequence[str], width: int, indent: str) -> list[str]:
    """Greedy line filling that never splits a piece ("PASS 14," stays together)."""
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece if not lines else indent + piece)
    return lines


def _shorten(message: str) -> str:
    """The message whole when it is short enough to read; else cut at a word with a pointer to the rest."""
    if len(message) <= ERROR_MESSAGE_LIMIT:
        return message
    cut = message.rfind(" ", 0, ERROR_MESSAGE_LIMIT)
    head = message[: cut if cut > ERROR_MESSAGE_LIMIT // 2 else ERROR_MESSAGE_LIMIT].rstrip()
    return f"{head} [...] (full message in {RESULTS})"
