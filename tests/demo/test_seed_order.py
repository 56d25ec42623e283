"""The demo's seed modules: filed by AWS service, and run in the order their AFTER declarations give (a
topological order, ties broken by name), refusing an unknown name or a cycle with the module named."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import checks
import demo.seeds
from demo.world import SeedOrderError, discover_seeds, seed_order
from scanner.checkapi import ATTRIBUTE, CheckSpec
from tests.contract.test_service_filing import filed_under


def test_ties_are_broken_by_name_or_by_reverse_name() -> None:
    free = {"kms": (), "acm": (), "s3": (), "s3_governance": ()}
    assert seed_order(free) == ["acm", "kms", "s3", "s3_governance"]
    assert seed_order(free, reverse_ties=True) == ["s3_governance", "s3", "kms", "acm"]


def test_a_module_runs_after_every_module_it_names_whatever_their_names() -> None:
    after = {"acm": ("s3", "kms"), "kms": (), "s3": ("kms",), "vpc": ()}
    assert seed_order(after) == ["kms", "s3", "acm", "vpc"]
    assert seed_order(after, reverse_ties=True) == ["vpc", "kms", "s3", "acm"]


def test_among_the_modules_ready_to_run_the_first_by_name_runs_next() -> None:
    # acm is ready only once kms has run, and then goes before s3, which was ready from the start.
    assert seed_order({"acm": ("kms",), "kms": (), "s3": ()}) == ["kms", "acm", "s3"]
    # In reverse, acm is ready once s3 has run, and still waits for kms, which sorts after it.
    assert seed_order({"acm": ("s3",), "kms": (), "s3": ()}, reverse_ties=True) == ["s3", "kms", "acm"]


def test_a_module_waiting_on_several_runs_after_the_last_of_them() -> None:
    after = {"zeta": ("kms", "vpc"), "kms": (), "vpc": ("s3",), "s3": ()}
    assert seed_order(after) == ["kms", "s3", "vpc", "zeta"]


def test_the_order_does_not_depend_on_the_order_modules_are_listed_in() -> None:
    after = {"c": ("a",), "b": (), "a": (), "d": ("b", "c")}
    reordered = {name: after[name] for name in ("d", "a", "c", "b")}
    assert seed_order(after) == seed_order(reordered) == ["a", "b", "c", "d"]


def test_an_unknown_name_is_refused_naming_the_module_and_the_name() -> None:
    with pytest.raises(SeedOrderError, match=r"^demo\.seeds\.glue: AFTER names kmss: no such seed module$"):
        seed_order({"glue": ("kmss",), "kms": ()})


def test_a_string_for_after_is_refused_rather_than_read_letter_by_letter() -> None:
    with pytest.raises(SeedOrderError, match=r"^demo\.seeds\.glue: AFTER must be a tuple"):
        seed_order({"glue": "kms", "kms": ()})  # type: ignore[dict-item]


def test_a_cycle_is_refused_naming_the_modules_in_it() -> None:
    after = {"acm": (), "elb": ("shield",), "shield": ("waf",), "waf": ("elb",), "zeta": ("elb",)}
    with pytest.raises(SeedOrderError) as refused:
        seed_order(after)
    assert str(refused.value) == (
        "demo.seeds.elb: AFTER makes a cycle, elb -> shield -> waf -> elb (each runs after the next)"
    )


def test_a_module_after_itself_is_a_cycle() -> None:
    with pytest.raises(SeedOrderError, match=r"^demo\.seeds\.kms: AFTER makes a cycle, kms -> kms "):
        seed_order({"kms": ("kms",)})


def _seed_modules() -> dict[str, ModuleType]:
    names = [info.name for info in pkgutil.iter_modules(demo.seeds.__path__) if not info.name.startswith("_")]
    return {name: importlib.import_module(f"demo.seeds.{name}") for name in names}


def test_the_demo_seeds_run_once_each_and_after_what_they_name_in_either_tie_order() -> None:
    modules = _seed_modules()
    for reverse in (False, True):
        order = [seed.__module__.removeprefix("demo.seeds.") for seed in discover_seeds(reverse_ties=reverse)]
        assert sorted(order) == sorted(modules)
        for name, module in modules.items():
            assert all(order.index(needed) < order.index(name) for needed in getattr(module, "AFTER", ()))


def test_helpers_are_not_seeds() -> None:
    assert "_lib" not in {seed.__module__.split(".")[2] for seed in discover_seeds()}


def _check_services() -> set[str]:
    """The services checks are filed by: what starts a check id (`ec2` of `ec2.ebs-default-encryption`)."""
    found = set()
    for info in pkgutil.iter_modules(checks.__path__):
        module = importlib.import_module(f"checks.{info.name}")
        specs = (getattr(value, ATTRIBUTE, None) for value in vars(module).values())
        found |= {spec.id.split(".", 1)[0] for spec in specs if isinstance(spec, CheckSpec)}
    return found


def test_every_seed_module_is_named_for_a_service_that_has_checks() -> None:
    services = _check_services()
    assert "ec2" in services and "ssm-incidents" in services
    misfiled = [name for name in _seed_modules() if not any(filed_under(name, s) for s in services)]
    assert misfiled == []
