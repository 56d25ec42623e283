"""Demo: Security Hub, Macie and Inspector administered from the security account, with realistic gaps:
Security Hub off in tenant-b's eu-west-2, Macie paused in tenant-a's eu-west-2, Inspector ECR scanning off in
networking's eu-west-2, shared-services not an Inspector member; Access Analyzer delegated to a workload."""

from __future__ import annotations

from demo.world import DEMO_REGIONS, DemoWorld

DELEGATED_TO_SECURITY = (
    "guardduty.amazonaws.com",
    "securityhub.amazonaws.com",
    "macie.amazonaws.com",
    "inspector2.amazonaws.com",
    "config.amazonaws.com",
    "securitylake.amazonaws.com",
)


def seed(world: DemoWorld) -> None:
    _accept_every_security_service_principal()
    security = world.org.account_id("security")
    org = world.sessions["management"].client("organizations")
    for principal in DELEGATED_TO_SECURITY:
        org.register_delegated_administrator(AccountId=security, ServicePrincipal=principal)
    # A realistic mistake: Access Analyzer delegated to a workload account instead of the security account.
    org.register_delegated_administrator(
        AccountId=world.org.account_id("tenant-a"), ServicePrincipal="access-analyzer.amazonaws.com"
    )
    for region in DEMO_REGIONS:
        world.sessions["management"].client(
            "securityhub", region_name=region
        ).enable_organization_admin_account(AdminAccountId=security)
        admin_macie = world.sessions["security"].client("macie2", region_name=region)
        admin_inspector = world.sessions["security"].client("inspector2", region_name=region)
        for name, session in world.sessions.items():
            account = world.org.account_id(name)
            if not (name == "tenant-b" and region == "eu-west-2"):
                session.client("securityhub", region_name=region).enable_security_hub()
            macie = session.client("macie2", region_name=region)
            if name == "tenant-a" and region == "eu-west-2":
                macie.enable_macie(status="PAUSED")  # moto has no UpdateMacieSession; same end state
            types = ["EC2"] if name == "networking" and region == "eu-west-2" else ["EC2", "ECR"]
            session.client("inspector2", region_name=region).enable(accountIds=[account], resourceTypes=types)
            if name == "security":
                continue
            admin_macie.create_invitations(accountIds=[account])
            # moto keeps invitations on the administrator's side, so the id is read there.
            sent = admin_macie.list_invitations()["invitations"]
            invitation = next(i["invitationId"] for i in sent if i["accountId"] == account)
            macie.accept_invitation(administratorAccountId=security, invitationId=invitation)
            if name != "shared-services":
                admin_inspector.associate_member(accountId=account)


def _accept_every_security_service_principal() -> None:
    """moto accepts delegated administrators for only a few services; AWS accepts these too."""
    from moto.organizations.models import FakeDelegatedAdministrator

    for principal in (*DELEGATED_TO_SECURITY, "access-analyzer.amazonaws.com"):
        if principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
            FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(principal)
