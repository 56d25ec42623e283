"""Every AWS call the demo scan makes was declared by the collector that made it (and so is in the policy)."""

from __future__ import annotations

import json
from pathlib import Path

from scanner import rundir
from scanner.evaluate.registry import build_registry
from scanner.tools.iam_policy import audit_policy


def test_demo_scan_calls_only_declared_operations(demo_run_dir: Path) -> None:
    registry = build_registry()
    results = rundir.read_results(demo_run_dir)
    undeclared = [r for r in results if "UndeclaredOperation" in r.message or "does not declare" in r.message]
    assert not undeclared, undeclared[:3]
    # Every stored response names its operation; each must map to an action in the generated policy.
    granted = {a for s in audit_policy(registry)["Statement"] for a in s["Action"]}
    declared_ops = {
        (d.service, op): action for d in registry.datasets.values() for op, action in d.calls.items()
    }
    for path in (demo_run_dir / rundir.EVIDENCE).glob("*.json"):
        record = json.loads(path.read_text())
        if "operation" not in record:
            continue  # evidence written by something other than the SDK hook (e.g. host files)
        if record["service"] == "sts":
            continue  # the caller identity and role assumption are session plumbing, not collection
        key = (record["service"], record["operation"])
        matches = [a for (svc, op), a in declared_ops.items() if op == key[1]]
        assert matches, f"{key} was called but no collector declares it"
        assert set(matches) & granted
