"""Parameter Store checks: secrets are not kept in plain-text parameters."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.evidence import SECRET_NAME
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

PLAIN_TEXT_TYPES = frozenset({"String", "StringList"})


@check(
    id="ssm.parameter.secret-names",
    title="No plain-text Parameter Store parameter has a secret-like name",
    for_each="ssm.parameters",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="String and StringList parameters are stored and shown unencrypted to anyone who may read "
    "them; a parameter named like a password, token or key almost certainly holds one.",
    remediation="Move the value to a SecureString parameter (or Secrets Manager, with rotation), point the "
    "application at it, then delete the plain-text parameter and rotate the exposed credential.",
)
def parameter_secret_names(parameter: Item, scope: Scope) -> Result:
    """PASS when the parameter is a SecureString, or a String/StringList whose full name (path included) does
    not look like a secret (password, secret, token, API/access/private key, credential, auth). Values are
    never read: the name is the only signal."""
    kind = parameter.data.get("Type")
    name = str(parameter.data.get("Name") or parameter.name)
    if kind is None:
        return scope.on_item(parameter, Status.ERROR, "not evaluated: the parameter's type was not returned")
    if kind not in PLAIN_TEXT_TYPES:
        return scope.passed(parameter, f"{kind} parameter")
    match = SECRET_NAME.search(name)
    if match:
        return scope.failed(
            parameter, f"{kind} (plain-text) parameter has a secret-like name ('{match.group(0)}' in {name})"
        )
    return scope.passed(parameter, f"{kind} parameter with no secret-like name")
