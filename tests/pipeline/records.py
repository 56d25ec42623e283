"""Run records for tests that write a run directory by hand: small, valid, and changed field by field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from scanner.model import Account
from scanner.runrecord import Caller, Evaluation, PlacementRecord, Requested, RunRecord, Tool

EVALUATED_AT = "2026-11-22T10:05:00+00:00"


def evaluation(roles: Mapping[str, str], **fields: Any) -> Evaluation:
    """An evaluation that placed each account (id -> role) by the org config."""
    plain = Evaluation(
        evaluated_at=EVALUATED_AT,
        catalogs=(),
        placements={account: PlacementRecord(role, None, "config") for account, role in roles.items()},
        roles_inferred=False,
        org_config=None,
        baseline=None,
        exceptions=None,
        expired_exceptions=(),
        attestations=(),
    )
    return replace(plain, **fields)


def run_record(
    accounts: Sequence[Account] = (Account("111111111111", "audited"),),
    *,
    roles: Mapping[str, str] | None = None,
    **fields: Any,
) -> RunRecord:
    """A scan of `accounts` in us-east-1 by the first one; evaluated when `roles` (account id -> role) is
    given. `fields` replace any other field."""
    caller = accounts[0].account_id if accounts else "111111111111"
    plain = RunRecord(
        run_id="run-1",
        tool=Tool("controlmap", "0.1.0"),
        mode="scan",
        caller=Caller(caller, f"arn:aws:iam::{caller}:user/auditor", "AIDAEXAMPLE"),
        started_at="2026-11-22T10:00:00Z",
        finished_collection_at="2026-11-22T10:04:00Z",
        accounts=tuple(accounts),
        regions={a.account_id: ("us-east-1",) for a in accounts},
        requested=Requested(org=False, accounts=(), regions=("us-east-1",)),
        evaluation=evaluation(roles) if roles is not None else None,
    )
    return replace(plain, **fields)
