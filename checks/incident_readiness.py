"""Incident readiness checks: Incident Manager has response plans, the account holds its own automation
runbooks, and where Shield Advanced is subscribed the Shield Response Team has access and emergency contacts
are set."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _present_in_account(scope: Scope, dataset: str, noun: str) -> Result:
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
    yield _present_in_account(scope, "ssm-incidents.response-plans", "Incident Manager response plan")


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
    yield _present_in_account(scope, "ssm.automation-runbooks", "own Automation runbook")


@check(
    id="shield.drt-access",
    title="The Shield Response Team has access and emergency contacts are set where Shield Advanced is used",
    for_each="shield.subscription",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="During a DDoS attack the Shield Response Team can only write WAF rules for the account if it "
    "was granted a role beforehand, and proactive engagement needs emergency contacts to call.",
    remediation="aws shield associate-drt-role --role-arn ARN (a role trusting drt.shield.amazonaws.com with "
    "AWSShieldDRTAccessPolicy) and aws shield update-emergency-contact-settings with at least one contact.",
)
def drt_access(subscription: Item, scope: Scope) -> Result:
    """PASS when the account subscribes to Shield Advanced (subscription state ACTIVE), DescribeDRTAccess
    names a role the Shield Response Team may use, and at least one emergency contact is set. Accounts
    without an active subscription are not applicable."""
    state = str(subscription.data.get("SubscriptionState", ""))
    if state != "ACTIVE":
        return scope.on_item(
            subscription,
            Status.NOT_APPLICABLE,
            f"no active Shield Advanced subscription ({state or 'unknown'})",
        )
    role = (subscription["DrtAccess"] or {}).get("RoleArn")
    contacts = subscription["EmergencyContacts"]
    problems = [
        *([] if role else ["no role is associated for the Shield Response Team"]),
        *([] if contacts else ["no emergency contact is set"]),
    ]
    if problems:
        return scope.failed(subscription, f"Shield Advanced is active but {' and '.join(problems)}")
    buckets = (subscription["DrtAccess"] or {}).get("LogBucketList") or []
    shared = f", log buckets {', '.join(buckets)}" if buckets else ""
    return scope.passed(
        subscription,
        f"Shield Response Team may use {role}{shared}; {len(contacts)} emergency contact(s)",
    )
