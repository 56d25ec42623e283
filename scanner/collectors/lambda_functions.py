"""Lambda functions: configuration with the KMS key of their environment variables. Variable values are never
stored: each is replaced by its form (empty, a Secrets Manager or Parameter Store ARN, or a literal)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item

EMPTY = "empty"
SECRET_STORE_REFERENCE = "secret-store-reference"  # noqa: S105 - a value form, not a secret
LITERAL = "literal"
# A value that names a secret instead of holding it: the ARN of a Secrets Manager secret or of a Parameter
# Store parameter, which the function resolves at run time with its own permissions.
_SECRET_STORE_ARN = re.compile(
    r"^arn:aws(-[a-z]+)*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:|ssm:[a-z0-9-]+:\d{12}:parameter/)\S+$"
)


def value_form(value: str) -> str:
    """How an environment variable's value looks, without keeping the value."""
    if not value.strip():
        return EMPTY
    return SECRET_STORE_REFERENCE if _SECRET_STORE_ARN.match(value.strip()) else LITERAL


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
