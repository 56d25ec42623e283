"""AWS IoT Device Defender: whether the region has IoT things, and the account's audit settings and
scheduled audits there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def audit_configuration(api: Api) -> dict[str, Any]:
    """Which audit checks are enabled (auditCheckConfigurations: check name -> {enabled})."""
    answer = api.call("describe_account_audit_configuration")
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def scheduled_audits(api: Api) -> list[dict[str, Any]]:
    return api.paginate("list_scheduled_audits", "scheduledAudits")


def collect_audit_settings(api: Api) -> Iterator[Item]:
    # One thing is enough to know IoT is used here; the audit settings are per account and region.
    things = api.call("list_things", maxResults=1).get("things") or []
    builder = api.resource(f"{api.account_id}/{api.region}", api.account_id, {"HasThings": bool(things)})
    builder.aspect("AuditConfiguration", audit_configuration, api)
    builder.aspect("ScheduledAudits", scheduled_audits, api)
    yield builder.build()


DATASETS = (
    Dataset(
        name="iot.device-defender-audit",
        service="iot",
        reach=Reach.REGIONAL,
        description="Whether IoT things exist in the region, with Device Defender's enabled audit checks and "
        "scheduled audits.",
        calls={
            "ListThings": "iot:ListThings",
            "DescribeAccountAuditConfiguration": "iot:DescribeAccountAuditConfiguration",
            "ListScheduledAudits": "iot:ListScheduledAudits",
        },
        collect=collect_audit_settings,
    ),
)
