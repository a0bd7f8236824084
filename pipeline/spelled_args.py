"""A relation's arguments as a reader wants them: names and values, not ids.

``show``, ``render`` and ``table`` all spell arguments through this module, so an argument reads
the same in the terminal, in the HTML report and in the flat table. Which arguments are ids and
which are plain strings comes from the contract's table in ``relation_args.SCHEMA``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pipeline.record import DateItem, Entity, Quantity, Record, Relation
from pipeline.relation_args import SCHEMA

Item = Entity | DateItem | Quantity
STRING_KINDS = frozenset({"text", "metric"})


@dataclass(frozen=True)
class Arg:
    """One argument value: what a reader sees, and the id of the item it stands for."""

    text: str
    ref: str | None = None


Spelled = Arg | list[Arg] | None


def item_index(record: Record) -> dict[str, Item]:
    """Entities, dates and quantities by id: what relation arguments point at."""
    return {item.id: item for item in [*record.entities, *record.dates, *record.quantities]}


def describe(item: Item) -> str:
    """An item as an argument: an entity's canonical, a date's text and value, a quantity's text."""
    if isinstance(item, Entity):
        return item.canonical
    if isinstance(item, DateItem):
        if item.value is None or item.value == item.text:
            return item.text
        return f"{item.text} ({item.value})"
    return item.text


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.") + "…"


def spell_args(
    relation: Relation, items: dict[str, Item], quote_limit: int | None = None
) -> dict[str, Spelled]:
    """The relation's arguments in the record's order, ids replaced by what they stand for.

    ``quote_limit`` shortens a QUOTE's quote for displays; the flat table keeps it whole.
    """
    spec = SCHEMA.get(relation.type, {})
    spelled: dict[str, Spelled] = {}
    for name, value in relation.args.items():
        arg_spec = spec.get(name)
        is_string = arg_spec is not None and arg_spec.kind in STRING_KINDS
        if value is None:
            spelled[name] = None
        elif isinstance(value, list):
            spelled[name] = [_spell_ref(ref, items) for ref in value]
        elif is_string or value not in items:
            if quote_limit and relation.type == "QUOTE" and name == "quote":
                value = shorten(value, quote_limit)
            spelled[name] = Arg(value)
        else:
            spelled[name] = _spell_ref(value, items)
    return spelled


def _spell_ref(ref: str, items: dict[str, Item]) -> Arg:
    item = items.get(ref)
    return Arg(describe(item), ref) if item is not None else Arg(ref)


def as_text(value: Spelled) -> str:
    """One argument on one line: lists joined with commas, a missing argument as a dash."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(arg.text for arg in value)
    return value.text


def as_json(spelled: dict[str, Spelled]) -> str:
    """The arguments as a JSON object of names to strings, lists of strings or null."""
    plain = {
        name: (
            None
            if value is None
            else [arg.text for arg in value]
            if isinstance(value, list)
            else value.text
        )
        for name, value in spelled.items()
    }
    return json.dumps(plain, ensure_ascii=False)
