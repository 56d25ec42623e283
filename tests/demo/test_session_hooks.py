"""The demo's simulated answers are hooks on the demo's own sessions only: the scan's per-account sessions
carry them, no other session ever does, two worlds keep apart, and the end of the demo removes them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.handlers import BUILTIN_HANDLERS
from moto import mock_aws

import demo.world
from demo.simulated_apis import SimulatedApis
from demo.world import DemoOrg, DemoWorld, assume, build_organization, management_session
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

REGION = "us-east-1"


def _analyzer(name: str) -> dict[str, str]:
    return {"arn": f"arn:aws:access-analyzer:{REGION}:1:analyzer/{name}", "name": name, "type": "ACCOUNT"}


def _listed(client: Any) -> list[str]:
    """The analyzer names a ListAnalyzers call answers; moto itself does not implement it."""
    return [a["name"] for a in client.list_analyzers()["analyzers"]]


def _reaches_moto(client: Any) -> bool:
    with pytest.raises(ClientError) as unanswered:
        client.list_analyzers()
    return bool(unanswered.value.response["Error"]["Message"] == "Not yet implemented")


def _demo_handlers(session: boto3.Session) -> list[Any]:
    """The handlers from the demo package that a new client of `session` runs for a call. Found by emitting
    the two events the demo hooks directly (nothing is sent), so a hook that is registered but silenced by
    the end of its world still shows."""
    client = session.client("accessanalyzer", region_name=REGION)
    model = client.meta.service_model.operation_model("ListAnalyzers")
    request = {"headers": {}, "url_path": "/", "query_string": {}, "body": b"", "method": "GET"}
    events = client.meta.events
    answered = [
        *events.emit(
            "provide-client-params.accessanalyzer.ListAnalyzers", params={}, model=model, context={}
        ),
        *events.emit(
            "before-call.accessanalyzer.ListAnalyzers",
            model=model,
            params=request,
            request_signer=None,
            context={},
        ),
    ]
    return [handler for handler, _ in answered if getattr(handler, "__module__", "").startswith("demo.")]


def _demo_builtins() -> list[Any]:
    return [entry for entry in BUILTIN_HANDLERS if getattr(entry[1], "__module__", "").startswith("demo.")]


@pytest.fixture
def organization() -> Iterator[tuple[boto3.Session, DemoOrg]]:
    with mock_aws():
        base = management_session()
        yield base, build_organization(base)


def test_the_end_of_the_demo_removes_its_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    def one_answer(world: DemoWorld) -> None:
        world.apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [_analyzer("demo")]})

    monkeypatch.setattr(demo.world, "discover_seeds", lambda: [one_answer])
    with demo.world.simulated_organization() as world:
        assert all(_demo_handlers(session) for session in world.sessions.values())
        assert _listed(world.sessions["tenant-a"].client("accessanalyzer", region_name=REGION)) == ["demo"]
        outsider = boto3.Session(region_name=REGION)
        assert _demo_handlers(outsider) == []
        assert _reaches_moto(outsider.client("accessanalyzer"))
        made_during_the_demo = world.base.client("accessanalyzer")
    assert _demo_builtins() == []
    assert [_demo_handlers(session) for session in world.sessions.values()] == [[]] * len(world.sessions)
    assert _demo_handlers(boto3.Session(region_name=REGION)) == []
    with mock_aws():  # a client made during the demo holds a copy of the hooks: it answers nothing now
        assert _reaches_moto(made_during_the_demo)


def test_the_scans_account_sessions_carry_the_hooks(
    organization: tuple[boto3.Session, DemoOrg], tmp_path: Path
) -> None:
    base, org = organization
    tenant_a = org.accounts["tenant-a"]
    with SimulatedApis() as apis:
        apis.attach(base)
        answer = {"analyzers": [_analyzer("tenant-a")]}
        apis.answer("accessanalyzer", "ListAnalyzers", answer, account=tenant_a)
        scan = SessionProvider(base, Recorder(EvidenceStore(tmp_path / "scan")))
        assert _listed(scan.client(tenant_a, "accessanalyzer", REGION)) == ["tenant-a"]
        assert _reaches_moto(scan.client(None, "accessanalyzer", REGION))  # the answer is tenant-a's only
        plain_base = boto3.Session(region_name=REGION)
        plain = SessionProvider(plain_base, Recorder(EvidenceStore(tmp_path / "plain")))
        assert _reaches_moto(plain.client(tenant_a, "accessanalyzer", REGION))


def test_two_worlds_do_not_see_each_others_answers(organization: tuple[boto3.Session, DemoOrg]) -> None:
    _, org = organization
    tenant_b = org.accounts["tenant-b"]
    first_base, second_base = management_session(), management_session()
    with SimulatedApis() as first, SimulatedApis() as second:
        first.attach(first_base)
        second.attach(second_base)
        first.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [_analyzer("first")]})
        second.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [_analyzer("second")]})
        first_tenant, second_tenant = assume(first_base, tenant_b), assume(second_base, tenant_b)
        for session in (first_base, first_tenant):
            assert _listed(session.client("accessanalyzer")) == ["first"]
        for session in (second_base, second_tenant):
            assert _listed(session.client("accessanalyzer")) == ["second"]
        first.close()
        assert _reaches_moto(first_tenant.client("accessanalyzer"))
        assert _listed(second_tenant.client("accessanalyzer")) == ["second"]


def test_a_later_world_does_not_answer_with_an_earlier_ones_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def analyzers(world: DemoWorld) -> None:
        world.apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [_analyzer("earlier")]})

    def no_analyzers(world: DemoWorld) -> None:
        world.apis.answer("securityhub", "GetEnabledStandards", {"StandardsSubscriptions": []})

    monkeypatch.setattr(demo.world, "discover_seeds", lambda: [analyzers])
    with demo.world.simulated_organization() as earlier:
        assert _listed(earlier.base.client("accessanalyzer")) == ["earlier"]
    monkeypatch.setattr(demo.world, "discover_seeds", lambda: [no_analyzers])
    with demo.world.simulated_organization() as later:
        for session in later.sessions.values():
            assert _reaches_moto(session.client("accessanalyzer"))
