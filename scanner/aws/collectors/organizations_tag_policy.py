"""Organizations tag policies: the effective tag policy of each account, as the account itself reads it
(`effective_policy` reads any other policy type the same way)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# No policy of the type asked for applies to the account (none attached along its path, or that policy type
# not enabled), or the account is in no organization at all: either way none governs it, which is data.
NO_EFFECTIVE_POLICY = ("EffectivePolicyNotFoundException", "AWSOrganizationsNotInUseException")


def effective_policy(api: Api, policy_type: str, label: str) -> Item:
    """The calling account's effective policy of one type (TAG_POLICY, BACKUP_POLICY, ...) as one item whose
    PolicyContent is null when no policy of that type applies."""
    # Without TargetId, DescribeEffectivePolicy answers for the calling account, from any account of the
    # organization: https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeEffectivePolicy.html
    response = api.optional("describe_effective_policy", absent=NO_EFFECTIVE_POLICY, PolicyType=policy_type)
    policy = (response or {}).get("EffectivePolicy") or {}
    data = {
        "PolicyContent": policy.get("PolicyContent"),
        "LastUpdatedTimestamp": policy.get("LastUpdatedTimestamp"),
    }
    return api.resource(
        f"{api.account_id}/{policy_type}", f"effective {label} of {api.account_id}", data
    ).build()


def collect_effective_tag_policy(api: Api) -> Iterator[Item]:
    yield effective_policy(api, "TAG_POLICY", "tag policy")


DATASETS = (
    Dataset(
        name="organizations.effective-tag-policy",
        service="organizations",
        reach=Reach.GLOBAL,
        description="The account's effective Organizations tag policy (its content is null when no tag "
        "policy applies).",
        calls={"DescribeEffectivePolicy": "organizations:DescribeEffectivePolicy"},
        collect=collect_effective_tag_policy,
    ),
)
