"""Image Builder collector with botocore's Stubber: moto (5.2) has no EC2 Image Builder, so the
ListImagePipelines and GetImageRecipe answers are stubbed in their wire shape."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.imagebuilder import DATASETS
from scanner.evidence import EvidenceStore, Recorder

[PIPELINES] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
PIPELINE = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:image-pipeline/ecs-hardened"
RECIPE = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:image-recipe/ecs-hardened/1.0.0"
CONTAINER = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:image-pipeline/containers"
CIS = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:component/cis-docker/1.0.0/1"


def test_pipelines_with_the_recipe_of_each_ami_pipeline(tmp_path: Path) -> None:
    client = boto3.client(
        "imagebuilder", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    ami_pipeline = {
        "arn": PIPELINE,
        "name": "ecs-hardened",
        "status": "ENABLED",
        "imageRecipeArn": RECIPE,
        "imageTestsConfiguration": {"imageTestsEnabled": True},
    }
    container_pipeline = {"arn": CONTAINER, "name": "containers", "containerRecipeArn": RECIPE}
    stubber.add_response(
        "list_image_pipelines", {"imagePipelineList": [ami_pipeline, container_pipeline]}, {}
    )
    recipe = {"arn": RECIPE, "name": "ecs-hardened", "components": [{"componentArn": CIS}]}
    stubber.add_response("get_image_recipe", {"imageRecipe": recipe}, {"imageRecipeArn": RECIPE})
    with stubber:
        api = Api(PIPELINES, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        ami, container = list(PIPELINES.collect(api))
    stubber.assert_no_pending_responses()
    assert ami.resource_id == PIPELINE and ami["Recipe"]["components"] == [{"componentArn": CIS}]
    assert "Recipe" not in container.data and not container.errors
