"""AWS Artifact checks: the agreements with AWS that a HITRUST scope holding protected health information
needs are accepted.

Which agreements a scope needs is the customer's decision (the 14.aws-agreements attestation covers the
rest); this check verifies the one every HIPAA-regulated scope needs, the Business Associate Addendum."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

DATASET = "artifact.customer-agreements"
# AWS names the account and the organization variants "AWS Business Associate Addendum" and "AWS Organizations
# Business Associate Addendum"; both contain this phrase.
BAA_NAME = "business associate addendum"


def _is_baa(agreement: Item) -> bool:
    return BAA_NAME in str(agreement.data.get("name", "")).lower()


def _coverage(agreement: Item) -> str:
    organization = agreement.data.get("organizationArn")
    return f"organization agreement ({organization})" if organization else "account agreement"


@check(
    id="artifact.agreement.baa-active",
    title="The AWS Business Associate Addendum is accepted for the account",
    uses=(DATASET,),
    severity=Severity.HIGH,
    rationale="HIPAA requires a business associate agreement with every provider that stores or processes "
    "protected health information; without an active BAA the account may not hold PHI on AWS.",
    remediation="In AWS Artifact, accept the AWS Organizations Business Associate Addendum from the "
    "management account (covering every account), or the account BAA in each account that holds PHI.",
)
def baa_active(scope: Scope) -> Iterator[Result]:
    """PASS when ListCustomerAgreements shows a Business Associate Addendum (account or organization) whose
    state is ACTIVE; FAIL when there is none or every one is terminated (CUSTOMER_TERMINATED or
    AWS_TERMINATED)."""
    agreements = scope.items(DATASET)
    baas = [a for a in agreements if _is_baa(a)]
    active = [a for a in baas if str(a.data.get("state", "")).upper() == "ACTIVE"]
    if active:
        for agreement in active:
            yield scope.passed(agreement, f"{agreement.name} is ACTIVE: {_coverage(agreement)}")
        return
    listing = [d for record in scope.records(DATASET) for d in record.evidence]
    for agreement in baas:
        state = agreement.data.get("state") or "in an unknown state"
        yield scope.failed(agreement, f"{agreement.name} is {state}: the account has no active BAA")
    if not baas:
        yield scope.result(
            Status.FAIL,
            scope.account_id,
            "no Business Associate Addendum is accepted for this account or its organization",
            evidence=listing,
        )
