"""Demo: IoT Device Defender audits of the tenants' dock sensors. tenant-a audits weekly; tenant-b enabled the
audit checks without scheduling an audit. moto has no audit settings, so they are answers the simulated
accounts give (demo.simulated_apis)."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

AUDIT_CHECKS = (
    "DEVICE_CERTIFICATE_SHARED_CHECK",
    "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
    "LOGGING_DISABLED_CHECK",
)


def seed(world: DemoWorld) -> None:
    # What accounts without audit settings answer.
    world.apis.answer("iot", "DescribeAccountAuditConfiguration", {"auditCheckConfigurations": {}})
    world.apis.answer("iot", "ListScheduledAudits", {"scheduledAudits": []})
    _iot_sensors(world, "tenant-a", scheduled=True)
    _iot_sensors(world, "tenant-b", scheduled=False)


def _iot_sensors(world: DemoWorld, tenant: str, *, scheduled: bool) -> None:
    account = world.org.account_id(tenant)
    world.sessions[tenant].client("iot", region_name=HOME).create_thing(thingName=f"{tenant}-dock-sensor-1")
    checks = {name: {"enabled": True} for name in AUDIT_CHECKS}
    configuration = {"roleArn": f"arn:aws:iam::{account}:role/iot-device-defender-audit"}
    world.apis.answer(
        "iot",
        "DescribeAccountAuditConfiguration",
        {**configuration, "auditCheckConfigurations": checks},
        account=account,
        region=HOME,
    )
    audits = [
        {
            "scheduledAuditName": "weekly-device-audit",
            "scheduledAuditArn": f"arn:aws:iot:{HOME}:{account}:scheduledaudit/weekly-device-audit",
            "frequency": "WEEKLY",
            "dayOfWeek": "MON",
        }
    ]
    world.apis.answer(
        "iot",
        "ListScheduledAudits",
        {"scheduledAudits": audits if scheduled else []},
        account=account,
        region=HOME,
    )
