"""Whether an account holds at least one resource of a kind anywhere in its scanned regions (response plans,
runbooks): one result per account naming what was found."""

from __future__ import annotations

from scanner.checkapi import Scope
from scanner.model import Result, Status


def present_in_account(scope: Scope, dataset: str, noun: str) -> Result:
    """PASS naming every item of the dataset across the account's scanned regions; FAIL when there is none."""
    found = scope.items(dataset)
    if not found:
        return scope.result(Status.FAIL, scope.account_id, f"no {noun} in any scanned region")
    names = ", ".join(sorted(f"{i.name} ({i.region})" for i in found))
    return scope.result(
        Status.PASS,
        scope.account_id,
        f"{len(found)} {noun}(s): {names}",
        evidence=[d for i in found for d in i.evidence],
    )
