"""Load and validate YAML control catalogs; every problem names the file and the place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from controls import CATALOG_DIR
from scanner.errors import ConfigError
from scanner.yamlfile import CATALOG_MAX_BYTES, line_of, load_yaml

BUILTIN_DIR = CATALOG_DIR

LANDING_ZONE_ROLES = (
    "management",
    "security",
    "log-archive",
    "audit",
    "networking",
    "devops",
    "devsecops",
    "shared-services",
)
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"


class Phase(StrEnum):
    LANDING_ZONE = "landing-zone"
    APPLICATION = "application"
    BOTH = "both"


class Treatment(StrEnum):
    AUTOMATED = "automated"  # checks decide (at least one is built)
    PENDING = "pending"  # automation planned, none built yet: NOT_EVALUATED until a check lands
    HYBRID = "hybrid"  # checks plus an attestation
    ATTESTATION = "attestation"  # an attestation only
    AWS_INHERITED = "aws-inherited"  # AWS's side of shared responsibility
    NOT_APPLICABLE = "not-applicable"  # a justified exclusion (e.g. CIS Docker swarm on ECS)


class EvidenceSource(StrEnum):
    """Where a control's evidence comes from (used by the CIS Docker catalog)."""

    ECS_TASK_DEFINITION = "ecs-task-definition"
    ECR = "ecr"
    HOST_FILES = "host-files"
    IMAGE_BUILDER = "image-builder"
    MANUAL = "manual"
    AWS_API = "aws-api"


class Platform(StrEnum):
    """A compute platform on which AWS operates a layer a control covers (see Control.aws_inherited_on)."""

    FARGATE = "fargate"


_PENDING_ID = re.compile(r"^([a-z0-9-]+(?:\.[a-z0-9-]+)+):\s")


def pending_check_id(entry: str) -> str | None:
    """The planned check id a pending entry starts with (`"<id>: <words>"`), or None for unplanned work."""
    match = _PENDING_ID.match(entry)
    return match.group(1) if match else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _PlacedError(ValueError):
    """A problem a catalog-wide rule finds deeper in the file: `loc` (under the catalog) is where it is."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


class Inheritance(_Strict):
    """What a landing-zone role provides and what each consuming account still owns.

    `provides` / `consumer` name registered checks (evaluated in the provider account / in each consumer).
    `provides_pending` / `consumer_pending` name planned checks not registered yet; each must lead an entry
    of the control's `pending` list, which carries the words and keeps the control NOT_EVALUATED.
    A consumer's part is judged by the control's own `checks`, `consumer` and `consumer_pending`; a control
    with none of them must say in `consumer_not_checkable` why a consuming account owns nothing checkable
    (the words appear in every inherited verdict's reason), so no inheritance rests on the provider alone
    by omission.
    """

    provider: str
    provides: list[str] = []
    consumer: list[str] = []
    provides_pending: list[str] = []
    consumer_pending: list[str] = []
    consumer_owns: str = ""  # in words: what each consuming account remains responsible for
    consumer_not_checkable: str = ""  # in words: why a consuming account owns nothing a check could judge

    @field_validator("provider")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in LANDING_ZONE_ROLES:
            raise ValueError(
                f"unknown provider role {value!r}; expected one of {', '.join(LANDING_ZONE_ROLES)}"
            )
        return value

    @model_validator(mode="after")
    def _provides_something(self) -> Inheritance:
        if not self.provides and not self.provides_pending:
            raise ValueError("inheritance needs `provides` (registered checks) or `provides_pending`")
        return self


class AttestationRequirement(_Strict):
    statement: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    evidence: str = Field(min_length=1)
    max_age_days: int = Field(default=365, gt=0)


class Control(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    phase: Phase
    treatment: Treatment
    checks: list[str] = []
    pending: list[str] = []  # automation not built yet, in words: reported NOT_EVALUATED, never satisfied
    inheritance: Inheritance | None = None
    attestation: AttestationRequirement | None = None
    justification: str = ""  # why a not-applicable control does not apply (mandatory for that treatment)
    references: dict[str, str | list[str]] = {}
    # Benchmark metadata (CIS Docker): the recommendation number in the catalog's `benchmark_version`, its
    # number in other benchmark versions where it differs, and CIS's own automated/manual label.
    cis: str | None = Field(default=None, pattern=r"^[0-9]+(\.[0-9]+)*$")
    cis_other_versions: dict[str, str] = {}
    cis_assessment: Literal["automated", "manual"] | None = None
    evidence_source: EvidenceSource | None = None
    # Platforms on which AWS operates the layer this control covers (CIS Docker sections 1-3 on Fargate):
    # an account that runs only on them inherits the control from AWS. Each must be declared, with the check
    # that shows it, in the catalog's own `aws_inherited_on`.
    aws_inherited_on: list[Platform] = []
    # The control whose checks and pending work are exactly this one's (two CIS recommendations that ECS
    # answers with one fact): this control keeps its own row, and readiness counts the fact once, under that
    # control (see counts_in_readiness).
    decided_with: str | None = None
    # The catalog's fact check for each of those platforms, set when the catalog is validated.
    _platform_facts: dict[Platform, str] | None = PrivateAttr(default=None)

    @field_validator("pending")
    @classmethod
    def _pending_in_words(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not entry.strip():
                raise ValueError("a `pending` entry must say in words what is not automated yet")
        return value

    @model_validator(mode="after")
    def _consistent_treatment(self) -> Control:
        automated = bool(self.checks or self.pending or self.inheritance)
        treatment = self.treatment
        if treatment is Treatment.HYBRID and not automated:
            raise ValueError(f"treatment {treatment} needs `checks`, `inheritance` or `pending`")
        if treatment in (Treatment.HYBRID, Treatment.ATTESTATION) and self.attestation is None:
            raise ValueError(f"treatment {treatment} needs an `attestation` requirement")
        if (
            treatment in (Treatment.ATTESTATION, Treatment.AWS_INHERITED, Treatment.NOT_APPLICABLE)
            and automated
        ):
            raise ValueError(f"treatment {treatment} cannot list `checks`, `pending` or `inheritance`")
        if (
            treatment in (Treatment.AUTOMATED, Treatment.PENDING, Treatment.NOT_APPLICABLE)
            and self.attestation is not None
        ):
            hint = "; use hybrid" if treatment is not Treatment.NOT_APPLICABLE else ""
            raise ValueError(f"treatment {treatment} cannot have an `attestation`{hint}")
        if treatment is Treatment.NOT_APPLICABLE and not self.justification.strip():
            raise ValueError("treatment not-applicable needs a `justification`")
        if treatment is not Treatment.NOT_APPLICABLE and self.justification:
            raise ValueError("only not-applicable controls carry a `justification`")
        if self.aws_inherited_on and treatment in (Treatment.AWS_INHERITED, Treatment.NOT_APPLICABLE):
            raise ValueError(f"treatment {treatment} cannot also declare `aws_inherited_on`")
        self._pending_inheritance_is_listed()
        self._consumer_part_is_judged()
        self._automation_is_built_as_labelled()
        return self

    def _consumer_part_is_judged(self) -> None:
        """An inheritable control checks the consumer's part, or says why there is nothing to check."""
        inheritance = self.inheritance
        if inheritance is None:
            return
        checked = bool(self.checks or inheritance.consumer or inheritance.consumer_pending)
        why_not = inheritance.consumer_not_checkable.strip()
        if not checked and not why_not:
            raise _PlacedError(
                ("inheritance",),
                "an inheritable control needs checks of the consumer's own part (`consumer`, "
                "`consumer_pending` or the control's `checks`), or `consumer_not_checkable` saying why a "
                "consuming account owns nothing checkable",
            )
        if checked and why_not:
            raise _PlacedError(
                ("inheritance", "consumer_not_checkable"),
                "`consumer_not_checkable` contradicts the consumer checks this control lists",
            )

    def _automation_is_built_as_labelled(self) -> None:
        """`automated` means at least one built check decides; `pending` that none is built yet."""
        built = bool(self.decision_checks())
        if self.treatment is Treatment.AUTOMATED and not built:
            raise ValueError(
                "treatment automated needs at least one built check (in `checks`, `inheritance.provides` or "
                "`inheritance.consumer`); automation not built yet is `treatment: pending`, its plans in "
                "`pending`"
            )
        if self.treatment is Treatment.PENDING and built:
            raise ValueError(
                "treatment pending means no check is built yet, but this control lists built checks: "
                "label it automated and keep the unbuilt part in `pending`"
            )
        if self.treatment is Treatment.PENDING and not self.pending:
            raise ValueError("treatment pending needs `pending`: what will be automated, in words")

    def _pending_inheritance_is_listed(self) -> None:
        if self.inheritance is None:
            return
        planned = {pending_check_id(entry) for entry in self.pending} - {None}
        for name in ("provides_pending", "consumer_pending"):
            for check_id in getattr(self.inheritance, name):
                if check_id not in planned:
                    raise ValueError(
                        f"inheritance.{name} names {check_id!r} but no `pending` entry starts with "
                        f"'{check_id}: '"
                    )

    @property
    def counts_in_readiness(self) -> bool:
        """False for a control `decided_with` another: its fact is counted once, under that control."""
        return self.decided_with is None

    def decision_key(self) -> tuple[frozenset[str], frozenset[str]]:
        """What decides the control: its built checks and its pending work."""
        return frozenset(self.decision_checks()), frozenset(self.pending)

    def pending_checks(self) -> list[str]:
        """The planned check ids this control waits for (the leading ids of its `pending` entries)."""
        return [cid for cid in (pending_check_id(entry) for entry in self.pending) if cid is not None]

    @property
    def attestation_statement(self) -> str:
        return self.attestation.statement if self.attestation is not None else ""

    def decision_checks(self) -> list[str]:
        """The built checks whose results decide the control: its own and both halves of its inheritance
        (not the platform facts, which only say whether AWS operates its layer)."""
        extra = [] if self.inheritance is None else [*self.inheritance.provides, *self.inheritance.consumer]
        return list(dict.fromkeys([*self.checks, *extra]))

    def all_checks(self) -> list[str]:
        """Every check the control rests on, own and inherited, in a stable order."""
        return list(dict.fromkeys([*self.decision_checks(), *self.platform_fact_checks()]))

    def platform_fact_checks(self) -> list[str]:
        """The checks that tell whether AWS operates this control's layer (see `aws_inherited_on`)."""
        return list(self.platform_facts().values())

    def platform_facts(self) -> dict[Platform, str]:
        """Each platform of `aws_inherited_on` -> the check whose PASS shows an account runs only on it, as
        the control's catalog declares (a control read outside a catalog has none to name)."""
        if self._platform_facts is None and self.aws_inherited_on:
            raise ValueError(f"control {self.id!r}: `aws_inherited_on` needs the catalog that declares it")
        return dict(self._platform_facts or {})

    def _with_platform_facts(self, declared: Mapping[Platform, str]) -> None:
        self._platform_facts = {platform: declared[platform] for platform in self.aws_inherited_on}


class Group(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    summary: str = ""
    services: list[str] = []
    controls: list[Control] = Field(min_length=1)


class Catalog(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    benchmark_version: str = ""  # the version of an external benchmark the `cis` numbers follow
    description: str = ""
    source: str = ""
    # Platform -> the check whose PASS shows that an account runs its containers only on that platform; the
    # controls that name the platform in their `aws_inherited_on` rest on it.
    aws_inherited_on: dict[Platform, str] = {}
    groups: list[Group] = Field(min_length=1)

    @model_validator(mode="after")
    def _platforms_declared(self) -> Catalog:
        """Every platform a control names is declared here, and each control learns its fact checks."""
        for gi, group in enumerate(self.groups):
            for ci, control in enumerate(group.controls):
                for pi, platform in enumerate(control.aws_inherited_on):
                    if platform not in self.aws_inherited_on:
                        raise _undeclared(platform, ("groups", gi, "controls", ci, "aws_inherited_on", pi))
                control._with_platform_facts(self.aws_inherited_on)
        return self

    def controls(self) -> Iterator[tuple[Group, Control]]:
        for group in self.groups:
            for control in group.controls:
                yield group, control


def _undeclared(platform: Platform, loc: tuple[str | int, ...]) -> _PlacedError:
    return _PlacedError(
        loc,
        f"platform {platform.value!r} is not declared in the catalog's `aws_inherited_on`: add "
        f"`aws_inherited_on: {{{platform.value}: <check id>}}` at the top level, naming the check whose PASS "
        f"shows that an account runs only on {platform.value}",
    )


# Field name -> the model it holds: how an error location is walked back to the model that owns it.
_NESTED: dict[str, type[BaseModel]] = {
    "groups": Group,
    "controls": Control,
    "inheritance": Inheritance,
    "attestation": AttestationRequirement,
}


@dataclass(frozen=True)
class LoadedCatalog:
    catalog: Catalog
    path: Path
    digest: str  # SHA-256 of the file's bytes, recorded in run.json

    @property
    def id(self) -> str:
        return self.catalog.id


_KEY = "[key]"  # the last part of a pydantic error location when a mapping's key is wrong


def _describe(loc: Sequence[object], data: Any) -> str:
    """A readable place: groups[2] 'access-control' > controls[0] '11.mfa' > phase."""
    parts: list[str] = []
    cursor = data
    for part in loc:
        if part == _KEY:
            continue
        if isinstance(part, int) and isinstance(cursor, list) and part < len(cursor):
            cursor = cursor[part]
            label = cursor.get("id") if isinstance(cursor, dict) else None
            parts[-1] = f"{parts[-1]}[{part}]" + (f" {label!r}" if label else "")
        else:
            parts.append(str(part))
            cursor = cursor.get(part) if isinstance(cursor, dict) else None
    return " > ".join(parts) or "top level"


_PATTERN_HINTS = {
    "id": "letters, digits and . _ : - (starting with a letter or digit)",
    "cis": "a recommendation number such as 5.5 or 1.1.2",
}


def _model_at(loc: Sequence[object]) -> type[BaseModel]:
    """The model that owns the last part of a pydantic error location (Catalog > Group > Control ...)."""
    model: type[BaseModel] = Catalog
    for part in loc[:-1]:
        if isinstance(part, str) and part in model.model_fields:
            model = _NESTED.get(part, model)
    return model


def _location(error: Any) -> tuple[object, ...]:
    """Where a pydantic error is: its own location, extended by a catalog-wide rule's (see _PlacedError)."""
    cause = error.get("ctx", {}).get("error")
    return (*error["loc"], *(cause.loc if isinstance(cause, _PlacedError) else ()))


def _message(error: Any) -> str:
    """A readable message for pydantic's first error: unknown fields get a suggestion, patterns a hint."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), sorted(_model_at(loc).model_fields), n=1)
        return f"unknown field {loc[-1]!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
    if error["type"] == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(loc[-1]), f"text matching {error['ctx']['pattern']}")
        return f"invalid value {error['input']!r}: expected {hint}"
    if error["type"] == "enum" and loc[-1:] == (_KEY,):  # a mapping keyed by a fixed set (platforms)
        return "unknown key; expected " + str(error["msg"]).removeprefix("Input should be ")
    return str(error["msg"]).removeprefix("Value error, ")


def load_catalog(path: Path, known_checks: Iterable[str] | None = None) -> LoadedCatalog:
    """Parse and validate one catalog file. Raises ConfigError naming the file, place and problem."""
    document = load_yaml(path, "catalog", CATALOG_MAX_BYTES)
    node, data = document.node, document.data
    if not isinstance(data, dict):
        what = "the file is empty" if data is None else f"found a {type(data).__name__} at the top level"
        raise ConfigError(f"{path}: a catalog must be a mapping with id, title, version and groups ({what})")
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt field fails twice (a required field missing, an unknown one): report the unknown one.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        loc = _location(first)
        line = line_of(node, loc)
        where = f":{line}" if line else ""
        more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
        raise ConfigError(f"{path}{where}: {_describe(loc, data)}: {_message(first)}{more}") from exc
    _check_unique_ids(path, node, catalog)
    _check_distinct_decisions(path, node, catalog)
    if known_checks is not None:
        _check_references(path, node, catalog, set(known_checks))
    return LoadedCatalog(catalog, path, document.digest)


def _check_unique_ids(path: Path, node: yaml.Node | None, catalog: Catalog) -> None:
    groups: dict[str, int] = {}
    controls: dict[str, tuple[int, int]] = {}
    for gi, group in enumerate(catalog.groups):
        if group.id in groups:
            line = line_of(node, ("groups", gi, "id"))
            raise ConfigError(
                f"{path}:{line}: duplicate group id {group.id!r} (also groups[{groups[group.id]}])"
            )
        groups[group.id] = gi
        for ci, control in enumerate(group.controls):
            if control.id in controls:
                line = line_of(node, ("groups", gi, "controls", ci, "id"))
                raise ConfigError(f"{path}:{line}: duplicate control id {control.id!r} in group {group.id!r}")
            controls[control.id] = (gi, ci)


def _check_distinct_decisions(path: Path, node: yaml.Node | None, catalog: Catalog) -> None:
    """No two controls decide on exactly the same built checks and pending work (one fact would count twice
    in readiness), unless the later one names the other in `decided_with`."""
    first: dict[tuple[frozenset[str], frozenset[str]], str] = {}
    by_id = {control.id: control for _, control in catalog.controls()}
    for gi, group in enumerate(catalog.groups):
        for ci, control in enumerate(group.controls):
            where = ("groups", gi, "controls", ci)
            if control.decided_with is not None:
                problem = _decided_with_problem(control, by_id)
                if problem:
                    line = line_of(node, (*where, "decided_with"))
                    raise ConfigError(f"{path}:{line}: control {control.id!r} > decided_with: {problem}")
                continue
            key = control.decision_key()
            if key[0] and key in first:
                line = line_of(node, (*where, "id"))
                raise ConfigError(
                    f"{path}:{line}: control {control.id!r} decides on exactly the same checks as "
                    f"{first[key]!r} ({', '.join(sorted(key[0]))}), so one fact would count twice in "
                    f"readiness: merge the two, or declare `decided_with: {first[key]}` on this one"
                )
            first.setdefault(key, control.id)


def _decided_with_problem(control: Control, by_id: Mapping[str, Control]) -> str | None:
    """Why `decided_with` does not name another control deciding on exactly the same checks, or None."""
    other = by_id.get(control.decided_with or "")
    if other is None or other is control or other.decided_with is not None:
        return (
            f"{control.decided_with!r} is not another control of the catalog (that is not decided_with one)"
        )
    if other.decision_key() != control.decision_key():
        return f"{control.decided_with!r} decides on other checks or pending work than this control"
    return None


def _check_references(path: Path, node: yaml.Node | None, catalog: Catalog, known: set[str]) -> None:
    for platform, check_id in catalog.aws_inherited_on.items():
        if check_id not in known:
            line = line_of(node, ("aws_inherited_on", platform.value))
            raise ConfigError(
                f"{path}:{line}: aws_inherited_on > {platform.value}: unknown check {check_id!r}"
                f"{_did_you_mean(check_id, known)}; the platform's fact check must be registered"
            )
    for gi, group in enumerate(catalog.groups):
        for ci, control in enumerate(group.controls):
            for field_loc, ids in _check_fields(control):
                for index, check_id in enumerate(ids):
                    if check_id in known:
                        continue
                    line = line_of(node, ("groups", gi, "controls", ci, *field_loc, index))
                    raise ConfigError(
                        f"{path}:{line}: control {control.id!r} > {'.'.join(field_loc)}: unknown check "
                        f"{check_id!r}{_did_you_mean(check_id, known)}; a check that does not exist yet goes "
                        f"in `pending` as '<check id>: <what it will verify>'"
                    )


def _did_you_mean(check_id: str, known: set[str]) -> str:
    close = difflib.get_close_matches(check_id, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_fields(control: Control) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    yield ("checks",), control.checks
    if control.inheritance is not None:
        yield ("inheritance", "provides"), control.inheritance.provides
        yield ("inheritance", "consumer"), control.inheritance.consumer


@dataclass(frozen=True)
class CheckUse:
    """One control resting on one check: how a crosswalk and the generated docs link checks to controls."""

    catalog: str
    control: str
    title: str
    # checks, provides, consumer, aws_inherited_on (joined by "+" when several), or pending (planned, not
    # registered)
    via: str


def check_uses(catalogs: Iterable[LoadedCatalog]) -> dict[str, list[CheckUse]]:
    """Every check id (registered or planned) -> the controls that rest on it, in catalog order."""
    uses: dict[str, list[CheckUse]] = {}
    for loaded in catalogs:
        for _, control in loaded.catalog.controls():
            inheritance = control.inheritance
            pairs = [
                *(("checks", cid) for cid in control.checks),
                *(("provides", cid) for cid in (inheritance.provides if inheritance else [])),
                *(("consumer", cid) for cid in (inheritance.consumer if inheritance else [])),
                *(("pending", cid) for cid in control.pending_checks()),
                *(("aws_inherited_on", cid) for cid in control.platform_fact_checks()),
            ]
            vias: dict[str, list[str]] = {}
            for via, check_id in pairs:
                vias.setdefault(check_id, []).append(via)
            for check_id, how in vias.items():
                use = CheckUse(loaded.id, control.id, control.title, "+".join(how))
                uses.setdefault(check_id, []).append(use)
    return uses


def pending_now_registered(loaded: LoadedCatalog, known_checks: Iterable[str]) -> list[str]:
    """One instruction per pending entry whose planned check now exists: wiring it in is mechanical."""
    known = set(known_checks)
    moves: list[str] = []
    for _, control in loaded.catalog.controls():
        inheritance = control.inheritance
        for check_id in control.pending_checks():
            if check_id not in known:
                continue
            where = ""
            if inheritance is not None and check_id in inheritance.provides_pending:
                where = " (inheritance.provides)"
            elif inheritance is not None and check_id in inheritance.consumer_pending:
                where = " (inheritance.consumer)"
            relabel = " and label it automated" if control.treatment is Treatment.PENDING else ""
            moves.append(
                f"move {check_id} from pending to checks in {loaded.id}:{control.id}{where}{relabel}"
            )
    return moves


def catalog_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if path.is_file():
        return [path]
    raise ConfigError(f"{path}: no such catalog file or folder")


def load_catalogs(paths: Iterable[Path], known_checks: Iterable[str]) -> list[LoadedCatalog]:
    """Load every catalog under the given files/folders; catalog ids must be unique across them."""
    known = set(known_checks)
    loaded: dict[str, LoadedCatalog] = {}
    for path in paths:
        for file in catalog_files(path):
            catalog = load_catalog(file, known)
            if catalog.id in loaded:
                raise ConfigError(
                    f"{file}: catalog id {catalog.id!r} is already defined in {loaded[catalog.id].path}"
                )
            loaded[catalog.id] = catalog
    return list(loaded.values())


def builtin_catalogs(known_checks: Iterable[str]) -> list[LoadedCatalog]:
    return load_catalogs([BUILTIN_DIR], known_checks)


def select(catalogs: Sequence[LoadedCatalog], wanted: Sequence[str]) -> list[LoadedCatalog]:
    """Catalogs by id, in the order given; an unknown id is a ConfigError listing the known ones."""
    if not wanted:
        return list(catalogs)
    by_id = {c.id: c for c in catalogs}
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise ConfigError(f"unknown catalog {', '.join(unknown)}; known: {', '.join(sorted(by_id))}")
    return [by_id[w] for w in wanted]
