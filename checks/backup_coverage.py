"""AWS Backup coverage checks: plans select resources, copy recovery points off-site, locked vaults deny
deleting recovery points, and resources tagged backup=required are protected."""

from __future__ import annotations

from typing import Any

from scanner.checkapi import Scope, check
from scanner.facts import BACKUP_REQUIRED_TAG
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.policy import PolicyError, parse_policy
from scanner.policy.analysis import RequestFamily, deny_coverage


@check(
    id="backup.plan.has-selection",
    title="Each backup plan has a resource selection",
    for_each="backup.plan-selections",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A plan without a resource selection (resource assignment) backs nothing up: its schedule "
    "and retention look right on paper while no recovery point is ever made.",
    remediation="Assign resources to the plan (CreateBackupSelection), by tag such as backup=required or by "
    "ARN, or delete the unused plan.",
)
def plan_has_selection(plan: Item, scope: Scope) -> Result:
    """PASS when the backup plan has at least one resource selection (ListBackupSelections is not empty).
    What the selections match is judged by backup.resource.protected."""
    selections = plan["Selections"]
    if not selections:
        return scope.failed(plan, f"plan {plan.name} has no resource selection, so it backs nothing up")
    names = ", ".join(str(s.get("SelectionName") or s.get("SelectionId")) for s in selections)
    return scope.passed(plan, f"plan {plan.name} has {len(selections)} resource selection(s): {names}")


def _vault_location(vault_arn: str) -> tuple[str, str] | None:
    """(region, account) of a backup vault ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME)."""
    parts = vault_arn.split(":")
    if len(parts) < 7 or parts[2] != "backup" or not parts[3] or not parts[4]:
        return None
    return parts[3], parts[4]


def _off_site_copies(plan: Item, scope: Scope) -> tuple[list[str], list[str]]:
    """The plan's copy destinations in another region or account, and destinations that could not be read."""
    off_site: list[str] = []
    unreadable: list[str] = []
    for rule in plan["Plan"].get("Rules") or []:
        for copy in rule.get("CopyActions") or []:
            destination = str(copy.get("DestinationBackupVaultArn") or "")
            location = _vault_location(destination)
            if location is None:
                unreadable.append(f"{rule.get('RuleName')}: {destination or 'no destination'}")
            elif location != (plan.region, scope.account_id):
                off_site.append(f"{rule.get('RuleName')} -> {destination}")
    return off_site, unreadable


@check(
    id="backup.plan.copies-off-site",
    title="Backup plans copy recovery points to another region or account",
    for_each="backup.plans",
    uses=(),
    severity=Severity.HIGH,
    rationale="Recovery points kept only in the source region and account are lost with them: a regional "
    "outage, or an attacker who controls the account, takes the backups along with the data.",
    remediation="Add a copy action to the plan's rules (CopyActions with DestinationBackupVaultArn) naming a "
    "locked vault in another region or in a central backup account.",
)
def plan_copies_off_site(plan: Item, scope: Scope) -> Result:
    """PASS when at least one rule of the backup plan has a copy action whose destination vault ARN names a
    region or account other than the plan's own. A plan whose rules only keep recovery points in place is a
    FAIL; a copy destination that is not a readable backup vault ARN gives ERROR when nothing else
    qualifies."""
    off_site, unreadable = _off_site_copies(plan, scope)
    if off_site:
        return scope.passed(plan, f"plan {plan.name} copies off-site: {'; '.join(off_site)}")
    if unreadable:
        return scope.on_item(
            plan,
            Status.ERROR,
            f"not evaluated: plan {plan.name} copies to destinations that are not vault ARNs: "
            f"{'; '.join(unreadable)}",
        )
    return scope.failed(
        plan, f"no rule of plan {plan.name} copies recovery points to another region or account"
    )


# A vault holds recovery points of several ARN forms (AWS Backup recovery points, EC2 snapshots and AMIs),
# so only a Deny on every resource ("*") covers them all; a narrower Resource is reported as not proven.
DELETE_RECOVERY_POINTS = RequestFamily(("backup:DeleteRecoveryPoint",), ("*",), {})


@check(
    id="backup.vault.denies-recovery-point-deletion",
    title="Locked backup vaults' access policies deny deleting recovery points to everyone",
    for_each="backup.vault-access-policies",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Vault Lock enforces retention, but until the lock's grace period ends (or for a governance "
    "mode lock, for anyone allowed to remove it) an administrator can still delete recovery points; a Deny "
    "in the vault access policy is the documented second barrier.",
    remediation='Put a vault access policy with {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": '
    '"backup:DeleteRecoveryPoint", "Resource": "*"} (PutBackupVaultAccessPolicy).',
)
def vault_denies_recovery_point_deletion(vault: Item, scope: Scope) -> Result:
    """PASS for each locked vault (Vault Lock applied) whose access policy, evaluated by the policy engine,
    explicitly denies backup:DeleteRecoveryPoint on every resource to every principal with no condition a
    request could escape. A locked vault without an access policy is a FAIL; vaults that are not locked are
    not applicable (backup.vault-lock judges them). An unparseable policy is an ERROR."""
    if vault.data.get("Locked") is not True:
        return scope.on_item(vault, Status.NOT_APPLICABLE, f"vault {vault.name} is not locked")
    text = vault["AccessPolicy"]
    if text is None:
        return scope.failed(vault, f"locked vault {vault.name} has no access policy denying deletion")
    try:
        policy = parse_policy(text, f"access policy of vault {vault.name}")
    except PolicyError as exc:
        return scope.on_item(vault, Status.ERROR, f"not evaluated: {exc}")
    coverage = deny_coverage([policy], DELETE_RECOVERY_POINTS)
    details: dict[str, Any] = {"deciding_statements": [s.cite() for s in coverage.proofs]}
    if coverage.complete:
        labels = ", ".join(s.label for s in coverage.proofs)
        return scope.passed(
            vault, f"vault {vault.name} denies DeleteRecoveryPoint to everyone ({labels})", details=details
        )
    details["statements_considered"] = list(coverage.near_misses)
    why = f": {'; '.join(coverage.near_misses)}" if coverage.near_misses else " (no Deny statement for it)"
    return scope.failed(
        vault, f"vault {vault.name} does not deny DeleteRecoveryPoint to everyone{why}", details=details
    )


@check(
    id="backup.resource.protected",
    title="Resources tagged backup=required are backed up by AWS Backup",
    for_each="backup.required-resources",
    uses=(),
    severity=Severity.HIGH,
    rationale="The backup=required tag records that losing the resource's data is unacceptable; unless a "
    "plan's selection matches it and a recovery point exists, the tag is a promise nobody keeps.",
    remediation="Add a resource selection matching the tag backup=required to a backup plan "
    "(CreateBackupSelection with ListOfTags or Conditions), and confirm the first backup job completes.",
)
def resource_protected(resource: Item, scope: Scope) -> Result:
    """PASS for each resource of the region tagged backup=required that AWS Backup lists as a protected
    resource (it has at least one recovery point), naming its last backup time. A tagged resource with no
    recovery point (not selected by any plan, or its backups never succeeded) is a FAIL."""
    key, value = BACKUP_REQUIRED_TAG
    protection = resource.data.get("Protection")
    if not protection:
        return scope.failed(resource, f"tagged {key}={value} but AWS Backup holds no recovery point of it")
    last = protection.get("LastBackupTime")
    vault = protection.get("LastBackupVaultArn")
    where = f" in {vault}" if vault else ""
    return scope.passed(
        resource, f"protected by AWS Backup, last backup {last or 'time not reported'}{where}"
    )
