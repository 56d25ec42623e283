"""AWS Config checks: recording everywhere, delivery to the log archive, an organization aggregator, rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks._lib.log_archive import log_archive_home
from checks._lib.security_services import account_label
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

SSL_REQUESTS_ONLY = "S3_BUCKET_SSL_REQUESTS_ONLY"


def is_active(rule: Item) -> bool:
    """ACTIVE, or EVALUATING (an active rule during an evaluation someone started); not being deleted."""
    return str(rule.data.get("ConfigRuleState", "ACTIVE")).upper() in ("ACTIVE", "EVALUATING")


def managed_identifier(rule: Item) -> str | None:
    """The AWS managed rule identifier of an active rule, else None. Rules deployed by an organization rule
    (named OrgConfigRule-... in member accounts) or a conformance pack keep the managed rule's identifier,
    so the identifier, never the name, says which rule it is."""
    source = rule.data.get("Source") or {}
    if source.get("Owner") != "AWS" or not is_active(rule):
        return None
    identifier = source.get("SourceIdentifier")
    return str(identifier) if identifier else None


def aggregator_accounts(scope: Scope) -> list[str]:
    """The accounts expected to run the organization aggregator: the audit account, else the security one."""
    return scope.accounts_in_role("audit") or scope.accounts_in_role("security")


# No account known in either role (the organization was not read, or holds none): the aggregator's account is
# unknown, and answering NOT_APPLICABLE everywhere would hide a missing aggregator.
NO_AGGREGATOR_ACCOUNT = (
    "not evaluated: no account holds the audit or security role (was the organization read?), so which "
    "account must run the organization aggregator is unknown"
)


def _records_all_types(recorder: Item) -> bool:
    group: dict[str, Any] = recorder.data.get("recordingGroup") or {}
    strategy = (group.get("recordingStrategy") or {}).get("useOnly")
    return bool(group.get("allSupported")) and strategy in (None, "ALL_SUPPORTED_RESOURCE_TYPES")


def _recorder_problem(recorder: Item) -> str:
    """Why the recorder falls short, or "" when it records all supported types and is recording."""
    status = recorder["Status"]
    if not status.get("recording"):
        return "is not recording"
    if str(status.get("lastStatus", "")).upper() == "FAILURE":
        return f"last recording failed ({status.get('lastErrorCode', 'no error code')})"
    if not _records_all_types(recorder):
        return "does not record all supported resource types"
    return ""


@check(
    id="config.recorder-all-resources",
    title="A Config recorder records all supported resource types in every region",
    uses=("config.recorders",),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="The configuration history is the inventory of assets and the record of every change; a region "
    "or resource type that is not recorded has neither.",
    remediation="In every region, configure the recorder with allSupported (recording strategy "
    "ALL_SUPPORTED_RESOURCE_TYPES), include global resource types in one region, and start it.",
)
def recorder_all_resources(scope: Scope) -> Iterator[Result]:
    """PASS for each scanned region whose recorder is recording, did not last fail, and records all
    supported resource types; FAIL for a region without a recorder. One more FAIL when every recorder passes
    but none of the scanned regions records the global resource types (IAM)."""
    all_good: list[Item] = []
    failed = False
    for record in scope.records("config.recorders"):
        if not record.available:
            continue  # a disabled region: its per-region checks report it
        region = record.key.region
        if not record.items:
            failed = True
            yield scope.result(
                Status.FAIL, f"{scope.account_id}/{region}", "no configuration recorder here", region=region
            )
        for recorder in record.items:
            problem = _recorder_problem(recorder)
            if problem:
                failed = True
                yield scope.failed(recorder, f"recorder {recorder.name} {problem}")
            else:
                all_good.append(recorder)
                yield scope.passed(recorder, f"recorder {recorder.name} records all supported resource types")
    globals_recorded = [
        r for r in all_good if (r.data.get("recordingGroup") or {}).get("includeGlobalResourceTypes")
    ]
    if all_good and not failed and not globals_recorded:
        yield scope.result(
            Status.FAIL,
            scope.account_id,
            "no scanned region's recorder includes global resource types (IAM users, roles, policies)",
            evidence=[d for r in all_good for d in r.evidence],
        )


@check(
    id="config.delivery-channel",
    title="Config delivers to a bucket in the log-archive account",
    uses=("config.delivery-channels", "s3.buckets"),
    severity=Severity.MEDIUM,
    rationale="Configuration snapshots and history kept in the log-archive account survive a compromise of "
    "the account they describe.",
    remediation="Point the delivery channel at the central Config bucket in the log-archive account.",
)
def delivery_channel(scope: Scope) -> Iterator[Result]:
    """PASS for each delivery channel in the region whose S3 bucket is one of the log-archive account's
    buckets (found in that account's collected bucket inventory); FAIL when there is no channel. ERROR when
    the log-archive account's buckets could not be read."""
    channels = scope.items("config.delivery-channels")
    if not channels:
        yield scope.result(
            Status.FAIL, f"{scope.account_id}/{scope.region}", "no Config delivery channel here"
        )
    for channel in channels:
        bucket = channel.data.get("s3BucketName", "")
        home = log_archive_home(scope, bucket)
        yield scope.on_item(
            channel, home.status, f"channel {channel.name}: {home.message}", evidence=home.evidence
        )


@check(
    id="config.aggregator",
    title="The audit account runs an organization-wide Config aggregator",
    uses=("config.aggregators",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="An organization aggregator gives the audit team one view of every account's configuration "
    "and compliance, including accounts created later.",
    remediation="In the audit (or security) account, as the Config delegated administrator, create an "
    "aggregator with an organization source over all regions.",
)
def org_aggregator(scope: Scope) -> Iterator[Result]:
    """In the audit account (the security account when there is no audit account): PASS when it has an
    aggregator with an organization source covering all regions (or every scanned region). Not applicable
    in other accounts."""
    designated = aggregator_accounts(scope)
    if not designated:
        yield scope.result(Status.ERROR, scope.account_id, NO_AGGREGATOR_ACCOUNT)
        return
    if scope.account_id not in designated:
        names = ", ".join(account_label(scope, a) for a in designated)
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, f"the aggregator belongs to the audit account ({names})"
        )
        return
    aggregators = scope.items("config.aggregators")
    for aggregator in aggregators:
        source = aggregator.data.get("OrganizationAggregationSource")
        if not source:
            continue
        covered = set(source.get("AwsRegions") or [])
        if source.get("AllAwsRegions") or covered >= set(scope.regions):
            yield scope.passed(aggregator, f"organization aggregator {aggregator.name} covers all regions")
            return
    found = ", ".join(sorted({a.name for a in aggregators})) or "none"
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no organization aggregator over all regions (aggregators here: {found})",
        evidence=[d for a in aggregators for d in a.evidence],
    )


@check(
    id="config.rule-s3-ssl-requests-only",
    title="The s3-bucket-ssl-requests-only Config rule is deployed",
    uses=("config.rules",),
    severity=Severity.MEDIUM,
    rationale="The managed rule flags any bucket whose policy accepts plain-HTTP requests, continuously and "
    "for buckets created later.",
    remediation="Deploy the managed rule s3-bucket-ssl-requests-only in every region (as an organization "
    "config rule or in a conformance pack).",
)
def rule_s3_ssl_requests_only(scope: Scope) -> Iterator[Result]:
    """PASS when an active AWS managed rule with source identifier S3_BUCKET_SSL_REQUESTS_ONLY exists in the
    region (an account rule, or one deployed by an organization rule or conformance pack). The rule's
    compliance results are not judged here."""
    rules = scope.items("config.rules")
    for rule in rules:
        if managed_identifier(rule) == SSL_REQUESTS_ONLY:
            yield scope.passed(rule, f"rule {rule.name} ({SSL_REQUESTS_ONLY}) is active here")
            return
    yield scope.result(
        Status.FAIL,
        f"{scope.account_id}/{scope.region}",
        f"no active {SSL_REQUESTS_ONLY} rule among the {len(rules)} Config rules here",
        evidence=[d for r in rules for d in r.evidence],
    )
