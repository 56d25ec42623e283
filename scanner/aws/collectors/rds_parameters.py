"""RDS: DB parameter groups and DB cluster parameter groups, with the parameters that force TLS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# The parameters that make the engine refuse unencrypted connections: rds.force_ssl (PostgreSQL, Aurora
# PostgreSQL, SQL Server) and require_secure_transport (MySQL, MariaDB, Aurora MySQL).
TLS_PARAMETERS = ("rds.force_ssl", "require_secure_transport")


def _tls_parameters(parameters: list[dict[str, Any]]) -> dict[str, str | None]:
    """The TLS parameters the group defines, with their value (None when the group sets none)."""
    return {
        p["ParameterName"]: p.get("ParameterValue")
        for p in parameters
        if p.get("ParameterName") in TLS_PARAMETERS
    }


def instance_group_tls(api: Api, name: str) -> dict[str, str | None]:
    return _tls_parameters(api.paginate("describe_db_parameters", "Parameters", DBParameterGroupName=name))


def cluster_group_tls(api: Api, name: str) -> dict[str, str | None]:
    return _tls_parameters(
        api.paginate("describe_db_cluster_parameters", "Parameters", DBClusterParameterGroupName=name)
    )


def collect_parameter_groups(api: Api) -> Iterator[Item]:
    # Every parameter of a group is read (hundreds, over several pages) because DescribeDBParameters has no
    # working name filter; only the TLS ones are kept, the full responses stay in the evidence.
    for group in api.paginate("describe_db_parameter_groups", "DBParameterGroups"):
        name = group["DBParameterGroupName"]
        builder = api.resource(group["DBParameterGroupArn"], name, {**group, "Kind": "instance"})
        builder.aspect("TlsParameters", instance_group_tls, api, name)
        yield builder.build()
    for group in api.paginate("describe_db_cluster_parameter_groups", "DBClusterParameterGroups"):
        name = group["DBClusterParameterGroupName"]
        builder = api.resource(group["DBClusterParameterGroupArn"], name, {**group, "Kind": "cluster"})
        builder.aspect("TlsParameters", cluster_group_tls, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="rds.parameter-groups",
        service="rds",
        reach=Reach.REGIONAL,
        description="RDS DB parameter groups and DB cluster parameter groups (Kind instance or cluster) with "
        "the values of the parameters that force TLS (rds.force_ssl, require_secure_transport).",
        calls={
            "DescribeDBParameterGroups": "rds:DescribeDBParameterGroups",
            "DescribeDBParameters": "rds:DescribeDBParameters",
            "DescribeDBClusterParameterGroups": "rds:DescribeDBClusterParameterGroups",
            "DescribeDBClusterParameters": "rds:DescribeDBClusterParameters",
        },
        collect=collect_parameter_groups,
    ),
)
