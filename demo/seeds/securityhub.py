"""Demo: Security Hub administered from the security account, enabled everywhere but tenant-b's eu-west-2.
The security account auto-enables it for new accounts (moto keeps one organization configuration for all
regions). Enabled standards (moto has no GetEnabledStandards: answers the simulated accounts give, see
demo.simulated_apis): every account runs AWS Foundational Security Best Practices and the CIS benchmark,
except tenant-b, which runs only CIS."""

from __future__ import annotations

from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

FSBP = "aws-foundational-security-best-practices/v/1.0.0"
CIS = "cis-aws-foundations-benchmark/v/1.4.0"


def seed(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        world.sessions["management"].client(
            "securityhub", region_name=region
        ).enable_organization_admin_account(AdminAccountId=security)
        for name, session in world.sessions.items():
            if not (name == "tenant-b" and region == "eu-west-2"):
                session.client("securityhub", region_name=region).enable_security_hub()
    world.sessions["security"].client("securityhub", region_name=HOME).update_organization_configuration(
        AutoEnable=True
    )
    _enabled_standards(world)


def _subscription(account: str, region: str, standard: str) -> dict[str, Any]:
    return {
        "StandardsSubscriptionArn": f"arn:aws:securityhub:{region}:{account}:subscription/{standard}",
        "StandardsArn": f"arn:aws:securityhub:{region}::standards/{standard}",
        "StandardsInput": {},
        "StandardsStatus": "READY",
    }


def _enabled_standards(world: DemoWorld) -> None:
    for name in world.sessions:
        account = world.org.account_id(name)
        standards = (CIS,) if name == "tenant-b" else (FSBP, CIS)
        for region in DEMO_REGIONS:
            subscriptions = [_subscription(account, region, standard) for standard in standards]
            world.apis.answer(
                "securityhub",
                "GetEnabledStandards",
                {"StandardsSubscriptions": subscriptions},
                account=account,
                region=region,
            )
