"""Demo: fault injection game days. tenant-a's checkout template stops on an alarm and ran 45 days ago;
tenant-b's template has no alarm stop condition and was stopped 500 days ago."""

from __future__ import annotations

import time

from demo.world import HOME, DemoWorld

DAY_SECONDS = 86400
# tenant -> (stop on an alarm, final status of its one experiment, days since it was started)
GAME_DAYS = {"tenant-a": (True, "completed", 45), "tenant-b": (False, "stopped", 500)}


def seed(world: DemoWorld) -> None:
    from moto.fis.models import fis_backends

    for tenant, (alarm_stop, status, age_days) in GAME_DAYS.items():
        account = world.org.account_id(tenant)
        alarm = f"arn:aws:cloudwatch:{HOME}:{account}:alarm:{tenant}-checkout-5xx"
        fis = world.sessions[tenant].client("fis", region_name=HOME)
        template = fis.create_experiment_template(
            clientToken=f"{tenant}-game-day",
            description="Stop a checkout task and watch detection and response",
            roleArn=f"arn:aws:iam::{account}:role/fis-experiments",
            stopConditions=[
                {"source": "aws:cloudwatch:alarm", "value": alarm} if alarm_stop else {"source": "none"}
            ],
            actions={"stop-task": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "checkout"}}},
            targets={
                "checkout": {
                    "resourceType": "aws:ecs:task",
                    "resourceTags": {"service": "checkout"},
                    "selectionMode": "COUNT(1)",
                }
            },
            tags={"Name": f"{tenant}-checkout-game-day"},
        )["experimentTemplate"]
        started = fis.start_experiment(clientToken=f"{tenant}-run", experimentTemplateId=template["id"])
        # moto leaves a started experiment pending; the simulation records how the game day ended, and when.
        experiment = fis_backends[account][HOME].experiments[started["experiment"]["id"]]
        experiment.status = status
        experiment.creation_time = experiment.start_time = time.time() - age_days * DAY_SECONDS
