"""ECS task definition runtime checks: PASS, FAIL and ERROR for each, one result per revision."""

from __future__ import annotations

from typing import Any

import pytest

from checks.ecs_runtime import (
    CONTAINER_RUNTIME_SOCKETS,
    SENSITIVE_HOST_DIRECTORIES,
    added_capabilities,
    cpu_limit,
    docker_socket_mount,
    health_check,
    host_ipc,
    host_network,
    host_path_exposure,
    host_pid,
    log_configuration,
    memory_limit,
    non_root_user,
    normalise_host_path,
    privileged,
    readonly_root,
    secrets_in_environment,
    sensitive_host_mounts,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:3"


def good_container(**overrides: Any) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": "app",
        "image": "app:1",
        "essential": True,
        "user": "1000:1000",
        "readonlyRootFilesystem": True,
        "memory": 512,
        "cpu": 256,
        "logConfiguration": {"logDriver": "awslogs"},
        "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost"]},
        "environment": [{"name": "LOG_LEVEL", "value": "info"}],
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:x"}],
        "mountPoints": [],
    }
    return container | overrides


def task(*containers: dict[str, Any], **definition: Any) -> Item:
    body = {"family": "web", "revision": 3, "containerDefinitions": list(containers or [good_container()])}
    return item(ARN, {"TaskDefinitionArn": ARN, "TaskDefinition": body | definition}, name="web:3")


def run(check: Any, *tasks: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("ecs.task-definitions", list(tasks)))


def one(check: Any, task_item: Item) -> Result:
    [result] = run(check, task_item)
    return result


ALL_CHECKS = (
    privileged,
    readonly_root,
    non_root_user,
    host_network,
    host_pid,
    host_ipc,
    added_capabilities,
    memory_limit,
    cpu_limit,
    sensitive_host_mounts,
    docker_socket_mount,
    log_configuration,
    health_check,
    secrets_in_environment,
)


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_a_compliant_task_definition_passes_every_check(check: Any) -> None:
    result = one(check, task())
    assert result.status is Status.PASS and result.resource_id == ARN and result.evidence


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_unreadable_data_is_an_error_never_a_pass(check: Any) -> None:
    assert statuses(run_check(check, InventoryBuilder().unavailable("ecs.task-definitions"))) == ["ERROR"]
    unreadable = item(ARN, {"TaskDefinitionArn": ARN}, errors={"TaskDefinition": ACCESS_DENIED})
    assert statuses(run(check, unreadable)) == ["ERROR"]


def test_privileged_fails_naming_the_container_and_notes_fargate_enforcement() -> None:
    bad = one(privileged, task(good_container(), good_container(name="sidecar", privileged=True)))
    assert bad.status is Status.FAIL and "sidecar" in bad.message and "app" not in bad.message
    fargate = one(privileged, task(requiresCompatibilities=["FARGATE"]))
    assert fargate.status is Status.PASS and "platform-enforced" in fargate.message


def test_readonly_root_fails_when_unset_or_false() -> None:
    for value in (None, False):
        result = one(readonly_root, task(good_container(readonlyRootFilesystem=value)))
        assert result.status is Status.FAIL and "app" in result.message


@pytest.mark.parametrize("user", [None, "", "root", "0", "0:0", "root:wheel", "0:1000"])
def test_non_root_user_fails_for_root_or_unset(user: str | None) -> None:
    assert one(non_root_user, task(good_container(user=user))).status is Status.FAIL


@pytest.mark.parametrize("user", ["1000", "app", "app:app", "1000:0", "rootless"])
def test_non_root_user_passes_for_other_users(user: str) -> None:
    assert one(non_root_user, task(good_container(user=user))).status is Status.PASS


NAMESPACE_CHECKS = {"networkMode": host_network, "pidMode": host_pid, "ipcMode": host_ipc}


@pytest.mark.parametrize("key", NAMESPACE_CHECKS)
def test_each_namespace_check_fails_only_on_its_own_host_mode(key: str) -> None:
    shared = task(**{key: "host"})
    for mode_key, check in NAMESPACE_CHECKS.items():
        result = one(check, shared)
        expected = Status.FAIL if mode_key == key else Status.PASS
        assert result.status is expected and (f"{key} is host" in result.message) == (mode_key == key)


def test_host_network_and_pid_without_host_ipc_pass_the_ipc_check() -> None:
    legacy = task(networkMode="host", pidMode="host")
    assert one(host_network, legacy).status is Status.FAIL
    assert one(host_pid, legacy).status is Status.FAIL
    ipc = one(host_ipc, legacy)
    assert ipc.status is Status.PASS and "ipcMode is not host" in ipc.message
    assert one(host_ipc, task(networkMode="host")).status is Status.PASS


def test_namespace_checks_pass_on_task_modes_and_note_fargate() -> None:
    private = task(networkMode="awsvpc", pidMode="task", ipcMode="none")
    assert [one(check, private).status for check in NAMESPACE_CHECKS.values()] == [Status.PASS] * 3
    fargate = one(host_network, task(networkMode="awsvpc", requiresCompatibilities=["FARGATE"]))
    assert fargate.status is Status.PASS and "platform-enforced" in fargate.message


def test_added_capabilities_fail_outside_the_docker_defaults() -> None:
    for cap in ("SYS_ADMIN", "NET_ADMIN", "ALL", "sys_ptrace", "SYS_MODULE", "BPF"):
        caps = {"capabilities": {"add": [cap], "drop": ["ALL"]}}
        result = one(added_capabilities, task(good_container(linuxParameters=caps)))
        assert result.status is Status.FAIL and cap.upper() in result.message
    defaults = {"capabilities": {"add": ["NET_BIND_SERVICE", "CHOWN"]}}
    assert one(added_capabilities, task(good_container(linuxParameters=defaults))).status is Status.PASS


UNLIMITED = good_container(name="batch", memory=None, memoryReservation=256, cpu=0)


def test_memory_limit_rejects_soft_reservations_and_ignores_cpu() -> None:
    result = one(memory_limit, task(good_container(), UNLIMITED))
    assert result.status is Status.FAIL and "hard memory limit on batch" in result.message
    assert "app" not in result.message
    no_cpu = one(memory_limit, task(good_container(cpu=None)))
    assert no_cpu.status is Status.PASS and "hard memory limits on every container" in no_cpu.message


def test_cpu_limit_rejects_zero_units_and_ignores_memory() -> None:
    result = one(cpu_limit, task(good_container(), UNLIMITED))
    assert result.status is Status.FAIL and "cpu unit on batch" in result.message
    no_memory = one(cpu_limit, task(good_container(memory=None)))
    assert no_memory.status is Status.PASS and "cpu units on every container" in no_memory.message


def test_task_level_limits_cover_every_container() -> None:
    fargate = task(UNLIMITED, cpu="256", memory="512", requiresCompatibilities=["FARGATE"])
    assert "task-level memory 512" in one(memory_limit, fargate).message
    assert "task-level cpu 256" in one(cpu_limit, fargate).message
    only_memory = task(UNLIMITED, memory="512")
    assert one(memory_limit, only_memory).status is Status.PASS
    assert one(cpu_limit, only_memory).status is Status.FAIL


def _mounting(path: str, read_only: bool = False) -> Item:
    container = good_container(
        mountPoints=[{"sourceVolume": "v", "containerPath": "/m", "readOnly": read_only}]
    )
    return task(container, volumes=[{"name": "v", "host": {"sourcePath": path}}])


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/etc",
        "/etc/ssl",
        "/etc/../etc/",
        "//etc",
        "/tmp/../proc",
        "/sys/fs/cgroup",
        "/var",
        "/var/lib/docker/volumes",
        "/boot",
        "/dev/sda",
        "/usr/bin",
    ],
)
def test_sensitive_host_mounts_fail_after_normalising(path: str) -> None:
    result = one(sensitive_host_mounts, _mounting(path, read_only=True))
    assert result.status is Status.FAIL and "app mounts host" in result.message


def test_sensitive_host_mounts_pass_for_ordinary_paths_sockets_and_unmounted_volumes() -> None:
    for path in ("/data/app", "/etcetera", "/var/run/docker.sock", "/run/containerd"):
        assert one(sensitive_host_mounts, _mounting(path)).status is Status.PASS, path
    unmounted = task(volumes=[{"name": "v", "host": {"sourcePath": "/etc"}}])
    assert one(sensitive_host_mounts, unmounted).status is Status.PASS


@pytest.mark.parametrize(
    "path",
    [
        "/var/run/docker.sock",
        "/run/docker.sock",
        "/var/run/../run/docker.sock",
        "//var//run/./docker.sock",
        "/run/containerd/containerd.sock",
        "/var/run/containerd",
        "/var/run",
        "/run",
        "/var",
        "/",
    ],
)
def test_docker_socket_mount_fails_for_the_sockets_and_their_parents(path: str) -> None:
    result = one(docker_socket_mount, _mounting(path, read_only=True))
    assert (
        result.status is Status.FAIL and "app mounts host" in result.message and "read-only" in result.message
    )


def test_docker_socket_mount_passes_for_sensitive_directories_that_hold_no_socket() -> None:
    for path in ("/etc", "/proc", "/var/lib/docker", "/run/user/1000", "/var/run/docker.sock.d"):
        result = one(docker_socket_mount, _mounting(path))
        assert result.status is Status.PASS and "Docker or containerd socket" in result.message, path
    fargate = one(docker_socket_mount, task(requiresCompatibilities=["FARGATE"]))
    assert fargate.status is Status.PASS and "Fargate has no host paths" in fargate.message


def test_host_path_normalisation() -> None:
    assert normalise_host_path("/etc/../etc/") == "/etc"
    assert normalise_host_path("//var//run/./docker.sock") == "/var/run/docker.sock"
    assert normalise_host_path("/../..") == "/"
    assert host_path_exposure("/var/run", CONTAINER_RUNTIME_SOCKETS) == "contains /var/run/docker.sock"
    assert host_path_exposure("/var/run", SENSITIVE_HOST_DIRECTORIES) is None
    assert host_path_exposure("/etc/ssl", SENSITIVE_HOST_DIRECTORIES) == "/etc"
    assert host_path_exposure("/srv", SENSITIVE_HOST_DIRECTORIES) is None


def test_log_configuration_fails_without_a_remote_driver() -> None:
    for config in (None, {"logDriver": "json-file"}, {"logDriver": "none"}):
        result = one(log_configuration, task(good_container(logConfiguration=config)))
        assert result.status is Status.FAIL and "app" in result.message
    firelens = good_container(logConfiguration={"logDriver": "awsfirelens"})
    assert one(log_configuration, task(firelens)).status is Status.PASS


def test_health_check_is_required_only_on_essential_containers() -> None:
    helper = good_container(name="init", essential=False, healthCheck=None)
    assert one(health_check, task(good_container(), helper)).status is Status.PASS
    result = one(health_check, task(good_container(healthCheck=None)))
    assert result.status is Status.FAIL and "app" in result.message


def test_secrets_in_environment_name_the_variables_never_the_values() -> None:
    environment = [
        {"name": "DB_PASSWORD", "value": "hunter2"},
        {"name": "STRIPE_API_KEY", "value": "sk_live_1"},
        {"name": "AWS_SECRET_ACCESS_KEY", "value": "abc"},
        {"name": "DB_ACCESS_KEY", "value": "xyz"},
        {"name": "LOG_LEVEL", "value": "debug"},
    ]
    result = one(secrets_in_environment, task(good_container(environment=environment)))
    assert result.status is Status.FAIL
    for name in ("DB_PASSWORD", "STRIPE_API_KEY", "AWS_SECRET_ACCESS_KEY", "DB_ACCESS_KEY"):
        assert name in result.message
    assert "LOG_LEVEL" not in result.message
    assert not any(v in result.message for v in ("hunter2", "sk_live_1", "xyz"))


def test_one_result_per_revision() -> None:
    other = item(ARN.replace(":3", ":4"), {"TaskDefinition": {"containerDefinitions": [good_container()]}})
    assert statuses(run(privileged, task(), other)) == ["PASS", "PASS"]
