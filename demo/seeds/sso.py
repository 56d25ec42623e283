"""Demo: IAM Identity Center runs in the management account's home region; one of its permission sets allows
12-hour sessions."""

from __future__ import annotations

from demo.world import DEMO_REGIONS, HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    from moto.ssoadmin.models import ssoadmin_backends

    # moto starts every account and region with an instance; the organization has one, in the home region.
    for name in world.sessions:
        for region in DEMO_REGIONS:
            if (name, region) != ("management", HOME):
                ssoadmin_backends[world.org.account_id(name)][region].instances = []
    sso = world.sessions["management"].client("sso-admin", region_name=HOME)
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    for permission_set, duration in (
        ("AdministratorAccess", "PT1H"),
        ("ReadOnly", "PT4H"),
        ("DataEngineer", "PT12H"),
    ):
        sso.create_permission_set(Name=permission_set, InstanceArn=instance, SessionDuration=duration)
