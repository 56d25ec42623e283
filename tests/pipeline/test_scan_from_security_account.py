"""`scan --org` run from the security account (an Organizations delegated administrator), not the management
account: the caller's own account is scanned with its own credentials, every other account (the management
account included) through the audit role, and organization-level data is read where the org was read."""

from __future__ import annotations

import json

from scanner import rundir
from tests.builders import unexpected_errors
from tests.pipeline.conftest import SeededRuns


def test_org_scan_from_the_security_account(seeded_runs: SeededRuns) -> None:
    """The scan is made once for the session, with moto forwarding the organization reads a delegated
    administrator may make (tests/pipeline/conftest.py: delegated_admin_reads)."""
    demo, out = seeded_runs.org, seeded_runs.runs["from-security"]
    run = json.loads((out / rundir.RUN).read_text())
    assert run["caller"]["account_id"] == demo.accounts["security"]
    assert run["organization"]["management_account_id"] == demo.management_account_id
    assert run["organization"]["read_from_account"] == demo.accounts["security"]
    accounts = {a["account_id"]: a for a in run["accounts"]}
    assert set(accounts) == {demo.management_account_id, *demo.accounts.values()}
    assert accounts[demo.management_account_id]["is_management"]
    assert not accounts[demo.accounts["security"]]["is_management"]
    results = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    assert {r["account_id"] for r in results} == set(accounts)
    assert not unexpected_errors(results)  # each would be an access problem of the security account
    trails = [r for r in results if r["check_id"] == "cloudtrail.multi-region-logging"]
    assert all(r["status"] == "PASS" for r in trails)  # the management account's org trail, read via its role
