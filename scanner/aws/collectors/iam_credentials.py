"""IAM credentials: the account password policy, and each IAM user's console password, MFA and access keys.

Users are read with ListUsers and per-user calls rather than the credential report. The read-only guard
(scanner/aws/sessions.py) refuses iam:GenerateCredentialReport, which no collector declares: the report is a
cached snapshot up to four hours old that must be generated (a write-like call that starts a job) and polled;
the per-user calls are current, need no waiting, and an unreadable user spoils only that user (an aspect),
not the account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_password_policy(api: Api) -> Iterator[Item]:
    # NoSuchEntity means the account has no password policy: that is data (IAM's defaults apply), not ERROR.
    response = api.optional("get_account_password_policy", absent=("NoSuchEntity",))
    policy = None if response is None else dict(response["PasswordPolicy"])
    arn = f"arn:{api.partition}:iam::{api.account_id}:account-password-policy"
    yield api.resource(arn, "account password policy", {"PasswordPolicy": policy}).build()


def login_profile(api: Api, user: str) -> dict[str, Any] | None:
    """The user's console password profile; None when the user has no console password."""
    response = api.optional("get_login_profile", absent=("NoSuchEntity",), UserName=user)
    return None if response is None else dict(response["LoginProfile"])


def mfa_devices(api: Api, user: str) -> list[dict[str, Any]]:
    return list(api.paginate("list_mfa_devices", "MFADevices", UserName=user))


def access_keys(api: Api, user: str) -> list[dict[str, Any]]:
    """Each access key (id, status, creation date) with the date it was last used, when known."""
    keys: list[dict[str, Any]] = []
    for key in api.paginate("list_access_keys", "AccessKeyMetadata", UserName=user):
        used = api.call("get_access_key_last_used", AccessKeyId=key["AccessKeyId"]).get("AccessKeyLastUsed")
        keys.append({**key, "LastUsedDate": (used or {}).get("LastUsedDate")})
    return keys


def collect_users(api: Api) -> Iterator[Item]:
    for user in api.paginate("list_users", "Users"):
        name = user["UserName"]
        # The time the user was read: key ages are judged as of collection, so a stored run re-evaluates
        # to the same answer.
        data = {**user, "CollectedAt": dt.datetime.now(dt.UTC).isoformat()}
        builder = api.resource(user["Arn"], name, data)
        builder.aspect("LoginProfile", login_profile, api, name)
        builder.aspect("MFADevices", mfa_devices, api, name)
        builder.aspect("AccessKeys", access_keys, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="iam.password-policy",
        service="iam",
        reach=Reach.GLOBAL,
        description="The account password policy (None when the account has none).",
        calls={"GetAccountPasswordPolicy": "iam:GetAccountPasswordPolicy"},
        collect=collect_password_policy,
    ),
    Dataset(
        name="iam.users",
        service="iam",
        reach=Reach.GLOBAL,
        description="IAM users with their console password, MFA devices and access keys (with last use).",
        calls={
            "ListUsers": "iam:ListUsers",
            "GetLoginProfile": "iam:GetLoginProfile",
            "ListMFADevices": "iam:ListMFADevices",
            "ListAccessKeys": "iam:ListAccessKeys",
            "GetAccessKeyLastUsed": "iam:GetAccessKeyLastUsed",
        },
        collect=collect_users,
    ),
)
