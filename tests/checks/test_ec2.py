"""EC2 checks: EBS encryption by default."""

from __future__ import annotations

from checks.ec2 import ebs_default_encryption
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def test_ebs_encryption_by_default() -> None:
    arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:ebs-encryption-by-default"
    on = InventoryBuilder().add("ec2.ebs-encryption-default", [item(arn, {"EbsEncryptionByDefault": True})])
    assert statuses(run_check(ebs_default_encryption, on)) == ["PASS"]
    off = InventoryBuilder().add("ec2.ebs-encryption-default", [item(arn, {"EbsEncryptionByDefault": False})])
    assert statuses(run_check(ebs_default_encryption, off)) == ["FAIL"]
    unknown = InventoryBuilder().add(
        "ec2.ebs-encryption-default", [item(arn, {"EbsEncryptionByDefault": None})]
    )
    assert statuses(run_check(ebs_default_encryption, unknown)) == ["FAIL"]
    denied = InventoryBuilder().unavailable("ec2.ebs-encryption-default", ACCESS_DENIED)
    assert statuses(run_check(ebs_default_encryption, denied)) == ["ERROR"]
