"""Lambda functions: configuration with the KMS key of their environment variables. Variable values are never
stored: each is replaced by its form (empty, a Secrets Manager or Parameter Store ARN, or a literal)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.facts import value_form
from scanner.inventory import Item


def function_record(configuration: dict[str, Any]) -> dict[str, Any]:
    """ListFunctions' configuration of one function with `Environment` replaced by `EnvironmentVariables`
    (name -> value form) and `EnvironmentError` (set when Lambda could not decrypt the variables)."""
    record = {k: v for k, v in configuration.items() if k != "Environment"}
    environment = configuration.get("Environment") or {}
    record["EnvironmentVariables"] = {
        name: value_form(str(value)) for name, value in (environment.get("Variables") or {}).items()
    }
    if environment.get("Error"):
        record["EnvironmentError"] = environment["Error"]
    return record


def collect_functions(api: Api) -> Iterator[Item]:
    for configuration in api.paginate("list_functions", "Functions"):
        name = configuration["FunctionName"]
        yield api.resource(configuration["FunctionArn"], name, function_record(configuration)).build()


DATASETS = (
    Dataset(
        name="lambda.functions",
        service="lambda",
        reach=Reach.REGIONAL,
        description="Lambda functions: runtime, environment variable names with the form of each value "
        "(never the value) and the KMS key that encrypts them.",
        calls={"ListFunctions": "lambda:ListFunctions"},
        collect=collect_functions,
    ),
)
