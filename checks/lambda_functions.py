"""Lambda function secrets: no secret-like environment variable holds a literal value, and environment
variables are encrypted with a customer managed KMS key.

The secret-like name pattern is the one the evidence redaction and the Parameter Store check use
(scanner/evidence.py SECRET_NAME). The collector keeps only the form of each value (empty, a Secrets
Manager or Parameter Store ARN, or a literal), never the value.
"""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.evidence import SECRET_NAME
from scanner.facts import LITERAL
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="lambda.function.secret-environment",
    title="Lambda environment variables hold no literal secrets",
    for_each="lambda.functions",
    uses=(),
    severity=Severity.HIGH,
    rationale="Environment variables are shown in clear to anyone who may read the function's "
    "configuration, are copied into every published version, and are never rotated; a variable named like "
    "a password, token or key that holds a literal value almost certainly is one.",
    remediation="Store the value in Secrets Manager (with rotation) or a SecureString parameter, put its ARN "
    "in the variable (or read it with the Parameters and Secrets Lambda extension), grant the function's "
    "role read access to it, then rotate the exposed credential.",
)
def function_secret_environment(function: Item, scope: Scope) -> Result:
    """PASS when no environment variable whose name looks like a secret (password, secret, token, API/access/
    private key, credential, auth) holds a literal value; such a variable may be empty or hold the ARN of a
    Secrets Manager secret or Parameter Store parameter. A function without environment variables passes.
    When Lambda reports that it could not decrypt the variables, the result is ERROR."""
    variables: dict[str, str] = function.data.get("EnvironmentVariables") or {}
    error = function.data.get("EnvironmentError")
    if error and not variables:
        return scope.on_item(
            function, Status.ERROR, f"not evaluated: environment variables unreadable ({error})"
        )
    literal_secrets = sorted(
        name for name, form in variables.items() if form == LITERAL and SECRET_NAME.search(name)
    )
    if literal_secrets:
        return scope.failed(
            function, "secret-like environment variables hold literal values: " + ", ".join(literal_secrets)
        )
    if not variables:
        return scope.passed(function, "no environment variables")
    return scope.passed(function, f"none of {len(variables)} environment variable(s) holds a literal secret")


@check(
    id="lambda.function.environment-kms-key",
    title="Lambda environment variables are encrypted with a customer managed KMS key",
    for_each="lambda.functions",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without a key of its own, Lambda encrypts environment variables with the AWS managed key "
    "aws/lambda, whose key policy the account cannot restrict: every principal allowed to read the "
    "function's configuration sees the values, and key use cannot be separated or audited per function.",
    remediation="aws lambda update-function-configuration --function-name <name> --kms-key-arn <customer "
    "managed key ARN>, with a key policy that lets the function's role decrypt and limits who else may.",
)
def function_environment_kms_key(function: Item, scope: Scope) -> Result:
    """PASS when the function has no environment variables, or encrypts them with a customer managed KMS key
    (KMSKeyArn set). Environment variables protected only by the AWS managed key aws/lambda are FAIL: this
    control requires a customer managed key."""
    key = function.data.get("KMSKeyArn")
    variables = function.data.get("EnvironmentVariables") or {}
    if key:
        return scope.passed(function, f"environment variables are encrypted with {key}")
    if function.data.get("EnvironmentError"):
        return scope.on_item(
            function,
            Status.ERROR,
            f"not evaluated: environment unreadable ({function.data['EnvironmentError']})",
        )
    if not variables:
        return scope.passed(function, "no environment variables")
    return scope.failed(
        function,
        f"{len(variables)} environment variable(s) encrypted only with the AWS managed key aws/lambda",
    )
