"""One evidence pack's view: the run's report narrowed to the pack's accounts, with every control row (met
ones included) and an appendix per account listing the check results those rows rest on."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scanner.model import Account, ControlResult, Result
from scanner.report.packs import PackPlan, split_into_parts
from scanner.report.view import CheckView, ControlRow, Report


@dataclass(frozen=True)
class AppendixRow:
    check: CheckView
    result: Result


@dataclass(frozen=True)
class AccountAppendix:
    account: Account
    rows: list[AppendixRow]  # by check, then status (FAIL first), region and resource
    counts: Counter[str]


@dataclass(frozen=True)
class PackView:
    plan: PackPlan
    report: Report
    accounts: list[Account]
    appendices: list[AccountAppendix]

    @property
    def account_ids(self) -> frozenset[str]:
        return frozenset(self.plan.account_ids)

    def rows(self, control: ControlRow) -> list[tuple[Account, ControlResult]]:
        """The control's row in each of the pack's accounts that has one, in the pack's account order."""
        return [(a, control.per_account[a.account_id]) for a in self.accounts if a.account_id in control.per_account]

    def has_rows(self, controls: Iterable[ControlRow]) -> bool:
        return any(self.rows(c) for c in controls)


def rows_per_account(report: Report) -> Counter[str]:
    """Printed rows each account adds to a pack: its control rows and its check results."""
    rows: Counter[str] = Counter()
    for catalog in report.catalogs:
        for group in catalog.groups:
            for control in group.controls:
                rows.update(control.per_account.keys())
    for check in report.checks:
        rows.update(r.account_id for r in check.results)
    return rows


def build_packs(report: Report, plans: Sequence[PackPlan]) -> list[PackView]:
    """Each planned pack (cut into parts where it would not fit a readable PDF) with its accounts' results."""
    by_account: dict[str, list[AppendixRow]] = defaultdict(list)
    for check in report.checks:
        for result in check.results:
            by_account[result.account_id].append(AppendixRow(check, result))
    accounts = {a.account_id: a for a in report.accounts}
    sizes = rows_per_account(report)
    views = []
    for whole in plans:
        for plan in split_into_parts(whole, sizes):
            members = [accounts[i] for i in plan.account_ids if i in accounts]
            appendices = [
                AccountAppendix(
                    a,
                    by_account[a.account_id],
                    Counter(row.result.status.value for row in by_account[a.account_id]),
                )
                for a in members
            ]
            views.append(PackView(plan, report, members, appendices))
    return views
