"""Demo: AWS Artifact agreements (moto 5.2 has no Artifact: the agreements are answers the simulated accounts
give, see demo.simulated_apis). Only security, log-archive and tenant-a accepted the account Business
Associate Addendum; the management account never accepted the organization one, so the other accounts have
none."""

from __future__ import annotations

from datetime import UTC, datetime

from demo.world import DemoWorld

WITH_ACCOUNT_BAA = ("security", "log-archive", "tenant-a")
BAA_ACCEPTED = datetime(2026, 1, 12, 16, 45, tzinfo=UTC)


def seed(world: DemoWorld) -> None:
    world.apis.answer("artifact", "ListCustomerAgreements", {"customerAgreements": []})
    for name in WITH_ACCOUNT_BAA:
        account = world.org.account_id(name)
        baa = {
            "name": "AWS Business Associate Addendum",
            "arn": f"arn:aws:artifact::{account}:customer-agreement/customer-agreement-baa-{account}",
            "id": f"customer-agreement-baa-{account}",
            "agreementArn": "arn:aws:artifact:::agreement/agreement-baa",
            "awsAccountId": account,
            "effectiveStart": BAA_ACCEPTED,
            "state": "ACTIVE",
            "type": "DEFAULT",
            "description": "Business Associate Addendum for HIPAA accounts",
        }
        world.apis.answer(
            "artifact", "ListCustomerAgreements", {"customerAgreements": [baa]}, account=account
        )
