"""Demo: the security account's automation runbooks for incident response (containing an EC2 instance,
deactivating an IAM access key), which its Incident Manager response plan refers to."""

from __future__ import annotations

import json

from demo.world import HOME, DemoWorld

RUNBOOK_STEPS = {
    "schemaVersion": "0.3",
    "description": "Containment runbook referenced by the security response plan",
    "parameters": {"Target": {"type": "String"}},
    "mainSteps": [{"name": "record", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
}
RUNBOOKS = ("Quarantine-EC2-Instance", "Deactivate-IAM-Access-Key")


def seed(world: DemoWorld) -> None:
    ssm = world.sessions["security"].client("ssm", region_name=HOME)
    for name in RUNBOOKS:
        ssm.create_document(
            Name=name, DocumentType="Automation", DocumentFormat="JSON", Content=json.dumps(RUNBOOK_STEPS)
        )
