"""One record as rich tables for the terminal (``pressfacts show``).

Every string from the record goes into a ``rich.text.Text``, never into markup, so a bracket in
a press release ("[1]", "[Photo]") is printed as written instead of being read as a style.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline.record import Entity, EntityLabel, Record
from pipeline.spelled_args import as_text, item_index, spell_args

#: QUOTE quotes longer than this are shortened in the terminal (the record keeps them whole).
QUOTE_LIMIT = 60
_LABEL_ORDER = {label: i for i, label in enumerate(get_args(EntityLabel))}


def record_view(record: Record) -> RenderableType:
    """Header, entities, dates, quantities and relations of one record."""
    sections = [_entities(record), _dates(record), _quantities(record), _relations(record)]
    parts: list[RenderableType] = [_header(record)]
    for section in sections:
        parts.extend([Text(""), section])
    return Group(*parts)


def format_number(value: float | int) -> str:
    """A value with thousands separators, without a spurious ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"


def _header(record: Record) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    published = record.published or "unknown"
    if record.published_from:
        published += f" (from {record.published_from.replace('_', ' ')})"
    rows = [
        ("doc_id", record.doc_id),
        ("title", record.title or "—"),
        ("published", published),
        ("source", record.source),
        ("facts", _counts(record)),
    ]
    for name, value in rows:
        grid.add_row(name, Text(value))
    return grid


def _counts(record: Record) -> str:
    distinct = len({(e.label, e.canonical) for e in record.entities})
    return (
        f"{_n(distinct, 'entity', 'entities')} ({_n(len(record.entities), 'mention')}), "
        f"{_n(len(record.dates), 'date')}, "
        f"{_n(len(record.quantities), 'quantity', 'quantities')}, "
        f"{_n(len(record.relations), 'relation')}"
    )


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


#: Short columns that read worse wrapped than the long ones they squeeze.
_NO_WRAP = frozenset({"id", "label", "type", "kind", "mod", "relative", "mentions", "value"})
_RIGHT = frozenset({"mentions"})


def _table(title: str, columns: Iterable[str]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for column in columns:
        table.add_column(
            column,
            overflow="fold",
            no_wrap=column in _NO_WRAP,
            justify="right" if column in _RIGHT else "left",
        )
    return table


def _empty(section: str) -> Text:
    return Text(f"no {section}", style="italic")


def _entities(record: Record) -> RenderableType:
    if not record.entities:
        return _empty("entities")
    groups: dict[tuple[str, str], list[Entity]] = {}
    for entity in record.entities:
        groups.setdefault((entity.label, entity.canonical), []).append(entity)
    table = _table("Entities", ["label", "canonical", "mentions", "as written", "rules"])
    order = sorted(groups, key=lambda key: (_LABEL_ORDER.get(key[0], 99), groups[key][0].start))
    for label, canonical in order:
        mentions = groups[(label, canonical)]
        forms = list(dict.fromkeys(m.text for m in mentions))
        rules = sorted({m.pattern for m in mentions})
        table.add_row(
            label,
            Text(canonical),
            str(len(mentions)),
            Text(" | ".join(forms)),
            Text(", ".join(rules)),
        )
    return table


def _dates(record: Record) -> RenderableType:
    if not record.dates:
        return _empty("dates")
    table = _table("Dates", ["id", "text", "type", "value", "mod", "relative", "rule"])
    for date in record.dates:
        table.add_row(
            date.id,
            Text(date.text),
            date.type,
            Text(date.value or "—"),
            date.mod or "",
            "yes" if date.relative else "",
            Text(date.pattern),
        )
    return table


def _quantities(record: Record) -> RenderableType:
    if not record.quantities:
        return _empty("quantities")
    table = _table("Quantities", ["id", "text", "kind", "value", "unit", "mod", "rule"])
    table.columns[3].justify = "right"  # numbers; a date's value is text and stays left
    for qty in record.quantities:
        table.add_row(
            qty.id,
            Text(qty.text),
            qty.kind,
            format_number(qty.value),
            Text(qty.unit),
            qty.mod or "",
            Text(qty.pattern),
        )
    return table


def _relations(record: Record) -> RenderableType:
    if not record.relations:
        return _empty("relations")
    items = item_index(record)
    table = _table("Relations", ["id", "type", "arguments", "rule"])
    for rel in record.relations:
        spelled = spell_args(rel, items, quote_limit=QUOTE_LIMIT)
        args = Text("\n").join(
            Text.assemble((f"{name}: ", "dim"), as_text(value)) for name, value in spelled.items()
        )
        table.add_row(rel.id, rel.type, args, Text(rel.pattern))
    return table
