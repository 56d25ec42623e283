"""AWS Backup checks: backup plans exist, and the vaults they write to are locked."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.dates import as_datetime, day
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _rules(plan: Item) -> list[dict[str, object]]:
    rules: list[dict[str, object]] = plan["Plan"].get("Rules") or []
    return rules


@check(
    id="backup.plan-exists",
    title="The account has a backup plan with at least one rule",
    uses=("backup.plans",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Without a backup plan nothing is backed up on a schedule, so data lost to deletion, "
    "corruption or ransomware cannot be restored.",
    remediation="Create an AWS Backup plan (or apply an organization backup policy) with rules that write to "
    "a locked vault, and assign the resources to protect to it.",
)
def backup_plan_exists(scope: Scope) -> Iterator[Result]:
    """PASS when some region of the account has a backup plan with at least one rule. Which resources the
    plans select is not judged here."""
    plans = scope.items("backup.plans")
    readable = [p for p in plans if "Plan" not in p.errors]
    with_rules = [p for p in readable if _rules(p)]
    if with_rules:
        names = ", ".join(f"{p.name} ({p.region}, {len(_rules(p))} rule(s))" for p in with_rules)
        yield scope.result(
            Status.PASS,
            scope.account_id,
            f"backup plan(s): {names}",
            evidence=[d for p in with_rules for d in p.evidence],
        )
    elif len(readable) < len(plans):
        unread = ", ".join(f"{p.name}: {p.errors['Plan']}" for p in plans if p not in readable)
        yield scope.result(
            Status.ERROR,
            scope.account_id,
            f"not evaluated: no readable plan has rules, and some plans could not be read ({unread})",
        )
    else:
        empty = f" ({len(plans)} plan(s) without rules)" if plans else ""
        yield scope.result(
            Status.FAIL,
            scope.account_id,
            f"no backup plan with a rule in any region{empty}",
            evidence=[d for p in plans for d in p.evidence],
        )


def _lock_mode(vault: Item) -> str:
    """Compliance mode has a lock date (immutable after it); governance mode has none."""
    lock_date = as_datetime(vault.data.get("LockDate"))
    return f"compliance mode, immutable from {day(lock_date)}" if lock_date else "governance mode"


@check(
    id="backup.vault-lock",
    title="Vaults that backup plans write to are locked with a minimum retention",
    uses=("backup.plans", "backup.vaults"),
    severity=Severity.MEDIUM,
    rationale="Vault Lock stops anyone, including an attacker holding administrator credentials, from "
    "deleting recovery points or shortening their retention, so backups survive a ransomware attack.",
    remediation="Apply Backup Vault Lock (PutBackupVaultLockConfiguration) with a minimum retention, in "
    "compliance mode for vaults holding critical recovery points.",
)
def vault_lock(scope: Scope) -> Iterator[Result]:
    """PASS for each vault that a backup plan rule of the region writes to (TargetBackupVaultName) when it
    is Locked with a MinRetentionDays set. Vaults no plan writes to are not judged; a plan that could not
    be read gives ERROR, since the vaults it targets are unknown."""
    vaults = {v.name: v for v in scope.items("backup.vaults")}
    targeted: dict[str, list[str]] = {}
    for plan in scope.items("backup.plans"):
        if "Plan" in plan.errors:
            yield scope.on_item(
                plan,
                Status.ERROR,
                f"not evaluated: the plan's rules could not be read: {plan.errors['Plan']}",
            )
            continue
        for rule in _rules(plan):
            targeted.setdefault(str(rule.get("TargetBackupVaultName")), []).append(plan.name)
    for name, plan_names in sorted(targeted.items()):
        used_by = f"target of plan(s) {', '.join(sorted(set(plan_names)))}"
        vault = vaults.get(name)
        if vault is None:
            yield scope.result(
                Status.FAIL,
                f"{scope.account_id}/{scope.region}/backup-vault/{name}",
                f"vault {name} ({used_by}) does not exist in the region",
            )
            continue
        minimum = vault.data.get("MinRetentionDays")
        if vault.data.get("Locked") is not True:
            yield scope.failed(vault, f"vault {name} ({used_by}) is not locked")
        elif not minimum:
            yield scope.failed(vault, f"vault {name} ({used_by}) is locked without a minimum retention")
        else:
            yield scope.passed(
                vault,
                f"vault {name} ({used_by}) is locked ({_lock_mode(vault)}), minimum retention {minimum} days",
            )
