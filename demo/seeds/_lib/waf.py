"""AWS WAF web ACLs for the seeds that put edge and regional resources behind one."""

from __future__ import annotations

from typing import Any

from demo.world import HOME


def web_acl(session: Any, name: str, scope: str, region: str = "us-east-1") -> str:
    """A web ACL running the AWS common rule set; its ARN. CLOUDFRONT-scope ACLs live in us-east-1."""
    waf = session.client("wafv2", region_name=region)
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}
    rule = {
        "Name": "common",
        "Priority": 0,
        "Statement": {
            "ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}
        },
        "OverrideAction": {"None": {}},
        "VisibilityConfig": visibility | {"MetricName": f"{name}-common"},
    }
    created = waf.create_web_acl(
        Name=name, Scope=scope, DefaultAction={"Allow": {}}, Rules=[rule], VisibilityConfig=visibility
    )
    arn: str = created["Summary"]["ARN"]
    return arn


def protect(session: Any, acl_arn: str, resource_arn: str) -> None:
    """Associate a regional web ACL with a resource in the home region."""
    session.client("wafv2", region_name=HOME).associate_web_acl(WebACLArn=acl_arn, ResourceArn=resource_arn)
