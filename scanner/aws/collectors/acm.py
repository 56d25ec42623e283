"""ACM: certificates of every key type, with their validity, status, use and renewal state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# Without Includes.keyTypes, ListCertificates returns only RSA_1024 and RSA_2048 certificates.
# https://docs.aws.amazon.com/acm/latest/APIReference/API_Filters.html
ALL_KEY_TYPES = [
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
]


def certificate_detail(api: Api, arn: str) -> dict[str, Any]:
    certificate: dict[str, Any] = api.call("describe_certificate", CertificateArn=arn).get("Certificate", {})
    return certificate


def collect_certificates(api: Api) -> Iterator[Item]:
    summaries = api.paginate(
        "list_certificates", "CertificateSummaryList", Includes={"keyTypes": ALL_KEY_TYPES}
    )
    for summary in summaries:
        arn = summary["CertificateArn"]
        # Expiry is judged against the time the certificate was read, so re-evaluating an old run gives the
        # same answer as the day it was collected.
        data = {**summary, "ObservedAt": dt.datetime.now(dt.UTC).isoformat()}
        builder = api.resource(arn, summary.get("DomainName") or arn.rsplit("/", 1)[-1], data)
        builder.aspect("Certificate", certificate_detail, api, arn)
        yield builder.build()


DATASETS = (
    Dataset(
        name="acm.certificates",
        service="acm",
        reach=Reach.REGIONAL,
        description="ACM certificates (all key types): status, expiry, type, use and renewal eligibility.",
        calls={"ListCertificates": "acm:ListCertificates", "DescribeCertificate": "acm:DescribeCertificate"},
        collect=collect_certificates,
    ),
)
