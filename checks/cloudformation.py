"""CloudFormation landing-zone baseline checks: the baseline StackSets reach every account they target and are
current there, and baseline stacks have not drifted from their templates."""

from __future__ import annotations

from typing import Any

from checks._lib.security_services import account_label
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# A stack instance is current when its stack matches the stack set (Status CURRENT) and its last operation
# succeeded (StackInstanceStatus.DetailedStatus SUCCEEDED).
# https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceSummary.html
CURRENT = "CURRENT"
SUCCEEDED = "SUCCEEDED"
# StackSets name the stacks they create "StackSet-<stack set name>-<id>"; other stacks are baseline stacks
# when tagged so.
STACK_SET_PREFIX = "StackSet-"
BASELINE_TAG = ("controlmap:baseline", "true")


def _instance_problem(instance: dict[str, Any]) -> str | None:
    status = str(instance.get("Status") or "unknown")
    detailed = str((instance.get("StackInstanceStatus") or {}).get("DetailedStatus") or "")
    if status == CURRENT and detailed in ("", SUCCEEDED):
        return None
    reason = f": {instance['StatusReason']}" if instance.get("StatusReason") else ""
    where = f"{instance.get('Account', '?')}/{instance.get('Region', '?')}"
    return f"{where} is {status}{f' ({detailed})' if detailed else ''}{reason}"


def _untargeted_accounts(stack_set: Item, scope: Scope, instances: list[dict[str, Any]]) -> list[str]:
    """Active accounts under the stack set's target OUs (or root) that have no stack instance at all."""
    org = scope.org
    targets = set(stack_set["StackSet"].get("OrganizationalUnitIds") or [])
    if org is None or not targets:
        return []
    deployed = {str(i.get("Account")) for i in instances}
    return [
        account_label(scope, account)
        for account in org.active_account_ids()
        if account != org.management_account_id  # service-managed sets never deploy to the management account
        and account not in deployed
        and any(node.node_id in targets for node in org.path(account))
    ]


@check(
    id="cloudformation.stack-set.deployment-current",
    title="Baseline StackSets auto-deploy and are current in every account they target",
    for_each="cloudformation.stack-sets",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="The landing zone applies its baseline (roles, rules, notifications) to every account through "
    "StackSets; an account the set never reached, an instance left outdated after a failed operation, or a "
    "service-managed set that does not auto-deploy to new accounts leaves accounts without the baseline "
    "the inherited controls rest on.",
    remediation="Enable automatic deployment on the service-managed stack set (update-stack-set "
    "--auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false), fix the cause given in each "
    "instance's StatusReason, and re-run update-stack-instances for the outdated ones.",
)
def deployment_current(stack_set: Item, scope: Scope) -> Result:
    """PASS when every stack instance is CURRENT with its last operation SUCCEEDED, a SERVICE_MANAGED set has
    automatic deployment enabled, and (when the organization was scanned) every active member account under
    the OUs it targets has an instance. Otherwise FAIL naming each gap; a set without instances fails too.
    ERROR when the set's detail or instances could not be read."""
    detail = stack_set["StackSet"]
    instances: list[dict[str, Any]] = stack_set["Instances"]
    problems = [p for p in (_instance_problem(i) for i in instances) if p]
    targets: list[str] = []
    if str(detail.get("PermissionModel", "")).upper() == "SERVICE_MANAGED":
        if (detail.get("AutoDeployment") or {}).get("Enabled") is not True:
            problems.insert(0, "automatic deployment to new accounts is off")
        missing = _untargeted_accounts(stack_set, scope, instances)
        if missing:
            problems.append(f"no instance in targeted account(s) {', '.join(missing)}")
        targets = sorted(str(t) for t in detail.get("OrganizationalUnitIds") or [])
    if not instances:
        problems.append("the stack set has no stack instances")
    if problems:
        return scope.failed(stack_set, f"{stack_set.name}: {'; '.join(problems)}")
    if targets and scope.org is None:
        # Which accounts sit under the target OUs is known only from the organization: an account left
        # without an instance cannot be ruled out.
        return scope.on_item(
            stack_set,
            Status.ERROR,
            f"not evaluated: {stack_set.name} targets {', '.join(targets)}, but the organization was not "
            "read, so whether every account there has an instance is unknown",
        )
    accounts = len({i.get("Account") for i in instances})
    return scope.passed(
        stack_set, f"{stack_set.name}: {len(instances)} instance(s) in {accounts} account(s) current"
    )


def is_baseline_stack(stack: Item) -> bool:
    tags = {str(t.get("Key")): str(t.get("Value")) for t in stack.data.get("Tags") or []}
    key, value = BASELINE_TAG
    return stack.name.startswith(STACK_SET_PREFIX) or tags.get(key, "").lower() == value


@check(
    id="cloudformation.stack.drift-in-sync",
    title="Baseline stacks were checked for drift and are in sync with their templates",
    for_each="cloudformation.stacks",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A baseline stack whose resources were changed by hand no longer enforces what its template "
    "says, while the stack itself still looks healthy; only drift detection shows it, and a stack never "
    "checked gives no assurance either way.",
    remediation="Run drift detection on a schedule (aws cloudformation detect-stack-drift, or the "
    "cloudformation-stack-drift-detection-check Config rule) and bring drifted resources back to the "
    "template or the template up to date.",
)
def drift_in_sync(stack: Item, scope: Scope) -> Result:
    """Judges only baseline stacks: those StackSets created (named StackSet-...) or tagged
    controlmap:baseline=true; other stacks are not applicable. PASS when the last drift detection reported
    IN_SYNC; FAIL when it reported DRIFTED or drift was never detected (NOT_CHECKED: nothing shows the stack
    still matches); ERROR when the status is UNKNOWN or not reported. The scanner never starts a detection,
    which would be a write."""
    if not is_baseline_stack(stack):
        return scope.on_item(
            stack, Status.NOT_APPLICABLE, "not a baseline stack (not from a StackSet, not tagged)"
        )
    drift = stack.data.get("DriftInformation") or {}
    status = str(drift.get("StackDriftStatus") or "")
    checked = drift.get("LastCheckTimestamp")
    when = f" (last checked {checked})" if checked else ""
    if status == "IN_SYNC":
        return scope.passed(stack, f"in sync with its template{when}")
    if status == "DRIFTED":
        return scope.failed(stack, f"drifted from its template{when}")
    if status == "NOT_CHECKED":
        return scope.failed(stack, "drift has never been detected on this baseline stack")
    return scope.on_item(stack, Status.ERROR, f"not evaluated: drift status {status or 'not reported'}")
