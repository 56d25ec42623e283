"""The inheritance map: which landing-zone account provides which control families to which accounts, and
where that inheritance is broken, built from the resolved controls and drawn as one self-contained SVG.

Every control row whose `provider_account_id` is set is one inherited control on the edge provider ->
consumer. The resolver (scanner/resolve/controls.py) sets a provider only for an inheritable control in an
account that does not hold the provider role, once an account holding it is found; the row's status then says
how the inheritance stands, sorted here into three kinds:

- working: INHERITED and INHERITED_LIVE (both halves pass);
- broken: NOT_SATISFIED (the provider's results fail, the consumer's own part fails, or the provider shows
  nothing in scope to inherit; which side fails is read from the results the row cites, never from its words);
- not proven: every other status, in practice NOT_EVALUATED (errors, missing results, pending automation) and,
  for hybrid controls whose checks hold, ATTESTATION_MISSING / ATTESTATION_EXPIRED. Never drawn as working.

A row naming its own account as provider is no inheritance: it is left out of the map and counted in
`InheritanceMap.self_provided` (the resolver never writes one; the count makes one visible if it ever does).
Families are the catalog's groups. The picture stays legible for a large organization by drawing only the
consuming accounts that fit in MAX_COLUMN_HEIGHT (those with broken inheritance first, then those not proven,
then the rest, each by label) and saying how many more there are; `inheritance_table` lists every edge and
family, for the table printed under the picture.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from xml.sax.saxutils import escape

from scanner.catalog.model import Group, LoadedCatalog
from scanner.model import Account, ControlResult, ControlStatus, Status


class EdgeKind(StrEnum):
    """How an inherited control, a family or an edge stands; a family or edge takes its worst control's."""

    BROKEN = "broken"
    NOT_PROVEN = "not proven"
    WORKING = "working"


_WORKING = frozenset({ControlStatus.INHERITED, ControlStatus.INHERITED_LIVE})


@dataclass(frozen=True)
class InheritedControl:
    """One control row on an edge: its status and, when it fails, which side's results fail."""

    control_id: str
    status: ControlStatus
    provider_fails: bool = False
    own_part_fails: bool = False

    @property
    def kind(self) -> EdgeKind:
        if self.status in _WORKING:
            return EdgeKind.WORKING
        if self.status is ControlStatus.NOT_SATISFIED:
            return EdgeKind.BROKEN
        return EdgeKind.NOT_PROVEN


@dataclass(frozen=True)
class FamilyInheritance:
    """The controls of one catalog family (group) that one provider provides to one consumer."""

    catalog: str
    family_id: str
    family: str  # the family as a reader names it: "11 Access Control" for numbered groups, else the title
    controls: tuple[InheritedControl, ...]

    def count(self, kind: EdgeKind) -> int:
        return sum(1 for c in self.controls if c.kind is kind)

    @property
    def kind(self) -> EdgeKind:
        return _worst(c.kind for c in self.controls)


@dataclass(frozen=True)
class Edge:
    """One provider account -> one consuming account, with the families provided, in catalog order."""

    provider_id: str
    consumer_id: str
    families: tuple[FamilyInheritance, ...]

    @property
    def kind(self) -> EdgeKind:
        return _worst(f.kind for f in self.families)

    def catalogs(self) -> list[str]:
        return list(dict.fromkeys(f.catalog for f in self.families))


@dataclass(frozen=True)
class Party:
    """An account on the map, shown by its label; a provider also names its landing-zone role(s)."""

    account_id: str
    label: str  # "name (id)"
    name: str  # the account's name, or its id when it has none
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class InheritanceMap:
    """Who provides what to whom. An account that both provides and inherits (a landing-zone account
    inheriting another role's controls) is in both columns."""

    providers: tuple[Party, ...]  # by role, then label
    consumers: tuple[Party, ...]  # by label
    edges: tuple[Edge, ...]  # by provider, then consumer, in the orders above
    self_provided: int = 0  # rows (of every catalog) naming their own account as provider: left out

    def party(self, account_id: str) -> Party:
        """The account's entry: as a provider (with its roles) if it is one, else as a consumer."""
        return next(p for p in (*self.providers, *self.consumers) if p.account_id == account_id)

    def for_catalog(self, catalog_id: str) -> InheritanceMap:
        """The same map with only `catalog_id`'s families, and only the edges and accounts left with any."""
        edges = []
        for edge in self.edges:
            families = tuple(f for f in edge.families if f.catalog == catalog_id)
            if families:
                edges.append(Edge(edge.provider_id, edge.consumer_id, families))
        providers = {e.provider_id for e in edges}
        consumers = {e.consumer_id for e in edges}
        return InheritanceMap(
            tuple(p for p in self.providers if p.account_id in providers),
            tuple(p for p in self.consumers if p.account_id in consumers),
            tuple(edges),
            self.self_provided,
        )


def _worst(kinds: Iterable[EdgeKind]) -> EdgeKind:
    order = list(EdgeKind)  # BROKEN first
    return min(kinds, key=order.index, default=EdgeKind.WORKING)


# -- the model -----------------------------------------------------------------------------------------------

_UNKNOWN_FAMILY = ("", "(not in the loaded catalog)")


@dataclass(frozen=True)
class _Place:
    """Where a control sits in the catalogs: its family, its sort position and the role providing it."""

    order: tuple[int, int]
    family_id: str
    family: str
    role: str | None


def build_inheritance_map(
    catalogs: Sequence[LoadedCatalog], controls: Sequence[ControlResult], accounts: Sequence[Account]
) -> InheritanceMap:
    """The map of every control row with a provider account (see the module docstring for the rules)."""
    places = _places(catalogs)
    inherited = [c for c in controls if c.provider_account_id is not None]
    between = [c for c in inherited if c.provider_account_id != c.account_id]
    edges = _edges(between, places)
    known = {a.account_id: a for a in accounts}
    roles = _provider_roles(between, places)
    providers = [_party(pid, known, tuple(sorted(r))) for pid, r in roles.items()]
    consumers = [_party(cid, known) for cid in {e.consumer_id for e in edges}]
    providers.sort(key=lambda p: (p.roles, p.label.casefold(), p.account_id))
    consumers.sort(key=_by_label)
    provider_rank = {p.account_id: i for i, p in enumerate(providers)}
    consumer_rank = {p.account_id: i for i, p in enumerate(consumers)}
    edges.sort(key=lambda e: (provider_rank[e.provider_id], consumer_rank[e.consumer_id]))
    self_provided = len(inherited) - len(between)
    return InheritanceMap(tuple(providers), tuple(consumers), tuple(edges), self_provided)


def _party(account_id: str, known: Mapping[str, Account], roles: tuple[str, ...] = ()) -> Party:
    """An account as the map shows it; one not in this run (a baseline's provider) by its id."""
    account = known.get(account_id)
    if account is None:
        return Party(account_id, account_id, account_id, roles)
    return Party(account_id, account.label, account.name or account_id, roles)


def _by_label(party: Party) -> tuple[str, str]:
    return party.label.casefold(), party.account_id


def _places(catalogs: Sequence[LoadedCatalog]) -> dict[tuple[str, str], _Place]:
    places: dict[tuple[str, str], _Place] = {}
    for ci, loaded in enumerate(catalogs):
        for gi, group in enumerate(loaded.catalog.groups):
            for control in group.controls:
                role = control.inheritance.provider if control.inheritance is not None else None
                places[(loaded.id, control.id)] = _Place((ci, gi), group.id, family_name(group), role)
    return places


def family_name(group: Group) -> str:
    """A family as readers name it: HITRUST's numbered domains with their number ("11 Access Control")."""
    return f"{group.id} {group.title}" if group.id.isdigit() else group.title


def _place(places: Mapping[tuple[str, str], _Place], row: ControlResult) -> _Place:
    """A row's place; a control the loaded catalogs do not hold (a run re-read with a changed catalog) is
    kept, under a family saying so, after every known family."""
    known = places.get((row.catalog, row.control_id))
    return known or _Place((len(places), 0), *_UNKNOWN_FAMILY, None)


def _edges(rows: Sequence[ControlResult], places: Mapping[tuple[str, str], _Place]) -> list[Edge]:
    grouped: dict[tuple[str, str], dict[tuple[str, str], list[ControlResult]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in rows:
        assert row.provider_account_id is not None
        grouped[(row.provider_account_id, row.account_id)][
            (row.catalog, _place(places, row).family_id)
        ].append(row)
    return [
        Edge(provider, consumer, _families(by_family, places))
        for (provider, consumer), by_family in grouped.items()
    ]


def _families(
    by_family: Mapping[tuple[str, str], list[ControlResult]], places: Mapping[tuple[str, str], _Place]
) -> tuple[FamilyInheritance, ...]:
    families = []
    for (catalog, family_id), rows in by_family.items():
        place = _place(places, rows[0])
        ordered = sorted(rows, key=lambda r: r.control_id)
        family = FamilyInheritance(catalog, family_id, place.family, tuple(_inherited(r) for r in ordered))
        families.append((place.order, family))
    return tuple(f for _, f in sorted(families, key=lambda pair: pair[0]))


def _inherited(row: ControlResult) -> InheritedControl:
    """A row as an inherited control: which side fails, from the statuses of the results it cites."""
    failing = {ref.get("account_id") for ref in row.results if ref.get("status") == Status.FAIL.value}
    broken = row.status is ControlStatus.NOT_SATISFIED
    return InheritedControl(
        row.control_id,
        row.status,
        provider_fails=broken and row.provider_account_id in failing,
        own_part_fails=broken and row.account_id in failing,
    )


def _provider_roles(
    rows: Sequence[ControlResult], places: Mapping[tuple[str, str], _Place]
) -> dict[str, set[str]]:
    """Each provider account -> the landing-zone roles the controls it provides name."""
    roles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert row.provider_account_id is not None
        role = _place(places, row).role
        roles[row.provider_account_id].update([role] if role else [])
    return roles


# -- the table -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InheritanceRow:
    """One family one provider provides to one consumer, as the table under the picture prints it."""

    provider: str  # account label
    role: str  # the provider's landing-zone role(s)
    consumer: str  # account label
    catalog: str  # catalog id
    family: str
    working: int  # controls inherited (INHERITED or INHERITED_LIVE)
    broken: int  # controls NOT_SATISFIED
    status: str  # in words, every control counted once


def inheritance_table(inheritance: InheritanceMap) -> list[InheritanceRow]:
    """Every edge's families, in the map's order: the picture may draw only some consumers, this lists all."""
    providers = {p.account_id: p for p in inheritance.providers}
    consumers = {p.account_id: p for p in inheritance.consumers}
    rows = []
    for edge in inheritance.edges:
        provider, consumer = providers[edge.provider_id], consumers[edge.consumer_id]
        for family in edge.families:
            rows.append(
                InheritanceRow(
                    provider.label,
                    ", ".join(provider.roles),
                    consumer.label,
                    family.catalog,
                    family.family,
                    family.count(EdgeKind.WORKING),
                    family.count(EdgeKind.BROKEN),
                    status_words(family),
                )
            )
    return rows


def status_words(family: FamilyInheritance) -> str:
    """How a family stands, e.g. "3 inherited; 2 broken (the consumer's own part fails in 2); 1 not
    evaluated"."""
    parts = []
    working = family.count(EdgeKind.WORKING)
    if working:
        parts.append(f"{working} inherited")
    broken = [c for c in family.controls if c.kind is EdgeKind.BROKEN]
    if broken:
        parts.append(f"{len(broken)} broken ({_failing_sides(broken)})")
    unproven = Counter(c.status for c in family.controls if c.kind is EdgeKind.NOT_PROVEN)
    parts += [f"{n} {status.value.lower().replace('_', ' ')}" for status, n in sorted(unproven.items())]
    return "; ".join(parts)


def _failing_sides(broken: Sequence[InheritedControl]) -> str:
    provider = sum(1 for c in broken if c.provider_fails)
    own = sum(1 for c in broken if c.own_part_fails)
    neither = sum(1 for c in broken if not (c.provider_fails or c.own_part_fails))
    sides = [
        *([f"the provider's part fails in {provider}"] if provider else []),
        *([f"the consumer's own part fails in {own}"] if own else []),
        *([f"the provider shows nothing in scope to inherit in {neither}"] if neither else []),
    ]
    return ", ".join(sides)


# -- the picture ---------------------------------------------------------------------------------------------
# Providers in a column on the left, consuming accounts on the right, and between them nothing but the lines,
# so no line crosses text. Each consumer's box lists one summary line per edge reaching it (per catalog when
# the map holds several), and the edge's line ends on that summary. Everything is sized from the text it
# holds, with a conservative estimate of DejaVu Sans's advance widths, so no two texts overlap.

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
SIZE = 10  # every label's font size (px)
LINE = 16  # one line of text
PAD = 12  # around the picture
INSET = 6  # inside a box
INDENT = 10  # an edge summary under its consumer's label
GAP = 110  # between the columns: room for the lines only
BOX_GAP = 10  # between two boxes of a column
NAME_CHARS = 16  # a provider's name in an edge summary
LABEL_CHARS = 36  # an account label in a box
FAMILY_CHARS = 24  # a family named in an edge summary
SUMMARY_CHARS = 84  # an edge summary
MAX_COLUMN_HEIGHT = 900  # the consumers' column: with header and legend, an A4 page once scaled to fit
INK = "#1f1f1f"
_STROKES = {  # kind -> (colour, dash pattern)
    EdgeKind.WORKING: ("#2e7d32", ""),
    EdgeKind.BROKEN: ("#c62828", "6 4"),
    EdgeKind.NOT_PROVEN: ("#6d6d6d", "2 3"),
}
_LEGEND = {
    EdgeKind.WORKING: "working: every control inherited (both halves pass)",
    EdgeKind.BROKEN: "broken: a control fails on the provider's or the consumer's side",
    EdgeKind.NOT_PROVEN: "not proven: a control not evaluated, or its attestation due",
}
_LEGEND_TEXT_X = 36  # a legend's words, after its line sample
_PROVIDERS, _CONSUMERS = "Landing-zone providers", "Inheriting accounts"


def render_inheritance_svg(inheritance: InheritanceMap, catalog_id: str | None = None) -> str:
    """The map as one self-contained `<svg>` element (presentation attributes only: no scripts, classes or
    external references), limited to `catalog_id`'s families when given. Returns "" when no edge is left:
    the caller prints a sentence instead (e.g. "No account inherits a control from another in this run").

    The consumers' column is kept within MAX_COLUMN_HEIGHT (about one page once scaled to its width): the
    consumers with broken inheritance are drawn first, then those not proven, then the rest, each by label,
    while they fit (at least one); a last line says how many more there are and that the table lists them."""
    shown = inheritance if catalog_id is None else inheritance.for_catalog(catalog_id)
    if not shown.edges:
        return ""
    return _Drawing(shown).svg()


def _consumer_kinds(inheritance: InheritanceMap) -> dict[str, EdgeKind]:
    edges = defaultdict[str, list[EdgeKind]](list)
    for edge in inheritance.edges:
        edges[edge.consumer_id].append(edge.kind)
    return {consumer: _worst(kinds) for consumer, kinds in edges.items()}


@dataclass(frozen=True)
class _Summary:
    """One line under a consumer: one edge (one catalog of it, when the map holds several)."""

    provider_id: str
    kind: EdgeKind
    text: str


class _Drawing:
    """The layout of one map: which consumers fit, column widths from their texts, then each part placed."""

    def __init__(self, inheritance: InheritanceMap) -> None:
        self.map = inheritance
        self.kinds = _consumer_kinds(inheritance)
        summaries = {c.account_id: self._summaries(c) for c in inheritance.consumers}
        self.drawn = self._fitting(summaries)
        self.summaries = {c.account_id: summaries[c.account_id] for c in self.drawn}
        provider_texts = [_PROVIDERS, *(t for p in inheritance.providers for t in _provider_lines(p))]
        self.provider_width = max(_width(t, bold=True) for t in provider_texts) + 2 * INSET
        lines = [s.text for drawn in self.summaries.values() for s in drawn]
        labels = [_CONSUMERS, *(_clip(c.label, LABEL_CHARS) for c in self.drawn)]
        widest = max(*(_width(t, bold=True) for t in labels), INDENT + max(map(_width, lines)))
        self.consumer_width = 2 * INSET + widest
        self.consumer_x = PAD + self.provider_width + GAP
        self.top = PAD + LINE + INSET

    def _fitting(self, summaries: Mapping[str, Sequence[_Summary]]) -> tuple[Party, ...]:
        """The consumers drawn, in the map's order: by severity then label while the column fits."""
        severity = list(EdgeKind)
        ranked = sorted(
            self.map.consumers, key=lambda c: (severity.index(self.kinds[c.account_id]), _by_label(c))
        )
        chosen: set[str] = set()
        height = 0.0
        for consumer in ranked:
            height += _box_height(1 + len(summaries[consumer.account_id])) + BOX_GAP
            if chosen and height > MAX_COLUMN_HEIGHT:
                break
            chosen.add(consumer.account_id)
        return tuple(c for c in self.map.consumers if c.account_id in chosen)

    def _summaries(self, consumer: Party) -> list[_Summary]:
        several = len({f.catalog for edge in self.map.edges for f in edge.families}) > 1
        lines = []
        for edge in self.map.edges:
            if edge.consumer_id != consumer.account_id:
                continue
            provider = self.map.party(edge.provider_id)
            for catalog in edge.catalogs():
                families = [f for f in edge.families if f.catalog == catalog]
                text = _edge_summary(provider, families, catalog if several else "")
                lines.append(_Summary(edge.provider_id, _worst(f.kind for f in families), text))
        return lines

    def svg(self) -> str:
        anchors, provider_parts, providers_end = self._providers()
        lines, consumer_parts, consumers_end = self._consumers(anchors)
        more = self._more()
        note = [_text(self.consumer_x, consumers_end + SIZE, more)] if more else []
        legend, legend_end = _legend(max(providers_end, consumers_end + len(note) * LINE) + LINE)
        right = max(
            self.consumer_x + self.consumer_width,
            self.consumer_x + _width(more),
            PAD + _LEGEND_TEXT_X + max(map(_width, _LEGEND.values())),
        )
        header = [
            _text(PAD, PAD + SIZE, _PROVIDERS, bold=True),
            _text(self.consumer_x, PAD + SIZE, _CONSUMERS, bold=True),
        ]
        return _svg(
            right + PAD,
            legend_end + PAD,
            self._title(),
            [*header, *lines, *provider_parts, *consumer_parts, *note, *legend],
        )

    def _title(self) -> str:
        return f"Inheritance map: {len(self.map.providers)} provider(s), {len(self.map.consumers)} account(s)"

    def _providers(self) -> tuple[dict[str, tuple[float, float]], list[str], float]:
        """Each provider's box, and where its lines start (the middle of its right side)."""
        anchors, parts, y = {}, [], float(self.top)
        for provider in self.map.providers:
            texts = _provider_lines(provider)
            height = _box_height(len(texts))
            parts.append(_box(PAD, y, self.provider_width, height, "#eef3f8", "#5b7083"))
            parts += [_text(PAD + INSET, _baseline(y, i), t, bold=i == 0) for i, t in enumerate(texts)]
            anchors[provider.account_id] = (PAD + self.provider_width, y + height / 2)
            y += height + BOX_GAP
        return anchors, parts, y

    def _consumers(self, anchors: Mapping[str, tuple[float, float]]) -> tuple[list[str], list[str], float]:
        """Each drawn consumer's box with its edge summaries, and each edge's line, from its provider's anchor
        to its summary (titled, for a reader hovering over it in the HTML report)."""
        lines, parts, y = [], [], float(self.top)
        x = self.consumer_x
        for consumer in self.drawn:
            summaries = self.summaries[consumer.account_id]
            height = _box_height(1 + len(summaries))
            parts.append(_box(x, y, self.consumer_width, height, "#f7f7f7", "#8a8a8a"))
            parts.append(_text(x + INSET, _baseline(y, 0), _clip(consumer.label, LABEL_CHARS), bold=True))
            for i, summary in enumerate(summaries, start=1):
                parts.append(_text(x + INSET + INDENT, _baseline(y, i), summary.text))
                end = (x, y + INSET / 2 + i * LINE + LINE / 2)
                provider = self.map.party(summary.provider_id)
                title = f"{summary.kind}: {provider.label} to {consumer.label}"
                lines.append(_curve(anchors[summary.provider_id], end, summary.kind, title))
            y += height + BOX_GAP
        return lines, parts, y

    def _more(self) -> str:
        """ "and N more accounts: see the table" when some consumers are not drawn, else ""."""
        hidden = [c for c in self.map.consumers if c not in self.drawn]
        if not hidden:
            return ""
        broken = sum(1 for c in hidden if self.kinds[c.account_id] is EdgeKind.BROKEN)
        with_broken = f" ({broken} with broken inheritance)" if broken else ""
        return f"and {len(hidden)} more account(s){with_broken}: see the table"


def _svg(width: float, height: float, title: str, parts: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" style="max-width: 100%; height: auto" role="img" '
        f'aria-label="Inheritance map"><title>{_clean(title)}</title>{"".join(parts)}</svg>'
    )


def _provider_lines(provider: Party) -> list[str]:
    return [
        _clip(provider.label, LABEL_CHARS),
        f"landing zone: {', '.join(provider.roles) or 'role not named'}",
    ]


def _edge_summary(provider: Party, families: Sequence[FamilyInheritance], catalog: str) -> str:
    """e.g. "security · hitrust-csf: 8 controls, 5 families; 4 inherited; 1 not proven; 3 broken: 11 Access
    Control"; the counts first, so that clipping a long line only shortens the family names (the table has
    them all)."""
    controls = sum(len(f.controls) for f in families)
    head = _clip(provider.name, NAME_CHARS) + (f" · {catalog}" if catalog else "")
    text = f"{head}: {_count(controls, 'control')}, {_count(len(families), 'family', 'families')}"
    for kind, words in ((EdgeKind.WORKING, "inherited"), (EdgeKind.NOT_PROVEN, "not proven")):
        count = sum(f.count(kind) for f in families)
        text += f"; {count} {words}" if count else ""
    broken = [f for f in families if f.kind is EdgeKind.BROKEN]
    if broken:
        named = ", ".join(_clip(f.family, FAMILY_CHARS) for f in broken)
        text += f"; {sum(f.count(EdgeKind.BROKEN) for f in broken)} broken: {named}"
    return _clip(text, SUMMARY_CHARS)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _legend(y: float) -> tuple[list[str], float]:
    parts = []
    for kind, words in _LEGEND.items():
        middle = y + LINE / 2
        parts.append(_curve((PAD, middle), (PAD + _LEGEND_TEXT_X - 8, middle), kind))
        parts.append(_text(PAD + _LEGEND_TEXT_X, _baseline(y - INSET / 2, 0), words))
        y += LINE
    return parts, y


def _curve(start: tuple[float, float], end: tuple[float, float], kind: EdgeKind, title: str = "") -> str:
    (x1, y1), (x2, y2) = start, end
    middle = (x1 + x2) / 2
    colour, dash = _STROKES[kind]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    titled = f"><title>{_clean(title)}</title></path>" if title else "/>"
    return (
        f'<path d="M {_n(x1)} {_n(y1)} C {_n(middle)} {_n(y1)} {_n(middle)} {_n(y2)} {_n(x2)} {_n(y2)}" '
        f'fill="none" stroke="{colour}" stroke-width="1.6"{dashes}{titled}'
    )


def _box(x: float, y: float, width: float, height: float, fill: str, stroke: str) -> str:
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" rx="4" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1"/>'
    )


def _box_height(lines: int) -> float:
    return INSET + lines * LINE


def _baseline(box_top: float, line: int) -> float:
    """The baseline of a box's `line`th line of text."""
    return box_top + INSET / 2 + line * LINE + (LINE + SIZE) / 2 - 1


def _text(x: float, y: float, words: str, *, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-family="{FONT}" font-size="{SIZE}" fill="{INK}"{weight}>'
        f"{_clean(words)}</text>"
    )


# Characters XML 1.0 allows (an account name may hold anything; the SVG must stay well-formed).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(words: str) -> str:
    """Text for an SVG text node: characters XML refuses dropped, whitespace runs one space, and escaped."""
    return escape(" ".join(_NOT_XML.sub("", words).split()))


def _clip(words: str, limit: int) -> str:
    return words if len(words) <= limit else words[: limit - 1] + "…"


_NARROW = frozenset(" !'(),-./:;I[]fijlt|")
_WIDE = frozenset("%@MWmw")
_BOLD = 1.13  # DejaVu Sans Bold's advances against the regular face's, at most


def _width(words: str, *, bold: bool = False) -> float:
    """A generous estimate of the text's width at SIZE in DejaVu Sans (the font WeasyPrint finds here; the
    fallbacks are narrower), so that a box is never narrower than its text."""
    return SIZE * sum(_advance(ch) for ch in words) * (_BOLD if bold else 1.0)


def _advance(ch: str) -> float:
    """At least the character's advance in DejaVu Sans, in ems."""
    if ch in _NARROW:
        return 0.44
    if not ch.isascii():
        return 1.2  # DejaVu's widest letters (Cyrillic, some symbols) and the fallback fonts' ideographs
    if ch in _WIDE:
        return 1.0
    if ch.isupper():
        return 0.8
    if ch.isalnum():
        return 0.64
    return 0.84


def _n(value: float) -> str:
    return f"{round(value, 1):g}"
