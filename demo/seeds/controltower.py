"""Demo: the Control Tower landing zone, active and in sync, governing the home region (moto has no Control
Tower: these are answers the management account gives, see demo.simulated_apis)."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    apis = world.apis
    management = world.org.account_id("management")
    landing_zone = f"arn:aws:controltower:{HOME}:{management}:landingzone/1Q2W3E4R5T6Y7U8I"
    apis.answer("controltower", "ListLandingZones", {"landingZones": []})
    apis.answer(
        "controltower",
        "ListLandingZones",
        {"landingZones": [{"arn": landing_zone}]},
        account=management,
        region=HOME,
    )
    detail = {
        "arn": landing_zone,
        "version": "3.3",
        "latestAvailableVersion": "3.3",
        "status": "ACTIVE",
        "driftStatus": {"status": "IN_SYNC"},
        "manifest": {"governedRegions": [HOME]},
    }
    apis.answer("controltower", "GetLandingZone", {"landingZone": detail}, account=management, region=HOME)
