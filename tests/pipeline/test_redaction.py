"""Secrets never reach stored evidence, whatever shape the API response gives them."""

from __future__ import annotations

from pathlib import Path

from scanner.evidence import REDACTED, EvidenceStore, redact


def test_secret_named_keys_are_redacted_and_metadata_kept() -> None:
    data = {
        "Credentials": {"AccessKeyId": "AKIA1", "SecretAccessKey": "s3cr3t", "SessionToken": "tok"},
        "ConnectionProperties": {"PASSWORD": "hunter2", "USERNAME": "bob"},
        "PasswordPolicy": {"MinimumPasswordLength": 14},
        "PasswordLastUsed": "2026-01-01",
    }
    assert redact(data) == {
        "Credentials": {"AccessKeyId": "AKIA1", "SecretAccessKey": REDACTED, "SessionToken": REDACTED},
        "ConnectionProperties": {"PASSWORD": REDACTED, "USERNAME": "bob"},
        "PasswordPolicy": {"MinimumPasswordLength": 14},
        "PasswordLastUsed": "2026-01-01",
    }


def test_ecs_environment_pairs_with_secret_names_are_redacted() -> None:
    container = {
        "name": "app",
        "environment": [
            {"name": "DB_PASSWORD", "value": "hunter2"},
            {"name": "API_KEY", "value": "k-123"},
            {"name": "LOG_LEVEL", "value": "debug"},
        ],
    }
    cleaned = redact({"taskDefinition": {"containerDefinitions": [container]}})
    env = cleaned["taskDefinition"]["containerDefinitions"][0]["environment"]
    assert env == [
        {"name": "DB_PASSWORD", "value": REDACTED},
        {"name": "API_KEY", "value": REDACTED},
        {"name": "LOG_LEVEL", "value": "debug"},
    ]
    assert cleaned["taskDefinition"]["containerDefinitions"][0]["name"] == "app"


def test_environment_variable_maps_are_redacted_by_name() -> None:
    lambda_config = {"Environment": {"Variables": {"STRIPE_SECRET": "sk_live", "REGION": "eu-west-2"}}}
    assert redact(lambda_config) == {
        "Environment": {"Variables": {"STRIPE_SECRET": REDACTED, "REGION": "eu-west-2"}}
    }


def test_store_never_writes_an_unredacted_secret(tmp_path: Path) -> None:
    digest = EvidenceStore(tmp_path).put({"environment": [{"name": "TOKEN", "value": "abc123"}]})
    assert "abc123" not in (tmp_path / f"{digest}.json").read_text()
