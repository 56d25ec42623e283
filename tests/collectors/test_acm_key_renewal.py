"""ACM collector against moto: the key algorithm, type and renewal eligibility that
acm.certificate-key-and-renewal judges come from DescribeCertificate (moto reports every certificate
INELIGIBLE; it does not model managed renewal)."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from demo.seeds.transport_and_edge_protection import self_signed_rsa
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.acm import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[CERTIFICATES] = DATASETS
REGION = "eu-west-1"


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
