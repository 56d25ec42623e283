"""AWS Config compliance: what the deployed rules, the aggregator and the conformance packs report, not only
that they exist."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from checks._lib.security_services import account_label
from checks.config import (
    NO_AGGREGATOR_ACCOUNT,
    SSL_REQUESTS_ONLY,
    aggregator_accounts,
    is_active,
    managed_identifier,
)
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The S3 managed rules the FSI Athena guidance (seed 000, "automating audits") expects besides the TLS rule;
# identifiers as listed in the AWS Config managed rules reference.
S3_BASELINE_RULES: dict[str, str] = {
    "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED": "default encryption",
    "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED": "bucket-level public access",
    "S3_BUCKET_PUBLIC_READ_PROHIBITED": "public read",
    "S3_BUCKET_PUBLIC_WRITE_PROHIBITED": "public write",
    "S3_BUCKET_LOGGING_ENABLED": "server access logging",
    "S3_BUCKET_VERSIONING_ENABLED": "versioning",
}
# The tags the Macie remediation workflow (seed 003, P01) scans and routes by.
MACIE_TAG_KEYS = ("RequireMacieScan", "BucketOwner")
REQUIRED_TAGS = "REQUIRED_TAGS"
S3_BUCKET_TYPE = "AWS::S3::Bucket"
CUSTOM_OWNERS = ("CUSTOM_LAMBDA", "CUSTOM_POLICY")
# A pack being updated still runs its previous rules; one that failed to create or update does not.
DEPLOYED_PACK_STATES = ("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_IN_PROGRESS")
OFFENDERS_SHOWN = 5


def _region_id(scope: Scope, what: str = "") -> str:
    return f"{scope.account_id}/{scope.region}" + (f"/config-rule/{what}" if what else "")


def _buckets_here(scope: Scope) -> bool | None:
    """Whether this account has a bucket in the scope's region; None when a bucket's region is unknown."""
    buckets = scope.items("s3.buckets")
    if any(b.region == scope.region and "Location" not in b.errors for b in buckets):
        return True
    if any("Location" in b.errors for b in buckets):
        return None
    return False


def _without_verdict(
    scope: Scope, resource_id: str, why: str, buckets_here: bool | None, **kw: Any
) -> Result:
    """The result when nothing reports on this region's buckets: FAIL where buckets are, NOT_APPLICABLE where
    none are, ERROR when the buckets' regions are unknown."""
    if buckets_here is None:
        return scope.result(
            Status.ERROR, resource_id, f"not evaluated: {why}, and some buckets' regions are unknown", **kw
        )
    if not buckets_here:
        return scope.result(Status.NOT_APPLICABLE, resource_id, f"no bucket in this region ({why})", **kw)
    return scope.result(Status.FAIL, resource_id, why, **kw)


def _compliance_by_rule(scope: Scope) -> dict[str, Item]:
    return {summary.name: summary for summary in scope.items("config.rule-compliance")}


def _offenders(summary: Item) -> str:
    """The first non-compliant resources of a rule, for the message; "" when they could not be read."""
    if "NonCompliantResources" in summary.errors:
        return ""
    qualifiers = [
        (r.get("EvaluationResultIdentifier") or {}).get("EvaluationResultQualifier") or {}
        for r in summary.data.get("NonCompliantResources") or []
    ]
    names = [str(q.get("ResourceId")) for q in qualifiers]
    more = ", ..." if len(names) > OFFENDERS_SHOWN else ""
    return f": {', '.join(names[:OFFENDERS_SHOWN])}{more}" if names else ""


def _narrowed_to(rule: Item) -> str:
    """What a rule's scope narrows it to (one resource, or resources with a tag); "" when it is not."""
    rule_scope = rule.data.get("Scope") or {}
    if rule_scope.get("ComplianceResourceId"):
        return f"the one resource {rule_scope['ComplianceResourceId']}"
    if rule_scope.get("TagKey"):
        return f"resources tagged {rule_scope['TagKey']}"
    return ""


def _judge_rule(scope: Scope, rule: Item, summary: Item | None, buckets_here: bool | None) -> Result:
    """PASS when the rule's compliance is COMPLIANT and its scope is not narrowed to one resource or a tag;
    FAIL when NON_COMPLIANT or narrowed; a rule without evaluation results (INSUFFICIENT_DATA) is judged by
    `_without_verdict`; ERROR when Config returned no summary."""
    label = f"rule {rule.name}"
    if summary is None:
        return scope.on_item(rule, Status.ERROR, f"not evaluated: Config returned no compliance for {label}")
    compliance = summary.data.get("Compliance") or {}
    kind = str(compliance.get("ComplianceType", "INSUFFICIENT_DATA"))
    evidence = summary.evidence
    narrowed = _narrowed_to(rule)
    if kind == "COMPLIANT" and narrowed:
        return scope.failed(
            rule, f"{label} is compliant but evaluates only {narrowed}, not every bucket", evidence=evidence
        )
    if kind == "COMPLIANT":
        return scope.passed(rule, f"{label} reports every evaluated resource compliant", evidence=evidence)
    if kind == "NON_COMPLIANT":
        count = (compliance.get("ComplianceContributorCount") or {}).get("CappedCount", "some")
        return scope.failed(
            rule, f"{label} reports {count} non-compliant resource(s){_offenders(summary)}", evidence=evidence
        )
    why = f"{label} has no evaluation results ({kind}): it never ran, fails to report, or found nothing"
    return _without_verdict(
        scope, rule.resource_id, why, buckets_here, region=rule.region, evidence=(*rule.evidence, *evidence)
    )


def _judge_s3_rules(scope: Scope, rules: Sequence[Item], missing: str, resource_id: str) -> Iterator[Result]:
    """One result per deployed rule, or one for the region when none is deployed."""
    buckets_here = _buckets_here(scope)
    if not rules:
        listing = [d for r in scope.items("config.rules") for d in r.evidence]
        yield _without_verdict(scope, resource_id, missing, buckets_here, evidence=listing)
        return
    compliance = _compliance_by_rule(scope)
    for rule in rules:
        yield _judge_rule(scope, rule, compliance.get(rule.name), buckets_here)


def _rules_where(scope: Scope, matches: Callable[[Item], bool]) -> list[Item]:
    return [rule for rule in scope.items("config.rules") if matches(rule)]


def _managed_rules(scope: Scope, identifier: str) -> list[Item]:
    return _rules_where(scope, lambda rule: managed_identifier(rule) == identifier)


@check(
    id="config.rule-s3-ssl-requests-only-compliant",
    title="The s3-bucket-ssl-requests-only Config rule reports no non-compliant bucket",
    uses=("config.rules", "config.rule-compliance", "s3.buckets"),
    severity=Severity.MEDIUM,
    rationale="A deployed rule only helps when its findings are acted on: a non-compliant bucket accepts "
    "plain-HTTP requests, and a rule that never evaluates watches nothing.",
    remediation="Add a Deny on aws:SecureTransport false to the policy of each bucket the rule names; if the "
    "rule shows no results, check the recorder records AWS::S3::Bucket and re-evaluate the rule.",
)
def rule_s3_ssl_requests_only_compliant(scope: Scope) -> Iterator[Result]:
    """In each region holding a bucket of the account: PASS for each active rule with source identifier
    S3_BUCKET_SSL_REQUESTS_ONLY (also when deployed by an organization rule or conformance pack) whose
    compliance is COMPLIANT and whose scope is not narrowed to one resource or a tag. FAIL when such a rule
    is NON_COMPLIANT, narrowed, has no evaluation results (INSUFFICIENT_DATA), or no such rule is active.
    NOT_APPLICABLE in a region with no bucket; ERROR when a bucket's region is unknown and nothing else
    decides."""
    rules = _managed_rules(scope, SSL_REQUESTS_ONLY)
    missing = f"no active {SSL_REQUESTS_ONLY} rule evaluates the buckets here"
    yield from _judge_s3_rules(scope, rules, missing, _region_id(scope, SSL_REQUESTS_ONLY))


@check(
    id="config.s3-managed-rules-compliant",
    title="The S3 managed Config rules are deployed and report no non-compliant bucket",
    uses=("config.rules", "config.rule-compliance", "s3.buckets"),
    severity=Severity.MEDIUM,
    rationale="Managed rules for encryption, public read and write, public access, access logging and "
    "versioning watch every bucket continuously, including buckets created after a scan.",
    remediation="Deploy the missing managed rules (as organization rules or in a conformance pack) in every "
    "region that holds buckets, and fix the buckets they report non-compliant.",
)
def s3_managed_rules_compliant(scope: Scope) -> Iterator[Result]:
    """In each region holding a bucket of the account, for each of the managed rules
    S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED, S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED,
    S3_BUCKET_PUBLIC_READ_PROHIBITED, S3_BUCKET_PUBLIC_WRITE_PROHIBITED, S3_BUCKET_LOGGING_ENABLED and
    S3_BUCKET_VERSIONING_ENABLED (the list the FSI guidance implies; the TLS rule has its own check): PASS for
    each active rule with that identifier whose compliance is COMPLIANT and whose scope is not narrowed to one
    resource or a tag; FAIL when the rule is not deployed, is NON_COMPLIANT, narrowed, or has no evaluation
    results. NOT_APPLICABLE in a region with no bucket."""
    for identifier, subject in S3_BASELINE_RULES.items():
        rules = _managed_rules(scope, identifier)
        missing = f"no active {identifier} rule ({subject}) evaluates the buckets here"
        yield from _judge_s3_rules(scope, rules, missing, _region_id(scope, identifier))


def _input_parameters(rule: Item) -> dict[str, Any]:
    try:
        parameters = json.loads(rule.data.get("InputParameters") or "{}")
    except (TypeError, ValueError):
        return {}
    return parameters if isinstance(parameters, dict) else {}


def _covers_buckets(rule: Item, *, explicitly: bool) -> bool:
    types = (rule.data.get("Scope") or {}).get("ComplianceResourceTypes") or []
    return S3_BUCKET_TYPE in types or (not types and not explicitly)


def checks_macie_tags(rule: Item) -> bool:
    """Whether an active rule checks both Macie tags on buckets.

    A managed REQUIRED_TAGS rule qualifies when two of its tagNKey parameters name the keys and its scope
    includes buckets (an empty scope means every supported type). A custom rule (Lambda or Guard policy) is
    recognised only when its scope names AWS::S3::Bucket and its input parameters (or its Guard policy text,
    when returned) name both keys as words: a Lambda that hardcodes the keys cannot be told apart from any
    other custom rule.
    """
    if not is_active(rule):
        return False
    parameters = _input_parameters(rule)
    if managed_identifier(rule) == REQUIRED_TAGS:
        keys = {str(v) for k, v in parameters.items() if re.fullmatch(r"tag[1-6]Key", k)}
        return _covers_buckets(rule, explicitly=False) and set(MACIE_TAG_KEYS) <= keys
    source = rule.data.get("Source") or {}
    if source.get("Owner") not in CUSTOM_OWNERS or not _covers_buckets(rule, explicitly=True):
        return False
    policy = str((source.get("CustomPolicyDetails") or {}).get("PolicyText") or "")
    text = " ".join([*(str(v) for v in parameters.values()), policy])
    return all(re.search(rf"\b{key}\b", text) for key in MACIE_TAG_KEYS)


@check(
    id="config.rule-macie-bucket-tags-compliant",
    title="A Config rule checks the RequireMacieScan and BucketOwner bucket tags and reports no gaps",
    uses=("config.rules", "config.rule-compliance", "s3.buckets"),
    severity=Severity.MEDIUM,
    rationale="Macie scans and routes findings by these tags: an untagged bucket is never scanned and its "
    "findings reach no owner.",
    remediation="Deploy the managed required-tags rule with tag1Key RequireMacieScan and tag2Key BucketOwner "
    "scoped to AWS::S3::Bucket (or a custom rule that takes the keys as parameters), and tag the buckets it "
    "reports.",
)
def rule_macie_bucket_tags_compliant(scope: Scope) -> Iterator[Result]:
    """In each region holding a bucket of the account: PASS for each active rule that checks both the
    RequireMacieScan and BucketOwner tags on buckets (see `checks_macie_tags` for how a rule is recognised)
    and whose compliance is COMPLIANT, its scope not narrowed to one resource or a tag. FAIL when no such
    rule is active, or one is NON_COMPLIANT, narrowed or has no evaluation results. NOT_APPLICABLE in a
    region with no bucket."""
    rules = _rules_where(scope, checks_macie_tags)
    keys = " and ".join(MACIE_TAG_KEYS)
    missing = f"no active Config rule checks the {keys} tags on the buckets here"
    yield from _judge_s3_rules(scope, rules, missing, _region_id(scope, "macie-bucket-tags"))


@check(
    id="config.aggregator-sources-healthy",
    title="The organization aggregator collects from every source without failures",
    uses=("config.aggregators",),
    for_each="config.aggregators",
    severity=Severity.MEDIUM,
    rationale="A source whose last update failed leaves that account and region out of the central view "
    "without any sign in the aggregated results.",
    remediation="Fix each failed source: enable a Config recorder in that account and region, and check the "
    "aggregator's role or the member's aggregation authorization.",
)
def aggregator_sources_healthy(aggregator: Item, scope: Scope) -> Result:
    """For each aggregator in the audit account (the security account when there is no audit account): PASS
    when it reports at least one source and no source whose last update FAILED. Not applicable in other
    accounts."""
    designated = aggregator_accounts(scope)
    if not designated:
        return scope.on_item(aggregator, Status.ERROR, NO_AGGREGATOR_ACCOUNT)
    if scope.account_id not in designated:
        names = ", ".join(account_label(scope, a) for a in designated)
        return scope.on_item(
            aggregator, Status.NOT_APPLICABLE, f"the aggregator belongs to the audit account ({names})"
        )
    sources: list[dict[str, Any]] = aggregator["SourcesStatus"]
    if not sources:
        return scope.failed(aggregator, f"aggregator {aggregator.name} reports no source")
    failed = [s for s in sources if s.get("LastUpdateStatus") == "FAILED"]
    if failed:
        shown = ", ".join(
            f"{s.get('SourceId')}/{s.get('AwsRegion')} ({s.get('LastErrorCode') or 'no error code'})"
            for s in failed[:OFFENDERS_SHOWN]
        )
        more = ", ..." if len(failed) > OFFENDERS_SHOWN else ""
        return scope.failed(
            aggregator,
            f"aggregator {aggregator.name}: {len(failed)} of {len(sources)} sources failed: {shown}{more}",
        )
    outdated = sum(1 for s in sources if s.get("LastUpdateStatus") == "OUTDATED")
    note = f" ({outdated} outdated)" if outdated else ""
    return scope.passed(
        aggregator, f"aggregator {aggregator.name}: none of {len(sources)} sources failed{note}"
    )


def _judge_pack(scope: Scope, pack: Item) -> Iterator[Result]:
    unreadable = [f"{aspect}: {reason}" for aspect, reason in pack.errors.items()]
    if unreadable:
        yield scope.on_item(pack, Status.ERROR, f"not evaluated: {'; '.join(unreadable)}")
        return
    state = str(pack["Status"].get("ConformancePackState", "unknown"))
    if state not in DEPLOYED_PACK_STATES:
        yield scope.failed(pack, f"conformance pack {pack.name} is not deployed (state {state})")
        return
    rules: list[dict[str, Any]] = pack["RuleCompliance"]
    failing = [r for r in rules if r.get("ComplianceType") == "NON_COMPLIANT"]
    for rule in failing:
        yield scope.result(
            Status.FAIL,
            f"{pack.resource_id}/{rule.get('ConfigRuleName')}",
            f"conformance pack {pack.name}: rule {rule.get('ConfigRuleName')} is non-compliant",
            region=pack.region,
            evidence=pack.evidence,
        )
    evaluated = [r for r in rules if r.get("ComplianceType") in ("COMPLIANT", "NON_COMPLIANT")]
    if not evaluated:
        yield scope.failed(
            pack, f"conformance pack {pack.name}: none of its {len(rules)} rules has evaluated"
        )
    elif not failing:
        waiting = len(rules) - len(evaluated)
        note = f"; {waiting} without evaluation results" if waiting else ""
        yield scope.passed(pack, f"conformance pack {pack.name}: {len(evaluated)} rules compliant{note}")


@check(
    id="config.conformance-packs-compliant",
    title="Conformance packs are deployed and report no non-compliant rule",
    uses=("config.conformance-packs",),
    severity=Severity.MEDIUM,
    rationale="Conformance packs turn a framework's rules into one deployable, reportable unit; a "
    "non-compliant rule is a gap against that framework until it is fixed or accepted as a risk.",
    remediation="Deploy the organization's conformance packs in every region (as organization conformance "
    "packs); fix each non-compliant rule, or record an accepted risk as an exception (--exceptions) naming "
    "the pack rule's resource id.",
)
def conformance_packs_compliant(scope: Scope) -> Iterator[Result]:
    """PASS for each conformance pack in the region (organization-deployed or local) whose deployment
    completed, none of whose rules is NON_COMPLIANT and at least one of whose rules has evaluated. One FAIL
    per non-compliant rule (resource id `<pack ARN>/<rule name>`), so an accepted risk is recorded as an
    exception on that rule: the result stays FAIL, marked accepted. FAIL when the region has no pack or a
    pack is not deployed."""
    packs = scope.items("config.conformance-packs")
    if not packs:
        yield scope.result(Status.FAIL, _region_id(scope), "no conformance pack is deployed here")
    for pack in packs:
        yield from _judge_pack(scope, pack)
