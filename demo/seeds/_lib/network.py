"""Where the seeds find the networks they place resources in."""

from __future__ import annotations

from typing import Any

from demo.world import HOME


def workload_vpc_name(account_name: str) -> str:
    """The Name tag of the account's workload VPC (the `vpc` seed creates it)."""
    return f"{account_name}-workloads"


def workload_vpc(ec2: Any, account_name: str) -> str:
    """The id of the account's workload VPC in the client's region."""
    named = {"Name": "tag:Name", "Values": [workload_vpc_name(account_name)]}
    [vpc] = ec2.describe_vpcs(Filters=[named])["Vpcs"]
    return str(vpc["VpcId"])


def default_network(session: Any) -> tuple[str, str]:
    """A subnet and the default security group of the account's default VPC in the home region."""
    ec2 = session.client("ec2", region_name=HOME)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    in_vpc = {"Name": "vpc-id", "Values": [vpc]}
    subnet = ec2.describe_subnets(Filters=[in_vpc])["Subnets"][0]["SubnetId"]
    default = {"Name": "group-name", "Values": ["default"]}
    [group] = ec2.describe_security_groups(Filters=[in_vpc, default])["SecurityGroups"]
    return subnet, str(group["GroupId"])
