"""ACM collector against moto: certificates with their DescribeCertificate detail and read time; the key
algorithm, type and renewal eligibility that acm.certificate-key-and-renewal judges (moto reports every
certificate INELIGIBLE; it does not model managed renewal)."""

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

from demo.seeds._lib.certificates import self_signed_rsa
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import acm
from scanner.aws.collectors.acm import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION, available=True)


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


[CERTIFICATES] = DATASETS


def test_rsa_1024_certificates_are_listed_with_their_key_algorithm_and_renewal_eligibility(
    tmp_path: Path,
) -> None:
    with mock_aws():
        acm = boto3.client("acm", region_name=REGION)
        certificate, key = self_signed_rsa("legacy.example.com", 1024)
        weak = acm.import_certificate(Certificate=certificate, PrivateKey=key)["CertificateArn"]
        issued = acm.request_certificate(DomainName="www.example.com")["CertificateArn"]
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, CERTIFICATES, provider.caller().account_id, REGION)
    found = {i.resource_id: i["Certificate"] for i in record.items}
    assert found[weak]["KeyAlgorithm"] == "RSA_1024" and found[weak]["Type"] == "IMPORTED"
    assert found[issued]["Type"] == "AMAZON_ISSUED" and found[issued]["RenewalEligibility"] == "INELIGIBLE"
