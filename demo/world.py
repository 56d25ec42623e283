"""The built-in demo: a simulated AWS Organization in moto, scanned with exactly the real scan code path."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.credentials import Credentials

from demo.simulated_apis import SimulatedApis
from scanner.aws.sessions import derived_session

DEMO_REGIONS = ("us-east-1", "eu-west-2")
HOME = DEMO_REGIONS[0]
ROLE = "OrganizationAccountAccessRole"

# (account name, OU) in the layout of the HITRUST phased-approach reference architecture.
LAYOUT = (
    ("security", "Security"),
    ("log-archive", "Security"),
    ("networking", "Infrastructure"),
    ("shared-services", "Infrastructure"),
    ("tenant-a", "Workloads"),
    ("tenant-b", "Workloads"),
)

DENY_UNENCRYPTED_UPLOADS = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyUnencryptedObjectUploads",
                "Effect": "Deny",
                "Action": "s3:PutObject",
                "Resource": "*",
                "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}},
            }
        ],
    }
)
PROTECT_AUDIT_TRAIL = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ProtectOrganizationTrail",
                "Effect": "Deny",
                "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"],
                "Resource": "*",
            }
        ],
    }
)


@dataclass(frozen=True)
class DemoOrg:
    management_account_id: str
    accounts: dict[str, str]  # name -> account id
    organization_id: str

    def account_id(self, name: str) -> str:
        return self.management_account_id if name == "management" else self.accounts[name]


@dataclass(frozen=True)
class DemoWorld:
    """What a seed module gets: the org, a boto3 session per account name (\"management\" included), and
    the answers the simulated accounts give to operations moto does not implement. The answers are hooks on
    these sessions and on the sessions made from them; leaving the world's `with` block ends them."""

    org: DemoOrg
    sessions: dict[str, boto3.Session]
    apis: SimulatedApis

    @property
    def base(self) -> boto3.Session:
        """The management account's session: the one to scan the demo organization with."""
        return self.sessions["management"]

    def __enter__(self) -> DemoWorld:
        return self

    def __exit__(self, *_: object) -> None:
        self.apis.close()


Seed = Callable[[DemoWorld], None]


def base_image_id() -> str:
    """An Amazon-owned AMI id moto knows in every region, for instances seeds launch. Read from moto's own
    table: DescribeImages with Owners=amazon walks some 1,300 images and takes seconds per call."""
    from moto.ec2.models.amis import AMIS

    return str(AMIS[0]["ami_id"])


def issued_certificate(session: boto3.Session, region: str, domain: str) -> str:
    """Request an ACM certificate and have it validated, as DNS validation would within minutes. moto moves
    a requested certificate from PENDING_VALIDATION to ISSUED only once a minute has passed, which would make
    the demo's verdicts depend on how fast the machine scans."""
    from moto.acm.models import acm_backends

    arn = str(
        session.client("acm", region_name=region).request_certificate(DomainName=domain)["CertificateArn"]
    )
    account = arn.split(":")[4]
    acm_backends[account][region].get_certificate(arn).status = "ISSUED"
    return arn


class SeedOrderError(ValueError):
    """The seed modules' AFTER declarations cannot be ordered: an unknown module name, or a cycle."""


def seed_order(after: Mapping[str, Sequence[str]], *, reverse_ties: bool = False) -> list[str]:
    """The seed module names, each after every name in its `after` entry (a topological order). Among the
    modules free to run next the first by name runs, so the order is reproducible; `reverse_ties` takes the
    last instead, so that a seed which silently relies on running after another shows up as a changed demo.
    Refuses (SeedOrderError, naming the module) a name that is not a seed module, and a cycle."""
    _refuse_unknown_names(after)
    waiting = {name: set(needs) for name, needs in after.items()}
    ready = {name for name, needs in waiting.items() if not needs}
    pick = max if reverse_ties else min
    order: list[str] = []
    while ready:
        done = pick(ready)
        ready.remove(done)
        order.append(done)
        for name, still_needs in waiting.items():
            if done in still_needs:
                still_needs.remove(done)
                if not still_needs:
                    ready.add(name)
    if len(order) < len(after):
        cycle = _cycle(waiting)
        raise SeedOrderError(
            f"demo.seeds.{cycle[0]}: AFTER makes a cycle, {' -> '.join(cycle)} (each runs after the next)"
        )
    return order


def _refuse_unknown_names(after: Mapping[str, Sequence[str]]) -> None:
    for name, needs in after.items():
        if isinstance(needs, str):
            raise SeedOrderError(f"demo.seeds.{name}: AFTER must be a tuple of module names, not {needs!r}")
        unknown = sorted(set(needs) - set(after))
        if unknown:
            raise SeedOrderError(f"demo.seeds.{name}: AFTER names {', '.join(unknown)}: no such seed module")


def _cycle(waiting: Mapping[str, set[str]]) -> list[str]:
    """One cycle among the modules left waiting, first module repeated at the end. Each of them still waits
    for another that is left, so following those from any of them comes back round."""
    path = [min(name for name, needs in waiting.items() if needs)]
    while path.count(path[-1]) < 2:
        path.append(min(waiting[path[-1]]))
    return path[path.index(path[-1]) :]


def discover_seeds(*, reverse_ties: bool = False) -> list[Seed]:
    """Every `seed` function in demo.seeds (modules whose name starts with `_` are helpers, not seeds), each
    after the seeds its module names in `AFTER`, otherwise in name order (see seed_order)."""
    import demo.seeds as package

    names = [info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")]
    modules = {name: importlib.import_module(f"{package.__name__}.{name}") for name in names}
    after = {name: getattr(module, "AFTER", ()) for name, module in modules.items()}
    return [modules[name].seed for name in seed_order(after, reverse_ties=reverse_ties)]


def management_session() -> boto3.Session:
    """Credentials for the simulated management account (moto's default account)."""
    return boto3.Session(
        aws_access_key_id="demo", aws_secret_access_key="demo", aws_session_token="demo", region_name=HOME
    )


def assume(base: boto3.Session, account_id: str) -> boto3.Session:
    """A session in `account_id` through the organization role, made from `base` as the scan makes its
    sessions (scanner.aws.sessions.derived_session): it carries the simulated answers `base` carries."""
    sts = base.client("sts")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE}", RoleSessionName="demo-seed")
    issued = creds["Credentials"]
    credentials = Credentials(issued["AccessKeyId"], issued["SecretAccessKey"], issued["SessionToken"])
    return derived_session(base, credentials, HOME)


def build_organization(base: boto3.Session) -> DemoOrg:
    """Create the organization, OUs, accounts and SCPs. Must run inside moto (never against real AWS)."""
    org = base.client("organizations")
    organization_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    management = base.client("sts").get_caller_identity()["Account"]
    root_id = org.list_roots()["Roots"][0]["Id"]
    ous = {
        name: org.create_organizational_unit(ParentId=root_id, Name=name)["OrganizationalUnit"]["Id"]
        for name in ("Security", "Infrastructure", "Workloads")
    }
    accounts: dict[str, str] = {}
    for name, ou in LAYOUT:
        status = org.create_account(AccountName=name, Email=f"aws+{name}@example.com")["CreateAccountStatus"]
        account_id = status["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ous[ou])
        phase = "application" if ou == "Workloads" else "landing-zone"
        org.tag_resource(ResourceId=account_id, Tags=[{"Key": "controlmap:phase", "Value": phase}])
        accounts[name] = account_id
    _attach_scp(org, "deny-unencrypted-s3-uploads", DENY_UNENCRYPTED_UPLOADS, ous["Workloads"])
    _attach_scp(org, "protect-organization-trail", PROTECT_AUDIT_TRAIL, root_id)
    return DemoOrg(management, accounts, organization_id)


def _attach_scp(org: Any, name: str, content: str, target: str) -> None:
    policy = org.create_policy(
        Name=name, Description=f"controlmap demo: {name}", Type="SERVICE_CONTROL_POLICY", Content=content
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=policy, TargetId=target)


def seed_configuration(base: boto3.Session, demo: DemoOrg) -> DemoWorld:
    """A realistic mix of good and bad configuration across the seven accounts: one seed module per AWS
    service (demo/seeds/), run in the order their AFTER declarations give. The returned world's simulated
    answers are hooks on `base` and on the sessions made from it, until the world is closed: use it as a
    context manager (simulated_organization does)."""
    apis = SimulatedApis()
    apis.attach(base)  # before the sessions below are made from it, so that they carry its hooks too
    try:
        sessions = {"management": base} | {name: assume(base, aid) for name, aid in demo.accounts.items()}
        world = DemoWorld(demo, sessions, apis)
        for seed in discover_seeds():
            seed(world)
    except BaseException:
        apis.close()
        raise
    return world


@contextmanager
def simulated_aws() -> Iterator[None]:
    """moto in-process, with a guard that no request leaves the process."""
    from moto import mock_aws

    with mock_aws():
        yield


@contextmanager
def simulated_organization() -> Iterator[DemoWorld]:
    """The demo from start to end: moto in-process, the organization built and seeded in it. On leaving, the
    simulated answers end and moto forgets the organization."""
    with simulated_aws():
        base = management_session()
        with seed_configuration(base, build_organization(base)) as world:
            yield world
