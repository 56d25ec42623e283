"""Backup, SNS, ACM, Secrets Manager and EventBridge collectors against moto (which supports every
operation they call, including Vault Lock, DescribeCertificate, RotateSecret and cross-account targets)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import boto3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import acm, backup, events, secretsmanager, sns
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    record = collect_dataset(provider, dataset, provider.caller().account_id, REGION)
    assert record.available, record.unavailable
    return record


def self_signed(days: int) -> tuple[bytes, bytes]:
    """A certificate (PEM) valid for `days` days from now, and its private key (PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app.example.com")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), private


def test_backup_plans_with_rules_and_locked_vaults(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("backup", region_name=REGION)
        client.create_backup_vault(BackupVaultName="central")
        client.put_backup_vault_lock_configuration(BackupVaultName="central", MinRetentionDays=35)
        client.create_backup_plan(
            BackupPlan={
                "BackupPlanName": "daily",
                "Rules": [{"RuleName": "nightly", "TargetBackupVaultName": "central"}],
            }
        )
        [plans, vaults] = [_collect(tmp_path / d.name, d) for d in backup.DATASETS]
    [plan] = plans.items
    assert plan.name == "daily" and plan["Plan"]["Rules"][0]["TargetBackupVaultName"] == "central"
    [vault] = vaults.items
    assert vault.name == "central" and vault.data["Locked"] is True and vault.data["MinRetentionDays"] == 35


def test_sns_topics_with_encryption_subscriptions_and_tags(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("sns", region_name=REGION)
        arn = client.create_topic(
            Name="security-alerts",
            Attributes={"KmsMasterKeyId": "alias/security"},
            Tags=[{"Key": "controlmap:purpose", "Value": "security-notifications"}],
        )["TopicArn"]
        client.subscribe(TopicArn=arn, Protocol="email", Endpoint="soc@example.com")
        [topic] = _collect(tmp_path, sns.DATASETS[0]).items
    assert topic.resource_id == arn and topic.name == "security-alerts"
    assert topic["Attributes"]["KmsMasterKeyId"] == "alias/security"
    assert topic["Tags"] == {"controlmap:purpose": "security-notifications"}
    [subscription] = topic["Subscriptions"]
    assert subscription["Endpoint"] == "soc@example.com" and topic.evidence


def test_acm_certificates_with_detail_and_read_time(tmp_path: Path) -> None:
    certificate, private_key = self_signed(days=10)
    with mock_aws():
        client = boto3.client("acm", region_name=REGION)
        arn = client.import_certificate(Certificate=certificate, PrivateKey=private_key)["CertificateArn"]
        [item] = _collect(tmp_path, acm.DATASETS[0]).items
    assert item.resource_id == arn
    detail = item["Certificate"]
    assert detail["Type"] == "IMPORTED" and detail["Status"] == "ISSUED"
    days_left = (detail["NotAfter"] - dt.datetime.fromisoformat(item.data["ObservedAt"])).days
    assert 8 <= days_left <= 10


def test_secrets_with_rotation_metadata_only(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("secretsmanager", region_name=REGION)
        client.create_secret(Name="static", SecretString="never-rotated")
        client.create_secret(Name="rotating", SecretString="s3cr3t")
        client.rotate_secret(SecretId="rotating", RotationRules={"AutomaticallyAfterDays": 30})
        record = _collect(tmp_path, secretsmanager.DATASETS[0])
    by_name = {i.name: i for i in record.items}
    assert by_name["rotating"].data["RotationEnabled"] is True
    assert by_name["rotating"].data["RotationRules"] == {"AutomaticallyAfterDays": 30}
    assert by_name["static"].data.get("RotationEnabled") is not True
    assert all("SecretString" not in i.data and "ObservedAt" in i.data for i in record.items)


def test_event_rules_of_every_bus_with_cross_account_targets(tmp_path: Path) -> None:
    security_bus = f"arn:aws:events:{REGION}:333333333333:event-bus/security-findings"
    with mock_aws():
        client = boto3.client("events", region_name=REGION)
        client.create_event_bus(Name="security-findings")
        client.put_rule(Name="forward", EventPattern='{"source": ["aws.guardduty"]}', State="ENABLED")
        client.put_targets(Rule="forward", Targets=[{"Id": "security", "Arn": security_bus}])
        client.put_rule(
            Name="local", EventBusName="security-findings", EventPattern='{"source": ["aws.macie"]}'
        )
        record = _collect(tmp_path, events.DATASETS[0])
    by_name = {i.name: i for i in record.items}
    assert set(by_name) == {"default/forward", "security-findings/local"}
    assert [t["Arn"] for t in by_name["default/forward"]["Targets"]] == [security_bus]
    assert by_name["security-findings/local"].data["EventBusName"] == "security-findings"
    assert by_name["security-findings/local"]["Targets"] == []
