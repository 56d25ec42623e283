"""Credentials inside values (connection strings, URLs, keys, tokens) never reach a run directory, whatever
the key or variable name that holds them; harmless values (ARNs, plain URLs, names) stay readable."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.cli.deliver import scan_and_report
from scanner.evidence import REDACTED, EvidenceStore, redact, redact_text
from scanner.exports.formats import FORMATS, export_run
from scanner.inventory import DatasetKey, DatasetRecord, Inventory, Item
from scanner.run.config import RunConfig

AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3llciJ9.c2lnbmF0dXJlLWp3dFMzY3JldA"
GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
SLACK_TOKEN = "xoxb-2048-4096-slkS3cretAbCdEfGhIjKlMn"
PEM_BODY = "MIIEpAIBAAKCAQEA7pkPemS3cretBodyLine1\nPemS3cretBodyLine2AAAA=="

# (input, the secret it holds, what is stored instead)
SECRET_SHAPES = [
    ("postgres://user:pgS3cret@host/db", "pgS3cret", f"postgres://user:{REDACTED}@host/db"),
    (
        "postgresql://app:pgS3cret2@db.internal:5432/orders?sslmode=require",
        "pgS3cret2",
        f"postgresql://app:{REDACTED}@db.internal:5432/orders?sslmode=require",
    ),
    ("mysql://root:myS3cret!@10.0.0.5:3306/shop", "myS3cret!", f"mysql://root:{REDACTED}@10.0.0.5:3306/shop"),
    (
        "mongodb+srv://svc:mgS3cret%40x@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority",
        "mgS3cret",
        f"mongodb+srv://svc:{REDACTED}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority",
    ),
    ("redis://:rdS3cret@cache.internal:6379/0", "rdS3cret", f"redis://:{REDACTED}@cache.internal:6379/0"),
    ("amqp://guest:amS3cret@rabbit:5672/vhost", "amS3cret", f"amqp://guest:{REDACTED}@rabbit:5672/vhost"),
    (
        "https://deploy:htS3cret@artifacts.example.com/repo",
        "htS3cret",
        f"https://deploy:{REDACTED}@artifacts.example.com/repo",
    ),
    ("postgres://u:p@ss@w0rd@host/db", "ss@w0rd", f"postgres://u:{REDACTED}@host/db"),  # unencoded @
    (
        "jdbc:mysql://db.internal:3306/shop?user=app&password=jdS3cret",
        "jdS3cret",
        f"jdbc:mysql://db.internal:3306/shop?user=app&password={REDACTED}",
    ),
    (
        "jdbc:sqlserver://sql.internal:1433;databaseName=shop;user=app;password=ssS3cret;",
        "ssS3cret",
        f"jdbc:sqlserver://sql.internal:1433;databaseName=shop;user=app;password={REDACTED};",
    ),
    (
        "jdbc:postgresql://app:jpS3cret@db.internal/shop",
        "jpS3cret",
        f"jdbc:postgresql://app:{REDACTED}@db.internal/shop",
    ),
    (
        "Server=sql.internal;Database=shop;User Id=app;Password=odS3cret;",
        "odS3cret",
        f"Server=sql.internal;Database=shop;User Id=app;Password={REDACTED};",
    ),
    (
        "Driver={ODBC Driver 18 for SQL Server};Server=h;Uid=app;Pwd={od;brS3cret};",
        "brS3cret",
        f"Driver={{ODBC Driver 18 for SQL Server}};Server=h;Uid=app;Pwd={REDACTED};",
    ),
    (
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=azS3cretKey==;EndpointSuffix=core.windows.net",
        "azS3cretKey",
        f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={REDACTED};EndpointSuffix=core.windows.net",
    ),
    (f"{AWS_KEY_ID} {AWS_SECRET}", AWS_SECRET, f"{AWS_KEY_ID} {REDACTED}"),
    (
        f"aws configure set aws_secret_access_key {AWS_SECRET}",
        AWS_SECRET,
        f"aws configure set aws_secret_access_key {REDACTED}",
    ),
    (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET, f"aws_secret_access_key = {REDACTED}"),
    (
        f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n",
        "PemS3cretBody",
        f"-----BEGIN RSA PRIVATE KEY-----{REDACTED}-----END RSA PRIVATE KEY-----\n",
    ),
    (
        f"key: -----BEGIN OPENSSH PRIVATE KEY-----\\n{PEM_BODY}",  # cut off: no END line
        "PemS3cretBody",
        f"key: -----BEGIN OPENSSH PRIVATE KEY-----{REDACTED}",
    ),
    (f"Authorization: Bearer {JWT}", "c2lnbmF0dXJlLWp3dFMzY3JldA", f"Authorization: Bearer {REDACTED}"),
    ("Authorization: Basic YWRtaW46YmFTM2NyZXQ=", "YWRtaW46YmFTM2NyZXQ", f"Authorization: Basic {REDACTED}"),
    (
        f"curl -H 'Authorization: Bearer {JWT}' https://api",
        JWT,
        f"curl -H 'Authorization: Bearer {REDACTED}' https://api",
    ),
    (f"token {JWT}", JWT, f"token {REDACTED}"),
    (
        f"git clone https://{GITHUB_TOKEN}@github.com/org/repo.git",
        GITHUB_TOKEN,
        f"git clone https://{REDACTED}@github.com/org/repo.git",
    ),
    (
        "https://x-access-token:ghs_S3cretInstallationToken0123456789@github.com/org/repo.git",
        "ghs_S3cret",
        f"https://x-access-token:{REDACTED}@github.com/org/repo.git",
    ),
    (SLACK_TOKEN, SLACK_TOKEN, REDACTED),
    (
        "https://hooks.slack.com/services/T0001AAAA/B0002BBBB/hookS3cretAbCdEfGh12",
        "hookS3cret",
        f"https://hooks.slack.com/services/T0001AAAA/B0002BBBB/{REDACTED}",
    ),
    (
        "https://api.example.com/v1?api_key=akS3cret&format=json",
        "akS3cret",
        f"https://api.example.com/v1?api_key={REDACTED}&format=json",
    ),
    ("X-Api-Key: xkS3cret", "xkS3cret", f"X-Api-Key: {REDACTED}"),
    ('{"password": "jsS3cret", "user": "app"}', "jsS3cret", f'{{"password": "{REDACTED}", "user": "app"}}'),
    ("DB_PASSWORD=envS3cret LOG_LEVEL=debug", "envS3cret", f"DB_PASSWORD={REDACTED} LOG_LEVEL=debug"),
]

HARMLESS = [
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-AbCdEf",
    "arn:aws:ssm:eu-west-1:123456789012:parameter/app/api_token",
    "arn:aws:iam::123456789012:role/token-exchange",
    "https://example.com/path?x=1&page=2",
    "https://example.com:8443/users/@me",
    "https://search.example.com/?q=user@example.com",
    "http://169.254.170.2/v2/credentials",
    "s3://my-bucket/exports/2026/",
    "ssh://git@github.com/org/repo.git",
    "git@github.com:org/repo.git",
    "ops@example.com",
    "payments-api",
    "db-password-rotation",
    "password_encryption=scram-sha-256",
    "MinimumPasswordLength",
    "sts:GetSessionToken",
    AWS_KEY_ID,
    "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    "Bearer token authentication is required",
    "Basic settings",
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----",
    "Server=sql.internal;Database=shop;User Id=app;Encrypt=true",
    "redis://cache.internal:6379/0",
]


@pytest.mark.parametrize(("value", "secret", "stored"), SECRET_SHAPES, ids=[s[1] for s in SECRET_SHAPES])
def test_secret_shapes_are_redacted_in_any_string(value: str, secret: str, stored: str) -> None:
    assert redact_text(value) == stored
    assert secret not in stored
    # Under a key or variable name that says nothing about secrets, nested anywhere in a response.
    cleaned = redact({"Config": {"Endpoint": value, "Args": ["--url", value]}})
    assert cleaned == {"Config": {"Endpoint": stored, "Args": ["--url", stored]}}
    assert redact_text(stored) == stored  # redacting twice changes nothing


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_values_are_kept(value: str) -> None:
    assert redact_text(value) == value
    assert redact({"Value": value, "List": [value]}) == {"Value": value, "List": [value]}


def test_a_secret_key_next_to_its_access_key_id_is_redacted() -> None:
    env = [{"name": "KEY_ID", "value": AWS_KEY_ID}, {"name": "KEY_VALUE", "value": AWS_SECRET}]
    assert redact({"environment": env})["environment"] == [
        {"name": "KEY_ID", "value": AWS_KEY_ID},
        {"name": "KEY_VALUE", "value": REDACTED},
    ]
    assert redact({"Id": AWS_KEY_ID, "Material": AWS_SECRET}) == {"Id": AWS_KEY_ID, "Material": REDACTED}
    # Without an access key id around, a 40-character string is left alone (it could be anything).
    assert redact({"Material": AWS_SECRET}) == {"Material": AWS_SECRET}


def test_evidence_store_redacts_values_under_any_name(tmp_path: Path) -> None:
    env = [{"name": "DATABASE_URL", "value": "postgres://user:pgS3cret@host/db"}]
    digest = EvidenceStore(tmp_path).put({"response": {"containerDefinitions": [{"environment": env}]}})
    stored = (tmp_path / f"{digest}.json").read_text()
    assert "pgS3cret" not in stored and f"postgres://user:{REDACTED}@host/db" in stored


def test_inventory_save_redacts_every_collector_s_data(tmp_path: Path) -> None:
    """Collectors need not remember to redact: nothing unredacted is written to inventory/."""
    key = DatasetKey("123456789012", "eu-west-1", "glue.connections")
    item = Item(
        "arn:aws:glue:eu-west-1:123456789012:connection/orders",
        "orders",
        "eu-west-1",
        {
            "ConnectionProperties": {
                "JDBC_CONNECTION_URL": "jdbc:mysql://h:3306/db?user=u&password=jdS3cret"
            },
            "Description": "postgres://user:pgS3cret@host/db",
            "Arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-AbCdEf",
        },
    )
    Inventory({key: DatasetRecord(key, items=(item,))}).save(tmp_path)
    text = (tmp_path / "123456789012" / "eu-west-1" / "glue.connections.json").read_text()
    assert "jdS3cret" not in text and "pgS3cret" not in text
    loaded = Inventory.load(tmp_path).get(key.account_id, key.region, key.dataset)
    assert loaded is not None
    data = loaded.items[0].data
    assert data["Description"] == f"postgres://user:{REDACTED}@host/db"
    assert data["Arn"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-AbCdEf"


ECS_CATALOG = """
id: redaction-test
title: Redaction test
version: "1"
groups:
  - id: g
    title: Group
    controls:
      - id: ecs-secrets
        title: No secrets in task environments
        summary: Containers take secrets from the secrets field.
        phase: both
        treatment: automated
        checks: [ecs.task.secrets-in-environment, ecs.task.privileged]
"""

# Environment variables whose names say nothing about secrets (so only the values can give them away).
RUN_SECRETS = {
    "DATABASE_URL": ("postgres://user:runS3cretPg@host/db", "runS3cretPg"),
    "ORDERS_JDBC": ("jdbc:mysql://db:3306/orders?user=app&password=runS3cretJdbc", "runS3cretJdbc"),
    "SQL_CONN": ("Server=sql;Database=d;User Id=u;Password=runS3cretOdbc;", "runS3cretOdbc"),
    "CACHE": ("redis://:runS3cretRedis@cache:6379/0", "runS3cretRedis"),
    "BROKER": ("amqp://svc:runS3cretAmqp@rabbit:5672/", "runS3cretAmqp"),
    "UPSTREAM_HEADERS": (f"Authorization: Bearer {JWT}", "c2lnbmF0dXJlLWp3dFMzY3JldA"),
    "AWS_PAIR": (f"{AWS_KEY_ID}:{AWS_SECRET}", AWS_SECRET),
    "TLS_PEM": (f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----", "PemS3cretBody"),
    "REPO": (f"https://{GITHUB_TOKEN}@github.com/org/repo.git", GITHUB_TOKEN),
}
RUN_HARMLESS = {
    "SERVICE_URL": "https://orders.example.com/api?page=2",
    "ORDERS_DB_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-AbCdEf",
    "QUEUE": "orders-queue",
}


def test_no_secret_reaches_any_file_of_a_run(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(ECS_CATALOG)
    region = "eu-west-1"
    environment = [{"name": k, "value": v} for k, (v, _) in RUN_SECRETS.items()]
    environment += [{"name": k, "value": v} for k, v in RUN_HARMLESS.items()]
    with mock_aws():
        base = boto3.Session(region_name=region)
        base.client("ecs").register_task_definition(
            family="orders",
            containerDefinitions=[
                {
                    "name": "app",
                    "image": "app:1",
                    "memory": 128,
                    "environment": environment,
                    "command": ["migrate", "--db", RUN_SECRETS["DATABASE_URL"][0]],
                }
            ],
        )
        out = tmp_path / "run"
        scan_and_report(RunConfig(out=out, regions=(region,), catalog_paths=(catalog,), pdf=False), base)
    export_run(out, [f for f in FORMATS if f != "parquet"])
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.parent.name == rundir.EVIDENCE for p in files)
    assert any(rundir.INVENTORY in p.parts for p in files)
    assert any(p.name == rundir.REPORT_HTML for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in [s for _, s in RUN_SECRETS.values()]:
            assert secret.encode() not in data, f"{secret} in {path.relative_to(out)}"
    inventory = "\n".join(p.read_text() for p in (out / rundir.INVENTORY).rglob("*.json"))
    for value in RUN_HARMLESS.values():
        assert json.dumps(value) in inventory  # kept verbatim
    assert json.dumps(f"postgres://user:{REDACTED}@host/db") in inventory  # still readable


def test_redacting_the_saved_inventory_never_blinds_a_check(tmp_path: Path) -> None:
    """Checks read the saved inventory: what a collector kept for them (a Lambda variable named like a
    password holding a literal value) must survive redaction, or a literal secret would PASS."""
    from checks.lambda_functions import function_secret_environment
    from tests.builders import ACCOUNT, REGION, run_check

    function = Item(
        resource_id=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders",
        name="orders",
        region=REGION,
        data={"EnvironmentVariables": {"DB_PASSWORD": "literal", "TABLE": "literal"}},
    )
    key = DatasetKey(ACCOUNT, REGION, "lambda.functions")
    Inventory({key: DatasetRecord(key, items=(function,))}).save(tmp_path)
    [result] = run_check(function_secret_environment, Inventory.load(tmp_path))
    assert result.status.value == "FAIL" and "DB_PASSWORD" in result.message
