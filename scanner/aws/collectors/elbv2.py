"""Elastic Load Balancing v2: application, network and gateway load balancers with their attributes and
listeners (and, for plain HTTP listeners, their rules), and the web ACL of internet-facing ALBs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def attributes(api: Api, load_balancer_arn: str) -> dict[str, str]:
    """The load balancer's attributes as a mapping, e.g. {"access_logs.s3.enabled": "true"}."""
    response = api.call("describe_load_balancer_attributes", LoadBalancerArn=load_balancer_arn)
    return {a["Key"]: a["Value"] for a in response.get("Attributes", [])}


def listeners(api: Api, load_balancer_arn: str) -> list[dict[str, Any]]:
    """Every listener; an HTTP listener also carries its `Rules`, since any rule may forward plain traffic."""
    found: list[dict[str, Any]] = api.paginate(
        "describe_listeners", "Listeners", LoadBalancerArn=load_balancer_arn
    )
    for listener in found:
        if listener.get("Protocol") == "HTTP":
            listener["Rules"] = api.paginate("describe_rules", "Rules", ListenerArn=listener["ListenerArn"])
    return found


def web_acl(api: Api, load_balancer_arn: str) -> dict[str, Any] | None:
    """The WAFv2 web ACL associated with an application load balancer; None when it has none."""
    found: dict[str, Any] | None = api.call(
        "get_web_acl_for_resource", service="wafv2", ResourceArn=load_balancer_arn
    ).get("WebACL")
    return found


def tags(api: Api, load_balancer_arn: str) -> dict[str, str]:
    """The load balancer's tags as a mapping (designation tags such as controlmap:criticality)."""
    described = api.call("describe_tags", ResourceArns=[load_balancer_arn]).get("TagDescriptions") or []
    return {t["Key"]: t.get("Value", "") for d in described for t in d.get("Tags") or []}


def collect_load_balancers(api: Api) -> Iterator[Item]:
    for balancer in api.paginate("describe_load_balancers", "LoadBalancers"):
        arn = balancer["LoadBalancerArn"]
        builder = api.resource(arn, balancer["LoadBalancerName"], balancer)
        builder.aspect("Attributes", attributes, api, arn)
        builder.aspect("Listeners", listeners, api, arn)
        builder.aspect("Tags", tags, api, arn)
        # Only internet-facing application load balancers can carry (and need) a web ACL.
        if balancer.get("Type") == "application" and balancer.get("Scheme") == "internet-facing":
            builder.aspect("WebACL", web_acl, api, arn)
        yield builder.build()


DATASETS = (
    Dataset(
        name="elbv2.load-balancers",
        service="elbv2",
        reach=Reach.REGIONAL,
        description="Application, network and gateway load balancers with their attributes (access logs) "
        "and listeners (protocol, security policy, default actions; rules of HTTP listeners), and the WAF "
        "web ACL of internet-facing application load balancers; tags of every load balancer.",
        calls={
            "DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
            "DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "DescribeListeners": "elasticloadbalancing:DescribeListeners",
            "DescribeRules": "elasticloadbalancing:DescribeRules",
            "DescribeTags": "elasticloadbalancing:DescribeTags",
            "GetWebACLForResource": "wafv2:GetWebACLForResource",
        },
        collect=collect_load_balancers,
    ),
)
