"""Which accounts each evidence pack covers.

A pack is what one reader takes away: the Phase 1 pack covers the landing-zone accounts (assessed once), a
Phase 2 pack the application accounts (all of them, or one application scope), an account pack one account.
A pack whose rows would not fit a readable PDF is cut into parts by account, never mid-account: the control
rows and result appendices of one account stay together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from scanner.model import Account
from scanner.resolve.phases import UNSCOPED
from scanner.run.trend import PHASES, phase_of
from scanner.runrecord import RunRecord

PackBy = Literal["phase", "scope", "account"]
PACK_BY: tuple[PackBy, ...] = ("phase", "scope", "account")
LANDING_ZONE, APPLICATION = PHASES  # the phase of an account, as trend.phase_of names it

# A pack's PDF stays under 150 pages. Measured on the demo's packs as Chromium prints them: 13.6 control and
# result rows per page where failures (long messages) dominate, 16 where passes do, the cover, verification
# sheet, registers and inheritance map included; 1,900 rows make at most about 140 pages.
ROWS_PER_PART = 1_900


@dataclass(frozen=True)
class PackPlan:
    pack_id: str  # the file stem under packs/ (safe characters only)
    title: str
    phase: str  # LANDING_ZONE, APPLICATION, or "" for an account pack
    account_ids: tuple[str, ...]
    scope: str = ""  # the application scope of a per-scope Phase 2 pack
    part: int = 0  # 1-based when the pack is cut into parts, else 0
    parts: int = 0

    @property
    def heading(self) -> str:
        return f"{self.title} (part {self.part} of {self.parts})" if self.parts else self.title


def plan_packs(run: RunRecord, by: PackBy) -> list[PackPlan]:
    """The packs of a run, each with the accounts it covers, in the order the run lists its accounts."""
    accounts = list(run.accounts)
    if by == "account":
        return [
            PackPlan(f"account-{a.account_id}", f"Account {a.label}", "", (a.account_id,)) for a in accounts
        ]
    placements = run.placements
    landing_zone = tuple(a.account_id for a in accounts if phase_of(placements, a.account_id) == LANDING_ZONE)
    applications = [a for a in accounts if phase_of(placements, a.account_id) == APPLICATION]
    packs = []
    if landing_zone:
        packs.append(
            PackPlan("phase-1-landing-zone", "Phase 1: landing-zone accounts", LANDING_ZONE, landing_zone)
        )
    if by == "phase":
        if applications:
            ids = tuple(a.account_id for a in applications)
            packs.append(PackPlan("phase-2-applications", "Phase 2: application accounts", APPLICATION, ids))
        return packs
    for scope, members in _by_scope(run, applications).items():
        packs.append(
            PackPlan(
                f"phase-2-{_safe(scope)}",
                f"Phase 2: application scope {scope}",
                APPLICATION,
                tuple(a.account_id for a in members),
                scope=scope,
            )
        )
    return packs


def _by_scope(run: RunRecord, applications: Sequence[Account]) -> dict[str, list[Account]]:
    scopes: dict[str, list[Account]] = {}
    for account in applications:
        placement = run.placements.get(account.account_id)
        scope = (placement.scope if placement else None) or UNSCOPED
        scopes.setdefault(scope, []).append(account)
    return dict(sorted(scopes.items()))


def _safe(name: str) -> str:
    """A scope id as a file name: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", name).strip(".-") or "scope"


def split_into_parts(
    plan: PackPlan, rows_per_account: Mapping[str, int], limit: int = ROWS_PER_PART
) -> list[PackPlan]:
    """The pack as one, or cut into parts of consecutive accounts holding at most `limit` rows each (an
    account larger than the limit is a part of its own)."""
    groups: list[list[str]] = [[]]
    size = 0
    for account_id in plan.account_ids:
        rows = rows_per_account.get(account_id, 0)
        if groups[-1] and size + rows > limit:
            groups.append([])
            size = 0
        groups[-1].append(account_id)
        size += rows
    if len(groups) == 1:
        return [plan]
    return [
        replace(
            plan,
            pack_id=f"{plan.pack_id}-part-{index}",
            account_ids=tuple(group),
            part=index,
            parts=len(groups),
        )
        for index, group in enumerate(groups, start=1)
    ]
