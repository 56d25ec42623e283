"""Answers for the operations moto does not implement, so the demo can show the checks that read them.

The demo is a simulation: moto plays AWS. Where moto has no such operation at all (IAM Access Analyzer,
Security Hub's GetEnabledStandards, ...), a demo seed registers what the simulated accounts answer, and the
demo's own sessions answer those calls in the client, before they would reach moto. The scan code path stays
the real one: the collectors call boto3 as always, the SDK's after-call hook records the answer as evidence,
and the operation must still be declared in the collector.

The answers are hooks on the demo's own sessions: those a SimulatedApis is attached to, and every session
made from one of them by scanner.aws.sessions.derived_session (the demo's accounts, and the scan's one per
account), which carries the attachment on. No other session in the process sees them. Closing the
SimulatedApis (leaving the demo world's `with` block) removes the hooks from those sessions and silences the
copies their clients took. Operations no seed registered go to moto, and what moto does not know stays an
error, which the scan reports as ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse

from scanner.aws.sessions import carry_setup

Answer = Mapping[str, Any] | Callable[[Mapping[str, Any]], "Mapping[str, Any] | ApiError"]
# (service, operation, account or None for any account, region or None for any region)
_Key = tuple[str, str, str | None, str | None]


@dataclass(frozen=True)
class ApiError:
    """An answer that is an AWS error, such as AccessDeniedException from a non-administrator."""

    code: str
    message: str
    status: int = 400


_PARAMS = "controlmap_demo_params"


class SimulatedApis:
    """The registered answers of one demo world. Keys are botocore's service name and operation name
    (`accessanalyzer`, `ListAnalyzers`)."""

    def __init__(self) -> None:
        self._answers: dict[_Key, Answer | ApiError] = {}
        self._hooked: list[boto3.Session] = []
        self._closed = False
        # Per instance, so that two worlds' hooks on one session stay apart and hooking twice is a no-op;
        # the handlers hold this instance, so its id cannot be reused while they are registered.
        self._hook_id = f"controlmap-demo-{id(self):x}"

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

    def attach(self, session: boto3.Session) -> boto3.Session:
        """Answer on the clients this session creates from now on, and on those of every session derived
        from it (scanner.aws.sessions.derived_session: the demo's accounts and the scan's)."""
        if self._closed:
            raise RuntimeError("these simulated answers ended with their demo world")
        return carry_setup(session, self._hook_onto)

    def close(self) -> None:
        """End the answers: every session that got the hooks loses them, and the copies clients already
        made answer nothing from now on (their calls go to moto, or fail once moto is gone)."""
        self._closed = True
        for session in self._hooked:
            for event, handler in self._hooks():
                session.events.unregister(event, handler, unique_id=f"{self._hook_id}-{event}")
        self._hooked.clear()

    def _hook_onto(self, session: boto3.Session) -> None:
        if self._closed:  # a session derived after the end from one that had the hooks
            return
        for event, handler in self._hooks():
            session.events.register(event, handler, unique_id=f"{self._hook_id}-{event}")
        self._hooked.append(session)

    def __enter__(self) -> SimulatedApis:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _hooks(self) -> tuple[tuple[str, Callable[..., Any]], ...]:
        return (("provide-client-params", _remember_params), ("before-call", self._respond))

    def _respond(self, model: Any, request_signer: Any, context: Mapping[str, Any], **_: Any) -> Any:
        if self._closed or request_signer is None:
            return None
        service = model.service_model.service_name
        if not self.answers_operation(service, model.name):
            return None
        answer = self.lookup(service, model.name, _account_of(request_signer), request_signer.region_name)
        if answer is None:
            return None
        body = answer(context.get(_PARAMS, {})) if callable(answer) else answer
        return _response(body)


def _account_of(request_signer: Any) -> str:
    from moto.iam.models import get_account_id_from

    # The signer is the one place the client's credentials are reachable from this hook.
    credentials = request_signer._credentials.get_frozen_credentials()
    return str(get_account_id_from(credentials.access_key))


def _remember_params(params: Mapping[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the caller's parameters for a callable answer (before-call only sees the serialised request)."""
    context[_PARAMS] = dict(params)


def _response(body: Mapping[str, Any] | ApiError) -> tuple[AWSResponse, dict[str, Any]]:
    """What botocore expects from a before-call handler that answers: the HTTP response and the parsed one."""
    if isinstance(body, ApiError):
        error = {
            "Error": {"Code": body.code, "Message": body.message},
            "ResponseMetadata": {"HTTPStatusCode": body.status},
        }
        return AWSResponse("https://demo.invalid", body.status, {}, None), error
    parsed = {**body, "ResponseMetadata": {"HTTPStatusCode": 200}}
    return AWSResponse("https://demo.invalid", 200, {}, None), parsed
