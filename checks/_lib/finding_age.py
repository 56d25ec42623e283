"""Judging how long open findings (Security Hub, Inspector) have stayed open against the remediation SLA for
critical findings (CRITICAL_FINDING_SLA_DAYS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from checks._lib.dates import as_datetime, day

# Days a critical finding may stay open. No seed names a number; 30 days follows PCI DSS v4.0 requirement
# 6.3.3 (critical fixes within one month), the common remediation SLA for critical findings.
CRITICAL_FINDING_SLA_DAYS = 30

Finding = dict[str, Any]


@dataclass(frozen=True)
class FindingAges:
    """Labels of the open findings first observed before the deadline, and of those with no readable date."""

    overdue: list[str]
    undated: list[str]


def finding_ages(
    findings: Iterable[Finding],
    observed: dt.datetime,
    *,
    is_open: Callable[[Finding], bool],
    label: Callable[[Finding], str],
    first_observed_key: str = "FirstObservedAt",
    sla_days: int = CRITICAL_FINDING_SLA_DAYS,
) -> FindingAges:
    """Sort the open findings into overdue (first observed more than `sla_days` before `observed`) and
    undated; findings `is_open` rejects are not judged."""
    deadline = observed - dt.timedelta(days=sla_days)
    overdue: list[str] = []
    undated: list[str] = []
    for finding in findings:
        if not is_open(finding):
            continue
        first = as_datetime(finding.get(first_observed_key))
        if first is None:
            undated.append(label(finding))
        elif first < deadline:
            overdue.append(f"{label(finding)} (open since {day(first)})")
    return FindingAges(overdue, undated)


def listed(labels: list[str], limit: int = 10) -> str:
    """The first `limit` labels, and how many more there are."""
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def truncation_note(region_findings_data: Mapping[str, Any], cap: str = "1,000") -> str:
    """Said after an overdue list when the collector stopped reading before the last page."""
    return f" (more may exist beyond the {cap} oldest read)" if region_findings_data.get("Truncated") else ""
