"""Credentials and clients: assume-role per account, bounded retries (scanner.retries), read-only guard."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import RefreshableCredentials

from scanner import __version__, retries
from scanner.errors import ReadOnlyViolationError
from scanner.evidence import Recorder
from scanner.retries import CallLimits

READ_PREFIXES = ("Describe", "Get", "List", "Lookup", "Search", "Head", "BatchGet")
# Operations that do not start with a read verb but change nothing the auditor cares about.
ALLOWED_NON_READS = frozenset({"sts:AssumeRole", "iam:GenerateCredentialReport"})
# Signing manifest.json with the evidence signing key (scanner/kms_signing.py; never a collector's call). Only
# a Grant naming that key allows it, so a Sign with any other KeyId is refused.
KMS_SIGN = "kms:Sign"
# Operations allowed only against one granted resource, and the request parameter that names the resource.
SCOPED_NON_READS: Mapping[str, str] = MappingProxyType({KMS_SIGN: "KeyId"})
# Reads that would put secret material into evidence; the scanner never needs them.
FORBIDDEN_READS = frozenset(
    {
        "secretsmanager:GetSecretValue",
        "ec2:GetPasswordData",
        "ecr:GetAuthorizationToken",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "s3:GetObject",
    }
)
DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"
DEFAULT_REGION = "us-east-1"  # when neither the command nor the profile/environment names one


def is_permitted(service: str, operation: str) -> bool:
    """True for read operations the scanner may send. `service` is the IAM prefix (e.g. 's3')."""
    qualified = f"{service}:{operation}"
    if qualified in FORBIDDEN_READS:
        return False
    return qualified in ALLOWED_NON_READS or operation.startswith(READ_PREFIXES)


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
    """Refuse (ReadOnlyViolationError) anything but a permitted read, an allowlisted operation, or a scoped
    operation whose target parameter names exactly a resource it was granted for."""
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
        service = model.service_model.signing_name or model.service_model.endpoint_prefix
        check_operation(service, model.name, params, frozen)

    client.meta.events.register("before-parameter-build", guard)


def retry_config(*, host_prefix: bool = True) -> Config:
    """botocore's settings for every client: one attempt each (scanner.retries decides about more)."""
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
        self._clients: dict[tuple[str, str, str], Any] = {}
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
                return cached
            session = self.base if account_id is None else self._session_locked(account_id)
            client = guarded_client(session, service, region, limits=self.limits)
            self.recorder.attach(client, account_id or "caller")
            self._clients[key] = client
            return client

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
        role_arn = f"arn:aws:iam::{account_id}:role/{self.role_name}"
        params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": "controlmap-audit"}
        if self.external_id:
            params["ExternalId"] = self.external_id
        refresh = _assume_role_refresher(sts, params)
        credentials = RefreshableCredentials.create_from_metadata(
            metadata=refresh(), refresh_using=refresh, method="assume-role"
        )
        core = botocore.session.Session()
        # Share the caller session's model loader: without it every account parses every service model again
        # (measured: 10 accounts took 470 MiB; see bench/scan_benchmark.py).
        core.register_component("data_loader", self.base._session.get_component("data_loader"))
        # botocore has no public setter for refreshable credentials; this is the attribute its own
        # credential resolution fills in.
        core._credentials = credentials
        return boto3.Session(botocore_session=core, region_name=self.home_region)


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
