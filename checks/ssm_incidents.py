"""Incident Manager checks: the account has response plans ready before an incident."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.presence import present_in_account
from scanner.checkapi import Per, Scope, check
from scanner.model import Result, Severity


@check(
    id="ssm-incidents.response-plan-exists",
    title="Incident Manager has at least one response plan",
    uses=("ssm-incidents.response-plans",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="A response plan decides in advance who is engaged, which runbook starts and where responders "
    "talk when an alarm or finding opens an incident; without one, response starts with improvisation.",
    remediation="Onboard AWS Systems Manager Incident Manager in the security account (replication set, "
    "contacts, escalation plan) and create a response plan with engagements and a runbook.",
)
def response_plan_exists(scope: Scope) -> Iterator[Result]:
    """PASS when Incident Manager lists at least one response plan in any scanned region of the account; no
    plan in any region is a FAIL."""
    yield present_in_account(scope, "ssm-incidents.response-plans", "Incident Manager response plan")
