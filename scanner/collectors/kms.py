"""KMS: every key with its metadata, aliases, rotation status (where rotation exists) and key policy."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item


def key_metadata(api: Api, key_id: str) -> dict[str, Any]:
    metadata: dict[str, Any] = api.call("describe_key", KeyId=key_id)["KeyMetadata"]
    return metadata


def aliases(api: Api, key_id: str) -> list[str]:
    return [a["AliasName"] for a in api.paginate("list_aliases", "Aliases", KeyId=key_id)]


def rotation_status(api: Api, key_id: str) -> bool:
    return bool(api.call("get_key_rotation_status", KeyId=key_id).get("KeyRotationEnabled"))


def key_policy(api: Api, key_id: str) -> str:
    # "default" is the only key policy name KMS supports.
    return str(api.call("get_key_policy", KeyId=key_id, PolicyName="default")["Policy"])


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


def collect_keys(api: Api) -> Iterator[Item]:
    for listed in api.paginate("list_keys", "Keys"):
        key_id = listed["KeyId"]
        builder = api.resource(listed["KeyArn"], key_id, {"KeyId": key_id})
        builder.aspect("KeyMetadata", key_metadata, api, key_id)
        metadata = builder.data.get("KeyMetadata")
        if metadata is None or metadata.get("KeyManager") != "CUSTOMER":
            # AWS managed keys: their policy and rotation are AWS's; the metadata says which key it is.
            yield builder.build()
            continue
        builder.aspect("Aliases", aliases, api, key_id)
        builder.aspect("KeyPolicy", key_policy, api, key_id)
        if rotation_applies(metadata) is None:
            builder.aspect("KeyRotationEnabled", rotation_status, api, key_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="kms.keys",
        service="kms",
        reach=Reach.REGIONAL,
        description="KMS keys with metadata; customer managed keys also with aliases, key policy and "
        "(for rotatable keys) automatic rotation status.",
        calls={
            "ListKeys": "kms:ListKeys",
            "DescribeKey": "kms:DescribeKey",
            "ListAliases": "kms:ListAliases",
            "GetKeyRotationStatus": "kms:GetKeyRotationStatus",
            "GetKeyPolicy": "kms:GetKeyPolicy",
        },
        collect=collect_keys,
    ),
)
