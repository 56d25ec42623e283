"""Demo: Macie sensitive-data discovery (moto has none of its APIs: answers the simulated accounts give, see
demo.simulated_apis). The security account (the Macie administrator) exports discovery results to a
KMS-encrypted bucket (the `macie_discovery_safeguards` seed creates it) and runs automated discovery in
us-east-1, but in eu-west-2 neither; one high-severity finding on a tenant-b bucket has stayed open for three
weeks. Members have no repository, discovery or jobs of their own unless a seed gives them one."""

from __future__ import annotations

import datetime as dt

from demo.seeds._lib.macie import results_bucket, results_key
from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    apis = world.apis
    apis.answer("macie2", "GetClassificationExportConfiguration", {"configuration": {}})
    apis.answer("macie2", "GetAutomatedDiscoveryConfiguration", {"status": "DISABLED"})
    apis.answer("macie2", "ListClassificationJobs", {"items": []})
    apis.answer("macie2", "ListFindings", {"findingIds": []})
    security = world.org.account_id("security")
    repository = {
        "configuration": {
            "s3Destination": {
                "bucketName": results_bucket(world),
                "keyPrefix": "results/",
                "kmsKeyArn": results_key(world),
            }
        }
    }
    apis.answer("macie2", "GetClassificationExportConfiguration", repository, account=security, region=HOME)
    enabled = {
        "status": "ENABLED",
        "classificationScopeId": "demo-scope",
        "sensitivityInspectionTemplateId": "t",
    }
    apis.answer("macie2", "GetAutomatedDiscoveryConfiguration", enabled, account=security, region=HOME)
    opened = dt.datetime.now(dt.UTC) - dt.timedelta(days=21)
    finding = {
        "id": "demo-finding-0001",
        "accountId": world.org.account_id("tenant-b"),
        "createdAt": opened,
        "updatedAt": opened,
        "severity": {"description": "High", "score": 3},
        "title": "The S3 object contains credit card numbers.",
        "type": "SensitiveData:S3Object/Financial",
        "resourcesAffected": {"s3Bucket": {"name": f"tenant-b-claims-exports-{HOME}"}},
    }
    apis.answer("macie2", "ListFindings", {"findingIds": [finding["id"]]}, account=security, region=HOME)
    apis.answer("macie2", "GetFindings", {"findings": [finding]}, account=security, region=HOME)
