"""Demo: Inspector critical findings on EC2 instances (moto answers ListFindings only from a canned queue that
ignores the request, so the simulated accounts answer it, see demo.simulated_apis, reading the running
instances from moto when the scan asks). tenant-a's legacy-batch instance carries a critical OpenSSH finding
first seen 75 days before the scan (beyond the remediation SLA) and web-1 one seen 4 days before (within it);
shared-services' bastion has a critical finding 12 days old; every other account has none. The `ec2` seed
launches these instances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from demo.seeds._lib.instances import running_instances
from demo.world import DEMO_REGIONS, DemoWorld

# (account, instance Name tag) -> (CVE, package, days since Inspector first observed it)
CRITICAL_FINDINGS = {
    ("tenant-a", "legacy-batch"): ("CVE-2024-6387", "openssh-server", 75),
    ("tenant-a", "web-1"): ("CVE-2024-3094", "xz-libs", 4),
    ("shared-services", "bastion"): ("CVE-2023-38408", "openssh-clients", 12),
}


def seed(world: DemoWorld) -> None:
    for name in world.sessions:
        for region in DEMO_REGIONS:
            _answer_critical_findings(world, name, region)


def _answer_critical_findings(world: DemoWorld, name: str, region: str) -> None:
    account = world.org.account_id(name)
    ec2 = world.sessions[name].client("ec2", region_name=region)
    planted = {instance: finding for (owner, instance), finding in CRITICAL_FINDINGS.items() if owner == name}

    def findings(_: Mapping[str, Any]) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        found = [
            _finding(account, region, instance_id, *planted[instance_name], now)
            for instance_id, instance_name in running_instances(ec2).items()
            if instance_name in planted
        ]
        return {"findings": sorted(found, key=lambda f: f["firstObservedAt"])}

    world.apis.answer("inspector2", "ListFindings", findings, account=account, region=region)


def _finding(
    account: str, region: str, instance_id: str, cve: str, package: str, days: int, now: dt.datetime
) -> dict[str, Any]:
    first = now - dt.timedelta(days=days)
    return {
        "findingArn": f"arn:aws:inspector2:{region}:{account}:finding/{instance_id}-{cve}".lower(),
        "awsAccountId": account,
        "type": "PACKAGE_VULNERABILITY",
        "title": f"{cve} - {package}",
        "description": f"A critical vulnerability in {package}.",
        "severity": "CRITICAL",
        "status": "ACTIVE",
        "firstObservedAt": first,
        "lastObservedAt": now - dt.timedelta(hours=6),
        "remediation": {"recommendation": {"text": f"Update {package} to the fixed version."}},
        "resources": [
            {
                "type": "AWS_EC2_INSTANCE",
                "id": f"arn:aws:ec2:{region}:{account}:instance/{instance_id}",
                "region": region,
                "partition": "aws",
            }
        ],
        "packageVulnerabilityDetails": {"vulnerabilityId": cve, "source": "NVD", "vulnerablePackages": []},
        "fixAvailable": "YES",
    }
