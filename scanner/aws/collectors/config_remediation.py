"""AWS Config remediation configurations: the remediation attached to each Config rule in each region."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# DescribeRemediationConfigurations accepts at most 25 rule names per request.
RULE_NAMES_PER_REQUEST = 25


def collect_remediation_configurations(api: Api) -> Iterator[Item]:
    # A rule without a remediation configuration is simply absent from the answer (no error code).
    names = [rule["ConfigRuleName"] for rule in api.paginate("describe_config_rules", "ConfigRules")]
    for start in range(0, len(names), RULE_NAMES_PER_REQUEST):
        batch = names[start : start + RULE_NAMES_PER_REQUEST]
        answer = api.call("describe_remediation_configurations", ConfigRuleNames=batch)
        for remediation in answer.get("RemediationConfigurations", []):
            rule_name = remediation["ConfigRuleName"]
            resource_id = (
                remediation.get("Arn")
                or f"arn:{api.partition}:config:{api.region}:{api.account_id}:remediation-configuration/"
                f"{rule_name}"
            )
            yield api.resource(resource_id, f"remediation of {rule_name}", remediation).build()


DATASETS = (
    Dataset(
        name="config.remediation-configurations",
        service="config",
        reach=Reach.REGIONAL,
        description="The remediation configuration of each Config rule in the region (SSM Automation "
        "document, whether it runs automatically); rules without one have no item.",
        calls={
            "DescribeConfigRules": "config:DescribeConfigRules",
            "DescribeRemediationConfigurations": "config:DescribeRemediationConfigurations",
        },
        collect=collect_remediation_configurations,
    ),
)
