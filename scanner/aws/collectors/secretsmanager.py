"""Secrets Manager: secrets with their rotation settings and last rotation (metadata only, never values)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_secrets(api: Api) -> Iterator[Item]:
    # ListSecrets returns RotationEnabled, RotationRules, LastRotatedDate and NextRotationDate for each
    # secret; secret values are never read.
    observed_at = dt.datetime.now(dt.UTC).isoformat()
    for secret in api.paginate("list_secrets", "SecretList"):
        data = {**secret, "ObservedAt": observed_at}
        yield api.resource(secret["ARN"], secret.get("Name", secret["ARN"]), data).build()


DATASETS = (
    Dataset(
        name="secretsmanager.secrets",
        service="secretsmanager",
        reach=Reach.REGIONAL,
        description="Secrets Manager secrets with their rotation settings and last rotation date.",
        calls={"ListSecrets": "secretsmanager:ListSecrets"},
        collect=collect_secrets,
    ),
)
