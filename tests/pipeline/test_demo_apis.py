"""The demo's answers for operations moto lacks: given per account and region, reached through the normal SDK
path, errors included, and gone once the demo organization is gone."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from demo.simulated_apis import ApiError, SimulatedApis, install
from demo.world import assume, build_organization, management_session

ANALYZER = {"arn": "arn:aws:access-analyzer:us-east-1:1:analyzer/a", "name": "a", "type": "ACCOUNT"}


def _demo_apis(base: boto3.Session) -> tuple[SimulatedApis, dict[str, str]]:
    demo = build_organization(base)
    organization_id = base.client("organizations").describe_organization()["Organization"]["Id"]
    apis = SimulatedApis(organization_id, demo.management_account_id)
    install(apis, base)
    return apis, demo.accounts


def test_answers_by_account_and_region_with_a_default() -> None:
    with mock_aws():
        base = management_session()
        apis, accounts = _demo_apis(base)
        apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": []})
        apis.answer(
            "accessanalyzer",
            "ListAnalyzers",
            {"analyzers": [ANALYZER]},
            account=accounts["security"],
            region="eu-west-2",
        )
        security = assume(base, accounts["security"])
        listed = security.client("accessanalyzer", region_name="eu-west-2").list_analyzers()["analyzers"]
        assert [a["name"] for a in listed] == ["a"]
        assert security.client("accessanalyzer", region_name="us-east-1").list_analyzers()["analyzers"] == []
        assert base.client("accessanalyzer", region_name="eu-west-2").list_analyzers()["analyzers"] == []


def test_error_answers_and_parameter_dependent_answers() -> None:
    with mock_aws():
        base = management_session()
        apis, _ = _demo_apis(base)
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


def test_unanswered_operations_reach_moto_and_answers_end_with_the_organization() -> None:
    with mock_aws():
        base = management_session()
        apis, _ = _demo_apis(base)
        apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [ANALYZER]})
        assert base.client("sts").get_caller_identity()["Account"] == apis.management_account_id
        assert base.client("accessanalyzer").list_analyzers()["analyzers"]
    # A new simulated AWS without the demo organization: the answers no longer apply, and moto's own
    # "not implemented" comes through.
    with mock_aws(), pytest.raises(ClientError) as unanswered:
        boto3.client("accessanalyzer", region_name="us-east-1").list_analyzers()
    assert unanswered.value.response["Error"]["Message"] == "Not yet implemented"
