"""Elastic Load Balancing v2: application, network and gateway load balancers with their attributes and
listeners (and, for plain HTTP listeners, their rules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
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


def collect_load_balancers(api: Api) -> Iterator[Item]:
    for balancer in api.paginate("describe_load_balancers", "LoadBalancers"):
        arn = balancer["LoadBalancerArn"]
        builder = api.resource(arn, balancer["LoadBalancerName"], balancer)
        builder.aspect("Attributes", attributes, api, arn)
        builder.aspect("Listeners", listeners, api, arn)
        yield builder.build()


DATASETS = (
    Dataset(
        name="elbv2.load-balancers",
        service="elbv2",
        reach=Reach.REGIONAL,
        description="Application, network and gateway load balancers with their attributes (access logs) "
        "and listeners (protocol, security policy, default actions; rules of HTTP listeners).",
        calls={
            "DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
            "DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "DescribeListeners": "elasticloadbalancing:DescribeListeners",
            "DescribeRules": "elasticloadbalancing:DescribeRules",
        },
        collect=collect_load_balancers,
    ),
)
