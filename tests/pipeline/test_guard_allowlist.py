"""The read-only guard is an allow-list: only the operations the collectors declare (and the few the session
and signing layers send) can leave the machine, checked against every operation botocore knows."""

from __future__ import annotations

from pathlib import Path

import boto3
import botocore.session
import pytest
from moto import mock_aws

from scanner.aws.sessions import (
    FORBIDDEN_READS,
    SESSION_OPERATIONS,
    SessionProvider,
    check_operation,
    is_permitted,
    permitted_operations,
    resolve_call,
)
from scanner.errors import ReadOnlyViolationError
from scanner.evaluate.registry import build_registry
from scanner.evidence import EvidenceStore, Recorder

WRITE_VERBS = (
    *("Create", "Put", "Delete", "Update", "Modify", "Attach", "Detach", "Start", "Stop", "Run", "Send"),
    *("Invoke", "Tag", "Untag", "Set", "Enable", "Disable", "Associate", "Disassociate", "Register"),
    *("Deregister", "Import", "Export", "Restore", "Copy", "Reboot", "Terminate", "Revoke", "Authorize"),
    *("Cancel", "Reset", "Rotate", "Generate"),
)
# Operations whose names start with a write verb that the guard may still send, and why. Empty today.
JUSTIFIED_WRITE_NAMED: dict[tuple[str, str], str] = {}

# Reads (by name) that return secrets, mint credentials or change state: no collector needs them.
DANGEROUS_READS = [
    ("secretsmanager", "GetSecretValue"),
    ("secretsmanager", "BatchGetSecretValue"),
    ("ssm", "GetParameter"),
    ("ssm", "GetParameters"),
    ("ssm", "GetParametersByPath"),
    ("ssm", "GetParameterHistory"),
    ("cognito-identity", "GetId"),
    ("cognito-identity", "GetCredentialsForIdentity"),
    ("cognito-identity", "GetOpenIdToken"),
    ("redshift", "GetClusterCredentials"),
    ("redshift", "GetClusterCredentialsWithIAM"),
    ("redshift-serverless", "GetCredentials"),
    ("sts", "GetFederationToken"),
    ("sts", "GetSessionToken"),
    ("sso", "GetRoleCredentials"),
    ("ecr", "GetAuthorizationToken"),
    ("codeartifact", "GetAuthorizationToken"),
    ("ec2", "GetPasswordData"),
    ("lightsail", "GetInstanceAccessDetails"),
    ("s3", "GetObject"),
    ("kms", "Decrypt"),
    ("kms", "GenerateDataKey"),
    ("iam", "GenerateCredentialReport"),  # starts a job; the collectors read users directly instead
    ("kms", "Sign"),  # only with a grant for the configured signing key
]


def test_every_botocore_operation_is_refused_unless_allow_listed() -> None:
    allowed = permitted_operations()
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    sent: set[tuple[str, str]] = set()
    total = 0
    for service in session.get_available_services():
        for operation in loader.load_service_model(service, "service-2")["operations"]:
            total += 1
            try:
                check_operation(service, operation, {})
            except ReadOnlyViolationError as exc:
                assert str(exc).startswith(f"refused {service}:{operation}")
                assert "controlmap only reads from AWS" in str(exc)
                continue
            sent.add((service, operation))
    assert total > 10_000  # botocore's whole catalogue was checked
    assert sent == allowed  # exactly the allow-list gets through, and all of it is real


def test_the_allow_list_is_the_declared_calls_plus_the_session_s_own() -> None:
    registry = build_registry()
    declared = {
        resolve_call(dataset.service, operation, action)
        for dataset in registry.datasets.values()
        for operation, action in dataset.calls.items()
    }
    assert permitted_operations() == frozenset(declared | SESSION_OPERATIONS)
    session_layer = {
        ("sts", "AssumeRole"),
        ("sts", "GetCallerIdentity"),
        ("kms", "DescribeKey"),
        ("kms", "GetPublicKey"),
    }
    assert session_layer == SESSION_OPERATIONS


def test_no_allow_listed_operation_is_named_like_a_write() -> None:
    write_named = {(s, o) for s, o in permitted_operations() if o.startswith(WRITE_VERBS)}
    assert write_named == set(JUSTIFIED_WRITE_NAMED)


@pytest.mark.parametrize(("service", "operation"), DANGEROUS_READS)
def test_reads_that_return_secrets_or_mint_credentials_are_refused(service: str, operation: str) -> None:
    assert not is_permitted(service, operation)
    with pytest.raises(ReadOnlyViolationError, match=f"refused {service}:{operation}"):
        check_operation(service, operation, {})


def test_no_forbidden_read_is_allow_listed() -> None:
    qualified = {f"{s}:{o}" for s, o in permitted_operations()}
    assert not qualified & FORBIDDEN_READS


@pytest.mark.parametrize(
    ("dataset_service", "operation", "action", "expected"),
    [
        ("s3", "ListBuckets", "s3:ListAllMyBuckets", ("s3", "ListBuckets")),
        # The IAM prefix and botocore's service name (and signing name) differ.
        (
            "elbv2",
            "DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancers",
            ("elbv2", "DescribeLoadBalancers"),
        ),
        ("opensearch", "ListDomainNames", "es:ListDomainNames", ("opensearch", "ListDomainNames")),
        ("mwaa", "ListEnvironments", "airflow:ListEnvironments", ("mwaa", "ListEnvironments")),
        ("sso-admin", "ListInstances", "sso:ListInstances", ("sso-admin", "ListInstances")),
        ("apigatewayv2", "GetApis", "apigateway:GET", ("apigatewayv2", "GetApis")),
        (
            "s3control",
            "GetPublicAccessBlock",
            "s3:GetAccountPublicAccessBlock",
            ("s3control", "GetPublicAccessBlock"),
        ),
        # A dataset calling another service's client: resolved by the IAM prefix.
        ("ecr", "DescribeTaskDefinition", "ecs:DescribeTaskDefinition", ("ecs", "DescribeTaskDefinition")),
        (
            "logs",
            "DescribeAlarmsForMetric",
            "cloudwatch:DescribeAlarmsForMetric",
            ("cloudwatch", "DescribeAlarmsForMetric"),
        ),
        ("backup", "GetResources", "tag:GetResources", ("resourcegroupstaggingapi", "GetResources")),
    ],
)
def test_declared_calls_map_to_the_client_the_guard_sees(
    dataset_service: str, operation: str, action: str, expected: tuple[str, str]
) -> None:
    assert resolve_call(dataset_service, operation, action) == expected


def test_a_declared_call_that_names_no_botocore_operation_is_an_error() -> None:
    with pytest.raises(ValueError, match="NoSuchOperation"):
        resolve_call("s3", "NoSuchOperation", "s3:NoSuchOperation")


def test_the_installed_guard_keys_on_the_client_not_the_signing_name(tmp_path: Path) -> None:
    """elb and elbv2 share the signing name elasticloadbalancing; only elbv2's reads are declared."""
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
        assert provider.client(None, "elbv2", "us-east-1").describe_load_balancers()["LoadBalancers"] == []
        sent = provider.recorder.calls  # DescribeLoadBalancers, and GetCallerIdentity naming the account
        with pytest.raises(ReadOnlyViolationError, match="refused elb:DescribeLoadBalancers"):
            provider.client(None, "elb", "us-east-1").describe_load_balancers()
        secrets = provider.client(None, "secretsmanager", "us-east-1")
        with pytest.raises(ReadOnlyViolationError, match="BatchGetSecretValue"):
            secrets.batch_get_secret_value(SecretIdList=["db"])
        assert provider.recorder.calls == sent  # the refused calls were never sent
