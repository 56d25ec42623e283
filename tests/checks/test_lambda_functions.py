"""Lambda functions: no literal secrets in environment variables, and a customer managed key for them."""

from __future__ import annotations

from typing import Any

from checks.lambda_functions import function_environment_kms_key, function_secret_environment
from scanner.checkapi import CheckSpec
from scanner.facts import EMPTY, LITERAL, SECRET_STORE_REFERENCE
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:claims-api"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def results(check: CheckSpec, **data: Any) -> list[Result]:
    function = item(FUNCTION_ARN, {"FunctionName": "claims-api", **data}, name="claims-api")
    return run_check(check, InventoryBuilder().add("lambda.functions", [function]))


def test_no_literal_secret_passes() -> None:
    variables = {"DB_PASSWORD_ARN": SECRET_STORE_REFERENCE, "TABLE_NAME": LITERAL, "API_TOKEN": EMPTY}
    [result] = results(function_secret_environment, EnvironmentVariables=variables)
    assert result.status is Status.PASS and "none of 3" in result.message
    [bare] = results(function_secret_environment, EnvironmentVariables={})
    assert bare.status is Status.PASS and bare.message == "no environment variables"


def test_literal_secret_like_variable_fails() -> None:
    variables = {"DB_PASSWORD": LITERAL, "stripe_api_key": LITERAL, "TABLE_NAME": LITERAL}
    [result] = results(function_secret_environment, EnvironmentVariables=variables)
    assert result.status is Status.FAIL
    assert result.message.endswith("literal values: DB_PASSWORD, stripe_api_key")


def test_secret_environment_unknown_is_error() -> None:
    [result] = results(
        function_secret_environment, EnvironmentError={"ErrorCode": "KMSAccessDeniedException"}
    )
    assert result.status is Status.ERROR
    denied = InventoryBuilder().unavailable("lambda.functions", ACCESS_DENIED)
    assert statuses(run_check(function_secret_environment, denied)) == ["ERROR"]


def test_customer_key_or_no_variables_passes() -> None:
    [keyed] = results(function_environment_kms_key, EnvironmentVariables={"A": LITERAL}, KMSKeyArn=KEY_ARN)
    assert keyed.status is Status.PASS and KEY_ARN in keyed.message
    assert statuses(results(function_environment_kms_key, EnvironmentVariables={}, KMSKeyArn=None)) == [
        "PASS"
    ]


def test_variables_under_the_aws_managed_key_fail() -> None:
    [result] = results(function_environment_kms_key, EnvironmentVariables={"A": LITERAL, "B": EMPTY})
    assert result.status is Status.FAIL and "2 environment variable(s)" in result.message


def test_environment_kms_key_unknown_is_error() -> None:
    unreadable = {"ErrorCode": "KMSAccessDeniedException", "Message": "denied"}
    assert statuses(results(function_environment_kms_key, EnvironmentError=unreadable)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("lambda.functions", ACCESS_DENIED)
    assert statuses(run_check(function_environment_kms_key, denied)) == ["ERROR"]
