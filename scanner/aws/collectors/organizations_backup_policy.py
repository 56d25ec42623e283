"""Organizations backup policies: the effective backup policy of each account, as the account itself reads
it (the call itself lives in scanner.aws.collectors.organizations_tag_policy.effective_policy)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.organizations_tag_policy import effective_policy
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_effective_backup_policy(api: Api) -> Iterator[Item]:
    yield effective_policy(api, "BACKUP_POLICY", "backup policy")


DATASETS = (
    Dataset(
        name="organizations.effective-backup-policy",
        service="organizations",
        reach=Reach.GLOBAL,
        description="The account's effective Organizations backup policy (its content is null when no "
        "backup policy applies).",
        calls={"DescribeEffectivePolicy": "organizations:DescribeEffectivePolicy"},
        collect=collect_effective_backup_policy,
    ),
)
