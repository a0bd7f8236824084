"""The record contract (schema version 1) as pydantic models.

Every record is validated against these models before it is written, and ``pressfacts schema``
prints their JSON Schema, so the contract, the validation and the documentation are one thing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
        for rel in self.relations:
            for value in rel.args.values():
                for ref in value if isinstance(value, list) else [value]:
                    if _looks_like_id(ref) and ref not in ids:
                        raise ValueError(f"{rel.id}: argument {ref} is no item of this record")
        return self


def _looks_like_id(value: str | None) -> bool:
    return bool(value) and value[0] in "EDQR" and value[1:].isdigit()
