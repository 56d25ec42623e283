"""A denied or failing Organizations read below the account list (an SCP document, a node's attached policies,
an OU's children, an account's tags) is recorded on the affected part of the OrgTree: the scan finishes and
the checks resting on that part give ERROR with the reason, never PASS. Without the account list itself,
`scan --org` cannot know what to scan: one line naming the denied operation, exit 2."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from checks.organizations import deny_unencrypted_uploads, landing_zone_accounts
from checks.organizations_tagging import REQUIRED_ACCOUNT_TAGS, account_metadata_tags
from demo.world import DemoOrg, build_organization
from scanner import rundir
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.organizations import TREE
from scanner.aws.sessions import SessionProvider
from scanner.cli import main as cli
from scanner.evidence import EvidenceStore, Recorder
from scanner.model import GLOBAL_REGION, Result, Status
from scanner.org import OrgTree, OrgUnavailableError, build_tree
from scanner.run import pipeline
from scanner.run.config import RunConfig
from tests.builders import InventoryBuilder, aws_error, run_check

SCP_CHECK = "organizations.scp.deny-unencrypted-s3-uploads"
TAG_CHECK = "organizations.account.metadata-tags"
LAYOUT_CHECK = "organizations.landing-zone-accounts"
CATALOG = f"""
id: org-faults
title: Organization faults
version: "1"
groups:
  - id: g
    title: Organization
    controls:
      - id: guardrails
        title: Guardrails and account metadata
        summary: SCPs deny unencrypted uploads; accounts are tagged and laid out.
        phase: both
        treatment: automated
        checks: [{SCP_CHECK}, {TAG_CHECK}, {LAYOUT_CHECK}]
"""
DENIED = aws_error("AccessDenied", 403)
FAULTS = (aws_error("ThrottlingException", 400), aws_error("AccessDeniedException", 400), aws_error("", 500))


def _body(params: dict[str, Any]) -> dict[str, Any]:
    body = params.get("body") or b"{}"
    loaded: dict[str, Any] = json.loads(body.decode() if isinstance(body, bytes) else body)
    return loaded


def deny(operation: str, **only: str) -> Callable[..., Any]:
    """A before-call handler answering AccessDenied for `operation`, or only where its parameters match."""

    def handler(model: Any, params: dict[str, Any], **kwargs: Any) -> Any:
        if model.name != operation:
            return None
        body = _body(params)
        if all(body.get(name) == value for name, value in only.items()):
            return DENIED(**kwargs)
        return None

    return handler


@dataclass
class World:
    base: boto3.Session
    demo: DemoOrg
    ous: dict[str, str]
    root: str
    policies: dict[str, str]  # SCP name -> id


@pytest.fixture
def world() -> Iterator[World]:
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        demo = build_organization(base)
        org = base.client("organizations")
        root = org.list_roots()["Roots"][0]["Id"]
        ous = {
            ou["Name"]: ou["Id"]
            for ou in org.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"]
        }
        policies = {
            p["Name"]: p["Id"] for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
        }
        tags = [{"Key": key, "Value": "x"} for key in REQUIRED_ACCOUNT_TAGS]  # tenant-a's tags pass
        org.tag_resource(ResourceId=demo.accounts["tenant-a"], Tags=tags)
        yield World(base, demo, ous, root, policies)


def _scan(world: World, tmp_path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG)
    out = tmp_path / "run"
    config = RunConfig(
        out=out,
        org=True,
        regions=("us-east-1",),
        catalogs=("org-faults",),
        catalog_paths=(catalog,),
        pdf=False,
    )
    pipeline.scan(config, world.base)
    rows = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    # Management-only checks answer NOT_APPLICABLE in the other accounts, under those accounts' ids.
    return {(r["check_id"], r["resource_id"]): r for r in rows if r["status"] != "NOT_APPLICABLE"}


def test_without_faults_the_scan_gives_the_expected_verdicts(world: World, tmp_path: Path) -> None:
    rows = _scan(world, tmp_path)
    scp = {name: rows[(SCP_CHECK, account)]["status"] for name, account in world.demo.accounts.items()}
    assert scp == {
        "security": "FAIL",
        "log-archive": "FAIL",
        "networking": "FAIL",
        "shared-services": "FAIL",
        "tenant-a": "PASS",
        "tenant-b": "PASS",
    }
    assert rows[(TAG_CHECK, world.demo.accounts["tenant-a"])]["status"] == "PASS"


def test_a_denied_scp_document_gives_error_below_it_and_the_scan_finishes(
    world: World, tmp_path: Path
) -> None:
    deny_policy = world.policies["deny-unencrypted-s3-uploads"]
    world.base.events.register("before-call.organizations", deny("DescribePolicy", PolicyId=deny_policy))
    rows = _scan(world, tmp_path)
    for name in ("tenant-a", "tenant-b"):  # the SCP is attached to their OU
        row = rows[(SCP_CHECK, world.demo.accounts[name])]
        assert row["status"] == "ERROR", row
        assert f"SCP {deny_policy} attached to Workloads could not be read" in row["message"]
        assert "DescribePolicy: AccessDenied" in row["message"]
    for name in ("security", "networking"):  # elsewhere the verdict still stands
        assert rows[(SCP_CHECK, world.demo.accounts[name])]["status"] == "FAIL"
    assert rows[(TAG_CHECK, world.demo.accounts["tenant-a"])]["status"] == "PASS"


def test_every_scp_document_denied_gives_error_for_every_member(world: World, tmp_path: Path) -> None:
    world.base.events.register("before-call.organizations.DescribePolicy", DENIED)
    rows = _scan(world, tmp_path)
    for account in world.demo.accounts.values():
        row = rows[(SCP_CHECK, account)]
        assert row["status"] == "ERROR" and "DescribePolicy: AccessDenied" in row["message"], row
    management = rows[(SCP_CHECK, world.demo.management_account_id)]
    assert management["status"] == "FAIL"  # SCPs never apply to it: that needs no SCP document


def test_a_denied_attachment_list_gives_error_below_that_node(world: World, tmp_path: Path) -> None:
    workloads = world.ous["Workloads"]
    world.base.events.register("before-call.organizations", deny("ListPoliciesForTarget", TargetId=workloads))
    rows = _scan(world, tmp_path)
    row = rows[(SCP_CHECK, world.demo.accounts["tenant-b"])]
    assert row["status"] == "ERROR"
    assert "the SCPs attached to ou Workloads could not be read" in row["message"]
    assert "ListPoliciesForTarget: AccessDenied" in row["message"]
    assert rows[(SCP_CHECK, world.demo.accounts["security"])]["status"] == "FAIL"


def test_an_ou_whose_accounts_cannot_be_listed_keeps_them_in_scope_with_errors(
    world: World, tmp_path: Path
) -> None:
    workloads = world.ous["Workloads"]
    world.base.events.register("before-call.organizations", deny("ListAccountsForParent", ParentId=workloads))
    rows = _scan(world, tmp_path)
    run = json.loads((tmp_path / "run" / rundir.RUN).read_text())
    scanned = {a["account_id"] for a in run["accounts"]}
    assert set(world.demo.accounts.values()) <= scanned  # ListAccounts still names every account
    for name in ("tenant-a", "tenant-b"):
        row = rows[(SCP_CHECK, world.demo.accounts[name])]
        assert row["status"] == "ERROR", row
        assert "place in the organization could not be read" in row["message"]
        assert "ListAccountsForParent: AccessDenied" in row["message"]
        layout = [r for r in rows.values() if r["check_id"] == LAYOUT_CHECK and r["status"] == "PASS"]
        assert layout == []  # whether an application account shares an OU is unknown
    assert rows[(SCP_CHECK, world.demo.accounts["networking"])]["status"] == "FAIL"
    assert rows[(TAG_CHECK, world.demo.accounts["tenant-a"])]["status"] == "PASS"  # its tags were read


def test_an_ou_whose_child_ous_cannot_be_listed_keeps_their_accounts_in_scope(
    world: World, tmp_path: Path
) -> None:
    world.base.events.register(
        "before-call.organizations", deny("ListOrganizationalUnitsForParent", ParentId=world.root)
    )
    rows = _scan(world, tmp_path)
    for account in world.demo.accounts.values():
        row = rows[(SCP_CHECK, account)]
        assert row["status"] == "ERROR", row
        assert "ListOrganizationalUnitsForParent: AccessDenied" in row["message"]
    assert rows[(TAG_CHECK, world.demo.accounts["tenant-a"])]["status"] == "PASS"


def test_denied_tags_give_error_for_that_account_only(world: World, tmp_path: Path) -> None:
    tenant_a = world.demo.accounts["tenant-a"]
    world.base.events.register("before-call.organizations", deny("ListTagsForResource", ResourceId=tenant_a))
    rows = _scan(world, tmp_path)
    row = rows[(TAG_CHECK, tenant_a)]
    assert row["status"] == "ERROR"
    assert "ListTagsForResource: AccessDenied" in row["message"]
    assert rows[(TAG_CHECK, world.demo.accounts["tenant-b"])]["status"] == "FAIL"
    assert rows[(SCP_CHECK, tenant_a)]["status"] == "PASS"


@pytest.mark.parametrize("operation", ["ListAccounts", "DescribeOrganization"])
def test_without_the_account_list_scan_org_stops_with_one_line_naming_the_operation(
    world: World,
    tmp_path: Path,
    operation: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world.base.events.register(f"before-call.organizations.{operation}", DENIED)
    monkeypatch.setattr(cli, "checked_session", lambda *_: world.base)
    out = tmp_path / "run"
    code = cli.main(["scan", "--org", "--out", str(out), "--regions", "us-east-1", "--no-pdf"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "unexpected error" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("controlmap: cannot scan the organization, its accounts are unknown: ")
    assert f"{operation}: AccessDenied" in lines[0]
    assert f"organizations:{operation}" in lines[0]
    assert not (out / "manifest.json").exists()


# --- random faults ------------------------------------------------------------------------------------------


@dataclass
class RandomFaults:
    """Answers ThrottlingException, AccessDeniedException or a bare 500 for `rate` of the calls it sees."""

    seed: int
    rate: float = 0.3
    spare: frozenset[str] = frozenset()
    faulted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    def __call__(self, model: Any, params: dict[str, Any], **kwargs: Any) -> Any:
        if model.name in self.spare or model.name not in TREE.calls or self.random.random() >= self.rate:
            return None
        self.faulted.append((model.name, _body(params)))
        return self.random.choice(FAULTS)(**kwargs)


def _read_tree(world: World, tmp_path: Path, hook: RandomFaults | None) -> OrgTree:
    session = boto3.Session(region_name="us-east-1")
    if hook is not None:
        session.events.register("before-call.organizations", hook)
    provider = SessionProvider(session, Recorder(EvidenceStore(tmp_path)))
    return build_tree(collect_dataset(provider, TREE, world.demo.management_account_id, GLOBAL_REGION))


def _verdicts(tree: OrgTree) -> dict[tuple[str, str], Result]:
    accounts = [tree.accounts[a] for a in tree.active_account_ids()]
    results = [
        r
        for check in (deny_unencrypted_uploads, account_metadata_tags, landing_zone_accounts)
        for r in run_check(check, InventoryBuilder(), accounts=accounts, regions=[GLOBAL_REGION], org=tree)
    ]
    return {(r.check_id, r.resource_id): r for r in results if r.status is not Status.NOT_APPLICABLE}


def test_random_faults_never_turn_unreadable_data_into_pass(world: World, tmp_path: Path) -> None:
    truth = _verdicts(_read_tree(world, tmp_path / "truth", None))
    assert Status.PASS in {r.status for r in truth.values()}
    completed = 0
    for seed in range(16):
        hook = RandomFaults(seed)
        try:
            tree = _read_tree(world, tmp_path / f"seed-{seed}", hook)
        except OrgUnavailableError as exc:
            # Only a fault on the organization itself or its account list stops the read.
            first = {op for op, _ in hook.faulted} & {"DescribeOrganization", "ListAccounts"}
            assert first, (seed, hook.faulted, exc)
            assert any(op in str(exc) for op in first)
            continue
        completed += 1
        assert set(tree.accounts) == {*world.demo.accounts.values(), world.demo.management_account_id}
        _assert_faults_recorded(tree, hook)
        verdicts = _verdicts(tree)
        assert set(verdicts) == set(truth)
        for key, result in verdicts.items():
            # A fault may only turn a verdict into ERROR; never into another verdict, never into PASS.
            assert result.status in (truth[key].status, Status.ERROR), (seed, key, result, hook.faulted)
        for account in tree.accounts:
            if account != tree.management_account_id and _path_touched(tree, account):
                assert verdicts[(SCP_CHECK, account)].status is Status.ERROR, (seed, account)
            if not tree.nodes[account].tags_readable:
                assert verdicts[(TAG_CHECK, account)].status is Status.ERROR, (seed, account)
    assert completed >= 4


def _assert_faults_recorded(tree: OrgTree, hook: RandomFaults) -> None:
    for operation, body in hook.faulted:
        if operation == "DescribePolicy":
            assert body["PolicyId"] in tree.unreadable_policies
        elif operation == "ListPoliciesForTarget" and body["TargetId"] in tree.nodes:
            assert tree.nodes[body["TargetId"]].policy_ids is None
        elif operation == "ListTagsForResource" and body["ResourceId"] in tree.nodes:
            assert not tree.nodes[body["ResourceId"]].tags_readable
        elif operation in ("ListAccountsForParent", "ListOrganizationalUnitsForParent"):
            assert tree.nodes[body["ParentId"]].problems


def _path_touched(tree: OrgTree, account: str) -> bool:
    """Whether anything the SCP verdict rests on (the account's place, each SCP along its path) is unknown."""
    if tree.placement_problem(account) is not None:
        return True
    return any(
        node.policy_ids is None or any(p in tree.unreadable_policies for p in node.policy_ids)
        for node in tree.path(account)
    )


def test_a_scan_under_random_faults_below_the_account_list_finishes_without_false_passes(
    world: World, tmp_path: Path
) -> None:
    truth = _scan(world, tmp_path / "truth")
    hook = RandomFaults(7, spare=frozenset({"DescribeOrganization", "ListAccounts"}))
    world.base.events.register("before-call.organizations", hook)
    rows = _scan(world, tmp_path / "faulted")
    assert hook.faulted
    assert set(rows) == set(truth)
    for key, row in rows.items():
        assert row["status"] in (truth[key]["status"], "ERROR"), (key, row)
    assert any(row["status"] == "ERROR" for row in rows.values())
