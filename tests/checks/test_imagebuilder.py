"""imagebuilder.cis-hardening-pipeline: an enabled pipeline with a CIS component, image tests and scanning."""

from __future__ import annotations

from typing import Any

import pytest

from checks.imagebuilder import cis_hardening_pipeline, is_cis_component
from scanner.inventory import Item
from scanner.model import Result
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

PIPELINE_ARN = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:image-pipeline/ecs-hardened"
RECIPE_ARN = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:image-recipe/ecs-hardened/1.0.0"
CIS = f"arn:aws:imagebuilder:{REGION}:{ACCOUNT}:component/cis-docker-benchmark/1.0.0/1"
UPDATE = f"arn:aws:imagebuilder:{REGION}:aws:component/update-linux/x.x.x"


def pipeline(
    *, components: tuple[str, ...] = (UPDATE, CIS), recipe_error: bool = False, **fields: Any
) -> Item:
    data = {
        "arn": PIPELINE_ARN,
        "name": "ecs-hardened",
        "status": "ENABLED",
        "imageRecipeArn": RECIPE_ARN,
        "imageTestsConfiguration": {"imageTestsEnabled": True},
        "imageScanningConfiguration": {"imageScanningEnabled": True},
        **fields,
    }
    if recipe_error:
        return item(PIPELINE_ARN, data, errors={"Recipe": ACCESS_DENIED})
    return item(PIPELINE_ARN, {**data, "Recipe": {"components": [{"componentArn": c} for c in components]}})


def run(*pipelines: Item, roles: dict[str, str] | None = None) -> list[Result]:
    return run_check(
        cis_hardening_pipeline, InventoryBuilder().add("imagebuilder.pipelines", list(pipelines)), roles=roles
    )


@pytest.mark.parametrize(
    ("arn", "cis"),
    [
        (CIS, True),
        (f"arn:aws:imagebuilder:{REGION}:aws:component/CISDockerHardening/1.0.0", True),
        (f"arn:aws:imagebuilder:{REGION}:aws:component/ecs_cis_level1/1.0.0", True),
        (f"arn:aws:imagebuilder:{REGION}:999999999999:component/cis-docker/1.0.0/1", False),
        (f"arn:aws:imagebuilder:{REGION}:aws:component/precision-tools/1.0.0", False),
        (f"arn:aws:imagebuilder:{REGION}:aws:component/cisco-agent/1.0.0", False),
        (UPDATE, False),
    ],
)
def test_cis_component_names_and_owners(arn: str, cis: bool) -> None:
    assert is_cis_component(arn, ACCOUNT) is cis


def test_passes_for_an_enabled_tested_scanned_cis_pipeline() -> None:
    [result] = run(pipeline(), roles={ACCOUNT: "devsecops"})
    assert result.status.value == "PASS" and result.resource_id == PIPELINE_ARN


def test_fails_when_disabled_untested_unscanned_or_without_cis_component() -> None:
    assert statuses(run(pipeline(status="DISABLED"))) == ["FAIL"]
    assert statuses(run(pipeline(imageTestsConfiguration={"imageTestsEnabled": False}))) == ["FAIL"]
    assert statuses(run(pipeline(imageScanningConfiguration={}))) == ["FAIL"]
    [result] = run(pipeline(components=(UPDATE,)))
    assert result.status.value == "FAIL" and "no CIS hardening component" in result.message
    assert statuses(run()) == ["FAIL"]


def test_error_when_a_recipe_cannot_be_read_and_not_applicable_outside_devsecops() -> None:
    [result] = run(pipeline(recipe_error=True))
    assert result.status.value == "ERROR" and "Recipe" in result.message
    unreadable = InventoryBuilder().unavailable("imagebuilder.pipelines")
    assert statuses(run_check(cis_hardening_pipeline, unreadable)) == ["ERROR"]
    assert statuses(run(roles={"999999999999": "devsecops"})) == ["NOT_APPLICABLE"]


def test_shared_services_builds_the_images_when_there_is_no_devsecops_account() -> None:
    [elsewhere] = run(roles={"999999999999": "shared-services"})
    assert elsewhere.status.value == "NOT_APPLICABLE" and "shared-services account" in elsewhere.message
    assert statuses(run(pipeline(), roles={ACCOUNT: "shared-services"})) == ["PASS"]
    # A devsecops account, where there is one, is where the pipeline must be.
    both = {ACCOUNT: "shared-services", "999999999999": "devsecops"}
    assert statuses(run(pipeline(), roles=both)) == ["NOT_APPLICABLE"]
