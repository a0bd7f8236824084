"""The record contract (schema version 1) as pydantic models.

Every record is validated against these models before it is written, and ``pressfacts schema``
prints their JSON Schema, so the contract, the validation and the documentation are one thing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline.relation_args import SCHEMA, ArgSpec

EntityLabel = Literal["ORG", "PERSON", "PRODUCT", "FAC", "GPE", "LOC", "AWARD"]
DateType = Literal["DATE", "DURATION", "SET"]
Mod = Literal[
    "APPROX", "BEFORE", "AFTER", "START", "MID", "END",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE",
]  # fmt: skip
QuantityKind = Literal["COUNT", "MONEY", "PERCENT", "MEASURE"]
RelationType = Literal[
    "JOINT_VENTURE", "PARTNERSHIP", "ACQUISITION", "INVESTMENT", "PRODUCED_AT", "OPERATES",
    "LOCATED_IN", "HOLDS_ROLE", "QUOTE", "WON_AWARD", "MILESTONE", "FOUNDED", "SIBLING_MODEL",
]  # fmt: skip
PublishedFrom = Literal["option", "front_matter", "dateline"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Evidence(_Strict):
    """An extracted item: where its evidence is and which rule made it."""

    id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(_Evidence):
    label: EntityLabel
    text: str
    canonical: str
    pattern: str
    brand: str | None = Field(default=None, description="PRODUCT only: canonical of its maker")


class DateItem(_Evidence):
    text: str
    type: DateType
    value: str | None
    mod: Mod | None = None
    relative: bool = False
    pattern: str


class Quantity(_Evidence):
    text: str
    kind: QuantityKind
    value: float | int
    unit: str
    mod: Mod | None = None
    pattern: str


class Relation(_Evidence):
    type: RelationType
    args: dict[str, str | list[str] | None]
    pattern: str


class PipelineInfo(_Strict):
    version: str
    patterns_sha256: str


class Record(_Strict):
    """One press release's facts. ``text[start:end]`` of every item is its evidence."""

    schema_version: Literal["1"] = "1"
    doc_id: str
    source: str
    sha256: str
    title: str | None
    published: str | None
    published_from: PublishedFrom | None
    meta: dict
    text: str
    entities: list[Entity]
    dates: list[DateItem]
    quantities: list[Quantity]
    relations: list[Relation]
    pipeline: PipelineInfo

    @model_validator(mode="after")
    def _evidence_in_text(self) -> Record:
        ids: set[str] = set()
        for item in [*self.entities, *self.dates, *self.quantities, *self.relations]:
            if not item.start <= item.end <= len(self.text):
                raise ValueError(f"{item.id}: offsets {item.start}-{item.end} outside the text")
            quoted = getattr(item, "text", None)
            if quoted is not None and self.text[item.start : item.end] != quoted:
                raise ValueError(f"{item.id}: text does not match body[{item.start}:{item.end}]")
            if item.id in ids:
                raise ValueError(f"duplicate id {item.id}")
            ids.add(item.id)
        items = {item.id: item for item in [*self.entities, *self.dates, *self.quantities]}
        for rel in self.relations:
            for problem in _argument_problems(rel, items):
                raise ValueError(f"{rel.id} ({rel.type}): {problem}")
        return self


def _argument_problems(rel: Relation, items: dict[str, BaseModel]) -> list[str]:
    """Why a relation's arguments break the contract's table (section 2.4): unknown or missing
    arguments, ids of no item of this record, items of the wrong kind or label."""
    spec = SCHEMA[rel.type]
    problems = [f"unknown argument {name!r}" for name in rel.args if name not in spec]
    for name, arg in spec.items():
        value = rel.args.get(name)
        if value is None:
            if not arg.optional and arg.kind not in ("text", "metric"):
                problems.append(f"argument {name!r} is missing")
            continue
        if arg.kind in ("text", "metric"):
            if not isinstance(value, str):
                problems.append(f"argument {name!r} must be a string")
            continue
        refs = value if isinstance(value, list) else [value]
        if isinstance(value, list) != (arg.kind == "entities"):
            problems.append(
                f"argument {name!r} must be {'a list' if arg.kind == 'entities' else 'one id'}"
            )
        problems.extend(_reference_problem(name, ref, arg, items) for ref in refs)
    return [p for p in problems if p]


def _reference_problem(name: str, ref: str, arg: ArgSpec, items: dict[str, BaseModel]) -> str:
    item = items.get(ref)
    if item is None:
        return f"argument {name!r}: {ref} is no item of this record"
    if arg.kind in ("entity", "entities"):
        if not isinstance(item, Entity) or item.label not in arg.labels:
            return f"argument {name!r}: {ref} is not an entity of {sorted(arg.labels)}"
    elif arg.kind == "date" and not isinstance(item, DateItem):
        return f"argument {name!r}: {ref} is not a date"
    elif arg.kind == "quantity" and not isinstance(item, Quantity):
        return f"argument {name!r}: {ref} is not a quantity"
    return ""
