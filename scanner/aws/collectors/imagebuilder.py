"""EC2 Image Builder: image pipelines with the image recipe each one builds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def image_recipe(api: Api, recipe_arn: str) -> dict[str, Any]:
    recipe: dict[str, Any] = api.call("get_image_recipe", imageRecipeArn=recipe_arn)["imageRecipe"]
    return recipe


def collect_pipelines(api: Api) -> Iterator[Item]:
    for pipeline in api.paginate("list_image_pipelines", "imagePipelineList"):
        builder = api.resource(pipeline["arn"], pipeline.get("name", pipeline["arn"]), pipeline)
        # Container pipelines name a container recipe instead; only AMI pipelines have an image recipe.
        if pipeline.get("imageRecipeArn"):
            builder.aspect("Recipe", image_recipe, api, pipeline["imageRecipeArn"])
        yield builder.build()


DATASETS = (
    Dataset(
        name="imagebuilder.pipelines",
        service="imagebuilder",
        reach=Reach.REGIONAL,
        description="Image Builder pipelines (status, image tests and scanning settings) with the components "
        "of the image recipe each AMI pipeline builds.",
        calls={
            "ListImagePipelines": "imagebuilder:ListImagePipelines",
            "GetImageRecipe": "imagebuilder:GetImageRecipe",
        },
        collect=collect_pipelines,
    ),
)
