"""`controlmap scan --org` as a user runs it, against a moto server on 127.0.0.1 holding an organization."""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from demo.world import DemoOrg, build_organization, seed_configuration
from scanner import rundir
from scanner.aws import preflight
from tests.builders import unexpected_errors


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def organization(moto_server: str) -> Iterator[DemoOrg]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", moto_server)
        base = boto3.Session(region_name="us-east-1")
        with seed_configuration(base, build_organization(base)) as world:
            # `controlmap scan` makes its own session: give it the world's simulated answers too.
            patch.setattr(
                preflight, "_session", lambda profile: world.apis.attach(boto3.Session(profile_name=profile))
            )
            yield world.org


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


def _scan(moto_server: str, out: Path | str, *args: str) -> Finished:
    """`controlmap scan` through its command-line entry point, with only the environment a user would set.

    It runs in this process rather than a child one: moto has no IAM Access Analyzer, Security Lake, MWAA
    and more, and the demo organization answers those calls in the SDK (demo.simulated_apis), which only a
    client in this process reaches. Every other call goes over HTTP to the moto server."""
    from scanner.cli.main import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name in [k for k in os.environ if k.startswith("AWS_")]:
            patch.delenv(name)
        for name, value in {
            "AWS_ENDPOINT_URL": moto_server,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "NO_PROXY": "127.0.0.1",
        }.items():
            patch.setenv(name, value)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(["scan", "--out", str(out), *args])
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    return Finished(code, stdout.getvalue(), stderr.getvalue())


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_org_scan_finds_every_account_and_what_was_configured(
    moto_server: str, organization: DemoOrg, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    done = _scan(moto_server, out, "--org", "--regions", "us-east-1", "--no-pdf")
    assert done.returncode == 0, done.stderr
    run = json.loads((out / rundir.RUN).read_text())
    expected = {organization.management_account_id, *organization.accounts.values()}
    assert {a["account_id"] for a in run["accounts"]} == expected
    assert run["organization"]["management_account_id"] == organization.management_account_id
    assert run["regions"] == {account: ["us-east-1"] for account in expected}
    results = _rows(out / rundir.RESULTS)
    assert {r["account_id"] for r in results} == expected
    assert not unexpected_errors(results)

    def status(check: str, account: str, resource_end: str) -> str:
        [match] = [
            r["status"]
            for r in results
            if r["check_id"] == check
            and r["account_id"] == account
            and r["resource_id"].endswith(resource_end)
        ]
        return str(match)

    tenant_a, tenant_b = organization.accounts["tenant-a"], organization.accounts["tenant-b"]
    assert status("s3.bucket.default-encryption", tenant_a, f"tenant-a-data-{tenant_a}") == "PASS"
    assert status("s3.bucket.default-encryption", tenant_a, f"tenant-a-legacy-exports-{tenant_a}") == "FAIL"
    assert status("athena.workgroup.results-encrypted", tenant_b, "workgroup/analytics") == "PASS"
    assert status("athena.workgroup.results-encrypted", tenant_b, "workgroup/adhoc") == "FAIL"
    assert status("iam.root.mfa", tenant_a, ":root") == "PASS"
    assert status("iam.root.mfa", tenant_b, ":root") == "FAIL"
    # The organization trail lives in the management account and covers every member.
    trails = [r for r in results if r["check_id"] == "cloudtrail.multi-region-logging"]
    assert len(trails) == len(expected) and all(r["status"] == "PASS" for r in trails)


def test_unknown_account_is_a_clear_error(moto_server: str, organization: DemoOrg, tmp_path: Path) -> None:
    done = _scan(moto_server, tmp_path / "run", "--org", "--accounts", "999999999999", "--no-pdf")
    assert done.returncode == 2
    assert "999999999999" in done.stderr and "Traceback" not in done.stderr


def test_scan_to_s3_matches_a_local_scan(moto_server: str, organization: DemoOrg, tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", moto_server)
        boto3.Session(region_name="us-east-1").client("s3").create_bucket(Bucket="controlmap-results")
    # One account and one catalog keep the two scans short; the whole organization is scanned above.
    tenant_a = organization.accounts["tenant-a"]
    scope = ("--org", "--regions", "us-east-1", "--accounts", tenant_a, "--catalog", "fsi-athena", "--no-pdf")
    local = tmp_path / "local"
    assert _scan(moto_server, local, *scope).returncode == 0
    assert {r["account_id"] for r in _rows(local / rundir.RESULTS)} == {tenant_a}  # the filter holds
    uri = "s3://controlmap-results/runs/2026-11-22/"
    done = _scan(moto_server, uri, *scope)
    assert done.returncode == 0, done.stderr
    assert "s3://controlmap-results/runs/2026-11-22/report.html" in done.stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", moto_server)
        from scanner.aws.storage import S3Location, download_run, list_runs

        session = boto3.Session(region_name="us-east-1")
        fetched = download_run(S3Location.parse(uri), tmp_path / "fetched", session)
        listed = list_runs(S3Location.parse("s3://controlmap-results/runs/"), session)
    assert rundir.verify_manifest(fetched).ok

    def verdicts(run: Path) -> set[tuple[str, str, str]]:
        return {(r["fingerprint"], r["status"], r["message"]) for r in _rows(run / rundir.RESULTS)}

    assert verdicts(fetched) == verdicts(local)
    top_level = {p.name for p in local.iterdir()}
    assert {p.name for p in fetched.iterdir()} == top_level
    assert [r["path"] for r in listed] == [uri]
