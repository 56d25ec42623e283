"""Progress on a terminal during collection (quiet when output is not a terminal) and the final summary."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from scanner.inventory import DatasetKey
from scanner.model import ControlResult, ControlStatus, Result, Status


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


def print_summary(
    out: str, results: Sequence[Result], controls: Sequence[ControlResult], stream: TextIO | None = None
) -> None:
    """One screen: check results by status, controls by catalog and status, and where the report is."""
    console = Console(file=stream or sys.stdout, width=110, highlight=False)
    checks = Counter(r.status for r in results)
    console.print(
        "check results: "
        + ", ".join(f"{s.value} {checks.get(s, 0)}" for s in Status)
        + f"  ({len({r.account_id for r in results})} accounts)"
    )
    table = Table(title="controls by catalog (all accounts)", show_lines=False)
    statuses = [s for s in ControlStatus if any(c.status is s for c in controls)]
    table.add_column("catalog")
    for status in statuses:
        table.add_column(status.value.replace("_", " ").lower(), justify="right")
    by_catalog: dict[str, Counter[ControlStatus]] = {}
    for control in controls:
        by_catalog.setdefault(control.catalog, Counter())[control.status] += 1
    for catalog, counter in by_catalog.items():
        table.add_row(catalog, *(str(counter.get(s, 0)) for s in statuses))
    console.print(table)
    errors = [r for r in results if r.status is Status.ERROR]
    if errors:
        console.print(f"[yellow]{len(errors)} result(s) could not be evaluated; first: {errors[0].message}")
    console.print(f"report: {out}")
