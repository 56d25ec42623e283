"""Fargate inheritance of CIS Docker host controls: an account that runs containers only on Fargate (the
catalog's `aws_inherited_on: {fargate: ecs.account.fargate-only}`) has its host controls (`aws_inherited_on:
[fargate]`) operated by AWS; a container instance, unreadable ECS data or host scan results of its own keep
them the account's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from checks.ecs_platform import fargate_only
from scanner.catalog.model import Catalog, LoadedCatalog, Platform, builtin_catalogs
from scanner.evaluate.registry import build_registry
from scanner.model import Account, ControlResult, ControlStatus, Result, Status
from scanner.resolve.controls import resolve_controls, simple_context
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
TENANT = Account(ACCOUNT, "tenant-a", ou_path=("Workloads",))
OTHER_REGION = "eu-west-1"
REGIONS = (REGION, OTHER_REGION)
HOST_CHECK = "docker.host.separate-partition"
FARGATE_FACT = "ecs.account.fargate-only"

CATALOG = LoadedCatalog(
    Catalog.model_validate(
        {
            "id": "cis-docker",
            "title": "T",
            "version": "1",
            "aws_inherited_on": {"fargate": FARGATE_FACT},
            "groups": [
                {
                    "id": "1",
                    "title": "Host",
                    "controls": [
                        {
                            "id": "host.separate-partition",
                            "title": "Partition",
                            "summary": "s",
                            "phase": "application",
                            "treatment": "automated",
                            "aws_inherited_on": ["fargate"],
                            "checks": [HOST_CHECK],
                        },
                        {
                            "id": "host.docker-current",
                            "title": "Current Docker",
                            "summary": "s",
                            "phase": "application",
                            "treatment": "automated",
                            "aws_inherited_on": ["fargate"],
                            "checks": ["ecs.container-instance.ami-age"],
                            "pending": ["not yet planned: the Docker version on each instance is current"],
                        },
                        {
                            "id": "host.hardened",
                            "title": "Hardened hosts",
                            "summary": "s",
                            "phase": "application",
                            "treatment": "automated",
                            "aws_inherited_on": ["fargate"],
                            "inheritance": {
                                "provider": "devsecops",
                                "provides": ["imagebuilder.cis-hardening-pipeline"],
                                "consumer": ["ecs.container-instance.ami-age"],
                            },
                        },
                        {
                            "id": "runtime.privileged",
                            "title": "Not privileged",
                            "summary": "s",
                            "phase": "application",
                            "treatment": "automated",
                            "checks": ["ecs.task.privileged"],
                        },
                    ],
                }
            ],
        }
    ),
    Path("cis-docker.yaml"),
    "0" * 64,
)


def task_definition(family: str, compatibilities: list[str], *, services: tuple[str, ...] = ("svc",)) -> Any:
    arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:1"
    definition = {"family": family, "requiresCompatibilities": compatibilities, "containerDefinitions": []}
    data = {"TaskDefinitionArn": arn, "UsedByServices": list(services), "TaskDefinition": definition}
    return item(arn, data, name=f"{family}:1", evidence=("f" * 64,))


def fleet(*instances: Any, tasks: tuple[Any, ...] | None = None) -> InventoryBuilder:
    """ECS data in both scanned regions: the Fargate service in REGION, nothing in OTHER_REGION."""
    used = tasks if tasks is not None else (task_definition("api", ["FARGATE"]),)
    return (
        InventoryBuilder()
        .add("ecs.container-instances", list(instances), evidence=("c" * 64,))
        .add("ecs.task-definitions", list(used))
        .add("ecs.container-instances", [], region=OTHER_REGION, evidence=("d" * 64,))
        .add("ecs.task-definitions", [], region=OTHER_REGION)
    )


def container_instance(region: str = OTHER_REGION) -> Any:
    arn = f"arn:aws:ecs:{region}:{ACCOUNT}:container-instance/legacy/abc"
    return item(arn, {"Ec2InstanceId": "i-1"}, name="i-1", region=region)


def fact(inventory: InventoryBuilder) -> list[Result]:
    return run_check(fargate_only, inventory, accounts=[TENANT], regions=REGIONS)


def resolved(results: list[Result]) -> dict[str, ControlResult]:
    controls = resolve_controls([CATALOG], simple_context([TENANT], results, NOW))
    return {c.control_id: c for c in controls}


def test_the_cis_docker_catalog_rests_fargate_on_the_check_tested_here() -> None:
    registry = build_registry()
    [cis_docker] = [c for c in builtin_catalogs(registry.checks) if c.id == "cis-docker"]
    assert cis_docker.catalog.aws_inherited_on == {Platform.FARGATE: FARGATE_FACT}
    assert registry.check(FARGATE_FACT).function is fargate_only


def test_fargate_only_passes_with_no_container_instance_in_any_region_and_a_fargate_service() -> None:
    [result] = fact(fleet())
    assert result.status is Status.PASS and "api:1" in result.message
    assert {"c" * 64, "d" * 64, "f" * 64} <= set(result.evidence)  # both regions' listings and the task


def test_a_container_instance_in_any_region_or_no_fargate_service_is_not_fargate_only() -> None:
    [hosts] = fact(
        fleet(tasks=(task_definition("api", ["FARGATE"]),)).add(
            "ecs.container-instances", [container_instance()], region=OTHER_REGION
        )
    )
    assert hosts.status is Status.NOT_APPLICABLE and "i-1" in hosts.message
    for tasks in (
        (task_definition("api", ["EC2", "FARGATE"]),),
        (task_definition("api", ["FARGATE"], services=()),),  # registered, but no service runs it
        (),
    ):
        assert statuses(fact(fleet(tasks=tasks))) == ["NOT_APPLICABLE"]


def test_unreadable_ecs_data_in_any_region_is_an_error() -> None:
    denied = fleet().unavailable("ecs.container-instances", region=OTHER_REGION)
    assert statuses(fact(denied)) == ["ERROR"]
    uncollected = InventoryBuilder().add("ecs.container-instances", []).add("ecs.task-definitions", [])
    assert "ERROR" in statuses(fact(uncollected))  # the second region was never collected
    unreadable = item("arn:td", {"UsedByServices": ["svc"]}, errors={"TaskDefinition": ACCESS_DENIED})
    assert statuses(fact(fleet(tasks=(unreadable,)))) == ["ERROR"]


def test_fargate_only_account_inherits_host_controls_from_aws_citing_the_ecs_evidence() -> None:
    control = resolved(fact(fleet()))["host.separate-partition"]
    assert control.status is ControlStatus.INHERITED_FROM_AWS and "fargate" in control.reason
    [ref] = control.results
    evidence = ref["evidence"]
    assert ref["check_id"] == FARGATE_FACT and isinstance(evidence, list) and "c" * 64 in evidence


def test_controls_without_aws_inherited_on_are_not_inherited() -> None:
    assert resolved(fact(fleet()))["runtime.privileged"].status is ControlStatus.NOT_EVALUATED


def test_an_account_with_a_container_instance_does_not_inherit() -> None:
    with_hosts = fleet().add("ecs.container-instances", [container_instance()], region=OTHER_REGION)
    control = resolved(fact(with_hosts))["host.separate-partition"]
    assert control.status is ControlStatus.NOT_EVALUATED and HOST_CHECK in control.reason


def test_unavailable_ecs_data_leaves_the_control_not_evaluated_never_inherited() -> None:
    denied = fleet().unavailable("ecs.container-instances", region=OTHER_REGION)
    control = resolved(fact(denied))["host.separate-partition"]
    assert control.status is ControlStatus.NOT_EVALUATED


def test_host_results_of_the_account_decide_even_when_it_looks_fargate_only() -> None:
    host_fail = Result(HOST_CHECK, ACCOUNT, "global", "i-9", Status.FAIL, "no partition", ("h" * 64,))
    control = resolved([*fact(fleet()), host_fail])["host.separate-partition"]
    assert control.status is ControlStatus.NOT_SATISFIED
    host_error = Result(HOST_CHECK, ACCOUNT, "global", "i-9", Status.ERROR, "unreadable", ("h" * 64,))
    assert resolved([*fact(fleet()), host_error])["host.separate-partition"].status is (
        ControlStatus.NOT_EVALUATED
    )
    host_pass = Result(HOST_CHECK, ACCOUNT, "global", "i-9", Status.PASS, "own partition", ("h" * 64,))
    assert resolved([*fact(fleet()), host_pass])["host.separate-partition"].status is ControlStatus.SATISFIED


def test_nothing_in_scope_for_the_host_checks_does_not_block_inheritance() -> None:
    no_instances = Result(
        "ecs.container-instance.ami-age",
        ACCOUNT,
        REGION,
        ACCOUNT,
        Status.NOT_APPLICABLE,
        "nothing in scope",
        (),
    )
    control = resolved([*fact(fleet()), no_instances])["host.docker-current"]
    assert control.status is ControlStatus.INHERITED_FROM_AWS
    assert resolved([no_instances])["host.docker-current"].status is ControlStatus.NOT_EVALUATED


def test_an_inheriting_account_is_judged_on_its_own_part_not_on_provider_checks_run_in_it() -> None:
    provider_side = Result(
        "imagebuilder.cis-hardening-pipeline", ACCOUNT, REGION, ACCOUNT, Status.ERROR, "not collected", ()
    )
    control = resolved([*fact(fleet()), provider_side])["host.hardened"]
    assert control.status is ControlStatus.INHERITED_FROM_AWS
    own_fail = Result("ecs.container-instance.ami-age", ACCOUNT, REGION, "i-1", Status.FAIL, "old", ())
    # Its own container instance result decides: the usual inheritance verdict, and its FAIL is definite even
    # though no account holds the devsecops role here.
    assert resolved([*fact(fleet()), own_fail])["host.hardened"].status is ControlStatus.NOT_SATISFIED
