"""Demo: root MFA on in most accounts, off in shared-services and tenant-b."""

from __future__ import annotations

from scanner.demo import DemoWorld

ROOT_MFA = ("management", "security", "log-archive", "networking", "tenant-a")


def seed(world: DemoWorld) -> None:
    # moto has no API that turns on root MFA, so the simulation sets its account summary flag directly.
    from moto.iam.models import iam_backends

    for name in ROOT_MFA:
        iam_backends[world.org.account_id(name)]["aws"].account_summary._account_mfa_enabled = 1
