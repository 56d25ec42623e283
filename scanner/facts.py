"""Facts about AWS that a collector and a check both rely on, kept once and free of the AWS SDK.

A collector uses them to decide what to read or how to describe it; the check that judges the result uses
the same value, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# The tag that marks a resource as one AWS Backup must protect (seed digest §2.13, domain 16).
BACKUP_REQUIRED_TAG = ("backup", "required")


# AWS managed policies that give a role administrator-level or store-wide power (seed anti-patterns:
# AdministratorAccess, PowerUserAccess, IAMFullAccess, AmazonS3FullAccess, SecretsManagerReadWrite).
BROAD_MANAGED_POLICIES = (
    "AdministratorAccess",
    "PowerUserAccess",
    "IAMFullAccess",
    "AmazonS3FullAccess",
    "SecretsManagerReadWrite",
)


def rotation_applies(metadata: Mapping[str, Any]) -> str | None:
    """None when automatic rotation applies to the key; otherwise why it does not (AWS-managed keys rotate
    yearly by themselves; only enabled symmetric encryption keys with KMS-generated material in the default
    key store can rotate automatically)."""
    if metadata.get("KeyManager") != "CUSTOMER":
        return "AWS managed key (AWS rotates it every year)"
    if metadata.get("KeyState") != "Enabled":
        return f"key state is {metadata.get('KeyState')}"
    # SYMMETRIC_DEFAULT is the spec of symmetric encryption keys only (HMAC keys are HMAC_*); moto omits
    # KeyUsage, so the spec alone decides.
    spec = metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec")
    if spec != "SYMMETRIC_DEFAULT":
        return f"{spec} keys cannot rotate automatically (asymmetric or HMAC)"
    origin = metadata.get("Origin")
    if origin == "EXTERNAL":
        return "imported key material cannot rotate automatically (rotate it by hand)"
    if origin != "AWS_KMS":
        return f"keys in a custom key store ({origin}) cannot rotate automatically"
    return None


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


AWS_OWNER = "AWS"  # the OwnerId of AWS-managed prefix lists
