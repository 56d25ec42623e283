"""Organizations tag policies: the effective tag policy of each account, as the account itself reads it."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item

# No tag policy applies to the account (none attached along its path, or tag policies not enabled), or the
# account is in no organization at all: either way no tag policy governs it, which is data.
NO_EFFECTIVE_POLICY = ("EffectivePolicyNotFoundException", "AWSOrganizationsNotInUseException")


def collect_effective_tag_policy(api: Api) -> Iterator[Item]:
    # Without TargetId, DescribeEffectivePolicy answers for the calling account, from any account of the
    # organization: https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeEffectivePolicy.html
    response = api.optional("describe_effective_policy", absent=NO_EFFECTIVE_POLICY, PolicyType="TAG_POLICY")
    policy = (response or {}).get("EffectivePolicy") or {}
    data = {
        "PolicyContent": policy.get("PolicyContent"),
        "LastUpdatedTimestamp": policy.get("LastUpdatedTimestamp"),
    }
    yield api.resource(
        f"{api.account_id}/TAG_POLICY", f"effective tag policy of {api.account_id}", data
    ).build()


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
