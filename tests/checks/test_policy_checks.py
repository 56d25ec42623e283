"""Checks decided by the policy engine: PASS, FAIL and ERROR each, with the deciding statements cited."""

from __future__ import annotations

import json
from typing import Any

from checks.iam_trust import third_party_external_id, web_identity_scoped
from checks.organizations import deny_unencrypted_uploads
from checks.s3_policy import public_access, tls_only, vpc_only_access
from checks.vpc_policy import endpoint_policy_restricted
from scanner.inventory import Item
from scanner.model import Account, Result, Status
from scanner.org import OrgNode, OrgPolicy, OrgTree
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

BUCKET = "arn:aws:s3:::data"
ALL_ON = {
    k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
}
OWNER_ONLY = {"Owner": {"ID": "me"}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "me"}}]}


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


TLS_DENY = {
    "Sid": "TLS",
    "Effect": "Deny",
    "Principal": {"AWS": "*"},
    "Action": "s3:*",
    "Resource": [BUCKET, f"{BUCKET}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": ["false"]}},
}


def bucket(policy_text: str | None, **aspects: Any) -> Item:
    data = {"Policy": policy_text, "PublicAccessBlock": None, "Acl": OWNER_ONLY, **aspects}
    return item(BUCKET, data, name="data")


def run_bucket(check: Any, b: Item, account_bpa: dict[str, bool] | None = ALL_ON) -> Result:
    inv = InventoryBuilder().add("s3.buckets", [b])
    inv.add("s3.account-public-access-block", [item("bpa", {"PublicAccessBlockConfiguration": account_bpa})])
    [result] = run_check(check, inv)
    return result


def test_tls_only_passes_with_a_universal_deny_and_cites_it() -> None:
    result = run_bucket(tls_only, bucket(policy(TLS_DENY)))
    assert result.status is Status.PASS and "'TLS'" in result.message
    assert result.details["deciding_statements"][0]["statement"]["Sid"] == "TLS"


def test_tls_only_split_statements_for_bucket_and_objects_pass_together() -> None:
    on_bucket = {**TLS_DENY, "Sid": "B", "Resource": BUCKET}
    on_objects = {**TLS_DENY, "Sid": "O", "Resource": f"{BUCKET}/*"}
    assert run_bucket(tls_only, bucket(policy(on_bucket, on_objects))).status is Status.PASS


def test_tls_only_fails_for_partial_denies_that_string_matching_would_pass() -> None:
    partial = [
        {**TLS_DENY, "Action": "s3:Get*"},  # only some actions
        {**TLS_DENY, "Resource": f"{BUCKET}/*"},  # objects, not the bucket
        {**TLS_DENY, "Principal": {"AWS": "arn:aws:iam::999999999999:root"}},  # one principal
        {**TLS_DENY, "Condition": {**TLS_DENY["Condition"], "StringEquals": {"aws:PrincipalAccount": "1"}}},
        {**TLS_DENY, "Effect": "Allow"},
        {**TLS_DENY, "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]},  # no future actions
    ]
    for statement in partial:
        result = run_bucket(tls_only, bucket(policy(statement)))
        assert result.status is Status.FAIL, statement
        assert result.details["not_denied"]
    assert run_bucket(tls_only, bucket(None)).status is Status.FAIL


def test_tls_only_errors_on_a_broken_policy_naming_the_bucket() -> None:
    result = run_bucket(tls_only, bucket('{"Statement": [{"Effect": "Deny"'))
    assert result.status is Status.ERROR and "bucket policy of data" in result.message
    unreadable = item(BUCKET, {"PublicAccessBlock": None}, errors={"Policy": ACCESS_DENIED})
    assert run_bucket(tls_only, unreadable).status is Status.ERROR


def test_public_access_passes_when_closed_and_fails_for_each_opening() -> None:
    assert run_bucket(public_access, bucket(policy(TLS_DENY))).status is Status.PASS
    off = run_bucket(public_access, bucket(None), account_bpa=None)
    assert off.status is Status.FAIL and "RestrictPublicBuckets" in off.message
    only_bucket = run_bucket(public_access, bucket(None, PublicAccessBlock=ALL_ON), account_bpa=None)
    assert only_bucket.status is Status.PASS
    public_read = {
        "Sid": "Read",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    opened = run_bucket(public_access, bucket(policy(public_read)))
    assert opened.status is Status.FAIL and opened.details["granting_statements"][0]["sid"] == "Read"
    acl = {
        "Owner": {"ID": "me"},
        "Grants": [{"Grantee": {"URI": "http://acs.amazonaws.com/groups/global/AllUsers"}}],
    }
    assert "AllUsers" in run_bucket(public_access, bucket(None, Acl=acl)).message


def test_public_access_respects_conditions_and_neutralising_denies() -> None:
    read = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"}
    pinned = {**read, "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}
    assert run_bucket(public_access, bucket(policy(pinned))).status is Status.PASS
    referer = {**read, "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}}
    assert (
        run_bucket(public_access, bucket(policy(referer))).status is Status.FAIL
    )  # anyone can send a Referer
    fence = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": f"{BUCKET}/*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}},
    }
    assert run_bucket(public_access, bucket(policy(read, fence))).status is Status.PASS
    leaky_fence = {**fence, "Action": "s3:PutObject"}
    assert run_bucket(public_access, bucket(policy(read, leaky_fence))).status is Status.FAIL


def test_public_access_errors_when_account_block_public_access_is_unreadable() -> None:
    inv = InventoryBuilder().add("s3.buckets", [bucket(None)]).unavailable("s3.account-public-access-block")
    assert statuses(run_check(public_access, inv)) == ["ERROR"]


# --- SCPs along the organization path -----------------------------------------------------------------

MGMT, WORKLOAD, SANDBOX = "100000000000", "200000000000", "300000000000"
DENY_UNENCRYPTED = policy(
    {
        "Sid": "DenyUnencrypted",
        "Effect": "Deny",
        "Action": "s3:PutObject",
        "Resource": "*",
        "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}},
    }
)
FULL_ACCESS = policy({"Effect": "Allow", "Action": "*", "Resource": "*"})


def org(attachments: dict[str, tuple[str, ...] | None], contents: dict[str, str] | None = None) -> OrgTree:
    """root > ou-w > WORKLOAD; root > ou-s > SANDBOX; MGMT under root."""
    parents = {"r": None, "ou-w": "r", "ou-s": "r", MGMT: "r", WORKLOAD: "ou-w", SANDBOX: "ou-s"}
    kinds = {"r": "root", "ou-w": "ou", "ou-s": "ou"}
    nodes = {
        n: OrgNode(n, kinds.get(n, "account"), n, parent, attachments.get(n, ("p-full",)))
        for n, parent in parents.items()
    }
    texts = {"p-full": FULL_ACCESS, "p-deny": DENY_UNENCRYPTED, **(contents or {})}
    policies = {pid: OrgPolicy(pid, pid, pid == "p-full", text) for pid, text in texts.items()}
    accounts = {a: Account(a, a, is_management=a == MGMT) for a in (MGMT, WORKLOAD, SANDBOX)}
    return OrgTree("o-1", MGMT, "ALL", nodes, accounts, policies)


def scp_verdicts(tree: OrgTree) -> dict[str, Result]:
    accounts = list(tree.accounts.values())
    results = run_check(deny_unencrypted_uploads, InventoryBuilder(), accounts=accounts, org=tree)
    return {r.account_id: r for r in results}


def test_scp_on_an_ou_covers_only_that_ou_and_never_the_management_account() -> None:
    verdicts = scp_verdicts(org({"ou-w": ("p-full", "p-deny")}))
    assert verdicts[WORKLOAD].status is Status.PASS and "attached to ou-w" in verdicts[WORKLOAD].message
    assert verdicts[WORKLOAD].details["deciding_statements"][0]["sid"] == "DenyUnencrypted"
    assert verdicts[SANDBOX].status is Status.FAIL
    assert verdicts[MGMT].status is Status.FAIL and "management account" in verdicts[MGMT].message


def test_scp_at_the_root_covers_every_member_but_still_not_the_management_account() -> None:
    verdicts = scp_verdicts(org({"r": ("p-full", "p-deny")}))
    assert verdicts[WORKLOAD].status is Status.PASS and verdicts[SANDBOX].status is Status.PASS
    assert verdicts[MGMT].status is Status.FAIL


def test_scp_with_an_exemption_or_on_one_bucket_does_not_pass() -> None:
    exempt = json.loads(DENY_UNENCRYPTED)
    exempt["Statement"][0]["Condition"]["ArnNotLike"] = {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}
    one_bucket = json.loads(DENY_UNENCRYPTED)
    one_bucket["Statement"][0]["Resource"] = "arn:aws:s3:::logs/*"
    for content in (exempt, one_bucket):
        verdicts = scp_verdicts(org({WORKLOAD: ("p-full", "p-x")}, {"p-x": json.dumps(content)}))
        assert verdicts[WORKLOAD].status is Status.FAIL


def test_scp_errors_when_a_level_or_a_policy_cannot_be_read() -> None:
    assert scp_verdicts(org({"ou-w": None}))[WORKLOAD].status is Status.ERROR
    broken = scp_verdicts(org({"ou-s": ("p-bad",)}, {"p-bad": "{oops"}))
    assert broken[SANDBOX].status is Status.ERROR and "SCP p-bad" in broken[SANDBOX].message
    no_org = run_check(deny_unencrypted_uploads, InventoryBuilder())
    assert statuses(no_org) == ["ERROR"]


# --- VPC endpoint policies ----------------------------------------------------------------------------

DEFAULT_ENDPOINT_POLICY = policy({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})


def endpoint(document: str | None) -> Item:
    arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-endpoint/vpce-1"
    return item(arn, {"ServiceName": f"com.amazonaws.{REGION}.athena", "PolicyDocument": document})


def run_endpoint(document: str | None) -> Result:
    [result] = run_check(
        endpoint_policy_restricted, InventoryBuilder().add("ec2.vpc-endpoints", [endpoint(document)])
    )
    return result


def test_endpoint_policy_verdicts() -> None:
    assert run_endpoint(DEFAULT_ENDPOINT_POLICY).status is Status.FAIL
    scoped = policy({"Effect": "Allow", "Principal": "*", "Action": "athena:*", "Resource": "*"})
    assert run_endpoint(scoped).status is Status.PASS
    org_only = json.loads(DEFAULT_ENDPOINT_POLICY)
    org_only["Statement"][0]["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}
    assert run_endpoint(json.dumps(org_only)).status is Status.PASS
    assert run_endpoint(None).status is Status.NOT_APPLICABLE
    assert run_endpoint("not json").status is Status.ERROR


# --- Role trust policies ------------------------------------------------------------------------------


def role(name: str, trust: dict[str, Any] | str) -> Item:
    document = trust if isinstance(trust, str) else {"Version": "2012-10-17", "Statement": [trust]}
    return item(
        f"arn:aws:iam::{ACCOUNT}:role/{name}", {"RoleName": name, "AssumeRolePolicyDocument": document}
    )


def run_roles(check: Any, *roles: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("iam.roles", list(roles)))


GITHUB = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"


def test_web_identity_trust_verdicts() -> None:
    base = {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}
    pinned = {
        **base,
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}},
    }
    wildcard = {**base, "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "*"}}}
    results = run_roles(web_identity_scoped, role("ci", pinned), role("open", base), role("star", wildcard))
    assert statuses(results) == ["PASS", "FAIL", "FAIL"]
    assert results[1].details["deciding_statements"]
    service = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    assert statuses(run_roles(web_identity_scoped, role("svc", service))) == ["NOT_APPLICABLE"]
    assert statuses(run_roles(web_identity_scoped, role("bad", "{"))) == ["ERROR"]


def test_third_party_trust_verdicts() -> None:
    vendor = {
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
        "Action": "sts:AssumeRole",
    }
    with_id = {**vendor, "Condition": {"StringEquals": {"sts:ExternalId": "abc-123"}}}
    anyone = {**vendor, "Principal": {"AWS": "*"}}
    org_only = {**anyone, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}
    own = {**vendor, "Principal": {"AWS": ACCOUNT}}
    results = run_roles(
        third_party_external_id,
        role("vendor", with_id),
        role("naked", vendor),
        role("anyone", anyone),
        role("org", org_only),
        role("own", own),
    )
    assert statuses(results) == ["PASS", "FAIL", "FAIL", "PASS"]  # the own-account trust is out of scope
    assert "999999999999" in results[1].message
    assert statuses(run_roles(third_party_external_id, role("own", own))) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("iam.roles")
    assert statuses(run_check(third_party_external_id, denied)) == ["ERROR"]


# --- VPC-only Athena data buckets ---------------------------------------------------------------------

VPC_ONLY = {
    "Sid": "OnlyFromVpc",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [BUCKET, f"{BUCKET}/*"],
    "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-111bbb22"}},
}


def run_vpc_only(*buckets: Item, location: str = "s3://data/orders/") -> list[Result]:
    table = item(
        f"arn:aws:glue:{REGION}:{ACCOUNT}:table/sales/orders", {"Location": location}, name="sales.orders"
    )
    inv = (
        InventoryBuilder()
        .add("s3.buckets", list(buckets))
        .add("glue.tables", [table])
        .add("athena.workgroups", [])
    )
    return run_check(vpc_only_access, inv)


def test_vpc_only_passes_for_the_seed_policy_and_notes_the_missing_athena_exception() -> None:
    [result] = run_vpc_only(bucket(policy(VPC_ONLY)))
    assert result.status is Status.PASS and "vpc-111bbb22" in result.message
    assert "Athena makes on the caller's behalf" in result.message
    assert result.details["deciding_statements"][0]["sid"] == "OnlyFromVpc"
    with_exception = {
        **VPC_ONLY,
        "Condition": {**VPC_ONLY["Condition"], "Bool": {"aws:ViaAWSService": "false"}},
    }
    [result] = run_vpc_only(bucket(policy(with_exception)))
    assert result.status is Status.PASS and result.details["athena_exception"] is True


def test_vpc_only_fails_when_some_network_or_action_escapes() -> None:
    internet_only = {**VPC_ONLY, "Condition": {"Null": {"aws:SourceVpc": "true"}}}  # other VPCs get in
    reads_only = {**VPC_ONLY, "Action": "s3:GetObject"}
    for statement in (internet_only, reads_only):
        [result] = run_vpc_only(bucket(policy(statement)))
        assert result.status is Status.FAIL, statement
    [none] = run_vpc_only(bucket(None))
    assert none.status is Status.FAIL and "Glue table sales.orders" in none.message


def test_vpc_only_errors_and_not_applicable() -> None:
    [broken] = run_vpc_only(bucket("{"))
    assert broken.status is Status.ERROR
    [elsewhere] = run_vpc_only(bucket(None), location="s3://partner-bucket/x/")
    assert elsewhere.status is Status.ERROR and "partner-bucket" in elsewhere.message
    [nothing] = run_vpc_only(bucket(None), location="hdfs://cluster/x")
    assert nothing.status is Status.NOT_APPLICABLE
    denied = InventoryBuilder().add("s3.buckets", []).unavailable("glue.tables").add("athena.workgroups", [])
    assert "ERROR" in statuses(run_check(vpc_only_access, denied))
