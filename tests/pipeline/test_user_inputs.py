"""Every file a user gives (exceptions, attestations, org config, catalogs) is read up front: bad input gets
one clear message naming the file and the place: never a traceback, a silent skip or a late failure."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import boto3
import pytest

from scanner.catalog.placement import load_org_config
from scanner.errors import ConfigError
from scanner.evaluate.accepted import load_exceptions
from scanner.resolve.attest import load_attestations
from scanner.run import pipeline
from scanner.run.config import RunConfig

REPO = Path(__file__).resolve().parents[2]
CONFIG_MAX_BYTES = 1024 * 1024  # the documented limits (scanner.yamlfile)
MAX_DEPTH = 64

EXCEPTIONS = """\
exceptions:
  - id: legacy-bucket
    check: s3.bucket.default-encryption
    justification: Legacy bucket, migration planned.
    approver: CISO
    expires: 2020-01-01
"""

ORG_CONFIG = """\
roles:
  - role: security
    match:
      account_ids: ["111111111111"]
scopes: []
"""

ATTESTATION = """\
control: hitrust-csf:01.policy
statement: The information security policy is approved.
owner: CISO
approver: CEO
date: 2025-01-01
"""

CATALOG = """\
id: my-catalog
title: My catalog
version: "1"
groups:
  - id: g1
    title: Group one
    controls:
      - id: c1
        title: Control one
        summary: Root has MFA.
        phase: both
        treatment: automated
        checks: [iam.root.mfa]
"""


def _exceptions(path: Path) -> object:
    return load_exceptions(path)


def _org_config(path: Path) -> object:
    return load_org_config(path)


def _attestation(path: Path) -> object:
    return load_attestations(path.parent)


# (name, loader, good text, what the loader calls the file)
KINDS: list[tuple[str, Callable[[Path], object], str, str]] = [
    ("exceptions", _exceptions, EXCEPTIONS, "an exceptions file"),
    ("org-config", _org_config, ORG_CONFIG, "an org config"),
    ("attestation", _attestation, ATTESTATION, "an attestation"),
]
IDS = [k[0] for k in KINDS]


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    path = folder / "file.yaml"
    path.write_text(text)
    return path


def _refused(load: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(ConfigError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}:"), message
    assert "\n" not in message, message
    return message


@pytest.mark.parametrize(("name", "load", "good", "what"), KINDS, ids=IDS)
def test_the_good_files_load(
    tmp_path: Path, name: str, load: Callable[[Path], object], good: str, what: str
) -> None:
    load(_write(tmp_path, good))


# --- item 10: a duplicate key is an error naming file and line, never "last one wins" ---


def test_a_duplicate_expires_cannot_keep_an_expired_exception_active(tmp_path: Path) -> None:
    path = _write(tmp_path, EXCEPTIONS + "    expires: 2099-01-01\n")
    message = _refused(load_exceptions, path)
    assert message.startswith(f"{path}:7:"), message
    assert "duplicate key 'expires' (first at line 6)" in message, message


@pytest.mark.parametrize(("name", "load", "good", "what"), KINDS, ids=IDS)
def test_a_duplicate_top_level_key_is_refused(
    tmp_path: Path, name: str, load: Callable[[Path], object], good: str, what: str
) -> None:
    first = good.splitlines()[0]
    path = _write(tmp_path, good + first + "\n")
    lines = len(good.splitlines()) + 1
    message = _refused(load, path)
    assert message.startswith(f"{path}:{lines}:"), message
    assert f"duplicate key {first.split(':')[0]!r} (first at line 1)" in message, message


# --- item 6 (for every user file): a key that is a list or a mapping ---


@pytest.mark.parametrize(("name", "load", "good", "what"), KINDS, ids=IDS)
def test_a_non_scalar_key_is_refused(
    tmp_path: Path, name: str, load: Callable[[Path], object], good: str, what: str
) -> None:
    path = _write(tmp_path, "? [a, b]\n: 1\n" + good)
    message = _refused(load, path)
    assert message.startswith(f"{path}:1:"), message
    assert "a mapping key must be a single value, not a list" in message, message


# --- item 7: an impossible date is refused with file, line and problem ---


def test_an_impossible_date_names_file_line_and_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, EXCEPTIONS.replace("2020-01-01", "2026-02-30"))
    message = _refused(load_exceptions, path)
    assert message.startswith(f"{path}:6:"), message
    assert "'2026-02-30' is not a valid date: day is out of range for month" in message, message


def test_an_impossible_quoted_date_names_its_line_too(tmp_path: Path) -> None:
    path = _write(tmp_path, EXCEPTIONS.replace("2020-01-01", "'2026-02-30'"))
    message = _refused(load_exceptions, path)
    assert message.startswith(f"{path}:6:"), message
    assert "exceptions > 0 > expires" in message, message


def test_an_impossible_attestation_date_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, ATTESTATION.replace("2025-01-01", "2025-13-01"))
    message = _refused(_attestation, path)
    assert message.startswith(f"{path}:5:"), message
    assert "'2025-13-01' is not a valid date: month must be in 1..12" in message, message


def test_a_validation_error_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, ORG_CONFIG.replace("role: security", "role: securty"))
    message = _refused(load_org_config, path)
    assert message.startswith(f"{path}:2:"), message
    assert "unknown role 'securty'" in message, message


# --- item 11: size, depth and alias-expansion limits ---


@pytest.mark.parametrize(("name", "load", "good", "what"), KINDS, ids=IDS)
def test_an_oversized_file_is_refused(
    tmp_path: Path, name: str, load: Callable[[Path], object], good: str, what: str
) -> None:
    path = _write(tmp_path, good + ("# " + "x" * 98 + "\n") * (CONFIG_MAX_BYTES // 100 + 1))
    size = path.stat().st_size
    message = _refused(load, path)
    assert f"{size:,} bytes" in message, message
    assert f"the limit for {what} is 1 MB" in message, message


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1500])
@pytest.mark.parametrize(("name", "load", "good", "what"), KINDS, ids=IDS)
def test_a_too_deep_file_is_refused(
    tmp_path: Path, name: str, load: Callable[[Path], object], good: str, what: str, depth: int
) -> None:
    path = _write(tmp_path, good + "deep: " + "[" * depth + "]" * depth + "\n")
    line = len(good.splitlines()) + 1
    message = _refused(load, path)
    assert message.startswith(f"{path}:{line}:"), message
    assert f"nested more than {MAX_DEPTH} levels deep" in message, message


def test_a_deep_block_document_does_not_blow_the_stack(tmp_path: Path) -> None:
    path = _write(tmp_path, "exceptions:\n" + "- " * 100_000 + "x\n")
    assert f"nested more than {MAX_DEPTH} levels deep" in _refused(load_exceptions, path)


def test_depth_counts_what_an_alias_brings_in(tmp_path: Path) -> None:
    text = EXCEPTIONS + "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    path = _write(tmp_path, text)
    message = _refused(load_exceptions, path)
    assert message.startswith(f"{path}:8:"), message
    assert f"through an alias, nested more than {MAX_DEPTH} levels deep" in message, message


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = _write(tmp_path, EXCEPTIONS + "\n".join(lines) + "\n")
    start = time.monotonic()
    message = _refused(load_exceptions, path)
    assert time.monotonic() - start < 2
    assert "aliases expand to more than" in message, message


# --- item 9: pipeline.scan validates every user file before the run folder exists ---


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    """One broken file per option, and the line its message must name."""
    bad = tmp_path / "bad"
    attestations = bad / "attestations"
    attestations.mkdir(parents=True)
    (attestations / "policy.yaml").write_text(ATTESTATION + "owner: someone else\n")
    (bad / "org.yaml").write_text(ORG_CONFIG.replace("role: security", "role: securty"))
    (bad / "exceptions.yaml").write_text(EXCEPTIONS.replace("2020-01-01", "2026-02-30"))
    (bad / "catalog.yaml").write_text(CATALOG + "? [a, b]\n: c\n")
    return {
        "attestations": attestations / "policy.yaml",
        "org_config": bad / "org.yaml",
        "exceptions": bad / "exceptions.yaml",
        "catalog": bad / "catalog.yaml",
    }


LINES = {"attestations": 6, "org_config": 2, "exceptions": 6, "catalog": 14}


@pytest.mark.parametrize("option", sorted(LINES))
def test_scan_refuses_a_bad_file_before_the_run_folder_exists(tmp_path: Path, option: str) -> None:
    bad = _bad_files(tmp_path)[option]
    out = tmp_path / "run"
    given: dict[str, Any] = {
        "attestations": {"attestations": bad.parent},
        "org_config": {"org_config": bad},
        "exceptions": {"exceptions": bad},
        "catalog": {"catalog_paths": (bad,)},
    }[option]
    # A session that cannot be used: the scan must stop before it is ever touched.
    with pytest.raises(ConfigError) as excinfo:
        pipeline.scan(RunConfig(out=out, pdf=False, **given), cast(boto3.Session, None))
    assert str(excinfo.value).startswith(f"{bad}:{LINES[option]}:"), excinfo.value
    assert not out.exists()


# --- item 9: the CLI refuses a bad file before the first API call, as a separate process ---


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    config, credentials = home / "aws-config", home / "aws-credentials"
    config.write_text("")
    credentials.write_text("")
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k.lower() not in proxies}
    env.update(
        HOME=str(home),
        AWS_CONFIG_FILE=str(config),
        AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{_closed_port()}",  # any API call would fail differently
        CONTROLMAP_LOG_DIR=str(tmp_path / "logs"),
        CONTROLMAP_HISTORY=str(tmp_path / "history.sqlite"),
    )
    return env


@pytest.mark.parametrize("option", sorted(LINES))
def test_cli_scan_refuses_a_bad_file_before_any_api_call(tmp_path: Path, option: str) -> None:
    bad = _bad_files(tmp_path)[option]
    out = tmp_path / "run"
    flag = {
        "attestations": ["--attestations", str(bad.parent)],
        "org_config": ["--org-config", str(bad)],
        "exceptions": ["--exceptions", str(bad)],
        "catalog": ["--catalog", str(bad)],
    }[option]
    command = [sys.executable, "-m", "scanner.cli", "scan", "--out", str(out), "--no-pdf", *flag]
    done = subprocess.run(
        command, cwd=REPO, env=_environment(tmp_path), capture_output=True, text=True, timeout=90, check=False
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.startswith(f"controlmap: {bad}:{LINES[option]}:"), done.stderr
    assert not out.exists()
