"""Demo: what the simulated accounts answer for the operations moto does not implement (see
demo.simulated_apis). IAM Access Analyzer's only organization analyzer sits in tenant-a (where the security
services seed wrongly delegated it) and only in us-east-1, so eu-west-2 is uncovered except where an account
runs its own analyzer; tenant-b's Security Hub runs the CIS standard but not AWS Foundational Security Best
Practices; the Macie administrator auto-enables new members in us-east-1 only; shared-services builds the
hardened container-host AMI with a tested, scanned CIS pipeline, and no other account has a pipeline; only the
security account has Business support, and its Trusted Advisor flags an open security group."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from demo.simulated_apis import ApiError, SimulatedApis
from demo.world import DEMO_REGIONS, HOME, DemoWorld

CREATED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FSBP = "aws-foundational-security-best-practices/v/1.0.0"
CIS = "cis-aws-foundations-benchmark/v/1.4.0"


def _analyzer(account: str, region: str, name: str, zone_of_trust: str) -> dict[str, Any]:
    return {
        "arn": f"arn:aws:access-analyzer:{region}:{account}:analyzer/{name}",
        "name": name,
        "type": zone_of_trust,
        "createdAt": CREATED,
        "status": "ACTIVE",
    }


def _access_analyzer(apis: SimulatedApis, world: DemoWorld) -> None:
    apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": []})
    tenant_a = world.org.account_id("tenant-a")
    organization_analyzer = _analyzer(tenant_a, HOME, "organization-external-access", "ORGANIZATION")
    apis.answer(
        "accessanalyzer",
        "ListAnalyzers",
        {"analyzers": [organization_analyzer]},
        account=tenant_a,
        region=HOME,
    )
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        own = _analyzer(security, region, f"security-{region}", "ACCOUNT")
        apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [own]}, account=security, region=region)


def _subscription(account: str, region: str, standard: str) -> dict[str, Any]:
    return {
        "StandardsSubscriptionArn": f"arn:aws:securityhub:{region}:{account}:subscription/{standard}",
        "StandardsArn": f"arn:aws:securityhub:{region}::standards/{standard}",
        "StandardsInput": {},
        "StandardsStatus": "READY",
    }


def _security_hub(apis: SimulatedApis, world: DemoWorld) -> None:
    for name in world.sessions:
        account = world.org.account_id(name)
        standards = (CIS,) if name == "tenant-b" else (FSBP, CIS)
        for region in DEMO_REGIONS:
            subscriptions = [_subscription(account, region, standard) for standard in standards]
            apis.answer(
                "securityhub",
                "GetEnabledStandards",
                {"StandardsSubscriptions": subscriptions},
                account=account,
                region=region,
            )


def _macie(apis: SimulatedApis, world: DemoWorld) -> None:
    apis.answer(
        "macie2",
        "DescribeOrganizationConfiguration",
        ApiError("AccessDeniedException", "only the Macie administrator can read this", 403),
    )
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        answer = {"autoEnable": region == HOME, "maxAccountLimitReached": False}
        apis.answer("macie2", "DescribeOrganizationConfiguration", answer, account=security, region=region)


def _image_builder(apis: SimulatedApis, world: DemoWorld) -> None:
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


TRUSTED_ADVISOR_SECURITY = (
    ("HCP4007jGY", "Security Groups - Specific Ports Unrestricted"),
    ("Pfx0RwqBli", "Amazon S3 Bucket Permissions"),
    ("7DAFEmoDos", "MFA on Root Account"),
)


def _trusted_advisor(apis: SimulatedApis, world: DemoWorld) -> None:
    """The security account is on Business support; tenant-b's security groups are flagged red there.
    Every other account is on Developer support, which has no Trusted Advisor API."""
    apis.answer(
        "support",
        "DescribeTrustedAdvisorChecks",
        ApiError("SubscriptionRequiredException", "AWS Premium Support Subscription is required", 400),
    )
    security = world.org.account_id("security")
    listing = [
        {"id": check_id, "name": name, "description": "", "category": "security", "metadata": []}
        for check_id, name in TRUSTED_ADVISOR_SECURITY
    ]
    apis.answer("support", "DescribeTrustedAdvisorChecks", {"checks": listing}, account=security)

    def result(params: Mapping[str, Any]) -> Mapping[str, Any]:
        check_id = str(params.get("checkId"))
        red = check_id == "HCP4007jGY"
        return {
            "result": {
                "checkId": check_id,
                "timestamp": "2026-11-30T06:00:00Z",
                "status": "error" if red else "ok",
                "resourcesSummary": {
                    "resourcesProcessed": 12,
                    "resourcesFlagged": 1 if red else 0,
                    "resourcesIgnored": 0,
                    "resourcesSuppressed": 0,
                },
                "categorySpecificSummary": {},
                "flaggedResources": [{"status": "error", "resourceId": "sg-0demo", "metadata": []}]
                if red
                else [],
            }
        }

    apis.answer("support", "DescribeTrustedAdvisorCheckResult", result, account=security)


def seed(world: DemoWorld) -> None:
    _access_analyzer(world.apis, world)
    _security_hub(world.apis, world)
    _macie(world.apis, world)
    _image_builder(world.apis, world)
    _trusted_advisor(world.apis, world)
