"""The deployment templates: generated from the code, clean under cfn-lint, least privilege where it
matters, and a results bucket that passes controlmap's own S3 checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.api import lint_file

from checks.s3 import bucket_default_encryption
from checks.s3_policy import public_access, tls_only
from scanner.evaluate.registry import build_registry
from scanner.model import Status
from scanner.tools.deploy import (
    AUDIT_ROLE,
    DEPLOY_DIR,
    audit_role_template,
    security_account_template,
    templates,
)
from scanner.tools.iam_policy import audit_policy
from tests.builders import InventoryBuilder, item, run_check

REGISTRY = build_registry()


def test_committed_templates_are_what_the_code_generates() -> None:
    for name, text in templates(REGISTRY).items():
        assert (DEPLOY_DIR / name).read_text() == text, (
            f"deploy/{name} is stale: run python -m scanner.tools.deploy"
        )


@pytest.mark.parametrize("name", ["audit-role.yaml", "security-account.yaml"])
def test_templates_pass_cfn_lint(name: str) -> None:
    matches = lint_file(DEPLOY_DIR / name)
    assert not matches, "\n".join(str(m) for m in matches)


def test_audit_role_has_exactly_the_declared_reads_and_a_guarded_trust() -> None:
    role = audit_role_template(REGISTRY)["Resources"]["AuditRole"]["Properties"]
    assert role["RoleName"] == AUDIT_ROLE
    [policy] = role["Policies"]
    assert policy["PolicyDocument"] == audit_policy(REGISTRY)
    [trust] = role["AssumeRolePolicyDocument"]["Statement"]
    assert set(trust["Condition"]["StringEquals"]) == {"sts:ExternalId", "aws:PrincipalOrgID"}


def test_state_machine_fans_out_shards_and_merges() -> None:
    resources = security_account_template(REGISTRY)["Resources"]
    template, variables = resources["ScanStateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
    assert set(variables) == {"Subnets"}
    # Fill the placeholders as Fn::Sub would, and read the result as the state machine definition.
    filled = re.sub(r"\$\{([A-Za-z.]+)\}", lambda m: "subnet-1" if m.group(1) == "Subnets" else "x", template)
    definition = json.loads(filled)
    fan_out = definition["States"]["ScanShards"]
    assert fan_out["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    command = fan_out["ItemProcessor"]["States"]["ScanShard"]["Parameters"]["Overrides"][
        "ContainerOverrides"
    ][0]
    assert "'--shard'" in command["Command.$"] and AUDIT_ROLE in command["Command.$"]
    assert definition["States"]["ScanShards"]["Next"] == "Merge"


def _resolve(value: Any, names: dict[str, str]) -> Any:
    """Just enough of CloudFormation's intrinsics to read the bucket's properties as S3 would hold them."""
    if isinstance(value, dict):
        if "Fn::GetAtt" in value:
            return names[".".join(value["Fn::GetAtt"])]
        if "Fn::Sub" in value:
            return re.sub(r"\$\{([A-Za-z.]+)\}", lambda m: names[m.group(1)], value["Fn::Sub"])
        if "Ref" in value:
            return names[value["Ref"]]
        return {k: _resolve(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, names) for v in value]
    return value


def test_the_results_bucket_passes_our_own_s3_checks() -> None:
    resources = yaml.safe_load((DEPLOY_DIR / "security-account.yaml").read_text())["Resources"]
    names = {
        "ResultsBucket": "controlmap-results",
        "ResultsBucket.Arn": "arn:aws:s3:::controlmap-results",
        "ResultsKey.Arn": "arn:aws:kms:us-east-1:111111111111:key/k",
    }
    bucket = _resolve(resources["ResultsBucket"]["Properties"], names)
    policy = _resolve(resources["ResultsBucketPolicy"]["Properties"]["PolicyDocument"], names)
    rules = [
        {"ApplyServerSideEncryptionByDefault": r["ServerSideEncryptionByDefault"], "BucketKeyEnabled": True}
        for r in bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    ]
    as_collected = item(
        names["ResultsBucket.Arn"],
        {
            "Encryption": rules,
            "Policy": json.dumps(policy),
            "PublicAccessBlock": bucket["PublicAccessBlockConfiguration"],
            "Acl": {"Owner": {"ID": "me"}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "me"}}]},
            "Versioning": bucket["VersioningConfiguration"],
        },
        name="controlmap-results",
    )
    inv = InventoryBuilder().add("s3.buckets", [as_collected])
    inv.add("s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": None})])
    for check in (tls_only, bucket_default_encryption, public_access):
        [result] = run_check(check, inv)
        assert result.status is Status.PASS, (check.__name__, result.message)


def test_the_deploy_folder_holds_only_generated_templates_and_the_image() -> None:
    assert sorted(p.name for p in Path(DEPLOY_DIR).iterdir()) == [
        "Dockerfile",
        "audit-role.yaml",
        "security-account.yaml",
    ]
