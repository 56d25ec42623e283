"""ECS fleet checks: container instances run an AMI at most 90 days old."""

from __future__ import annotations

from checks.ecs_fleet import ami_age
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

INSTANCE = f"arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/c1/abc"


def _instance(created: str | None, checked: str = "2026-06-30T12:00:00+00:00") -> Item:
    ami = None if created is None else {"ImageId": "ami-1", "CreationDate": created, "CheckedAt": checked}
    return item(INSTANCE, {"Ec2InstanceId": "i-1", "AmiId": "ami-1", "Ami": ami}, name="i-1")


def test_ami_age_passes_within_90_days_and_fails_beyond() -> None:
    fleet = InventoryBuilder().add(
        "ecs.container-instances", [_instance("2026-04-01T00:00:00.000Z"), _instance("2026-03-01T00:00:00Z")]
    )
    fresh, old = run_check(ami_age, fleet)
    assert fresh.status is Status.PASS and "90 days" in fresh.message
    assert old.status is Status.FAIL and "121 days old" in old.message


def test_ami_age_errors_when_the_ami_or_fleet_cannot_be_read() -> None:
    gone = InventoryBuilder().add("ecs.container-instances", [_instance(None)])
    assert statuses(run_check(ami_age, gone)) == ["ERROR"]
    denied = item(INSTANCE, {"AmiId": "ami-1"}, errors={"Ami": ACCESS_DENIED})
    assert statuses(run_check(ami_age, InventoryBuilder().add("ecs.container-instances", [denied]))) == [
        "ERROR"
    ]
    unavailable = InventoryBuilder().unavailable("ecs.container-instances")
    assert statuses(run_check(ami_age, unavailable)) == ["ERROR"]
