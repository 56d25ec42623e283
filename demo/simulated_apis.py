"""Answers for the operations moto does not implement, so the demo can show the checks that read them.

The demo is a simulation: moto plays AWS. Where moto has no such operation at all (IAM Access Analyzer,
Security Hub's GetEnabledStandards, ...), a demo seed registers what the simulated accounts answer, and this
module answers those calls in the client, before they would reach moto. The scan code path stays the real
one: the collectors call boto3 as always, the SDK's after-call hook records the answer as evidence, and the
operation must still be declared in the collector.

Answers exist only while the demo organization that registered them exists in moto (moto forgets everything
when its mock ends, and so do they); operations no seed registered go to moto, and what moto does not know
stays an error, which the scan reports as ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.handlers import BUILTIN_HANDLERS

Answer = Mapping[str, Any] | Callable[[Mapping[str, Any]], "Mapping[str, Any] | ApiError"]
# (service, operation, account or None for any account, region or None for any region)
_Key = tuple[str, str, str | None, str | None]


@dataclass(frozen=True)
class ApiError:
    """An answer that is an AWS error, such as AccessDeniedException from a non-administrator."""

    code: str
    message: str
    status: int = 400


@dataclass
class SimulatedApis:
    """The registered answers of one demo organization. Keys are botocore's service name and operation name
    (`accessanalyzer`, `ListAnalyzers`)."""

    organization_id: str
    management_account_id: str
    _answers: dict[_Key, Answer | ApiError] = field(default_factory=dict)

    def answer(
        self,
        service: str,
        operation: str,
        answer: Answer | ApiError,
        *,
        account: str | None = None,
        region: str | None = None,
    ) -> None:
        """Register an answer: for one account and region, one account in every region, or (without either)
        the default for every account the demo has not given its own answer."""
        self._answers[(service, operation, account, region)] = answer

    def answers_operation(self, service: str, operation: str) -> bool:
        return any(key[:2] == (service, operation) for key in self._answers)

    def lookup(self, service: str, operation: str, account: str, region: str) -> Answer | ApiError | None:
        for key in (
            (service, operation, account, region),
            (service, operation, account, None),
            (service, operation, None, region),
            (service, operation, None, None),
        ):
            if key in self._answers:
                return self._answers[key]
        return None


_current: SimulatedApis | None = None


def install(apis: SimulatedApis, *existing_sessions: boto3.Session) -> None:
    """Make these the answers of the demo organization now in moto (replacing any earlier demo's). The hooks
    join botocore's built-in handlers, as moto's own stubber does, so every session created from now on has
    them, and are added to the sessions given; a process that never runs a demo never has them."""
    global _current  # noqa: PLW0603 - one simulated world per process, like moto's own backends
    _current = apis
    hooks = (("provide-client-params", _remember_params), ("before-call", _respond))
    for hook in hooks:
        if hook not in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.append(hook)
    for session in existing_sessions:
        for event, handler in hooks:
            session.events.register(event, handler, unique_id=f"controlmap-demo-{event}")


def _live(apis: SimulatedApis) -> bool:
    """Whether moto still holds the organization that registered the answers."""
    from moto.organizations.models import organizations_backends

    for partitions in list(organizations_backends.values()):
        for backend in partitions.values():
            if backend.org is not None and backend.org.id == apis.organization_id:
                return True
    return False


def _account_of(request_signer: Any) -> str:
    from moto.iam.models import get_account_id_from

    # The signer is the one place the client's credentials are reachable from this hook.
    credentials = request_signer._credentials.get_frozen_credentials()
    return str(get_account_id_from(credentials.access_key))


_PARAMS = "controlmap_demo_params"


def _remember_params(params: Mapping[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the caller's parameters for a callable answer (before-call only sees the serialised request)."""
    context[_PARAMS] = dict(params)


def _respond(model: Any, request_signer: Any, context: Mapping[str, Any], **_: Any) -> Any:
    apis = _current
    if apis is None or request_signer is None:
        return None
    service = model.service_model.service_name
    if not apis.answers_operation(service, model.name):
        return None
    if not _live(apis):
        return None
    answer = apis.lookup(service, model.name, _account_of(request_signer), request_signer.region_name)
    if answer is None:
        return None
    body = answer(context.get(_PARAMS, {})) if callable(answer) else answer
    if isinstance(body, ApiError):
        error = {
            "Error": {"Code": body.code, "Message": body.message},
            "ResponseMetadata": {"HTTPStatusCode": body.status},
        }
        return AWSResponse("https://demo.invalid", body.status, {}, None), error
    parsed = {**body, "ResponseMetadata": {"HTTPStatusCode": 200}}
    return AWSResponse("https://demo.invalid", 200, {}, None), parsed
