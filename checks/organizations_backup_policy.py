"""The organization backup policy: where the organization uses backup policies, one applies to every
account and defines a plan that actually backs up into a vault."""

from __future__ import annotations

import json
from collections.abc import Mapping

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

DATASET = "organizations.effective-backup-policy"


def _assigned(value: object) -> object:
    """A policy element's value; effective policies carry plain values, but tolerate {"@@assign": value} as
    attached policies write it."""
    return value["@@assign"] if isinstance(value, dict) and "@@assign" in value else value


def complete_plans(content: Mapping[str, object]) -> list[str]:
    """The plans of an effective backup policy with at least one rule naming a target backup vault (policy
    syntax: plans -> <plan> -> rules -> <rule> -> target_backup_vault_name), sorted."""
    plans = _assigned(content.get("plans"))
    found = []
    for plan_name, plan in plans.items() if isinstance(plans, dict) else ():
        rules = _assigned(plan.get("rules")) if isinstance(plan, dict) else None
        for rule in rules.values() if isinstance(rules, dict) else ():
            vault = _assigned(rule.get("target_backup_vault_name")) if isinstance(rule, dict) else None
            if str(vault or "").strip():
                found.append(str(plan_name))
                break
    return sorted(found)


def _accounts_with_policy(scope: Scope) -> tuple[dict[str, Item], list[str]]:
    """The other accounts of the organization that have an effective backup policy (with that policy), and
    those whose effective backup policy was not read (unavailable, or not scanned)."""
    with_policy: dict[str, Item] = {}
    unread: list[str] = []
    others = sorted(set(scope.org.active_account_ids()) - {scope.account_id}) if scope.org else []
    for account in others:
        records = scope.records(DATASET, account_id=account)
        if not records or not all(record.available for record in records):
            unread.append(account)
        for item in (item for record in records for item in record.items if item.data.get("PolicyContent")):
            with_policy[account] = item
    return with_policy, unread


@check(
    id="organizations.backup-policy.applies",
    title="An organization backup policy with a complete plan applies to the account (where used)",
    for_each=DATASET,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A backup policy attached in the organization gives every account the same backup plan, which "
    "account administrators cannot remove; an account left outside it is backed up only if someone "
    "remembered to.",
    remediation="Enable backup policies in the organization and attach to the root (or every workload OU) a "
    "backup policy with a plan whose rules name a target backup vault, and create that vault in each "
    "account and region.",
)
def backup_policy_applies(policy: Item, scope: Scope) -> Result:
    """PASS when the account's effective backup policy (DescribeEffectivePolicy BACKUP_POLICY) defines at
    least one plan with a rule naming a target backup vault. FAIL when it defines none, or when no backup
    policy applies while other accounts of the organization have one. NOT_APPLICABLE when no account of the
    organization has an effective backup policy (the organization does not use them). ERROR when the policy
    is not a JSON object, or when this account has none and some other account's policy could not be read
    (or the organization was not read), since whether the organization uses backup policies is unknown."""
    raw = policy.data.get("PolicyContent")
    if raw:
        try:
            content = json.loads(str(raw))
        except ValueError:
            content = None
        if not isinstance(content, dict):
            return scope.on_item(
                policy, Status.ERROR, "not evaluated: the effective backup policy is not JSON"
            )
        plans = complete_plans(content)
        if plans:
            return scope.passed(policy, f"the effective backup policy defines plan(s) {', '.join(plans)}")
        return scope.failed(
            policy, "the effective backup policy defines no plan with a rule and target vault"
        )
    if scope.org is None:
        return scope.on_item(
            policy,
            Status.ERROR,
            "not evaluated: no backup policy applies here, and without the organization it is unknown "
            "whether other accounts use one (scan with --org)",
        )
    with_policy, unread = _accounts_with_policy(scope)
    if with_policy:
        return scope.failed(
            policy,
            f"no backup policy applies here, while {len(with_policy)} other account(s) of the organization "
            f"have one ({', '.join(with_policy)})",
            evidence=[digest for other in with_policy.values() for digest in other.evidence],
        )
    if unread:
        return scope.on_item(
            policy,
            Status.ERROR,
            f"not evaluated: no backup policy applies here, and the effective backup policy of "
            f"{len(unread)} other account(s) was not read ({', '.join(unread)})",
        )
    return scope.on_item(
        policy, Status.NOT_APPLICABLE, "no account of the organization has an effective backup policy"
    )
