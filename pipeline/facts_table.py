"""Every fact of every record as one flat table (``pressfacts table``), for spreadsheets and SQL.

One row per entity mention, date, quantity and relation, all with the same columns, so a single
``GROUP BY`` answers questions across documents. ``value`` holds what the fact normalises to:
an entity's canonical, a date's value, a quantity's number; relations spell out their arguments
as a JSON object in ``arguments`` and quote their evidence in ``text``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.record import Record
from pipeline.spelled_args import as_json, item_index, spell_args

COLUMNS = (
    "doc_id", "section", "id", "label_or_type", "text", "value", "unit", "mod", "arguments",
    "start", "end", "pattern",
)  # fmt: skip
FORMATS = (".csv", ".jsonl")

Row = dict[str, Any]


def fact_rows(record: Record) -> Iterator[Row]:
    """The record's facts in section order, then in the record's order."""
    for entity in record.entities:
        yield _row(record, "entities", entity, entity.label, entity.text, entity.canonical)
    for date in record.dates:
        yield _row(record, "dates", date, date.type, date.text, date.value, mod=date.mod)
    for qty in record.quantities:
        yield _row(
            record, "quantities", qty, qty.kind, qty.text, qty.value, unit=qty.unit, mod=qty.mod
        )
    items = item_index(record)
    for rel in record.relations:
        evidence = record.text[rel.start : rel.end]
        arguments = as_json(spell_args(rel, items))
        yield _row(record, "relations", rel, rel.type, evidence, None, arguments=arguments)


def _row(
    record: Record,
    section: str,
    item: Any,
    label_or_type: str,
    text: str,
    value: object,
    unit: str | None = None,
    mod: str | None = None,
    arguments: str | None = None,
) -> Row:
    return {
        "doc_id": record.doc_id,
        "section": section,
        "id": item.id,
        "label_or_type": label_or_type,
        "text": text,
        "value": value,
        "unit": unit,
        "mod": mod,
        "arguments": arguments,
        "start": item.start,
        "end": item.end,
        "pattern": item.pattern,
    }


def to_csv(rows: Iterable[Row]) -> str:
    """CSV with a header line; a missing value is an empty field."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_field(value) for key, value in row.items()})
    return buffer.getvalue()


def to_jsonl(rows: Iterable[Row]) -> str:
    """One JSON object per line; values keep their JSON types (numbers, null)."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _csv_field(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
