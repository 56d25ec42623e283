"""Systems Manager runbooks: the Automation documents the account wrote itself."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# Documents this account wrote itself (not AWS's or shared ones) of type Automation: the response runbooks.
OWN_AUTOMATION_DOCUMENTS = [
    {"Key": "Owner", "Values": ["Self"]},
    {"Key": "DocumentType", "Values": ["Automation"]},
]


def collect_automation_runbooks(api: Api) -> Iterator[Item]:
    for document in api.paginate("list_documents", "DocumentIdentifiers", Filters=OWN_AUTOMATION_DOCUMENTS):
        name = document["Name"]
        arn = f"arn:{api.partition}:ssm:{api.region}:{api.account_id}:document/{name}"
        yield api.resource(arn, name, document).build()


DATASETS = (
    Dataset(
        name="ssm.automation-runbooks",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Systems Manager Automation documents the account owns (its own runbooks).",
        calls={"ListDocuments": "ssm:ListDocuments"},
        collect=collect_automation_runbooks,
    ),
)
