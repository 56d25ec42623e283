"""Systems Manager runbook checks: the account holds its own automation runbooks for incident response."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.presence import present_in_account
from scanner.checkapi import Per, Scope, check
from scanner.model import Result, Severity


@check(
    id="ssm.response-runbooks-exist",
    title="The account holds its own Systems Manager automation runbooks",
    uses=("ssm.automation-runbooks",),
    per=Per.ACCOUNT,
    severity=Severity.LOW,
    rationale="Automated containment (isolate an instance, revoke a key, remove an open security group rule) "
    "is fast and repeatable only if the runbooks exist before the incident; their presence is an indicator, "
    "not proof that they are the right ones.",
    remediation="Write Systems Manager Automation documents for the response steps in the incident response "
    "plan (in the security account) and reference them from the Incident Manager response plans.",
)
def response_runbooks_exist(scope: Scope) -> Iterator[Result]:
    """PASS when the account owns at least one Systems Manager document of type Automation in any scanned
    region (AWS-owned and shared documents do not count); none is a FAIL. What the runbooks do is not
    judged."""
    yield present_in_account(scope, "ssm.automation-runbooks", "own Automation runbook")
