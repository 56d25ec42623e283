"""Demo: EC2 Image Builder (moto has none: the pipeline is an answer the simulated accounts give, see
demo.simulated_apis). shared-services builds the hardened container-host AMI with a tested, scanned CIS
pipeline; no other account has a pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from demo.simulated_apis import ApiError
from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    apis = world.apis
    apis.answer("imagebuilder", "ListImagePipelines", {"imagePipelineList": []})
    builder = world.org.account_id("shared-services")
    recipe_arn = f"arn:aws:imagebuilder:{HOME}:{builder}:image-recipe/ecs-host-cis/1.2.0"
    pipeline = {
        "arn": f"arn:aws:imagebuilder:{HOME}:{builder}:image-pipeline/ecs-host-hardening",
        "name": "ecs-host-hardening",
        "platform": "Linux",
        "imageRecipeArn": recipe_arn,
        "infrastructureConfigurationArn": (
            f"arn:aws:imagebuilder:{HOME}:{builder}:infrastructure-configuration/ecs-host-build"
        ),
        "imageTestsConfiguration": {"imageTestsEnabled": True, "timeoutMinutes": 90},
        "imageScanningConfiguration": {"imageScanningEnabled": True},
        "schedule": {"scheduleExpression": "cron(0 6 ? * MON *)"},
        "status": "ENABLED",
        "dateCreated": "2026-03-02T09:30:00Z",
    }
    recipe = {
        "arn": recipe_arn,
        "name": "ecs-host-cis",
        "version": "1.2.0",
        "parentImage": f"arn:aws:imagebuilder:{HOME}:aws:image/amazon-linux-2023-ecs-optimized-x86/x.x.x",
        "components": [
            {"componentArn": f"arn:aws:imagebuilder:{HOME}:aws:component/update-linux/x.x.x"},
            {"componentArn": f"arn:aws:imagebuilder:{HOME}:{builder}:component/cis-docker-hardening/1.0.0/1"},
            {"componentArn": f"arn:aws:imagebuilder:{HOME}:{builder}:component/docker-bench-report/1.0.0/1"},
        ],
    }
    apis.answer(
        "imagebuilder", "ListImagePipelines", {"imagePipelineList": [pipeline]}, account=builder, region=HOME
    )

    def get_recipe(params: Mapping[str, Any]) -> Mapping[str, Any] | ApiError:
        if params.get("imageRecipeArn") == recipe_arn:
            return {"imageRecipe": recipe}
        return ApiError("ResourceNotFoundException", f"no image recipe {params.get('imageRecipeArn')}", 404)

    apis.answer("imagebuilder", "GetImageRecipe", get_recipe, account=builder)
