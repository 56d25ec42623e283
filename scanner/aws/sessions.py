"""Credentials and clients: assume-role per account, bounded retries (aws.retries), read-only guard."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import Credentials, RefreshableCredentials

from scanner import __version__
from scanner.aws import retries
from scanner.aws.retries import CallLimits
from scanner.errors import ReadOnlyViolationError
from scanner.evidence import Principal, Recorder

# How a declared operation must be named (tests/contract): a read verb, or a justified exception below.
READ_PREFIXES = ("Describe", "Get", "List", "Lookup", "Search", "Head", "BatchGet")
# Operations that do not start with a read verb but change nothing the auditor cares about.
ALLOWED_NON_READS = frozenset({"sts:AssumeRole"})
# Signing manifest.json with the evidence signing key (pack/kms_signing.py; never a collector's call). Only
# a Grant naming that key allows it, so a Sign with any other KeyId is refused.
KMS_SIGN = "kms:Sign"
# Operations allowed only against one granted resource, and the request parameter that names the resource.
SCOPED_NON_READS: Mapping[str, str] = MappingProxyType({KMS_SIGN: "KeyId"})
# Reads that would put secret material into evidence or mint credentials (IAM actions); no collector may
# declare one (tests/contract), so none is ever on the allow-list either.
FORBIDDEN_READS = frozenset(
    {
        "secretsmanager:GetSecretValue",
        "secretsmanager:BatchGetSecretValue",
        "ec2:GetPasswordData",
        "ecr:GetAuthorizationToken",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "ssm:GetParameterHistory",
        "s3:GetObject",
        "cognito-identity:GetId",
        "cognito-identity:GetCredentialsForIdentity",
        "cognito-identity:GetOpenIdToken",
        "redshift:GetClusterCredentials",
        "redshift:GetClusterCredentialsWithIAM",
        "redshift-serverless:GetCredentials",
        "sts:GetFederationToken",
        "sts:GetSessionToken",
        "sso:GetRoleCredentials",
        "codeartifact:GetAuthorizationToken",
        "lightsail:GetInstanceAccessDetails",
    }
)
# What the guard lets through besides the collectors' declared calls, as (botocore service, operation): the
# session layer assumes the audit role and asks who it is; scanner/pack/kms_signing.py resolves and checks the
# evidence signing key (reads). kms:Sign is not here: it needs a Grant for that one key (SCOPED_NON_READS).
SESSION_OPERATIONS = frozenset(
    {
        ("sts", "AssumeRole"),
        ("sts", "GetCallerIdentity"),
        ("kms", "DescribeKey"),
        ("kms", "GetPublicKey"),
    }
)
# IAM prefixes that are neither a botocore service name nor its signing name or endpoint prefix.
IAM_PREFIX_SERVICES: Mapping[str, tuple[str, ...]] = MappingProxyType({"tag": ("resourcegroupstaggingapi",)})
DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"
MAX_CACHED_CLIENTS = 256  # about two accounts' worth; the least recently used client is dropped beyond it
DEFAULT_REGION = "us-east-1"  # when neither the command nor the profile/environment names one


@functools.cache
def _botocore_services() -> tuple[Any, frozenset[str]]:
    """botocore's model loader and the services it has models for (read once: listing them walks its data)."""
    session = botocore.session.get_session()
    return session.get_component("data_loader"), frozenset(session.get_available_services())


@functools.cache
def _service_model(service: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(operation names, the names IAM may use for it) of a botocore service; None if botocore has none."""
    loader, available = _botocore_services()
    if service not in available:
        return None
    model = loader.load_service_model(service, "service-2")
    metadata = model["metadata"]
    iam = {service, metadata.get("signingName", ""), metadata.get("endpointPrefix", "")}
    iam.update(prefix for prefix, services in IAM_PREFIX_SERVICES.items() if service in services)
    return frozenset(model["operations"]), frozenset(iam - {""})


def _candidates(dataset_service: str, action: str) -> tuple[str, ...]:
    prefix = action.split(":", 1)[0]
    return tuple(dict.fromkeys((dataset_service, prefix, *IAM_PREFIX_SERVICES.get(prefix, ()))))


def resolve_call(dataset_service: str, operation: str, action: str) -> tuple[str, str]:
    """The (botocore service, operation) a declared call is sent as. A dataset's calls map an operation to an
    IAM action, and a collector may call it on another service's client (ecs:DescribeTaskDefinition from the
    ECR dataset): it is the dataset's own service if that has the operation under the action's IAM prefix,
    else the service the IAM prefix names. The prefix is not always botocore's name (elasticloadbalancing is
    elbv2, es is opensearch, airflow is mwaa, tag is resourcegroupstaggingapi)."""
    prefix = action.split(":", 1)[0]
    for service in _candidates(dataset_service, action):
        model = _service_model(service)
        if model is not None and operation in model[0] and prefix in model[1]:
            return service, operation
    raise ValueError(
        f"declared call {operation} ({action}) of a {dataset_service} dataset is no botocore operation of "
        f"{dataset_service} or of the service {prefix!r} names"
    )


@functools.cache
def _declared_calls() -> tuple[tuple[str, str, str], ...]:
    """(dataset service, operation, IAM action) of each Dataset's declared calls, but no FORBIDDEN_READS."""
    from scanner.aws.collectors import (
        discover_datasets,  # collectors -> base -> sessions' peers: when first used
    )

    return tuple(
        sorted(
            {
                (dataset.service, operation, action)
                for dataset in discover_datasets().values()
                for operation, action in dataset.calls.items()
                if action not in FORBIDDEN_READS
            }
        )
    )


@functools.cache
def _permitted_for(service: str) -> frozenset[str]:
    """The allow-listed operations of one botocore service. Only declared calls that could be sent on this
    service's client are resolved, so a client loads no other service's model. A declared call botocore does
    not know stays off the list (tests/pipeline/test_guard_allowlist.py names it)."""
    allowed = {operation for s, operation in SESSION_OPERATIONS if s == service}
    for dataset_service, operation, action in _declared_calls():
        if service in _candidates(dataset_service, action):
            with contextlib.suppress(ValueError):
                if resolve_call(dataset_service, operation, action) == (service, operation):
                    allowed.add(operation)
    return frozenset(allowed)


def permitted_operations() -> frozenset[tuple[str, str]]:
    """The allow-list, as (botocore service, operation): every Dataset's declared calls (the registry) and
    SESSION_OPERATIONS, never a FORBIDDEN_READS action. It follows from code alone."""
    services = {s for s, _ in SESSION_OPERATIONS}
    services.update(s for call in _declared_calls() for s in _candidates(call[0], call[2]))
    return frozenset((s, operation) for s in services for operation in _permitted_for(s))


def is_permitted(service: str, operation: str) -> bool:
    """True for the operations the scanner may send. `service` is botocore's service name (the boto3 client
    name, e.g. 'elbv2'): unlike the signing name ('elasticloadbalancing', shared with 'elb'), it is unique."""
    return operation in _permitted_for(service)


@dataclass(frozen=True)
class Grant:
    """Permission for one scoped non-read operation against one resource only (kms:Sign with one key ARN)."""

    action: str
    resource: str

    def __post_init__(self) -> None:
        if self.action not in SCOPED_NON_READS:
            raise ValueError(f"{self.action} cannot be granted: only {', '.join(SCOPED_NON_READS)} can")


def check_operation(
    service: str, operation: str, params: Mapping[str, Any], grants: Collection[Grant] = ()
) -> None:
    """Refuse (ReadOnlyViolationError) anything but an allow-listed operation (permitted_operations) or a
    scoped operation whose target parameter names exactly a resource it was granted for."""
    qualified = f"{service}:{operation}"
    if is_permitted(service, operation):
        return
    parameter = SCOPED_NON_READS.get(qualified)
    if parameter is None:
        raise ReadOnlyViolationError(f"refused {qualified}: controlmap only reads from AWS")
    target = params.get(parameter)
    if Grant(qualified, str(target)) not in grants:
        allowed = ", ".join(g.resource for g in grants if g.action == qualified) or "none was configured"
        raise ReadOnlyViolationError(
            f"refused {qualified} with {parameter} {target!r}: controlmap only reads from AWS, and signs "
            f"only with the configured signing key ({allowed})"
        )


def guard_client(client: Any, grants: Collection[Grant] = ()) -> None:
    """Install the read-only guard. It runs before the request is built (where the caller's parameters, such
    as a KeyId, are still visible), so a refused operation is never sent."""
    frozen = frozenset(grants)

    def guard(model: Any, params: Mapping[str, Any], **_: Any) -> None:
        check_operation(model.service_model.service_name, model.name, params, frozen)

    client.meta.events.register("before-parameter-build", guard)


def retry_config(*, host_prefix: bool = True) -> Config:
    """botocore's settings for every client: one attempt each (scanner.aws.retries decides about more)."""
    return Config(
        retries=retries.botocore_retries(),
        user_agent_extra=f"controlmap/{__version__}",
        connect_timeout=10,
        read_timeout=60,
        inject_host_prefix=host_prefix,
    )


def is_custom_endpoint(client: Any) -> bool:
    """True when the client talks to an endpoint other than AWS's own (AWS_ENDPOINT_URL, a moto server)."""
    host = urlsplit(client.meta.endpoint_url).hostname or ""
    return not host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))


def _strip_account_host_prefix(endpoint_url: str) -> Callable[..., None]:
    """S3 Control's endpoint rules put the account id in front of the host ("123456789012.<endpoint>"); on a
    custom endpoint (AWS_ENDPOINT_URL, a moto server) that host does not exist, so send to the endpoint."""
    endpoint_host = urlsplit(endpoint_url).netloc

    def rewrite(request: Any, **_: Any) -> None:
        parts = urlsplit(request.url)
        prefix, _, rest = parts.netloc.partition(".")
        if prefix.isdigit() and len(prefix) == 12 and rest == endpoint_host:
            request.url = urlunsplit(parts._replace(netloc=endpoint_host))
            if "host" in {k.lower() for k in request.headers}:
                request.headers.replace_header("Host", endpoint_host)

    return rewrite


def endpoint_safe_client(
    session: boto3.Session, service: str, region: str | None, limits: CallLimits | None = None
) -> Any:
    """A client with controlmap's bounded retries that also works against a custom endpoint, where the
    account-id host prefix S3 Control adds would name a host that does not exist."""
    client = session.client(service, region_name=region, config=retry_config())
    custom = is_custom_endpoint(client)
    if custom:
        client = session.client(service, region_name=region, config=retry_config(host_prefix=False))
        client.meta.events.register("before-sign", _strip_account_host_prefix(client.meta.endpoint_url))
    retries.install(client, limits or CallLimits(), custom_endpoint=custom)
    return client


def guarded_client(
    session: boto3.Session,
    service: str,
    region: str | None,
    grants: Collection[Grant] = (),
    limits: CallLimits | None = None,
) -> Any:
    """A client with controlmap's retry and endpoint settings behind the read-only guard (and its grants)."""
    client = endpoint_safe_client(session, service, region, limits)
    guard_client(client, grants)
    return client


@dataclass(frozen=True)
class Caller:
    account_id: str
    arn: str
    user_id: str


class SessionProvider:
    """One boto3 session per account (assuming `role_name` where needed) and cached, guarded clients."""

    def __init__(
        self,
        base: boto3.Session,
        recorder: Recorder,
        *,
        role_name: str = DEFAULT_ROLE_NAME,
        external_id: str | None = None,
        home_region: str | None = None,
        limits: CallLimits | None = None,
    ) -> None:
        self.base = base
        self.limits = limits or CallLimits()
        self.recorder = recorder
        self.role_name = role_name
        self.external_id = external_id
        self.home_region = home_region or base.region_name or DEFAULT_REGION
        self._lock = threading.Lock()
        self._sessions: dict[str, boto3.Session] = {}
        # Most recently used last, and bounded: botocore clients dominate a scan's memory (about 100 per
        # account scanned), and collection works through one account's datasets at a time.
        self._clients: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._failed: dict[str, Exception] = {}
        self._caller: Caller | None = None

    def caller(self) -> Caller:
        if self._caller is None:
            identity = self.client(None, "sts", self.home_region).get_caller_identity()
            self._caller = Caller(identity["Account"], identity["Arn"], identity["UserId"])
        return self._caller

    def client(self, account_id: str | None, service: str, region: str) -> Any:
        """A guarded, recorded client. `account_id=None` means the caller's own credentials."""
        key = (account_id or "", service, region)
        with self._lock:
            cached = self._clients.get(key)
            if cached is not None:
                self._clients.move_to_end(key)
                return cached
            session = self.base if account_id is None else self._session_locked(account_id)
            client = guarded_client(session, service, region, limits=self.limits)
            self.recorder.attach(client, lambda: self.principal(account_id))
            self._clients[key] = client
            while len(self._clients) > MAX_CACHED_CLIENTS:  # a collector still using one keeps it alive
                self._clients.popitem(last=False)
            return client

    def principal(self, account_id: str | None) -> Principal:
        """Who calls with `account_id`'s clients: the scan's own identity (None, or its own account), else
        the role it assumes there."""
        if account_id is None or (self._caller is not None and account_id == self._caller.account_id):
            caller = self.caller()
            return Principal(caller.account_id, caller.arn)
        return Principal(account_id, self.role_arn(account_id))

    def role_arn(self, account_id: str) -> str:
        return f"arn:aws:iam::{account_id}:role/{self.role_name}"

    def _session_locked(self, account_id: str) -> boto3.Session:
        # A role that could not be assumed is not retried for every dataset: the first reason stands.
        if account_id in self._failed:
            raise self._failed[account_id]
        session = self._sessions.get(account_id)
        if session is None:
            try:
                session = self._make_session(account_id)
            except Exception as exc:
                self._failed[account_id] = exc
                raise
            self._sessions[account_id] = session
        return session

    def _make_session(self, account_id: str) -> boto3.Session:
        if self._caller is not None and account_id == self._caller.account_id:
            return self.base
        sts = guarded_client(self.base, "sts", self.home_region, limits=self.limits)
        params: dict[str, Any] = {"RoleArn": self.role_arn(account_id), "RoleSessionName": "controlmap-audit"}
        if self.external_id:
            params["ExternalId"] = self.external_id
        refresh = _assume_role_refresher(sts, params)
        credentials = RefreshableCredentials.create_from_metadata(
            metadata=refresh(), refresh_using=refresh, method="assume-role"
        )
        return derived_session(self.base, credentials, self.home_region)


# The botocore session component (botocore's own per-session registry) that holds what a caller set up on the
# session it gave the scan; derived_session applies it to each session it makes from that one.
SESSION_SETUP = "controlmap-session-setup"
SessionSetup = Callable[[boto3.Session], object]


def carry_setup(session: boto3.Session, setup: SessionSetup) -> boto3.Session:
    """Apply `setup` to `session` now, and to every session derived_session makes from it (the scan makes one
    per account it assumes a role in), and from those in turn. The demo hooks its simulated answers on this
    way; a real scan's session carries no setup."""
    setup(session)
    session._session.register_component(SESSION_SETUP, setup)  # boto3 has no public accessor for it
    return session


def _setup_of(session: boto3.Session) -> SessionSetup | None:
    try:
        setup: SessionSetup = session._session.get_component(SESSION_SETUP)
    except ValueError:  # botocore's answer for a component never registered
        return None
    return setup


def derived_session(base: boto3.Session, credentials: Credentials, region: str) -> boto3.Session:
    """A session with other credentials that shares `base`'s model loader and carries its setup, if any
    (carry_setup)."""
    core = botocore.session.Session()
    # Share the caller session's model loader: without it every account parses every service model again
    # (measured: 10 accounts took 470 MiB; see bench/scan_benchmark.py).
    loader = base._session.get_component("data_loader")
    core.register_component("data_loader", loader)
    # botocore has no public setter for refreshable credentials; this is the attribute its own credential
    # resolution fills in.
    core._credentials = credentials
    session = boto3.Session(botocore_session=core, region_name=region)
    # boto3 appends its data folder to the (shared) loader's search paths for every session it makes: keep
    # each folder once, so the list does not grow by one per account scanned.
    loader.search_paths[:] = list(dict.fromkeys(loader.search_paths))
    setup = _setup_of(base)
    return session if setup is None else carry_setup(session, setup)


def _assume_role_refresher(sts: Any, params: dict[str, Any]) -> Callable[[], dict[str, str]]:
    def refresh() -> dict[str, str]:
        creds = sts.assume_role(**params)["Credentials"]
        return {
            "access_key": creds["AccessKeyId"],
            "secret_key": creds["SecretAccessKey"],
            "token": creds["SessionToken"],
            "expiry_time": creds["Expiration"].isoformat(),
        }

    return refresh
