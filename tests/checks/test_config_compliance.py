"""AWS Config compliance: the TLS rule and the S3 managed rules report compliant, a rule checks the Macie
tags, the aggregator's sources do not fail, and conformance packs report no non-compliant rule."""

from __future__ import annotations

import json
from typing import Any

from checks.config_compliance import (
    S3_BASELINE_RULES,
    aggregator_sources_healthy,
    checks_macie_tags,
    conformance_packs_compliant,
    rule_macie_bucket_tags_compliant,
    rule_s3_ssl_requests_only_compliant,
    s3_managed_rules_compliant,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

SSL = "S3_BUCKET_SSL_REQUESTS_ONLY"
MGMT = "222222222222"
AUDIT = "333333333333"


def rule(
    name: str,
    identifier: str | None = None,
    *,
    owner: str = "AWS",
    state: str = "ACTIVE",
    parameters: dict[str, str] | None = None,
    types: list[str] | None = None,
) -> Item:
    data: dict[str, Any] = {
        "ConfigRuleName": name,
        "ConfigRuleState": state,
        "Source": {"Owner": owner, **({"SourceIdentifier": identifier} if identifier else {})},
    }
    if parameters is not None:
        data["InputParameters"] = json.dumps(parameters)
    if types is not None:
        data["Scope"] = {"ComplianceResourceTypes": types}
    return item(f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/config-rule-{name}", data, name=name)


def summary(name: str, kind: str, offenders: list[str] | None = None, count: int = 0) -> Item:
    data: dict[str, Any] = {
        "ConfigRuleName": name,
        "Compliance": {"ComplianceType": kind, "ComplianceContributorCount": {"CappedCount": count}},
    }
    if offenders is not None:
        data["NonCompliantResources"] = [
            {"EvaluationResultIdentifier": {"EvaluationResultQualifier": {"ResourceId": r}}}
            for r in offenders
        ]
    return item(f"{ACCOUNT}/{REGION}/config-rule/{name}", data, name=name, evidence=("c" * 64,))


def bucket(name: str, region: str = REGION, *, location_known: bool = True) -> Item:
    errors = {} if location_known else {"Location": ACCESS_DENIED}
    return item(f"arn:aws:s3:::{name}", {}, name=name, region=region, errors=errors)


def inventory(
    rules: list[Item], summaries: list[Item], buckets: list[Item] | None = None
) -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("config.rules", rules)
        .add("config.rule-compliance", summaries)
        .add("s3.buckets", [bucket("data")] if buckets is None else buckets)
    )


def run_ssl(inv: InventoryBuilder) -> list[Result]:
    return run_check(rule_s3_ssl_requests_only_compliant, inv)


def test_ssl_rule_compliance_passes_only_when_compliant() -> None:
    org_rule = "OrgConfigRule-s3-ssl-requests-only-abc123"  # an organization rule's name in a member account
    [good] = run_ssl(inventory([rule(org_rule, SSL)], [summary(org_rule, "COMPLIANT")]))
    assert good.status is Status.PASS and org_rule in good.message
    assert "c" * 64 in good.evidence and "e" * 64 in good.evidence

    failing = summary(org_rule, "NON_COMPLIANT", ["open-bucket", "legacy"], count=2)
    [bad] = run_ssl(inventory([rule(org_rule, SSL)], [failing]))
    assert bad.status is Status.FAIL and "2 non-compliant" in bad.message and "open-bucket" in bad.message


def test_ssl_rule_without_evaluations_or_missing_is_never_a_pass() -> None:
    name = "s3-bucket-ssl-requests-only"
    [waiting] = run_ssl(inventory([rule(name, SSL)], [summary(name, "INSUFFICIENT_DATA")]))
    assert waiting.status is Status.FAIL and "no evaluation results" in waiting.message
    [unreported] = run_ssl(inventory([rule(name, SSL)], []))
    assert unreported.status is Status.ERROR
    [missing] = run_ssl(inventory([rule(name, SSL, state="DELETING")], [summary(name, "COMPLIANT")]))
    assert missing.status is Status.FAIL and "no active" in missing.message
    # A rule matched by its name only is not the managed rule.
    [custom] = run_ssl(inventory([rule(name, owner="CUSTOM_LAMBDA")], [summary(name, "COMPLIANT")]))
    assert custom.status is Status.FAIL


def test_ssl_rule_narrowed_to_one_bucket_or_a_tag_is_not_a_pass() -> None:
    name = "s3-bucket-ssl-requests-only"
    for narrowing in ({"ComplianceResourceId": "one-bucket"}, {"TagKey": "tls"}):
        narrowed = rule(name, SSL)
        narrowed = item(narrowed.resource_id, {**narrowed.data, "Scope": narrowing}, name=name)
        [result] = run_ssl(inventory([narrowed], [summary(name, "COMPLIANT")]))
        assert result.status is Status.FAIL and "evaluates only" in result.message
    # A rule being evaluated on request is still deployed.
    [evaluating] = run_ssl(inventory([rule(name, SSL, state="EVALUATING")], [summary(name, "COMPLIANT")]))
    assert evaluating.status is Status.PASS


def test_ssl_rule_compliance_depends_on_buckets_in_the_region() -> None:
    name = "s3-bucket-ssl-requests-only"
    elsewhere = [bucket("data", "eu-west-2")]
    [nothing_here] = run_ssl(inventory([rule(name, SSL)], [summary(name, "INSUFFICIENT_DATA")], elsewhere))
    assert nothing_here.status is Status.NOT_APPLICABLE
    [no_rule_no_bucket] = run_ssl(inventory([], [], elsewhere))
    assert no_rule_no_bucket.status is Status.NOT_APPLICABLE
    unknown = [bucket("data", "global", location_known=False)]
    [unknown_region] = run_ssl(inventory([rule(name, SSL)], [summary(name, "INSUFFICIENT_DATA")], unknown))
    assert unknown_region.status is Status.ERROR
    # A definite answer does not depend on where the buckets are.
    [compliant] = run_ssl(inventory([rule(name, SSL)], [summary(name, "COMPLIANT")], unknown))
    assert compliant.status is Status.PASS


def test_ssl_rule_compliance_errors_when_compliance_is_unreadable() -> None:
    inv = inventory([rule("r", SSL)], []).unavailable("config.rule-compliance")
    assert statuses(run_ssl(inv)) == ["ERROR"]
    assert statuses(run_ssl(inventory([rule("r", SSL)], []).unavailable("config.rules"))) == ["ERROR"]


def test_s3_managed_rules_report_each_rule() -> None:
    identifiers = list(S3_BASELINE_RULES)
    rules = [rule(f"r-{i.lower()}", i) for i in identifiers]
    summaries = [summary(f"r-{i.lower()}", "COMPLIANT") for i in identifiers]
    all_good = run_check(s3_managed_rules_compliant, inventory(rules, summaries))
    assert statuses(all_good) == ["PASS"] * len(identifiers)

    summaries[0] = summary(f"r-{identifiers[0].lower()}", "NON_COMPLIANT", ["plain-bucket"], count=1)
    one_missing = run_check(s3_managed_rules_compliant, inventory(rules[:-1], summaries))
    assert statuses(one_missing).count("PASS") == len(identifiers) - 2
    first = one_missing[0]
    assert first.status is Status.FAIL and "plain-bucket" in first.message
    last = one_missing[-1]
    assert (
        last.status is Status.FAIL
        and identifiers[-1] in last.message
        and last.resource_id.endswith(identifiers[-1])
    )
    denied = inventory(rules, summaries).unavailable("config.rule-compliance")
    assert statuses(run_check(s3_managed_rules_compliant, denied)) == ["ERROR"]


TAG_KEYS = {"tag1Key": "RequireMacieScan", "tag2Key": "BucketOwner"}


def test_macie_tag_rule_is_recognised_managed_or_custom() -> None:
    assert checks_macie_tags(rule("tags", "REQUIRED_TAGS", parameters=TAG_KEYS))
    assert checks_macie_tags(rule("tags", "REQUIRED_TAGS", parameters=TAG_KEYS, types=["AWS::S3::Bucket"]))
    assert not checks_macie_tags(rule("tags", "REQUIRED_TAGS", parameters={"tag1Key": "RequireMacieScan"}))
    assert not checks_macie_tags(
        rule("tags", "REQUIRED_TAGS", parameters=TAG_KEYS, types=["AWS::EC2::Instance"])
    )
    custom = {"requiredTagKeys": "RequireMacieScan,BucketOwner"}
    assert checks_macie_tags(rule("c", owner="CUSTOM_LAMBDA", parameters=custom, types=["AWS::S3::Bucket"]))
    # A custom rule must say it evaluates buckets; one naming no keys cannot be recognised.
    assert not checks_macie_tags(rule("c", owner="CUSTOM_LAMBDA", parameters=custom))
    assert not checks_macie_tags(rule("c", owner="CUSTOM_LAMBDA", parameters={}, types=["AWS::S3::Bucket"]))
    # Keys are matched as words: RequireMacieScanned is another key.
    near = {"keys": "RequireMacieScanned BucketOwner"}
    assert not checks_macie_tags(rule("c", owner="CUSTOM_POLICY", parameters=near, types=["AWS::S3::Bucket"]))


def test_macie_tag_rule_compliance() -> None:
    tags = rule("required-tags", "REQUIRED_TAGS", parameters=TAG_KEYS, types=["AWS::S3::Bucket"])
    good = run_check(rule_macie_bucket_tags_compliant, inventory([tags], [summary(tags.name, "COMPLIANT")]))
    assert statuses(good) == ["PASS"]
    untagged = summary(tags.name, "NON_COMPLIANT", ["untagged-bucket"], count=1)
    [bad] = run_check(rule_macie_bucket_tags_compliant, inventory([tags], [untagged]))
    assert bad.status is Status.FAIL and "untagged-bucket" in bad.message
    cost_tags = rule("cost-tags", "REQUIRED_TAGS", parameters={"tag1Key": "CostCenter"})
    [absent] = run_check(rule_macie_bucket_tags_compliant, inventory([cost_tags], []))
    assert absent.status is Status.FAIL and "RequireMacieScan and BucketOwner" in absent.message
    denied = inventory([tags], []).unavailable("s3.buckets")
    assert statuses(run_check(rule_macie_bucket_tags_compliant, denied)) == ["ERROR"]


def aggregator(sources: list[dict[str, str]] | None, account: str = AUDIT) -> Item:
    arn = f"arn:aws:config:{REGION}:{account}:config-aggregator/config-aggregator-1"
    data: dict[str, Any] = {"ConfigurationAggregatorName": "organization"}
    if sources is None:
        return item(arn, data, name="organization", errors={"SourcesStatus": ACCESS_DENIED})
    return item(arn, {**data, "SourcesStatus": sources}, name="organization")


def source(account: str, status: str, region: str = REGION) -> dict[str, str]:
    return {"SourceId": account, "SourceType": "ACCOUNT", "AwsRegion": region, "LastUpdateStatus": status}


def run_aggregator(aggregators: list[Item], account: str = AUDIT) -> list[Result]:
    org = org_of(MGMT, AUDIT, ACCOUNT)
    inv = InventoryBuilder().add("config.aggregators", aggregators, account=account)
    roles = {MGMT: "management", AUDIT: "audit"}
    return run_check(aggregator_sources_healthy, inv, accounts=[org.accounts[account]], org=org, roles=roles)


def test_aggregator_sources_pass_unless_one_failed() -> None:
    healthy = [source(ACCOUNT, "SUCCEEDED"), source(MGMT, "OUTDATED")]
    [good] = run_aggregator([aggregator(healthy)])
    assert good.status is Status.PASS and "1 outdated" in good.message
    failed = {**source(ACCOUNT, "FAILED", "eu-west-2"), "LastErrorCode": "NoAvailableConfigurationRecorder"}
    [bad] = run_aggregator([aggregator([*healthy, failed])])
    assert bad.status is Status.FAIL and f"{ACCOUNT}/eu-west-2" in bad.message
    assert "NoAvailableConfigurationRecorder" in bad.message
    [empty] = run_aggregator([aggregator([])])
    assert empty.status is Status.FAIL and "no source" in empty.message
    [unknown] = run_aggregator([aggregator(None)])
    assert unknown.status is Status.ERROR and "SourcesStatus" in unknown.message
    [elsewhere] = run_aggregator([aggregator([], ACCOUNT)], ACCOUNT)
    assert elsewhere.status is Status.NOT_APPLICABLE and "audit account" in elsewhere.message


PACK_ARN = f"arn:aws:config:{REGION}:{ACCOUNT}:conformance-pack/OrgConformsPack-s3-abc/conformance-pack-1"


def pack(
    state: str = "CREATE_COMPLETE", rules: dict[str, str] | None = None, unreadable: bool = False
) -> Item:
    rule_list = [{"ConfigRuleName": n, "ComplianceType": t} for n, t in (rules or {}).items()]
    data = {"ConformancePackName": "OrgConformsPack-s3-abc", "Status": {"ConformancePackState": state}}
    errors = {"RuleCompliance": ACCESS_DENIED} if unreadable else {}
    return item(PACK_ARN, {**data, "RuleCompliance": rule_list}, errors=errors)


def run_packs(*packs: Item) -> list[Result]:
    return run_check(conformance_packs_compliant, InventoryBuilder().add("config.conformance-packs", packs))


def test_conformance_packs_pass_fail_and_error() -> None:
    [good] = run_packs(pack(rules={"a": "COMPLIANT", "b": "INSUFFICIENT_DATA"}))
    assert good.status is Status.PASS and "1 without evaluation results" in good.message
    failing = run_packs(pack(rules={"a": "COMPLIANT", "b": "NON_COMPLIANT", "c": "NON_COMPLIANT"}))
    assert statuses(failing) == ["FAIL", "FAIL"]
    # Each non-compliant rule is its own resource, so an accepted risk can be excepted rule by rule.
    assert [r.resource_id for r in failing] == [f"{PACK_ARN}/b", f"{PACK_ARN}/c"]
    [idle] = run_packs(pack(rules={"a": "INSUFFICIENT_DATA"}))
    assert idle.status is Status.FAIL and "none of its 1 rules" in idle.message
    [broken] = run_packs(pack("CREATE_FAILED", rules={"a": "COMPLIANT"}))
    assert broken.status is Status.FAIL and "CREATE_FAILED" in broken.message
    [none] = run_packs()
    assert none.status is Status.FAIL and "no conformance pack" in none.message
    [unreadable] = run_packs(pack(rules={"a": "COMPLIANT"}, unreadable=True))
    assert unreadable.status is Status.ERROR and "RuleCompliance" in unreadable.message
    denied = InventoryBuilder().unavailable("config.conformance-packs")
    assert statuses(run_check(conformance_packs_compliant, denied)) == ["ERROR"]
