"""The arguments of each relation type (record contract, section 2.4) as data the extractor reads.

Rules name pattern-token ranges after these arguments (``slots``); what an argument is decides
how a slot is read: entities of the allowed labels inside it, a date or quantity span inside it,
or its text. Keeping the table next to the contract, not in the rules, means a rule file cannot
invent arguments the record does not have, and the loader can say so with the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ArgKind = Literal["entity", "entities", "text", "metric", "date", "quantity"]

ORG = "ORG"
PERSON = "PERSON"
PRODUCT = "PRODUCT"
FAC = "FAC"
GPE = "GPE"
LOC = "LOC"
AWARD = "AWARD"


@dataclass(frozen=True)
class ArgSpec:
    """One argument of a relation type.

    ``fan_out``: a single-valued argument whose slot names several entities ("in Apodaca, Nuevo
    León", "the Sakura and the eK X EV won") yields one relation per entity instead of one
    arbitrary pick. ``min_items``: a list argument needs this many distinct entities.
    ``kinds``: the quantity kinds (or date types) accepted, empty for any.
    """

    kind: ArgKind
    labels: frozenset[str] = frozenset()
    optional: bool = False
    fan_out: bool = False
    min_items: int = 1
    kinds: frozenset[str] = frozenset()


def _ent(*labels: str, optional: bool = False, fan_out: bool = False) -> ArgSpec:
    return ArgSpec("entity", frozenset(labels), optional=optional, fan_out=fan_out)


def _ents(*labels: str, min_items: int = 1) -> ArgSpec:
    return ArgSpec("entities", frozenset(labels), min_items=min_items)


def _qty(*kinds: str, optional: bool = False) -> ArgSpec:
    return ArgSpec("quantity", optional=optional, kinds=frozenset(kinds))


def _date(optional: bool = False) -> ArgSpec:
    return ArgSpec("date", optional=optional, kinds=frozenset({"DATE"}))


TEXT = ArgSpec("text")
OPTIONAL_TEXT = ArgSpec("text", optional=True)

#: Relation type -> argument name -> what the argument is, in the contract's order.
SCHEMA: dict[str, dict[str, ArgSpec]] = {
    "JOINT_VENTURE": {"venture": _ent(ORG), "partners": _ents(ORG, min_items=2)},
    "PARTNERSHIP": {"parties": _ents(ORG, min_items=2), "subject": OPTIONAL_TEXT},
    "ACQUISITION": {
        "acquirer": _ent(ORG),
        "target": _ent(ORG, PRODUCT, FAC),
        "price": _qty("MONEY", optional=True),
    },
    "INVESTMENT": {
        "investor": _ent(ORG),
        "target": _ent(ORG, FAC, PRODUCT, optional=True),
        "amount": _qty("MONEY"),
    },
    "PRODUCED_AT": {"product": _ent(PRODUCT, fan_out=True), "facility": _ent(FAC)},
    "OPERATES": {"org": _ent(ORG), "facility": _ent(FAC, fan_out=True)},
    "LOCATED_IN": {"subject": _ent(FAC, ORG), "location": _ent(GPE, LOC, fan_out=True)},
    "HOLDS_ROLE": {"person": _ent(PERSON), "org": _ent(ORG, optional=True), "role": TEXT},
    "QUOTE": {"speaker": _ent(PERSON), "quote": TEXT},
    "WON_AWARD": {
        "recipient": _ent(PRODUCT, ORG, PERSON, fan_out=True),
        "award": _ent(AWARD, fan_out=True),
    },
    "MILESTONE": {
        "subject": _ents(PRODUCT, ORG, FAC),
        "metric": ArgSpec("metric"),
        "quantity": _qty("COUNT", "MEASURE", "MONEY"),
        "date": _date(optional=True),
    },
    "FOUNDED": {"org": _ent(ORG), "date": _date()},
    "SIBLING_MODEL": {"products": _ents(PRODUCT, min_items=2)},
}

RELATION_TYPES: tuple[str, ...] = tuple(SCHEMA)
#: Metric values the contract allows; a trigger word not in the metrics table reads as "other".
METRICS = ("production", "sales", "orders", "deliveries", "other")
#: Arguments that do not tell two relations apart (the contract does not match them either, or
#: the first wording wins: a role "as first written in full").
NOT_IDENTIFYING = frozenset({("PARTNERSHIP", "subject"), ("HOLDS_ROLE", "role")})
#: Arguments a rule may leave without a slot: list arguments of organisations are then read as
#: "the two companies" of the text before; a QUOTE's quote comes from the quote segmenter.
IMPLICIT_ARGS = frozenset(
    {("JOINT_VENTURE", "partners"), ("PARTNERSHIP", "parties"), ("QUOTE", "quote")}
)


def slot_problems(rel_type: str, slots: dict[str, tuple[int, int]] | None) -> list[str]:
    """Why a rule's slots do not fit its relation type (empty when they do)."""
    spec = SCHEMA.get(rel_type)
    if spec is None:
        return [f"unknown relation type {rel_type!r}"]
    slots = slots or {}
    problems = [f"slot {name!r} is no argument of {rel_type}" for name in slots if name not in spec]
    for name, arg in spec.items():
        if name in slots or arg.optional or (rel_type, name) in IMPLICIT_ARGS:
            continue
        if arg.kind == "metric":
            continue  # no metric slot reads as "other"
        problems.append(f"required argument {name!r} of {rel_type} has no slot")
    return problems
