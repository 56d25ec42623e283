"""Demo: Incident Manager (moto has none: answers the simulated accounts give, see demo.simulated_apis). The
security account has a response plan for security incidents; no other account has one."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    apis = world.apis
    apis.answer("ssm-incidents", "ListResponsePlans", {"responsePlanSummaries": []})
    plan = {
        "arn": f"arn:aws:ssm-incidents::{security}:response-plan/security-sev1",
        "name": "security-sev1",
        "displayName": "Security incident (SEV1)",
    }
    apis.answer(
        "ssm-incidents", "ListResponsePlans", {"responsePlanSummaries": [plan]}, account=security, region=HOME
    )
