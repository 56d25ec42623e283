"""AWS Fault Injection Service: experiment templates with their stop conditions, and the experiments run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def template_detail(api: Api, template_id: str) -> dict[str, Any]:
    """The full template: ListExperimentTemplates' summaries do not include the stop conditions."""
    template: dict[str, Any] = api.call("get_experiment_template", id=template_id).get(
        "experimentTemplate", {}
    )
    return template


def collect_templates(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_experiment_templates", "experimentTemplates"):
        arn = (
            summary.get("arn")
            or f"arn:{api.partition}:fis:{api.region}:{api.account_id}:experiment-template/{summary['id']}"
        )
        name = (summary.get("tags") or {}).get("Name") or summary["id"]
        builder = api.resource(arn, name, summary)
        builder.aspect("Template", template_detail, api, summary["id"])
        yield builder.build()


def collect_experiments(api: Api) -> Iterator[Item]:
    # The time of reading goes with each experiment, so how recent it is can be judged on replay.
    collected_at = dt.datetime.now(dt.UTC).isoformat()
    for experiment in api.paginate("list_experiments", "experiments"):
        arn = (
            experiment.get("arn")
            or f"arn:{api.partition}:fis:{api.region}:{api.account_id}:experiment/{experiment['id']}"
        )
        yield api.resource(arn, experiment["id"], {**experiment, "CollectedAt": collected_at}).build()


DATASETS = (
    Dataset(
        name="fis.experiment-templates",
        service="fis",
        reach=Reach.REGIONAL,
        description="Fault Injection Service experiment templates with their stop conditions.",
        calls={
            "ListExperimentTemplates": "fis:ListExperimentTemplates",
            "GetExperimentTemplate": "fis:GetExperimentTemplate",
        },
        collect=collect_templates,
    ),
    Dataset(
        name="fis.experiments",
        service="fis",
        reach=Reach.REGIONAL,
        description="Fault Injection Service experiments with their state and creation time.",
        calls={"ListExperiments": "fis:ListExperiments"},
        collect=collect_experiments,
    ),
)
