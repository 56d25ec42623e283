"""Not-applicable verdicts the network checks of several services share (EC2, Route 53 Resolver, Direct
Connect): a resource another account owns, and a resource being deleted.

Resources another account owns and shares with this one (a VPC or security group shared through AWS RAM, a
transit gateway the networking account shares) are judged in the owner's account; elsewhere they are not
applicable, so one setting is not reported as many findings."""

from __future__ import annotations

from scanner.checkapi import Scope
from scanner.inventory import Item
from scanner.model import Result, Status

GONE_STATES = frozenset({"deleting", "deleted", "rejected"})


def owned_elsewhere(resource: Item, scope: Scope, owner: object, what: str) -> Result | None:
    """NOT_APPLICABLE when another account owns the resource (it is judged there), else None."""
    if owner and str(owner) != scope.account_id:
        return scope.on_item(
            resource, Status.NOT_APPLICABLE, f"{what} is owned by account {owner} and judged there"
        )
    return None


def gone_verdict(resource: Item, scope: Scope, state: object, what: str) -> Result | None:
    """NOT_APPLICABLE for a resource being deleted or already deleted (it carries no traffic), else None."""
    if str(state or "").lower() in GONE_STATES:
        return scope.on_item(resource, Status.NOT_APPLICABLE, f"{what} is {state}")
    return None
