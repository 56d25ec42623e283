"""Systems Manager Session Manager: the regional session preferences (where session logs go, and whether
encrypted destinations are enforced)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# Session Manager keeps an account's regional preferences in this Session document; the console creates it
# the first time preferences are saved. https://docs.aws.amazon.com/systems-manager/latest/userguide/
# getting-started-default-session-document.html
PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell"


def _inputs(content: object) -> dict[str, Any] | None:
    """The document's `inputs` (the preferences), or None when the content is not a JSON object with them."""
    try:
        parsed = json.loads(content) if isinstance(content, str) else None
    except ValueError:
        return None
    inputs = parsed.get("inputs", {}) if isinstance(parsed, dict) else None
    return inputs if isinstance(inputs, dict) else None


def collect_session_preferences(api: Api) -> Iterator[Item]:
    arn = f"arn:{api.partition}:ssm:{api.region}:{api.account_id}:document/{PREFERENCES_DOCUMENT}"
    # InvalidDocument: preferences were never saved in this region, so sessions are not logged (data).
    document = api.optional(
        "get_document", absent=("InvalidDocument",), Name=PREFERENCES_DOCUMENT, DocumentFormat="JSON"
    )
    data: dict[str, Any] = {"DocumentName": PREFERENCES_DOCUMENT, "Exists": document is not None}
    if document is not None:
        data |= {
            "DocumentVersion": document.get("DocumentVersion"),
            "DocumentType": document.get("DocumentType"),
            "Inputs": _inputs(document.get("Content")),
        }
    yield api.resource(arn, f"{PREFERENCES_DOCUMENT} ({api.region})", data).build()


DATASETS = (
    Dataset(
        name="ssm.session-preferences",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Session Manager preferences in the region (the SSM-SessionManagerRunShell document): "
        "S3 bucket and CloudWatch Logs group for session logs, their encryption enforcement and KMS key; "
        "marked absent when preferences were never saved.",
        calls={"GetDocument": "ssm:GetDocument"},
        collect=collect_session_preferences,
    ),
)
