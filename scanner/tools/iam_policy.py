"""The minimal read-only IAM policy for the audit role, generated from every collector's declared calls."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from scanner.aws.sessions import ALLOWED_NON_READS
from scanner.evaluate.registry import Registry


def audit_policy(registry: Registry) -> dict[str, Any]:
    """One statement per service, actions sorted: diff-friendly and exactly what the collectors may call."""
    by_service: dict[str, set[str]] = defaultdict(set)
    for action in registry.permissions():
        by_service[action.split(":", 1)[0]].add(action)
    statements = [
        {
            "Sid": f"ControlmapRead{service.title().replace('-', '')}",
            "Effect": "Allow",
            "Action": sorted(actions),
            "Resource": "*",
        }
        for service, actions in sorted(by_service.items())
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def non_read_actions(registry: Registry) -> list[str]:
    """Declared actions that are not plain reads (each must be on the read-only guard's short allowlist)."""
    return [a for a in registry.permissions() if a in ALLOWED_NON_READS]
