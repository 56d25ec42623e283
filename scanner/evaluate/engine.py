"""Run checks over the inventory; synthesise ERROR for missing data and NOT_APPLICABLE for empty scope."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from scanner.checkapi import CheckSpec, Per, Scope
from scanner.datasets import Dataset, Reach
from scanner.errors import Reason, ReasonKind
from scanner.inventory import AspectUnavailable, Inventory
from scanner.model import GLOBAL_REGION, Account, Result, Status
from scanner.org import OrgTree


def evaluate(
    checks: Sequence[CheckSpec],
    datasets: Mapping[str, Dataset],
    inventory: Inventory,
    accounts: Sequence[Account],
    regions: Mapping[str, Sequence[str]],
    org: OrgTree | None = None,
    *,
    org_account: str | None = None,
    roles: Mapping[str, str] | None = None,
) -> list[Result]:
    """Every check against every account in scope. `regions` maps account id -> regions planned there;
    `org_account` is where organization-level datasets were collected (default: the management account);
    `roles` maps account id -> landing-zone role, for checks that look for e.g. the security account."""
    source = org_account or (org.management_account_id if org else None)
    results: list[Result] = []
    for spec in checks:
        for account in accounts:
            account_regions = tuple(regions.get(account.account_id, ()))
            scopes = _scopes(spec, datasets, account, account_regions, inventory, org, source, roles or {})
            for scope in scopes:
                results.extend(_run_in_scope(spec, datasets, scope))
    return results


def _scopes(
    spec: CheckSpec,
    datasets: Mapping[str, Dataset],
    account: Account,
    regions: tuple[str, ...],
    inventory: Inventory,
    org: OrgTree | None,
    org_account: str | None,
    roles: Mapping[str, str],
) -> Iterator[Scope]:
    regional = any(datasets[name].reach is Reach.REGIONAL for name in spec.uses)
    org_level = frozenset(name for name in spec.uses if datasets[name].org_level)

    def scope(region: str | None) -> Scope:
        return Scope(spec.id, account, region, regions, inventory, org, org_account, org_level, roles)

    if spec.per is Per.ACCOUNT:
        yield scope(None)
    elif not regional:
        yield scope(GLOBAL_REGION)
    else:
        for region in regions:
            yield scope(region)


def _missing(
    spec: CheckSpec, datasets: Mapping[str, Dataset], scope: Scope
) -> Iterator[tuple[str, Reason | None]]:
    """(region, reason) for each dataset this check needs in this scope that is not available."""
    for name in spec.uses:
        if datasets[name].reach is Reach.GLOBAL:
            wanted: Iterable[str] = (GLOBAL_REGION,)
        else:
            wanted = (scope.region,) if scope.region is not None else scope.regions
        owner = scope.owner_of(name)
        if owner is None:
            yield (
                GLOBAL_REGION,
                Reason(ReasonKind.ERROR, f"{name} is organization data, but no organization was read"),
            )
            continue
        for region in wanted:
            record = scope.inventory.get(owner, region, name)
            if record is None:
                yield region, None
            elif record.unavailable is not None:
                # An account-wide check judges the regions that exist; a region the account has not enabled
                # gets its own ERROR from the per-region checks, and one where the service is not offered
                # holds nothing to judge.
                if scope.region is None and record.unavailable.kind in _NOT_THERE:
                    continue
                yield region, record.unavailable


def _run_in_scope(spec: CheckSpec, datasets: Mapping[str, Dataset], scope: Scope) -> list[Result]:
    missing = list(_missing(spec, datasets, scope))
    unknown = [
        (r, reason) for r, reason in missing if reason is None or reason.kind is not ReasonKind.NOT_OFFERED
    ]
    if unknown:  # unknown data outranks "not offered": the check is not evaluated
        return [_not_evaluated(spec, scope, region, reason) for region, reason in _first_per_region(unknown)]
    if missing:  # only services AWS does not offer in this region: nothing of theirs can exist there
        return [
            scope.result(
                Status.NOT_APPLICABLE, _scope_resource(scope), f"service not offered: {reason}", region=region
            )
            for region, reason in _first_per_region(missing)
        ]
    try:
        results = list(_run(spec, scope))
    except AspectUnavailable as exc:
        return [
            scope.result(
                Status.ERROR,
                exc.item.resource_id,
                f"not evaluated: {exc.aspect} could not be read: {exc.reason}",
                region=exc.item.region,
                evidence=exc.item.evidence,
            )
        ]
    except Exception as exc:  # noqa: BLE001 - a check that raises gives ERROR, never silence
        return [scope.result(Status.ERROR, _scope_resource(scope), f"not evaluated: check failed: {exc!r}")]
    if not results:
        what = spec.for_each or ", ".join(spec.uses)
        results = [
            scope.result(Status.NOT_APPLICABLE, _scope_resource(scope), f"nothing in scope ({what} is empty)")
        ]
    return [_cited(r, _listings(spec, scope, r.region)) for r in results]


_NOT_THERE = frozenset({ReasonKind.REGION_DISABLED, ReasonKind.NOT_OFFERED})
# Verdicts that must rest on evidence; a "not evaluated" ERROR says instead why there is none.
_VERDICTS = frozenset({Status.PASS, Status.FAIL, Status.NOT_APPLICABLE})


def _listings(spec: CheckSpec, scope: Scope, region: str) -> tuple[str, ...]:
    """The responses that list what a check judges in `region` of its scope: its datasets' listings, or, for a
    check that reads no dataset (it judges the organization: its tree, its policies), the organization's."""
    if spec.uses:
        return scope.listing_evidence(spec.uses, region)
    return scope.org.evidence if scope.org is not None else ()


def _cited(result: Result, fallback: Iterable[str]) -> Result:
    """`result`, citing `fallback` when it is a verdict that cites nothing itself. A check that judges a
    population without naming the responses behind it (an absence, an empty list) rests on the responses
    that listed that population: for a per-item check its item's own, otherwise its datasets' listings."""
    if result.evidence or result.status not in _VERDICTS:
        return result
    return replace(result, evidence=tuple(dict.fromkeys(fallback)))


def _run(spec: CheckSpec, scope: Scope) -> Iterator[Result]:
    if spec.for_each is None:
        yield from spec.run(scope)
        return
    for item in scope.items(spec.for_each):
        try:
            yield _cited(spec.function(item, scope), item.evidence)
        except AspectUnavailable as exc:
            yield scope.result(
                Status.ERROR,
                item.resource_id,
                f"not evaluated: {exc.aspect} could not be read: {exc.reason}",
                region=item.region,
                evidence=item.evidence,
            )
        except Exception as exc:  # noqa: BLE001 - one resource's surprise must not hide the others
            yield scope.result(
                Status.ERROR, item.resource_id, f"not evaluated: check failed: {exc!r}", region=item.region
            )


def _first_per_region(missing: list[tuple[str, Reason | None]]) -> list[tuple[str, Reason | None]]:
    seen: dict[str, Reason | None] = {}
    for region, reason in missing:
        seen.setdefault(region, reason)
    return list(seen.items())


def _not_evaluated(spec: CheckSpec, scope: Scope, region: str, reason: Reason | None) -> Result:
    why = str(reason) if reason is not None else "the data was not collected"
    resource = scope.account_id if region == GLOBAL_REGION else f"{scope.account_id}/{region}"
    return scope.result(Status.ERROR, resource, f"not evaluated: {why}", region=region)


def _scope_resource(scope: Scope) -> str:
    region = scope.region
    return scope.account_id if region in (None, GLOBAL_REGION) else f"{scope.account_id}/{region}"
