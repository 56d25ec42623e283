"""KMS: every key with its metadata, aliases, rotation status (where rotation exists) and key policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.facts import rotation_applies
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
