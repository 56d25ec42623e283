"""Route 53 Resolver: the associations between this account's VPCs and query logging configurations."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_query_log_associations(api: Api) -> Iterator[Item]:
    # Lists the associations of this account's VPCs, including those with a query logging configuration
    # another account shares through AWS RAM (the VPC owner makes the association).
    # https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverQueryLogConfigAssociations.html
    associations = api.paginate(
        "list_resolver_query_log_config_associations", "ResolverQueryLogConfigAssociations"
    )
    for association in associations:
        association_id = association["Id"]
        resource_id = f"{api.region}/resolver-query-log-config-association/{association_id}"
        yield api.resource(resource_id, association_id, association).build()


DATASETS = (
    Dataset(
        name="route53resolver.query-log-associations",
        service="route53resolver",
        reach=Reach.REGIONAL,
        description="Associations between this account's VPCs and Route 53 Resolver query logging "
        "configurations (own or shared), with their status.",
        calls={
            "ListResolverQueryLogConfigAssociations": "route53resolver:ListResolverQueryLogConfigAssociations"
        },
        collect=collect_query_log_associations,
    ),
)
