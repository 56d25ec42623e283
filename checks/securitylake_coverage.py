"""Amazon Security Lake coverage: where an account holds Security Lake data lakes (the delegated
administrator, or a standalone account), it has one in every scanned region, each created, keeping its data
long enough and collecting the core AWS sources for every account of the organization.

Security Lake is optional (CloudTrail, Config and Security Hub aggregation meet the logging controls without
it), so accounts without any data lake are not applicable: this check judges completeness where it is used."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checks.logs import MINIMUM_RETENTION_DAYS
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

DATA_LAKES = "securitylake.data-lakes"
# The sources the control names (seed P10, 003 L2232-2257: Security Hub findings; CloudTrail management
# events, VPC flow logs and Route 53 resolver queries), as ListLogSources' awsLogSource.sourceName values.
REQUIRED_SOURCES = ("SH_FINDINGS", "CLOUD_TRAIL_MGMT", "VPC_FLOW", "ROUTE53")
# At most this many accounts are named in a message; the count says how many there are.
NAMED_ACCOUNTS = 5


def _regions_read(scope: Scope) -> list[str]:
    """The regions whose data lake listing was read: a region the account has not enabled is skipped (the
    per-region checks report it), and any other unreadable region makes the evaluator report ERROR instead
    of running the check."""
    return sorted(record.key.region for record in scope.records(DATA_LAKES) if record.available)


def _sources_by_account(log_sources: list[Mapping[str, Any]], region: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entry in log_sources:
        if entry.get("region", region) != region:
            continue
        names = {
            str((source.get("awsLogSource") or {}).get("sourceName", ""))
            for source in entry.get("sources") or []
        }
        found.setdefault(str(entry.get("account", "")), set()).update(names)
    return found


def _lake_result(lake: Item, scope: Scope) -> Result:
    problems: list[str] = []
    status = str(lake.data.get("createStatus", "")).upper()
    if status != "COMPLETED":
        problems.append(f"creation is {status or 'in an unknown state'}, not COMPLETED")
    expiration = ((lake.data.get("lifecycleConfiguration") or {}).get("expiration") or {}).get("days")
    if expiration is not None and int(expiration) < MINIMUM_RETENTION_DAYS:
        problems.append(f"data expires after {expiration} days (minimum {MINIMUM_RETENTION_DAYS})")
    if lake.errors.get("LogSources") is not None:
        return scope.on_item(
            lake,
            Status.ERROR,
            f"not evaluated: the log sources could not be read: {lake.errors['LogSources']}",
        )
    collected = _sources_by_account(lake["LogSources"] or [], lake.region)
    incomplete = {
        account: [s for s in REQUIRED_SOURCES if s not in collected.get(account, set())]
        for account in sorted(scope.organization_accounts())
    }
    incomplete = {account: missing for account, missing in incomplete.items() if missing}
    if incomplete:
        named = "; ".join(
            f"{account} lacks {', '.join(missing)}"
            for account, missing in list(incomplete.items())[:NAMED_ACCOUNTS]
        )
        more = len(incomplete) - NAMED_ACCOUNTS
        suffix = f" (+{more} more)" if more > 0 else ""
        problems.append(f"{len(incomplete)} account(s) not fully collected: {named}{suffix}")
    if problems:
        return scope.failed(lake, f"data lake in {lake.region}: {'; '.join(problems)}")
    kept = f"kept {expiration} days" if expiration is not None else "kept without expiration"
    return scope.passed(
        lake,
        f"data lake in {lake.region} is COMPLETED, {kept}, and collects {', '.join(REQUIRED_SOURCES)} for "
        f"all {len(scope.organization_accounts())} account(s)",
    )


@check(
    id="securitylake.data-lake.complete",
    title="Security Lake has a complete data lake in every region, with retention and the core sources",
    uses=(DATA_LAKES,),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="A Security Lake that misses a region, expires data early or does not collect CloudTrail, "
    "Security Hub, VPC flow and Route 53 logs from every account leaves gaps investigators and subscribers "
    "do not see.",
    remediation="From the delegated administrator, create the data lake in every region in use with an "
    f"expiration of at least {MINIMUM_RETENTION_DAYS} days (or none), and add the CloudTrail management, "
    "Security Hub findings, VPC flow log and Route 53 resolver sources for all accounts.",
)
def data_lake_complete(scope: Scope) -> Iterator[Result]:
    """In an account with at least one Security Lake data lake: FAIL for each scanned region without one;
    for each data lake PASS when createStatus is COMPLETED, lifecycle expiration is absent (kept
    indefinitely) or at least MINIMUM_RETENTION_DAYS (365, the log retention baseline of checks.logs), and
    ListLogSources shows SH_FINDINGS, CLOUD_TRAIL_MGMT, VPC_FLOW and ROUTE53 for every organization account
    (without an organization read: this account), else FAIL. Accounts without any data lake are not
    applicable (Security Lake is optional); unreadable log sources are ERROR."""
    lakes = scope.items(DATA_LAKES)
    if not lakes:
        yield scope.result(
            Status.NOT_APPLICABLE,
            scope.account_id,
            "no Security Lake data lake in this account (optional; judged where the data lakes are)",
        )
        return
    with_lake = {lake.region for lake in lakes}
    for region in _regions_read(scope):
        if region not in with_lake:
            yield scope.result(
                Status.FAIL,
                f"{scope.account_id}/{region}",
                f"no Security Lake data lake in {region} (this account has one in "
                f"{', '.join(sorted(with_lake))})",
                region=region,
            )
    for lake in lakes:
        yield _lake_result(lake, scope)
