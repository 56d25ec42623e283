"""CI gating: which failures are at or above a severity threshold (accepted exceptions excluded)."""

from __future__ import annotations

from collections.abc import Iterable

from scanner.evaluate.accepted import excepted
from scanner.evaluate.registry import Registry
from scanner.model import Result, Severity, Status

_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


def blocking_failures(results: Iterable[Result], registry: Registry, threshold: Severity) -> list[Result]:
    """FAIL results whose check severity is at least `threshold` and that no active exception accepts."""
    floor = _ORDER.index(threshold)
    blocking = []
    for result in results:
        if result.status is not Status.FAIL or excepted(result):
            continue
        spec = registry.checks.get(result.check_id)
        severity = spec.severity if spec else Severity.CRITICAL  # an unknown check cannot lower the bar
        if _ORDER.index(severity) >= floor:
            blocking.append(result)
    return blocking
