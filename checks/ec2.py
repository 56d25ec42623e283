"""EC2 account settings: EBS encryption by default."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity


@check(
    id="ec2.ebs-default-encryption",
    title="EBS encryption by default is on in every region",
    for_each="ec2.ebs-encryption-default",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="With encryption by default, every new volume and snapshot copy is encrypted, whoever creates "
    "it and however; without it, one forgotten flag leaves data unencrypted at rest.",
    remediation="Enable EBS encryption by default in every enabled region (EC2 console > Settings, or "
    "EnableEbsEncryptionByDefault), optionally with a customer managed KMS key.",
)
def ebs_default_encryption(setting: Item, scope: Scope) -> Result:
    """PASS when the region reports EbsEncryptionByDefault true."""
    if setting.data.get("EbsEncryptionByDefault") is True:
        return scope.passed(setting, f"EBS encryption by default is on in {setting.region}")
    return scope.failed(setting, f"EBS encryption by default is off in {setting.region}")
