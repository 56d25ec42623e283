"""Demo: Macie administered from the security account: every other account accepted its invitation in both
regions; tenant-a's eu-west-2 session is paused. The administrator auto-enables new members in us-east-1 only
(moto has no organization configuration for Macie: answers the simulated accounts give, see
demo.simulated_apis; other accounts are refused it, as AWS refuses a non-administrator)."""

from __future__ import annotations

from demo.simulated_apis import ApiError
from demo.world import DEMO_REGIONS, HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        administrator = world.sessions["security"].client("macie2", region_name=region)
        for name, session in world.sessions.items():
            macie = session.client("macie2", region_name=region)
            if name == "tenant-a" and region == "eu-west-2":
                macie.enable_macie(status="PAUSED")  # moto has no UpdateMacieSession; same end state
            if name == "security":
                continue
            account = world.org.account_id(name)
            administrator.create_invitations(accountIds=[account])
            # moto keeps invitations on the administrator's side, so the id is read there.
            sent = administrator.list_invitations()["invitations"]
            invitation = next(i["invitationId"] for i in sent if i["accountId"] == account)
            macie.accept_invitation(administratorAccountId=security, invitationId=invitation)
    _organization_configuration(world)


def _organization_configuration(world: DemoWorld) -> None:
    world.apis.answer(
        "macie2",
        "DescribeOrganizationConfiguration",
        ApiError("AccessDeniedException", "only the Macie administrator can read this", 403),
    )
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        answer = {"autoEnable": region == HOME, "maxAccountLimitReached": False}
        world.apis.answer(
            "macie2", "DescribeOrganizationConfiguration", answer, account=security, region=region
        )
