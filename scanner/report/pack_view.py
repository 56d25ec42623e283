"""One evidence pack's view: the run's report narrowed to the pack's accounts, with every control row (met
ones included) and an appendix per account listing the check results those rows rest on."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.model import Account, ControlResult, Result
from scanner.report.packs import PackPlan, split_into_parts
from scanner.report.view import CheckView, ControlRow, Report


@dataclass(frozen=True)
class PackRow:
    """One printed control row: the accounts it stands for (one, or several saying the same) and the row."""

    accounts: tuple[Account, ...]
    row: ControlResult


@dataclass(frozen=True)
class RefGroup:
    """The results a control row cites from one check in one account, printed as one line: a link to the
    first (the others follow it in the account's appendix) and the statuses and regions they have."""

    check_id: str
    here: bool  # the results are in this pack's appendix
    first: Mapping[str, Any]
    statuses: Counter[str]
    regions: tuple[str, ...]
    evidence: tuple[str, ...]  # every file the results cite, once each
    baseline: str  # the baseline run the results come from, if any

    @property
    def summary(self) -> str:
        counts = ", ".join(
            f"{status} x{n}" if n > 1 else status for status, n in sorted(self.statuses.items())
        )
        return f"{counts} ({', '.join(self.regions)})"


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

    def rows(self, control: ControlRow) -> list[PackRow]:
        """The control's rows in the pack's accounts, in account order. Rows that rest on no check result and
        say the same thing (not applicable, an attestation not on file, automation pending) are printed once,
        naming each account; a row resting on results is its account's own."""
        rows: list[PackRow] = []
        alike: dict[tuple[str, str, str | None], int] = {}
        for account in self.accounts:
            row = control.per_account.get(account.account_id)
            if row is None:
                continue
            key = (row.status.value, row.reason, row.provider_account_id)
            if not row.results and key in alike:
                index = alike[key]
                rows[index] = PackRow((*rows[index].accounts, account), row)
                continue
            if not row.results:
                alike[key] = len(rows)
            rows.append(PackRow((account,), row))
        return rows

    def ref_groups(self, row: ControlResult) -> list[RefGroup]:
        """The row's cited results, one line per (check, account), in the order first cited."""
        grouped: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
        for ref in row.results:
            grouped.setdefault((str(ref.get("check_id", "")), str(ref.get("account_id", ""))), []).append(ref)
        return [
            RefGroup(
                check_id=check_id,
                here=account_id in self.account_ids,
                first=refs[0],
                statuses=Counter(str(r.get("status", "")) for r in refs),
                regions=tuple(dict.fromkeys(str(r.get("region", "")) for r in refs)),
                evidence=tuple(dict.fromkeys(d for r in refs for d in r.get("evidence", ()))),
                baseline=str(refs[0].get("baseline", "")),
            )
            for (check_id, account_id), refs in grouped.items()
        ]

    def has_rows(self, controls: Iterable[ControlRow]) -> bool:
        return any(a.account_id in c.per_account for c in controls for a in self.accounts)


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
