"""Filed by AWS service: a newcomer finds a dataset, a check and their tests by the service name.

- Every module directly in `scanner/aws/collectors/` (but `base`) declares datasets, every module directly in
  `checks/` declares checks, and the module is named `<service>.py` or `<service>_<topic>.py` for the one
  service that starts the name of everything it declares (`ec2.running-instances` lives in `ec2.py` or
  `ec2_<topic>.py`). A service is compared with `-` written `_` (`ssm-incidents` -> `ssm_incidents.py`), or
  with `_` and `-` removed when the module spells the service's words apart (`verifiedpermissions` ->
  `verified_permissions.py`).
- Helpers shared across services live in `_lib/` packages, which discovery skips: they may declare nothing.
- Each such module has a test module of the same name (`tests/checks/test_<module>.py`,
  `tests/collectors/test_<module>.py`), unless TESTED_ELSEWHERE says where its tests are and why; and every
  test module there is named after a module that exists (tests of `_lib` helpers in `tests/<kind>/_lib/`).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import checks
import checks._lib
import scanner.aws.collectors
import scanner.aws.collectors._lib
from scanner.checkapi import ATTRIBUTE, CheckSpec

TESTS = Path(__file__).resolve().parents[1]

# Collector modules that hold machinery rather than a service's datasets.
NOT_A_SERVICE = {"base"}

# Modules whose tests do not sit in a test module of the same name. Keep this short: a module listed here is
# one a newcomer has to search for.
TESTED_ELSEWHERE = {
    "checks": {
        # The Docker host subject is tested end to end on host file trees, as `scan-host` reads them.
        "docker_bench": ("tests/host/test_docker_bench_ingest.py", "tests/host/test_docker_bench_hostile.py"),
        "docker_host": ("tests/host/test_scan_host.py", "tests/host/test_unreadable_overrides.py"),
        # The Fargate-only fact is tested together with the inheritance it feeds.
        "ecs_platform": ("tests/inheritance/test_fargate_inheritance.py",),
        # Macie's checks share their shape with Security Hub's and Inspector's and are tested alongside them.
        "macie": ("tests/checks/_lib/test_security_services.py",),
    },
    "collectors": {
        # Api and ItemBuilder run under every collector test; the read-only guard and the error paths are
        # tested through a scan.
        "base": ("tests/pipeline/test_guard_and_errors.py",),
    },
}


def _modules(package: ModuleType) -> dict[str, ModuleType]:
    """The modules directly in the package, by name; `_`-prefixed ones are helpers and not listed."""
    names = (info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_"))
    return {name: importlib.import_module(f"{package.__name__}.{name}") for name in sorted(names)}


def _collector_modules() -> dict[str, ModuleType]:
    return {n: m for n, m in _modules(scanner.aws.collectors).items() if n not in NOT_A_SERVICE}


def _datasets(module: ModuleType) -> list[str]:
    return [dataset.name for dataset in getattr(module, "DATASETS", ())]


def _checks(module: ModuleType) -> list[str]:
    """The ids of the checks the module itself defines (not those it imports from another module)."""
    specs = (getattr(value, ATTRIBUTE, None) for value in vars(module).values())
    return [s.id for s in specs if isinstance(s, CheckSpec) and s.function.__module__ == module.__name__]


def _lib_modules(package: ModuleType) -> dict[str, ModuleType]:
    names = (info.name for info in pkgutil.iter_modules(package.__path__))
    return {f"{package.__name__}.{n}": importlib.import_module(f"{package.__name__}.{n}") for n in names}


def filed_under(module: str, service: str) -> bool:
    """Whether a module of this name may hold what service `service` declares."""
    squashed = service.replace("-", "").replace("_", "")
    return module.replace("_", "") == squashed or module.startswith(service.replace("-", "_") + "_")


def _misfiled(modules: dict[str, ModuleType], declared: dict[str, list[str]]) -> list[str]:
    return [
        f"{name}: {ident}"
        for name in modules
        for ident in declared[name]
        if not filed_under(name, ident.split(".", 1)[0])
    ]


def test_the_filing_rule_accepts_service_and_topic_names_and_nothing_else() -> None:
    assert filed_under("ec2", "ec2") and filed_under("ec2_security_groups", "ec2")
    assert filed_under("ssm_incidents", "ssm-incidents") and filed_under("docker_bench", "docker-bench")
    assert filed_under("verified_permissions", "verifiedpermissions")
    assert filed_under("lambda_functions", "lambda")
    assert not filed_under("s3control", "s3") and not filed_under("network_exposure", "ec2")
    assert not filed_under("ec2", "ecs") and not filed_under("ecs_fleet", "ec2")


def test_every_collector_module_is_named_for_the_service_of_its_datasets() -> None:
    modules = _collector_modules()
    declared = {name: _datasets(module) for name, module in modules.items()}
    assert [name for name, names in declared.items() if not names] == [], "collector modules without DATASETS"
    assert _misfiled(modules, declared) == []


def test_every_check_module_is_named_for_the_service_of_its_checks() -> None:
    modules = _modules(checks)
    declared = {name: _checks(module) for name, module in modules.items()}
    assert [name for name, ids in declared.items() if not ids] == [], "modules in checks/ without checks"
    assert _misfiled(modules, declared) == []


def test_shared_helpers_declare_nothing_discovery_would_skip() -> None:
    """A check or dataset in a `_lib` module would never run: the registry does not look there."""
    helpers = {**_lib_modules(checks._lib), **_lib_modules(scanner.aws.collectors._lib)}
    assert helpers
    assert {name: _checks(m) + _datasets(m) for name, m in helpers.items() if _checks(m) + _datasets(m)} == {}


SUBJECTS = {"checks": checks, "collectors": scanner.aws.collectors}


def _test_modules(folder: Path) -> set[str]:
    return {path.stem.removeprefix("test_") for path in folder.glob("test_*.py")}


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_every_module_has_a_test_module_of_its_name_or_says_where_its_tests_are(kind: str) -> None:
    modules = set(_modules(SUBJECTS[kind]))
    tested = _test_modules(TESTS / kind)
    elsewhere = TESTED_ELSEWHERE[kind]
    assert sorted(modules - tested - set(elsewhere)) == []
    assert sorted(set(elsewhere) - modules) == [], "TESTED_ELSEWHERE names a module that does not exist"
    assert sorted(set(elsewhere) & tested) == [], "TESTED_ELSEWHERE names a module that has its test module"
    assert [p for paths in elsewhere.values() for p in paths if not (TESTS.parent / p).is_file()] == []


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_every_test_module_is_named_after_a_module_it_tests(kind: str) -> None:
    package = SUBJECTS[kind]
    assert sorted(_test_modules(TESTS / kind) - set(_modules(package))) == []
    helpers = {info.name for info in pkgutil.iter_modules([str(Path(package.__path__[0]) / "_lib")])}
    assert sorted(_test_modules(TESTS / kind / "_lib") - helpers) == []
