"""Reading timestamps from collected data, whether fresh from the SDK or reloaded from a run directory."""

from __future__ import annotations

import datetime as dt


def as_datetime(value: object) -> dt.datetime | None:
    """A timezone-aware datetime from an SDK datetime, an ISO 8601 string (as a run directory stores them)
    or epoch seconds; None when absent or unreadable. Naive values are taken as UTC."""
    parsed: dt.datetime | None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, bool):
        parsed = None
    elif isinstance(value, int | float):
        parsed = dt.datetime.fromtimestamp(value, dt.UTC)
    elif isinstance(value, str) and value:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    else:
        parsed = None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def day(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).date().isoformat()
