"""AWS Private CA: this account's certificate authorities with their key, signing and revocation settings."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_certificate_authorities(api: Api) -> Iterator[Item]:
    # ListCertificateAuthorities returns each CA in full (the DescribeCertificateAuthority shape): status,
    # CertificateAuthorityConfiguration (KeyAlgorithm, SigningAlgorithm), RevocationConfiguration, UsageMode.
    for authority in api.paginate(
        "list_certificate_authorities", "CertificateAuthorities", ResourceOwner="SELF"
    ):
        arn = authority["Arn"]
        subject = (authority.get("CertificateAuthorityConfiguration") or {}).get("Subject") or {}
        yield api.resource(arn, subject.get("CommonName") or arn.rsplit("/", 1)[-1], authority).build()


DATASETS = (
    Dataset(
        name="acmpca.certificate-authorities",
        service="acm-pca",
        reach=Reach.REGIONAL,
        description="Private certificate authorities owned by this account: status, key and signing "
        "algorithms, CRL and OCSP configuration, usage mode.",
        calls={"ListCertificateAuthorities": "acm-pca:ListCertificateAuthorities"},
        collect=collect_certificate_authorities,
    ),
)
