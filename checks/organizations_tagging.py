"""Organizations tagging: every account carries the ownership and classification tags, and the organization's
tag policy makes the S3 bucket classification tags (checks/s3_tagging.py) mandatory."""

from __future__ import annotations

import json
from collections.abc import Iterator

from checks.organizations import _management_only
from checks.s3_tagging import OWNER_TAG, SCAN_TAG, SCAN_TAG_VALUES
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The account tags that say who owns an account and which HITRUST phase it belongs to. Not configurable yet:
# this is the digest's list (seed 003 L2212-2216, L2328-2340, "e.g."), and the org config has no field for it.
REQUIRED_ACCOUNT_TAGS = ("Owner", "Environment", "DataClassification", "HitrustPhase")


@check(
    id="organizations.account.metadata-tags",
    title="Every account carries the ownership, environment, classification and phase tags",
    uses=(),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Account tags say who owns an account, what data it holds and whether it belongs to the "
    "landing zone (HITRUST phase 1) or an application (phase 2); without them an assessment cannot be "
    "scoped and an incident has no owner.",
    remediation="From the management account, tag every account with Owner, Environment, DataClassification "
    "and HitrustPhase (Organizations TagResource), and require them in the account vending process.",
)
def account_metadata_tags(scope: Scope) -> Iterator[Result]:
    """In the management account, one result per active organization account: PASS when its Organizations
    tags include Owner, Environment, DataClassification and HitrustPhase (REQUIRED_ACCOUNT_TAGS), each with
    a non-empty value; ERROR for an account whose tags could not be listed. Other accounts are not
    applicable."""
    skipped = _management_only(scope, "account tagging")
    if skipped is not None:
        yield skipped
        return
    org = scope.org
    assert org is not None
    for account_id in org.active_account_ids():
        account = org.accounts[account_id]
        node = org.nodes.get(account_id)
        evidence = node.evidence if node is not None else ()
        if node is not None and not node.tags_readable:
            why = f" ({node.problems['Tags']})" if "Tags" in node.problems else ""
            yield scope.result(
                Status.ERROR, account_id, f"not evaluated: the tags of {account.label} could not be read{why}"
            )
            continue
        missing = [key for key in REQUIRED_ACCOUNT_TAGS if not str(account.tags.get(key) or "").strip()]
        if missing:
            message = f"{account.label} lacks tags {', '.join(missing)}"
            yield scope.result(Status.FAIL, account_id, message, evidence=evidence)
        else:
            found = ", ".join(f"{key}={account.tags[key]}" for key in REQUIRED_ACCOUNT_TAGS)
            yield scope.result(
                Status.PASS, account_id, f"{account.label} is tagged {found}", evidence=evidence
            )


# enforced_for entries that cover S3 buckets: the resource type itself, or every S3 resource type.
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html
S3_BUCKET_ENFORCEMENT = ("s3:bucket", "s3:*", "s3:ALL_SUPPORTED")


def _plain(value: object) -> object:
    """A tag policy field's value; the effective policy has no inheritance operators, but tolerate
    {"@@assign": value} as attached policies write it."""
    return value.get("@@assign") if isinstance(value, dict) else value


def _as_list(value: object) -> list[str]:
    plain = _plain(value)
    values = plain if isinstance(plain, list) else [plain]
    return [str(v) for v in values if v is not None]


def tag_policy_problems(content: dict[str, object], key: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """What keeps the effective tag policy from defining `key` (with that exact capitalisation), with
    values among `allowed` when given, enforced for S3 buckets; empty when it does."""
    rules = content.get("tags")
    entries = rules.items() if isinstance(rules, dict) else ()
    # The policy key matches the tag key except for case; tag_key carries the required capitalisation.
    entry = next((e for k, e in entries if str(k).lower() == key.lower()), None)
    if not isinstance(entry, dict):
        return [f"{key} is not defined"]
    problems = []
    if _plain(entry.get("tag_key")) != key:
        problems.append(
            f"{key} is not required with that capitalisation (tag_key is {_plain(entry.get('tag_key'))!r})"
        )
    values = _as_list(entry.get("tag_value"))
    if allowed and (not values or not set(values) <= set(allowed)):
        problems.append(f"{key} values are {values or 'unrestricted'}, not limited to {'/'.join(allowed)}")
    if not set(_as_list(entry.get("enforced_for"))) & set(S3_BUCKET_ENFORCEMENT):
        problems.append(f"{key} is not enforced for s3:bucket")
    return problems


@check(
    id="organizations.tag-policy.classification-tags",
    title="The effective tag policy enforces RequireMacieScan and BucketOwner on S3 buckets",
    for_each="organizations.effective-tag-policy",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A tag policy enforced for s3:bucket stops buckets from being tagged with a misspelt key or a "
    "value other than True/False, so Macie's tag-scoped discovery sees every bucket it should.",
    remediation="Attach to the root (or the workload OUs) a tag policy defining RequireMacieScan (values "
    'True, False) and BucketOwner, each with enforced_for ["s3:bucket"], and enable tag policies.',
)
def tag_policy_classification_tags(policy: Item, scope: Scope) -> Result:
    """PASS when the account's effective tag policy (DescribeEffectivePolicy TAG_POLICY) defines the tag
    keys RequireMacieScan, with values limited to True and False, and BucketOwner, each with that exact
    capitalisation and enforced for s3:bucket (or s3:* / s3:ALL_SUPPORTED). FAIL when no tag policy applies;
    ERROR when the policy content is not JSON."""
    raw = policy.data.get("PolicyContent")
    if not raw:
        return scope.failed(policy, "no tag policy applies to this account")
    try:
        content = json.loads(str(raw))
    except ValueError:
        return scope.on_item(policy, Status.ERROR, "not evaluated: the effective tag policy is not JSON")
    if not isinstance(content, dict):
        return scope.on_item(policy, Status.ERROR, "not evaluated: the effective tag policy is not an object")
    problems = [
        *tag_policy_problems(content, SCAN_TAG, SCAN_TAG_VALUES),
        *tag_policy_problems(content, OWNER_TAG),
    ]
    if problems:
        return scope.failed(policy, "; ".join(problems))
    return scope.passed(policy, f"{SCAN_TAG} (True/False) and {OWNER_TAG} are enforced for s3:bucket")
