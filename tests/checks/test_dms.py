"""DMS checks: replication instances private, with storage encrypted by a customer managed key."""

from __future__ import annotations

from typing import Any

from checks.dms import replication_instance_cmk, replication_instance_private
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CMK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/cmk-1"


AWS_DMS_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/aws-dms-1"


def replication_instance(**settings: Any) -> Item:
    data = {"ReplicationInstanceIdentifier": "migrate", "PubliclyAccessible": False, "KmsKeyId": CMK_ARN}
    data.update(settings)
    return item(
        f"arn:aws:dms:{REGION}:{ACCOUNT}:rep:migrate", {k: v for k, v in data.items() if v is not None}
    )


def dms(instance: Item, *, keys_readable: bool = True) -> InventoryBuilder:
    builder = InventoryBuilder().add("dms.replication-instances", [instance])
    if not keys_readable:
        return builder.unavailable("kms.keys", ACCESS_DENIED)
    return builder.add(
        "kms.keys",
        [
            item(CMK_ARN, {"KeyMetadata": {"KeyManager": "CUSTOMER"}}, name="cmk-1"),
            item(AWS_DMS_KEY_ARN, {"KeyMetadata": {"KeyManager": "AWS"}}, name="aws-dms-1"),
        ],
    )


def test_replication_instances_are_private() -> None:
    assert statuses(run_check(replication_instance_private, dms(replication_instance()))) == ["PASS"]
    public = replication_instance(PubliclyAccessible=True, ReplicationInstancePublicIpAddress="203.0.113.9")
    [failed] = run_check(replication_instance_private, dms(public))
    assert failed.status is Status.FAIL and "203.0.113.9" in failed.message
    unknown = replication_instance(PubliclyAccessible=None)
    assert statuses(run_check(replication_instance_private, dms(unknown))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("dms.replication-instances", ACCESS_DENIED)
    assert statuses(run_check(replication_instance_private, denied)) == ["ERROR"]


def test_replication_instance_storage_key_is_customer_managed() -> None:
    [passed] = run_check(replication_instance_cmk, dms(replication_instance()))
    assert passed.status is Status.PASS and "customer managed" in passed.message
    [aws_key] = run_check(replication_instance_cmk, dms(replication_instance(KmsKeyId=AWS_DMS_KEY_ARN)))
    assert aws_key.status is Status.FAIL and "aws managed" in aws_key.message
    assert statuses(run_check(replication_instance_cmk, dms(replication_instance(KmsKeyId=None)))) == [
        "ERROR"
    ]
    unresolved = dms(replication_instance(), keys_readable=False)
    assert statuses(run_check(replication_instance_cmk, unresolved)) == ["ERROR"]
