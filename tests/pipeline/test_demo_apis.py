"""The demo's answers for operations moto lacks: given per account and region, reached through the normal SDK
path on the demo's own sessions (and the sessions made from them), errors included, and gone when they are
closed."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from demo.simulated_apis import ApiError, SimulatedApis
from demo.world import DemoOrg, assume, build_organization, management_session

ANALYZER = {"arn": "arn:aws:access-analyzer:us-east-1:1:analyzer/a", "name": "a", "type": "ACCOUNT"}


@pytest.fixture
def organization() -> Iterator[tuple[boto3.Session, DemoOrg]]:
    with mock_aws():
        base = management_session()
        yield base, build_organization(base)


def test_answers_by_account_and_region_with_a_default(organization: tuple[boto3.Session, DemoOrg]) -> None:
    base, demo = organization
    with SimulatedApis() as apis:
        apis.attach(base)
        apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": []})
        apis.answer(
            "accessanalyzer",
            "ListAnalyzers",
            {"analyzers": [ANALYZER]},
            account=demo.accounts["security"],
            region="eu-west-2",
        )
        security = assume(base, demo.accounts["security"])
        listed = security.client("accessanalyzer", region_name="eu-west-2").list_analyzers()["analyzers"]
        assert [a["name"] for a in listed] == ["a"]
        assert security.client("accessanalyzer", region_name="us-east-1").list_analyzers()["analyzers"] == []
        assert base.client("accessanalyzer", region_name="eu-west-2").list_analyzers()["analyzers"] == []


def test_error_answers_and_parameter_dependent_answers(organization: tuple[boto3.Session, DemoOrg]) -> None:
    base, _ = organization
    with SimulatedApis() as apis:
        apis.attach(base)
        apis.answer(
            "macie2", "DescribeOrganizationConfiguration", ApiError("AccessDeniedException", "no", 403)
        )
        with pytest.raises(ClientError) as refused:
            base.client("macie2").describe_organization_configuration()
        assert refused.value.response["Error"]["Code"] == "AccessDeniedException"
        apis.answer(
            "imagebuilder",
            "GetImageRecipe",
            lambda params: {"imageRecipe": {"arn": params["imageRecipeArn"]}},
        )
        recipe = base.client("imagebuilder").get_image_recipe(imageRecipeArn="arn:recipe/x")["imageRecipe"]
        assert recipe == {"arn": "arn:recipe/x"}


def test_unanswered_operations_reach_moto_and_answers_end_when_closed(
    organization: tuple[boto3.Session, DemoOrg],
) -> None:
    base, demo = organization
    with SimulatedApis() as apis:
        apis.attach(base)
        apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [ANALYZER]})
        assert base.client("sts").get_caller_identity()["Account"] == demo.management_account_id
        made_during = base.client("accessanalyzer")
        assert made_during.list_analyzers()["analyzers"]
    # Closed: a client made before the end stops answering, and so do new clients of the attached session;
    # moto's own "not implemented" comes through.
    for client in (made_during, base.client("accessanalyzer")):
        with pytest.raises(ClientError) as unanswered:
            client.list_analyzers()
        assert unanswered.value.response["Error"]["Message"] == "Not yet implemented"
    with pytest.raises(RuntimeError, match="ended"):
        apis.attach(base)
