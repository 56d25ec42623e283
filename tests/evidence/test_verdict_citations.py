"""Every verdict cites its evidence: a verdict decided by an absence cites the listing that showed the empty
population, and a verdict about one item keeps citing that item's own responses."""

from __future__ import annotations

from dataclasses import replace

from checks.config import recorder_all_resources
from checks.kms import key_rotation
from checks.organizations import all_features, deny_unencrypted_uploads
from scanner.checkapi import Scope, Subject, check
from scanner.evaluate.engine import evaluate
from scanner.evaluate.registry import build_registry, discover_datasets
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.org import OrgNode, OrgPolicy, OrgTree
from tests.builders import ACCOUNT, REGION, InventoryBuilder, item, org_of, policy_document, run_check

OTHER_REGION = "eu-west-2"
EMPTY_LISTING = "0" * 64  # DescribeConfigurationRecorders answering [] in OTHER_REGION
FULL_LISTING = "1" * 64  # DescribeConfigurationRecorders naming a recorder in REGION
RECORDER_OWN = "2" * 64  # that recorder's DescribeConfigurationRecorderStatus
KEY_LISTING = "3" * 64  # ListKeys
KEY_OWN = "4" * 64  # one key's DescribeKey and GetKeyRotationStatus


def _recorder() -> Item:
    data = {
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        "Status": {"recording": True, "lastStatus": "SUCCESS"},
    }
    return item(
        "arn:aws:config:us-east-1:111111111111:recorder/default", data, evidence=(FULL_LISTING, RECORDER_OWN)
    )


def _recorders() -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("config.recorders", [_recorder()], region=REGION, evidence=[FULL_LISTING])
        .add("config.recorders", [], region=OTHER_REGION, evidence=[EMPTY_LISTING])
    )


def test_a_fail_decided_by_an_empty_listing_cites_that_listing() -> None:
    results = run_check(recorder_all_resources, _recorders(), regions=(REGION, OTHER_REGION))
    [missing] = [r for r in results if r.region == OTHER_REGION]
    assert missing.status is Status.FAIL and "no configuration recorder" in missing.message
    assert missing.evidence == (EMPTY_LISTING,)  # that region's listing, not the other region's


def test_nothing_in_scope_cites_the_empty_listing() -> None:
    inventory = InventoryBuilder().add("kms.keys", [], region=REGION, evidence=[KEY_LISTING])
    [result] = run_check(key_rotation, inventory)
    assert result.status is Status.NOT_APPLICABLE and "nothing in scope" in result.message
    assert result.evidence == (KEY_LISTING,)


def test_an_item_result_cites_its_own_item_not_the_listing() -> None:
    metadata = {
        "KeyManager": "CUSTOMER",
        "KeyState": "Enabled",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "KeyUsage": "ENCRYPT_DECRYPT",
        "Origin": "AWS_KMS",
    }
    key = item(
        "arn:aws:kms:us-east-1:111111111111:key/k1",
        {"KeyMetadata": metadata, "KeyRotationEnabled": False},
        evidence=(KEY_OWN,),
    )
    inventory = InventoryBuilder().add("kms.keys", [key], region=REGION, evidence=[KEY_LISTING])
    [result] = run_check(key_rotation, inventory)
    assert result.status is Status.FAIL and result.evidence == (KEY_OWN,)
    recorders = run_check(recorder_all_resources, _recorders(), regions=(REGION, OTHER_REGION))
    [recorded] = [r for r in recorders if r.region == REGION]
    assert recorded.status is Status.PASS and recorded.evidence == (FULL_LISTING, RECORDER_OWN)


@check(
    id="test.silent-per-item",
    title="A per-item check that names no evidence",
    for_each="kms.keys",
    uses=(),
    severity=Severity.LOW,
    rationale="test",
    remediation="test",
)
def _silent(key: Item, scope: Scope) -> Result:
    """PASS for every key, citing nothing itself."""
    return scope.result(Status.PASS, key.resource_id, "seen", region=key.region)


def test_a_per_item_result_that_cites_nothing_gets_its_item_evidence() -> None:
    key = item("arn:aws:kms:us-east-1:111111111111:key/k1", {}, evidence=(KEY_OWN,))
    inventory = InventoryBuilder().add("kms.keys", [key], region=REGION, evidence=[KEY_LISTING])
    [result] = run_check(_silent, inventory)
    assert result.evidence == (KEY_OWN,)


def test_an_error_is_not_given_evidence_it_does_not_rest_on() -> None:
    inventory = InventoryBuilder().unavailable("config.recorders", region=REGION)
    results = run_check(recorder_all_resources, inventory)
    assert [r.status for r in results] == [Status.ERROR] and results[0].evidence == ()


ORG_LISTING = "5" * 64  # DescribeOrganization, ListAccounts
ROOT_OWN = "6" * 64  # the root's ListPoliciesForTarget
ACCOUNT_OWN = "7" * 64  # the account's ListPoliciesForTarget
SCP_OWN = "8" * 64  # DescribePolicy of the SCP attached to the root
MGMT = "999999999999"


def _organization() -> OrgTree:
    base = org_of(MGMT, ACCOUNT)
    scp = policy_document({"Effect": "Allow", "Action": "*", "Resource": "*"})
    nodes = {
        **base.nodes,
        "r-1": OrgNode("r-1", "root", "Root", None, ("p-full",), (ROOT_OWN,)),
        ACCOUNT: OrgNode(ACCOUNT, "account", "member", "r-1", (), (ACCOUNT_OWN,)),
    }
    policies = {"p-full": OrgPolicy("p-full", "FullAWSAccess", True, scp, (SCP_OWN,))}
    return replace(base, nodes=nodes, policies=policies, evidence=(ORG_LISTING,))


def test_an_organization_verdict_cites_the_organization() -> None:
    org = _organization()
    [elsewhere] = run_check(all_features, InventoryBuilder(), accounts=[org.accounts[ACCOUNT]], org=org)
    assert elsewhere.status is Status.NOT_APPLICABLE and elsewhere.evidence == (ORG_LISTING,)


def test_a_missing_scp_deny_cites_the_policies_on_the_path() -> None:
    org = _organization()
    [result] = run_check(
        deny_unencrypted_uploads, InventoryBuilder(), accounts=[org.accounts[ACCOUNT]], org=org
    )
    assert result.status is Status.FAIL
    assert set(result.evidence) == {ROOT_OWN, ACCOUNT_OWN, SCP_OWN}


def test_every_verdict_over_empty_datasets_cites_a_listing() -> None:
    """Every AWS check, in a member account of an organization where every dataset was listed empty: each
    PASS, FAIL and NOT_APPLICABLE cites at least one response."""
    org = _organization()
    datasets = discover_datasets()
    builder = InventoryBuilder()
    for number, (name, dataset) in enumerate(sorted(datasets.items())):
        builder.add(name, [], account=MGMT if dataset.org_level else ACCOUNT, evidence=[f"{number:064x}"])
    checks = [c for c in build_registry().checks.values() if c.subject is Subject.AWS]
    results = evaluate(
        checks, datasets, builder.build(), [org.accounts[ACCOUNT]], {ACCOUNT: [REGION]}, org, org_account=MGMT
    )
    uncited = [
        f"{r.check_id}: {r.status} {r.message}"
        for r in results
        if r.status is not Status.ERROR and not r.evidence
    ]
    assert len(results) > len(checks) / 2 and uncited == []
