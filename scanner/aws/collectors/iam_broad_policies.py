"""IAM: the roles that have one of the broad AWS managed policies attached, with their path and tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.facts import BROAD_MANAGED_POLICIES
from scanner.inventory import Item


def _roles_attached_to(api: Api, policy_arn: str) -> list[dict[str, Any]]:
    try:
        # Attached as a permissions policy only: the same policy as a permissions boundary grants nothing.
        roles: list[dict[str, Any]] = api.paginate(
            "list_entities_for_policy",
            "PolicyRoles",
            PolicyArn=policy_arn,
            EntityFilter="Role",
            PolicyUsageFilter="PermissionsPolicy",
        )
    except ClientError as exc:
        # A partition without this AWS managed policy: nothing can have it attached.
        if exc.response.get("Error", {}).get("Code") == "NoSuchEntity":
            return []
        raise
    return roles


def collect_broad_policy_roles(api: Api) -> Iterator[Item]:
    attached: dict[str, list[str]] = {}
    for policy in BROAD_MANAGED_POLICIES:
        for role in _roles_attached_to(api, f"arn:{api.partition}:iam::aws:policy/{policy}"):
            attached.setdefault(role["RoleName"], []).append(policy)
    listing = list(api.listing_evidence)
    for role_name, policies in sorted(attached.items()):
        before = len(api.listing_evidence)
        # ListEntitiesForPolicy gives names only; GetRole adds the ARN, the path and the tags.
        response = api.optional("get_role", absent=("NoSuchEntity",), RoleName=role_name)
        own = api.listing_evidence[before:]
        if response is None:
            continue  # deleted since it was listed
        role = response["Role"]
        data = {
            "RoleName": role_name,
            "Arn": role["Arn"],
            "Path": role.get("Path", "/"),
            "Tags": {t["Key"]: t["Value"] for t in role.get("Tags") or []},
            "BroadPolicies": policies,
        }
        yield api.resource(role["Arn"], role_name, data).build(listing=[*listing, *own])


DATASETS = (
    Dataset(
        name="iam.broad-policy-roles",
        service="iam",
        reach=Reach.GLOBAL,
        description="Roles with AdministratorAccess, PowerUserAccess, IAMFullAccess, AmazonS3FullAccess or "
        "SecretsManagerReadWrite attached, with their path and tags.",
        calls={"ListEntitiesForPolicy": "iam:ListEntitiesForPolicy", "GetRole": "iam:GetRole"},
        collect=collect_broad_policy_roles,
    ),
)
