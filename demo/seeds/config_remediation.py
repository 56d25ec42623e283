"""Demo: the restricted-ssh Config rule (INCOMING_SSH_DISABLED) with automatic remediation by the SSM
Automation document AWS-DisablePublicAccessForSecurityGroup. The management, security, log-archive and
networking accounts remediate automatically in both regions; shared-services left eu-west-2 on manual
remediation; tenant-a deployed the rule in us-east-1 only; tenant-b (which records nothing) has no rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

RULE = "restricted-ssh"
DOCUMENT = "AWS-DisablePublicAccessForSecurityGroup"
AUTOMATIC = ("management", "security", "log-archive", "networking")
MANUAL_OUTSIDE_HOME = "shared-services"
HOME_ONLY = "tenant-a"


def _remediations(account: str, region: str, automatic: bool) -> Any:
    """DescribeRemediationConfigurations, which moto does not implement (demo.simulated_apis): the
    restricted-ssh rule's remediation when it is among the names asked for."""

    def answer(params: Mapping[str, Any]) -> Mapping[str, Any]:
        if RULE not in (params.get("ConfigRuleNames") or []):
            return {"RemediationConfigurations": []}
        remediation = {
            "ConfigRuleName": RULE,
            "TargetType": "SSM_DOCUMENT",
            "TargetId": DOCUMENT,
            "TargetVersion": "1",
            "Parameters": {
                "GroupId": {"ResourceValue": {"Value": "RESOURCE_ID"}},
                "AutomationAssumeRole": {
                    "StaticValue": {"Values": [f"arn:aws:iam::{account}:role/config-remediation"]}
                },
            },
            "ResourceType": "AWS::EC2::SecurityGroup",
            "Automatic": automatic,
            "MaximumAutomaticAttempts": 5,
            "RetryAttemptSeconds": 60,
            "Arn": f"arn:aws:config:{region}:{account}:remediation-configuration/{RULE}/demo",
        }
        return {"RemediationConfigurations": [remediation]}

    return answer


def seed(world: DemoWorld) -> None:
    world.apis.answer("config", "DescribeRemediationConfigurations", {"RemediationConfigurations": []})
    for name in (*AUTOMATIC, MANUAL_OUTSIDE_HOME, HOME_ONLY):
        account = world.org.account_id(name)
        for region in DEMO_REGIONS if name != HOME_ONLY else (HOME,):
            world.sessions[name].client("config", region_name=region).put_config_rule(
                ConfigRule={
                    "ConfigRuleName": RULE,
                    "Source": {"Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"},
                    "Scope": {"ComplianceResourceTypes": ["AWS::EC2::SecurityGroup"]},
                }
            )
            automatic = name != MANUAL_OUTSIDE_HOME or region == HOME
            world.apis.answer(
                "config",
                "DescribeRemediationConfigurations",
                _remediations(account, region, automatic),
                account=account,
                region=region,
            )
