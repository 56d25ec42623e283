"""CloudTrail checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scanner.checkapi import Per, Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status


@dataclass(frozen=True)
class TrailVerdict:
    item: Item
    ok: bool
    unknown: str = ""  # why the trail's state could not be established
    problem: str = ""


def logs_all_management_events(selectors: dict[str, Any]) -> bool:
    """True when basic or advanced event selectors record read and write management events."""
    for selector in selectors.get("EventSelectors") or []:
        if selector.get("IncludeManagementEvents", True) and selector.get("ReadWriteType", "All") == "All":
            return True
    for selector in selectors.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in selector.get("FieldSelectors", [])}
        category = fields.get("eventCategory", {})
        if "Management" in (category.get("Equals") or []) and "readOnly" not in fields:
            return True
    return False


def judge_trail(trail: Item) -> TrailVerdict:
    """Is this trail multi-region, logging, and recording all management events?"""
    if not trail.data.get("IsMultiRegionTrail"):
        return TrailVerdict(trail, False, problem="not multi-region")
    if "Status" not in trail.data and "Status" not in trail.errors:
        home = trail.data.get("HomeRegion", "?")
        return TrailVerdict(trail, False, unknown=f"its home region {home} was not scanned")
    status = trail["Status"]
    if not status.get("IsLogging"):
        return TrailVerdict(trail, False, problem="logging is stopped")
    if not logs_all_management_events(trail["EventSelectors"]):
        return TrailVerdict(trail, False, problem="does not record all read and write management events")
    return TrailVerdict(trail, True)


def _verdicts(items: list[Item]) -> list[TrailVerdict]:
    """One verdict per trail ARN, judged from its home-region copy when that was read."""
    by_arn: dict[str, Item] = {}
    for trail in items:
        known = by_arn.get(trail.resource_id)
        if known is None or ("Status" not in known.data and "Status" not in known.errors):
            by_arn[trail.resource_id] = trail
    verdicts = []
    for trail in by_arn.values():
        try:
            verdicts.append(judge_trail(trail))
        except AspectUnavailable as exc:  # this trail is unknown; another trail may still decide
            verdicts.append(
                TrailVerdict(trail, False, unknown=f"{exc.aspect} could not be read: {exc.reason}")
            )
    return verdicts


@check(
    id="cloudtrail.multi-region-logging",
    title="A multi-region trail records all management events for the account",
    uses=("cloudtrail.trails",),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Without a logging multi-region trail, API activity in some regions leaves no audit record.",
    remediation="Create a multi-region trail (or an organization trail in the management account) that logs "
    "read and write management events, and start logging.",
)
def multi_region_logging(scope: Scope) -> Iterator[Result]:
    """PASS when a logging multi-region trail records all management events for this account: its own trail,
    or an organization trail of the management account (visible here as a shadow trail or read there)."""
    own = _verdicts(scope.items("cloudtrail.trails"))
    good = next((v for v in own if v.ok), None)
    if good is not None:
        kind = "organization trail" if good.item.data.get("IsOrganizationTrail") else "trail"
        yield scope.passed(
            good.item, f"{kind} {good.item.name} is multi-region, logging, all management events"
        )
        return
    unknown = [v for v in own if v.unknown]
    org = scope.org
    if org is not None and scope.account_id != org.management_account_id and scope.account_id in org.accounts:
        records = scope.records("cloudtrail.trails", account_id=org.management_account_id)
        org_trails = [i for r in records if r.available for i in r.items if i.data.get("IsOrganizationTrail")]
        for verdict in _verdicts(org_trails):
            if verdict.ok:
                yield scope.result(
                    Status.PASS,
                    verdict.item.resource_id,
                    f"organization trail {verdict.item.name} of the management account "
                    f"{org.management_account_id} covers this account",
                    evidence=verdict.item.evidence,
                )
                return
            if verdict.unknown:
                unknown.append(verdict)
        missing = [r for r in records if not r.available]
        if missing or not records:
            why = str(missing[0].unavailable) if missing else "the management account was not scanned"
            yield scope.result(
                Status.ERROR, scope.account_id, f"cannot establish the organization trail's state: {why}"
            )
            return
    if unknown:
        details = "; ".join(f"{v.item.name}: {v.unknown}" for v in unknown)
        yield scope.result(Status.ERROR, scope.account_id, f"no trail could be confirmed: {details}")
        return
    problems = "; ".join(f"{v.item.name}: {v.problem}" for v in own) or "no trails are visible"
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no multi-region trail logs all management events ({problems})",
        evidence=[d for v in own for d in v.item.evidence],
    )
