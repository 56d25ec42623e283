"""Systems Manager Parameter Store: parameter metadata (name, type, key). Never reads parameter values."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_parameters(api: Api) -> Iterator[Item]:
    # DescribeParameters returns metadata only; GetParameter(s) is deliberately not declared, so the audit
    # role cannot read a value even by mistake.
    for parameter in api.paginate("describe_parameters", "Parameters"):
        name = parameter["Name"]
        arn = parameter.get("ARN") or (
            f"arn:{api.partition}:ssm:{api.region}:{api.account_id}:parameter/{name.lstrip('/')}"
        )
        yield api.resource(arn, name, parameter).build()


DATASETS = (
    Dataset(
        name="ssm.parameters",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Parameter Store parameters: name, type (String, StringList, SecureString) and KMS key.",
        calls={"DescribeParameters": "ssm:DescribeParameters"},
        collect=collect_parameters,
    ),
)
