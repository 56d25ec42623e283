"""First contact with AWS, checked before a run starts: regions spelt right, a profile that exists,
credentials AWS accepts and an endpoint that answers (one STS call, no retries, short timeouts). Each
problem becomes a ConfigError of one or two lines: what is wrong, then what to do."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import boto3
import botocore.loaders
import botocore.regions
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    CredentialRetrievalError,
    EndpointConnectionError,
    InvalidConfigError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ProxyConnectionError,
    ReadTimeoutError,
    SSLError,
    SSOError,
)

from scanner.aws.sessions import DEFAULT_REGION, guard_client
from scanner.errors import ConfigError

CONNECT_TIMEOUT = 5  # seconds; with READ_TIMEOUT a dead or hung endpoint is reported well within 15 s
READ_TIMEOUT = 8
# One attempt: a first contact that fails is reported at once instead of after botocore's back-off.
FIRST_CONTACT = Config(
    retries={"mode": "standard", "total_max_attempts": 1},
    connect_timeout=CONNECT_TIMEOUT,
    read_timeout=READ_TIMEOUT,
)
_REJECTED = frozenset(
    {"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "IncompleteSignature"}
)
_EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"})
# A region botocore does not list yet still has this shape (area, optional qualifier such as gov or isob,
# direction, number), so a brand-new region is not refused; "us-eats-1" or "us-east-1a" do not have it.
_DIRECTIONS = "central|north|south|east|west|northeast|northwest|southeast|southwest"
REGION_SHAPE = re.compile(rf"[a-z]{{2,4}}(?:-[a-z]{{2,4}})?-(?:{_DIRECTIONS})-[1-9][0-9]?")
_MESSAGE_CHARS = 200
_FROM_ENVIRONMENT = "in AWS_ACCESS_KEY_ID"


def known_regions() -> frozenset[str]:
    """Every region of every partition botocore knows (aws, aws-cn, aws-us-gov, the isolated ones).

    Read from botocore's endpoint data directly: a botocore session would first resolve the profile, which
    may be the very thing that is wrong."""
    loader = botocore.loaders.create_loader()
    endpoints = loader.load_data("endpoints")
    resolver = botocore.regions.EndpointResolver(endpoints)
    regions: set[str] = set()
    for partition in endpoints.get("partitions", []):
        regions.update(partition.get("regions", {}))
    for name in resolver.get_available_partitions():
        regions.update(resolver.get_available_endpoints("ec2", name))
    return frozenset(regions)


def is_known_region(region: str, known: Collection[str] | None = None) -> bool:
    """A region botocore lists, or one with a region's shape that botocore is too old to list."""
    regions = known_regions() if known is None else known
    return region in regions or REGION_SHAPE.fullmatch(region) is not None


def suggest_region(region: str, known: Collection[str] | None = None) -> str | None:
    regions = sorted(known_regions() if known is None else known)
    close = difflib.get_close_matches(region.strip().lower(), regions, n=1, cutoff=0.6)
    return close[0] if close else None


def check_regions(regions: Sequence[str], where: str, known: Collection[str] | None = None) -> None:
    """ConfigError naming every unknown region (and the closest known one) given in `where`."""
    regions_known = known_regions() if known is None else known
    unknown = [r for r in regions if not is_known_region(r, regions_known)]
    if not unknown:
        return
    names = ", ".join(f"'{r}'" for r in unknown)
    noun = "region" if len(unknown) == 1 else "regions"
    guesses = {r: s for r in unknown if (s := suggest_region(r, regions_known))}
    if len(unknown) == 1 and guesses:
        hint = f"did you mean {guesses[unknown[0]]}?"
    elif guesses:
        hint = f"did you mean {', '.join(f'{s} for {r}' for r, s in guesses.items())}?"
    else:
        hint = "region names look like us-east-1 or eu-west-2 (`aws ec2 describe-regions` lists yours)"
    raise ConfigError(f"unknown AWS {noun} {names} ({where})\n  {hint}")


def checked_session(profile: str | None = None, regions: Sequence[str] = ()) -> boto3.Session:
    """A boto3 session (with `profile`, or the standard chain) whose regions, credentials and endpoint were
    checked by one GetCallerIdentity; any problem is a ConfigError that says what to do."""
    known = known_regions()
    check_regions(regions, "in --regions", known)
    session = _session(profile)
    region = session.region_name
    if region:
        check_regions([region], _region_source(session, region), known)
    home = region or DEFAULT_REGION
    with _first_contact_clients(session):
        credentials: Any = None
        try:
            credentials = session.get_credentials()
            if credentials is None:
                raise NoCredentialsError()
            sts = session.client("sts", region_name=home, config=FIRST_CONTACT)
            guard_client(sts)
            # Signing resolves deferred credentials first: an assume-role profile calls AssumeRole here.
            sts.get_caller_identity()
        except (ClientError, BotoCoreError) as exc:
            raise ConfigError(explain(exc, session, credentials)) from exc
    return session


def _session(profile: str | None) -> boto3.Session:
    try:
        return boto3.Session(profile_name=profile)
    except ProfileNotFound as exc:
        name = str(exc.kwargs.get("profile") or profile)
        raise ConfigError(_unknown_profile(name, "" if profile else " (from AWS_PROFILE)")) from exc


@contextmanager
def _first_contact_clients(session: boto3.Session) -> Iterator[None]:
    """While checking, every client the session makes, also the STS client botocore creates itself to
    assume a profile's role, uses one attempt and short timeouts; the session's own default comes back."""
    core = session._session  # boto3 has no public accessor for its botocore session
    before = core.get_default_client_config()
    core.set_default_client_config(FIRST_CONTACT if before is None else before.merge(FIRST_CONTACT))
    try:
        yield
    finally:
        core.set_default_client_config(before)


def explain(error: BaseException, session: boto3.Session, credentials: Any = None) -> str:
    """What went wrong at first contact and what to do, for an error raised by botocore."""
    profile = session.profile_name
    if isinstance(error, ClientError):
        return _refused(error, session, _credential_source(credentials, profile))
    if isinstance(error, NoCredentialsError):
        return _no_credentials(session)
    if isinstance(error, ProfileNotFound):
        name = str(error.kwargs.get("profile", ""))
        return _unknown_profile(name, f" (named by profile '{profile}')")
    if isinstance(error, ReadTimeoutError | ConnectTimeoutError | EndpointConnectionError):
        return _unreachable(error)
    if isinstance(error, ConnectionClosedError | ProxyConnectionError | SSLError):
        return _unreachable(error)
    if isinstance(error, SSOError):
        return (
            f"the AWS SSO session of profile '{profile}' has expired or was never started ({_first(error)})"
            f"\n  run `aws sso login --profile {profile}` and try again"
        )
    if isinstance(error, NoRegionError):
        return (
            "no AWS region is configured\n  set AWS_DEFAULT_REGION or `region =` in the profile "
            "(`aws configure set region us-east-1`)"
        )
    if isinstance(error, CredentialRetrievalError):
        provider = error.kwargs.get("provider", "")
        reason = _first(str(error.kwargs.get("error_msg", ""))) or "no reason given"
        if provider == "custom-process":
            return (
                f"the credential_process of profile '{profile}' failed: {reason}"
                "\n  run that command yourself to see why, or fix credential_process in the profile"
            )
        return f"could not get AWS credentials from {provider}: {reason}\n  {_configure_hint(profile)}"
    if isinstance(error, PartialCredentialsError):
        return f"incomplete AWS credentials: {_first(error)}\n  {_configure_hint(profile)}"
    if isinstance(error, InvalidConfigError):
        config, _ = _config_files()
        return f"the AWS configuration cannot be used: {_first(error)}\n  fix profile '{profile}' in {config}"
    return f"could not talk to AWS: {type(error).__name__}: {_first(error)}\n  {_configure_hint(profile)}"


def _refused(error: ClientError, session: boto3.Session, source: str) -> str:
    err = error.response.get("Error", {})
    code = str(err.get("Code", "")) or "error"
    detail = f"{code}: {_first(str(err.get('Message', '')) or str(error))}"
    profile = session.profile_name
    if error.operation_name == "AssumeRole":
        scoped = session._session.get_scoped_config()
        role = scoped.get("role_arn") or "the profile's role"
        source_profile = scoped.get("source_profile")
        what = f"could not assume {role} for profile '{profile}' ({detail})"
        if code in _REJECTED | _EXPIRED:
            named = f"source profile '{source_profile}'" if source_profile else "the source credentials"
            return f"{what}\n  AWS did not accept the credentials of {named}: renew them and try again"
        return (
            f"{what}\n  check that the role's trust policy allows the source identity, and role_arn, "
            "source_profile and external_id in the profile"
        )
    if code in _EXPIRED:
        hint = _renew_hint(source, profile, expired=True)
        return f"the AWS credentials {source} have expired: {detail}\n  {hint}"
    if code in _REJECTED:
        return f"AWS rejected the credentials {source}: {detail}\n  {_renew_hint(source, profile)}"
    return (
        f"AWS refused {error.operation_name} with the credentials {source}: {detail}"
        "\n  `aws sts get-caller-identity` shows whether these credentials work"
    )


def _renew_hint(source: str, profile: str | None, *, expired: bool = False) -> str:
    if source == _FROM_ENVIRONMENT:
        keys = "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"
        return f"set fresh {keys}, or unset them" if expired else f"check {keys}, or unset them"
    return _configure_hint(profile)


def _credential_source(credentials: Any, profile: str | None) -> str:
    method = getattr(credentials, "method", "")
    config, shared = _config_files()
    profile = profile or "default"
    sources = {
        "env": _FROM_ENVIRONMENT,
        "shared-credentials-file": f"of profile '{profile}' in {shared}",
        "config-file": f"of profile '{profile}' in {config}",
        "assume-role": f"of the role of profile '{profile}'",
        "sso": f"of the SSO session of profile '{profile}'",
        "custom-process": f"from the credential_process of profile '{profile}'",
        "iam-role": "of this instance's role",
        "container-role": "of this container's role",
    }
    return sources.get(method, f"({method})" if method else "in use")


def _unreachable(error: BotoCoreError) -> str:
    kwargs: dict[str, Any] = getattr(error, "kwargs", {})
    endpoint = kwargs.get("endpoint_url") or kwargs.get("proxy_url") or "its endpoint"
    if isinstance(error, ReadTimeoutError):
        what = f"AWS at {endpoint} did not answer within {READ_TIMEOUT} s"
    elif isinstance(error, ConnectTimeoutError):
        what = f"cannot reach AWS at {endpoint} (no connection within {CONNECT_TIMEOUT} s)"
    elif isinstance(error, SSLError):
        what = f"cannot reach AWS at {endpoint}: TLS failed ({_first(error)})"
    elif isinstance(error, ProxyConnectionError):
        what = f"cannot reach AWS through the proxy {endpoint}"
    else:
        what = f"cannot reach AWS at {endpoint}"
    custom = {k: v for k, v in os.environ.items() if k.startswith("AWS_ENDPOINT_URL") and v}
    if custom:
        named = ", ".join(f"{k}={v}" for k, v in sorted(custom.items()))
        return f"{what}\n  {named} is set: is that server running? Otherwise check the network and proxy"
    return f"{what}\n  check the network connection and proxy settings (HTTPS_PROXY, NO_PROXY, AWS_CA_BUNDLE)"


def _no_credentials(session: boto3.Session) -> str:
    profile = session.profile_name
    if profile and profile != "default":
        config, shared = _config_files()
        return (
            f"profile '{profile}' has no AWS credentials (no keys, role, SSO or credential_process in "
            f"{config} or {shared})\n  {_configure_hint(profile)}"
        )
    return (
        "no AWS credentials found (environment, ~/.aws files, SSO, container or instance role)"
        "\n  run `aws configure` or `aws sso login`, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY"
    )


def _configure_hint(profile: str | None) -> str:
    if profile and profile != "default":
        return f"run `aws configure --profile {profile}` or `aws sso login --profile {profile}`"
    return "run `aws configure` or `aws sso login`, or set AWS_PROFILE"


def _unknown_profile(name: str, origin: str) -> str:
    config, shared = _config_files()
    profiles = sorted(_available_profiles())
    what = f"AWS profile '{name}'{origin} is not in {config} or {shared}"
    if not profiles:
        return f"{what}\n  no profiles are configured: `aws configure --profile {name}` creates it"
    close = difflib.get_close_matches(name, profiles, n=1)
    guess = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{what}\n  known profiles: {', '.join(profiles)}{guess}"


def _available_profiles() -> list[str]:
    import botocore.session

    try:
        return list(botocore.session.Session().available_profiles)
    except BotoCoreError:  # an unreadable config file: the first line has said what is wrong already
        return []


def _region_source(session: boto3.Session, region: str) -> str:
    if os.environ.get("AWS_DEFAULT_REGION") == region:
        return "from AWS_DEFAULT_REGION"
    config, _ = _config_files()
    return f"the region of profile '{session.profile_name or 'default'}' in {config}"


def _config_files() -> tuple[str, str]:
    return (
        os.environ.get("AWS_CONFIG_FILE") or "~/.aws/config",
        os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials",
    )


def _first(error: BaseException | str) -> str:
    """The first line of a message, cut to a length that keeps the whole error on one line."""
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else ("" if isinstance(error, str) else type(error).__name__)
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 3] + "..."
