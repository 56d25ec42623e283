"""Shield Advanced subscription checks: where Shield Advanced is used, the Shield Response Team has access and
emergency contacts are set."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


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
