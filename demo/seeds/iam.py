"""Demo: the root users and the roles vendors assume. Root MFA is on in most accounts, off in shared-services
and tenant-b; tenant-b's root user has an access key. tenant-a lets its vendor in properly, tenant-b does not
(the confused-deputy gap)."""

from __future__ import annotations

import json
from typing import Any

from demo.seeds._lib.outsiders import VENDOR_ACCOUNT
from demo.world import DemoWorld

ROOT_MFA = ("management", "security", "log-archive", "networking", "tenant-a")
ROOT_ACCESS_KEY = ("tenant-b",)


def seed(world: DemoWorld) -> None:
    # moto has no API that turns on root MFA or creates a root access key, so the simulation sets the account
    # summary flags directly.
    from moto.iam.models import iam_backends

    for name in ROOT_MFA:
        iam_backends[world.org.account_id(name)]["aws"].account_summary._account_mfa_enabled = 1
    for name in ROOT_ACCESS_KEY:
        iam_backends[world.org.account_id(name)]["aws"].account_summary._account_access_keys_present = 1
    seed_vendor_roles(world)


def _trust(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def seed_vendor_roles(world: DemoWorld) -> None:
    """tenant-a lets its vendor in properly (pinned web identity, external id); tenant-b trusts the vendor's
    account with no external id (the confused-deputy gap)."""
    web_identity = {
        "Effect": "Allow",
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": "accounts.google.com"},
        "Condition": {"StringEquals": {"accounts.google.com:sub": "109876543210987654321"}},
    }
    vendor = {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"AWS": f"arn:aws:iam::{VENDOR_ACCOUNT}:root"},
    }
    tenant_a = world.sessions["tenant-a"].client("iam")
    tenant_a.create_role(RoleName="vendor-athena-sync", AssumeRolePolicyDocument=_trust(web_identity))
    pinned = {**vendor, "Condition": {"StringEquals": {"sts:ExternalId": "vendor-issued-7f3a"}}}
    tenant_a.create_role(RoleName="vendor-reporting", AssumeRolePolicyDocument=_trust(pinned))
    world.sessions["tenant-b"].client("iam").create_role(
        RoleName="vendor-reporting", AssumeRolePolicyDocument=_trust(vendor)
    )
