"""Demo: IAM Roles Anywhere (moto has none: answers the simulated accounts give, see demo.simulated_apis).
shared-services' trust anchor has a fresh CRL and a one-hour profile; tenant-b's anchor has no CRL and its
profile grants 12-hour sessions."""

from __future__ import annotations

import datetime as dt

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    now = dt.datetime.now(dt.UTC)
    world.apis.answer("rolesanywhere", "ListTrustAnchors", {"trustAnchors": []})
    world.apis.answer("rolesanywhere", "ListCrls", {"crls": []})
    world.apis.answer("rolesanywhere", "ListProfiles", {"profiles": []})
    for account, crl_age_days, duration in (("shared-services", 1, 3600), ("tenant-b", None, 43200)):
        account_id = world.org.account_id(account)
        anchor_arn = f"arn:aws:rolesanywhere:{HOME}:{account_id}:trust-anchor/{account}-hosts"
        anchor = {
            "trustAnchorId": f"{account}-hosts",
            "trustAnchorArn": anchor_arn,
            "name": f"{account}-hybrid-hosts",
            "enabled": True,
            "source": {"sourceType": "AWS_ACM_PCA"},
            "createdAt": now - dt.timedelta(days=120),
            "updatedAt": now - dt.timedelta(days=120),
        }
        world.apis.answer(
            "rolesanywhere", "ListTrustAnchors", {"trustAnchors": [anchor]}, account=account_id, region=HOME
        )
        if crl_age_days is not None:
            crl = {
                "crlId": f"{account}-crl",
                "crlArn": f"arn:aws:rolesanywhere:{HOME}:{account_id}:crl/{account}-crl",
                "name": "hybrid-hosts-ca",
                "enabled": True,
                "trustAnchorArn": anchor_arn,
                "createdAt": now - dt.timedelta(days=120),
                "updatedAt": now - dt.timedelta(days=crl_age_days),
            }
            world.apis.answer("rolesanywhere", "ListCrls", {"crls": [crl]}, account=account_id, region=HOME)
        profile = {
            "profileId": f"{account}-hosts",
            "profileArn": f"arn:aws:rolesanywhere:{HOME}:{account_id}:profile/{account}-hosts",
            "name": f"{account}-hybrid-hosts",
            "enabled": True,
            "roleArns": [f"arn:aws:iam::{account_id}:role/{account}-hybrid-host"],
            "durationSeconds": duration,
        }
        world.apis.answer(
            "rolesanywhere", "ListProfiles", {"profiles": [profile]}, account=account_id, region=HOME
        )
