"""Systems Manager fleet: the nodes SSM manages, their patch and association compliance, and hybrid
activations. (The running EC2 instances the fleet checks compare against are ec2.running-instances, in
scanner.aws.collectors.ec2.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# The compliance types Systems Manager itself reports per node (custom types are not judged).
COMPLIANCE_TYPES = ("Patch", "Association")


def collect_managed_nodes(api: Api) -> Iterator[Item]:
    for node in api.paginate("describe_instance_information", "InstanceInformationList"):
        node_id = node["InstanceId"]
        service, kind = (
            ("ec2", "instance") if node.get("ResourceType") == "EC2Instance" else ("ssm", "managed-instance")
        )
        arn = f"arn:{api.partition}:{service}:{api.region}:{api.account_id}:{kind}/{node_id}"
        yield api.resource(arn, node.get("ComputerName") or node_id, node).build()


def collect_compliance_summaries(api: Api) -> Iterator[Item]:
    for compliance_type in COMPLIANCE_TYPES:
        summaries = api.paginate(
            "list_resource_compliance_summaries",
            "ResourceComplianceSummaryItems",
            Filters=[{"Key": "ComplianceType", "Values": [compliance_type], "Type": "EQUAL"}],
        )
        for summary in summaries:
            resource = summary.get("ResourceId", "?")
            kind = summary.get("ComplianceType", compliance_type)
            yield api.resource(f"{api.account_id}/{api.region}/{kind}/{resource}", resource, summary).build()


def collect_activations(api: Api) -> Iterator[Item]:
    # Activation age is judged against the time they were read, so a replayed run gives the same answer.
    observed = dt.datetime.now(dt.UTC).isoformat()
    for activation in api.paginate("describe_activations", "ActivationList"):
        activation_id = activation["ActivationId"]
        arn = f"arn:{api.partition}:ssm:{api.region}:{api.account_id}:activation/{activation_id}"
        data = {**activation, "ObservedAt": observed}
        yield api.resource(arn, activation.get("DefaultInstanceName") or activation_id, data).build()


DATASETS = (
    Dataset(
        name="ssm.managed-nodes",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Nodes Systems Manager manages (EC2 instances and hybrid machines) with their ping "
        "status, agent version and platform.",
        calls={"DescribeInstanceInformation": "ssm:DescribeInstanceInformation"},
        collect=collect_managed_nodes,
    ),
    Dataset(
        name="ssm.compliance-summaries",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Per managed node, the Systems Manager patch and association compliance summaries "
        "(COMPLIANT or NON_COMPLIANT, with severity counts).",
        calls={"ListResourceComplianceSummaries": "ssm:ListResourceComplianceSummaries"},
        collect=collect_compliance_summaries,
    ),
    Dataset(
        name="ssm.activations",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Systems Manager hybrid activations: the IAM role registered machines get, how many may "
        "register and have, when the activation was created and when it expires.",
        calls={"DescribeActivations": "ssm:DescribeActivations"},
        collect=collect_activations,
    ),
)
