"""AWS Config compliance: what each rule reports (with its non-compliant resources), and conformance packs
with their deployment state and the compliance of their rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# GetComplianceDetailsByConfigRule returns at most 100 results a page. The first page is enough to name the
# offending resources in the evidence; the rule's compliance summary carries the count.
NON_COMPLIANT_PAGE = 100


def rule_compliance_id(account_id: str, region: str, rule_name: str) -> str:
    """The resource id of one rule's compliance summary (the summary names the rule, not its ARN)."""
    return f"{account_id}/{region}/config-rule/{rule_name}"


def non_compliant_resources(api: Api, rule_name: str) -> list[dict[str, Any]]:
    """The first page of the rule's NON_COMPLIANT evaluation results."""
    response = api.call(
        "get_compliance_details_by_config_rule",
        ConfigRuleName=rule_name,
        ComplianceTypes=["NON_COMPLIANT"],
        Limit=NON_COMPLIANT_PAGE,
    )
    results: list[dict[str, Any]] = response.get("EvaluationResults", [])
    return results


def collect_rule_compliance(api: Api) -> Iterator[Item]:
    # Without rule names the call answers for every rule in the region, including those deployed by an
    # organization rule or a conformance pack; a rule with no current evaluations is INSUFFICIENT_DATA.
    for summary in api.paginate("describe_compliance_by_config_rule", "ComplianceByConfigRules"):
        name = summary["ConfigRuleName"]
        builder = api.resource(rule_compliance_id(api.account_id, api.region, name), name, summary)
        if (summary.get("Compliance") or {}).get("ComplianceType") == "NON_COMPLIANT":
            builder.aspect("NonCompliantResources", non_compliant_resources, api, name)
        yield builder.build()


def conformance_pack_status(api: Api, name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = api.call(
        "describe_conformance_pack_status", ConformancePackNames=[name]
    ).get("ConformancePackStatusDetails", [])
    return found[0] if found else {}


def conformance_pack_rules(api: Api, name: str) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = api.paginate(
        "describe_conformance_pack_compliance", "ConformancePackRuleComplianceList", ConformancePackName=name
    )
    return rules


def collect_conformance_packs(api: Api) -> Iterator[Item]:
    # Packs deployed from the organization (OrgConformsPack-...) are listed in each member account too.
    for pack in api.paginate("describe_conformance_packs", "ConformancePackDetails"):
        name = pack["ConformancePackName"]
        builder = api.resource(pack["ConformancePackArn"], name, pack)
        builder.aspect("Status", conformance_pack_status, api, name)
        builder.aspect("RuleCompliance", conformance_pack_rules, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="config.rule-compliance",
        service="config",
        reach=Reach.REGIONAL,
        description="The compliance summary of every Config rule in the region, with the first page of "
        "non-compliant resources of each non-compliant rule.",
        calls={
            "DescribeComplianceByConfigRule": "config:DescribeComplianceByConfigRule",
            "GetComplianceDetailsByConfigRule": "config:GetComplianceDetailsByConfigRule",
        },
        collect=collect_rule_compliance,
    ),
    Dataset(
        name="config.conformance-packs",
        service="config",
        reach=Reach.REGIONAL,
        description="Conformance packs in the region with their deployment state and the compliance of each "
        "of their rules.",
        calls={
            "DescribeConformancePacks": "config:DescribeConformancePacks",
            "DescribeConformancePackStatus": "config:DescribeConformancePackStatus",
            "DescribeConformancePackCompliance": "config:DescribeConformancePackCompliance",
        },
        collect=collect_conformance_packs,
    ),
)
