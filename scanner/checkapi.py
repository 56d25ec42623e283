"""The contract checks are written against: the @check decorator, CheckSpec, and the Scope a check reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from scanner.inventory import DatasetRecord, Inventory, Item
from scanner.model import GLOBAL_REGION, Account, Result, Severity, Status

if TYPE_CHECKING:
    from scanner.org import OrgTree

ATTRIBUTE = "__controlmap_check__"


class Per(StrEnum):
    """How often a check runs: once per (account, region) or once per account across its regions."""

    REGION = "region"
    ACCOUNT = "account"


class Subject(StrEnum):
    """What a check judges, so a run evaluates only the checks its kind of scan can answer: an AWS scan has
    no Docker host files, and `scan-host` has no AWS inventory (their controls show NOT_EVALUATED there)."""

    AWS = "aws"
    DOCKER_HOST = "docker-host"


@dataclass(frozen=True)
class CheckSpec:
    """A check's identity and documentation. The one place its title, rationale and remediation live."""

    id: str
    title: str
    uses: tuple[str, ...]
    severity: Severity
    rationale: str
    remediation: str
    pass_means: str
    for_each: str | None
    per: Per
    function: Callable[..., Any] = field(compare=False, repr=False)
    subject: Subject = Subject.AWS

    def run(self, scope: Scope) -> Iterable[Result]:
        return self.function(scope)  # type: ignore[no-any-return]


def check(
    *,
    id: str,
    title: str,
    uses: Iterable[str],
    severity: Severity,
    rationale: str,
    remediation: str,
    for_each: str | None = None,
    per: Per = Per.REGION,
    subject: Subject = Subject.AWS,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Attach a CheckSpec to a pure function. Registers nothing: the registry finds it by attribute.

    With `for_each=DATASET` the function takes `(item, scope)` and returns one Result per item, so an
    unreadable item becomes one ERROR without hiding the others. Otherwise it takes `(scope)` and yields
    Results. The function's docstring says what PASS means.
    """
    uses_t = tuple(uses)
    if for_each is not None and for_each not in uses_t:
        uses_t = (for_each, *uses_t)

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        doc = (function.__doc__ or "").strip()
        if not doc:
            raise TypeError(f"check {id}: the docstring must say what PASS means")
        spec = CheckSpec(
            id=id,
            title=title,
            uses=uses_t,
            severity=severity,
            rationale=rationale,
            remediation=remediation,
            pass_means=" ".join(doc.split()),
            for_each=for_each,
            per=per,
            function=function,
            subject=subject,
        )
        setattr(function, ATTRIBUTE, spec)
        return function

    return decorate


@dataclass(frozen=True)
class Scope:
    """What a check may read: one account (and one region, or all its regions), plus the org for context."""

    check_id: str
    account: Account
    region: str | None
    regions: tuple[str, ...]
    inventory: Inventory
    org: OrgTree | None = None
    org_account: str | None = None  # where organization-level datasets were collected
    org_level: frozenset[str] = frozenset()  # the datasets this check uses that are organization-level
    roles: Mapping[str, str] = field(default_factory=dict)  # account id -> landing-zone role (placements)

    @property
    def account_id(self) -> str:
        return self.account.account_id

    def accounts_in_role(self, *roles: str) -> list[str]:
        """The accounts placed in any of these landing-zone roles (org config, else inferred), sorted."""
        return sorted(account for account, role in self.roles.items() if role in roles)

    def owner_of(self, dataset: str) -> str | None:
        """The account whose records hold `dataset` for this scope (the org account for org-level data)."""
        return self.org_account if dataset in self.org_level else self.account_id

    def records(self, dataset: str, account_id: str | None = None) -> list[DatasetRecord]:
        """Every record of a dataset for this scope's region(s), in this or another account.

        Organization-level datasets are read from the account they were collected in; a regional scope reads
        only its own region (and global records) there.
        """
        account = account_id or self.owner_of(dataset) or self.account_id
        if self.region is not None:  # this region, plus global datasets (such as s3.buckets) of that account
            regions: Iterable[str] = dict.fromkeys((self.region, GLOBAL_REGION))
        else:
            regions = (
                (*self.regions, GLOBAL_REGION)
                if account == self.account_id
                else self.inventory.regions(account)
            )
        found = (self.inventory.get(account, r, dataset) for r in regions)
        return [r for r in found if r is not None]

    def listing_evidence(self, datasets: Iterable[str], region: str | None = None) -> tuple[str, ...]:
        """The listing responses (including empty ones) of these datasets in this scope: what shows which
        items exist, and so proves an absence. With a `region`, only that region's and global records."""
        wanted = None if region in (None, GLOBAL_REGION) else {region, GLOBAL_REGION}
        digests = [
            digest
            for name in datasets
            for record in self.records(name)
            if record.available and (wanted is None or record.key.region in wanted)
            for digest in record.evidence
        ]
        return tuple(dict.fromkeys(digests))

    def organization_accounts(self) -> frozenset[str]:
        """The accounts counted as inside: this one, and every account of its organization when read."""
        members = self.org.member_account_ids() if self.org is not None else frozenset()
        return members | {self.account_id}

    def items(self, dataset: str) -> list[Item]:
        """Items of an available dataset in this scope. Unavailable datasets never reach a check."""
        return [item for record in self.records(dataset) for item in record.items]

    def result(
        self,
        status: Status,
        resource_id: str,
        message: str,
        *,
        region: str | None = None,
        evidence: Iterable[str] = (),
        details: Mapping[str, Any] | None = None,
    ) -> Result:
        return Result(
            check_id=self.check_id,
            account_id=self.account_id,
            region=region or self.region or GLOBAL_REGION,
            resource_id=resource_id,
            status=status,
            message=message,
            evidence=tuple(dict.fromkeys(evidence)),
            details=dict(details or {}),
        )

    def on_item(
        self,
        item: Item,
        status: Status,
        message: str,
        *,
        evidence: Iterable[str] = (),
        details: Mapping[str, Any] | None = None,
    ) -> Result:
        """A result about one item; its evidence is the item's own responses plus any extra given."""
        return self.result(
            status,
            item.resource_id,
            message,
            region=item.region,
            evidence=(*item.evidence, *evidence),
            details=details,
        )

    def passed(self, item: Item, message: str, **kwargs: Any) -> Result:
        return self.on_item(item, Status.PASS, message, **kwargs)

    def failed(self, item: Item, message: str, **kwargs: Any) -> Result:
        return self.on_item(item, Status.FAIL, message, **kwargs)
