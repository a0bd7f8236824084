"""Which rule made which fact in one text, and what became of the rule matches that made none.

The components keep only what survives their context checks and overlap policies. To show a
rule's author what happened to its matches, ``traced_nlp`` builds the usual pipeline and wraps a
few public attributes of its components (the entity ruler's overlap filter, the date and quantity
matchers, the relation matcher and referring-phrase finder): each wrapper records what passes
through into ``doc.user_data`` and hands it on untouched, so the facts are those ``extract``
writes. Relations also expose their candidates and cancelled matches themselves.

What is known per group: entities, every span offered to the overlap filter (rule matches and
mentions); dates and quantities, every matcher hit, before the context checks and the overlap
policy (a hit that no fact overlaps was dropped by a context check); relations, every matcher
hit, every relation produced before merging, every match a cue cancelled; references, the
referring phrases found. A relation hit that produced nothing had arguments that could not be read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.relations import CANCELLED_KEY, CANDIDATES_KEY, RELATIONS_KEY
from pipeline.extract import (
    dates_of,
    entities_of,
    publication_anchor,
    quantities_of,
    relations_of,
)
from pipeline.matching import RuleMatch
from pipeline.nlp import build_nlp
from pipeline.reader import Release
from pipeline.rules import patterns_digest

TRACE_KEY = "pressfacts_trace"
#: The fact groups, in record order, and the referring phrases relations use.
FACT_GROUPS = ("entities", "dates", "quantities", "relations")
#: Which facts can stand in the way of a match of each group (overlap, or a context check that
#: drops numbers inside names and dates).
BLOCKERS = {
    "entities": ("entities",),
    "dates": ("entities", "dates"),
    "quantities": ("entities", "dates", "quantities"),
}


@dataclass(frozen=True)
class Hit:
    """A rule match as a component saw it, in character offsets."""

    group: str
    rule: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    """A record item and the rule behind it (its ``pattern``)."""

    group: str
    ref: str  # E1, D1, Q1, R1 as in the record
    rule: str
    label: str
    text: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class NotKept:
    """A match or candidate relation of a rule that is no fact, and why as far as is known."""

    group: str
    rule: str
    label: str
    text: str
    start: int
    end: int
    reason: str
    is_args: bool = False  # ``text`` is a relation's arguments, not the text it was read from


@dataclass
class Trace:
    """One text's facts, the matches that made none, and raw match counts per rule."""

    facts: list[Fact] = field(default_factory=list)
    not_kept: list[NotKept] = field(default_factory=list)
    references: list[Fact] = field(default_factory=list)  # referring phrases: no facts
    matches: Counter[str] = field(default_factory=Counter)


# --- the traced pipeline -------------------------------------------------------------------------


def _record(doc: Doc, hits: Iterable[Hit]) -> None:
    doc.user_data.setdefault(TRACE_KEY, set()).update(hits)


def _match_hit(doc: Doc, group: str, match: RuleMatch) -> Hit:
    start, end = match.focus or (match.start, match.end)
    span = doc[start:end]
    return Hit(group, match.rule.id, match.rule.label, span.start_char, span.end_char)


def _recording_matches(group: str, inner: Callable[..., Iterable[RuleMatch]]) -> Callable:
    """Wrap a ``doc -> matches`` callable so that every match is recorded as a Hit."""

    def matches(doc: Doc, *args: Any, **kwargs: Any) -> Iterator[RuleMatch]:
        found = list(inner(doc, *args, **kwargs))
        _record(doc, (_match_hit(doc, group, m) for m in found))
        return iter(found)

    return matches


def _recording_filter(inner: Callable) -> Callable:
    """Wrap the entity ruler's overlap filter so that every span offered to it is recorded."""

    def overlap_filter(spans: Iterable[Any]) -> Any:
        spans = list(spans)
        if spans:
            hits = (Hit("entities", s.id_, s.label_, s.start_char, s.end_char) for s in spans)
            _record(spans[0].doc, hits)
        return inner(spans)

    return overlap_filter


def _recording_references(inner: Callable) -> Callable:
    """Wrap the relation extractor's referring-phrase finder."""

    def references(doc: Doc, *args: Any, **kwargs: Any) -> list[Any]:
        found = inner(doc, *args, **kwargs)
        _record(doc, (_reference_hit(doc, ref) for ref in found))
        return found

    return references


def _reference_hit(doc: Doc, ref: Any) -> Hit:
    span = doc[ref.start : ref.end]
    return Hit("references", ref.rule, ref.kind, span.start_char, span.end_char)


def trace_pipeline(nlp: Language) -> Language:
    """Wrap the components of a pipeline ``build_nlp`` made; its facts stay the same."""
    ruler = nlp.get_pipe("pressfacts_entities")
    ruler.filter = _recording_filter(ruler.filter)
    dates = nlp.get_pipe("pressfacts_dates")
    dates.matcher = _recording_matches("dates", dates.matcher)
    quantities = nlp.get_pipe("pressfacts_quantities")
    quantities.matches = _recording_matches("quantities", quantities.matches)
    relations = nlp.get_pipe("pressfacts_relations")
    relations.matches = _recording_matches("relations", relations.matches)
    relations.references = _recording_references(relations.references)
    return nlp


def traced_nlp(patterns_dir: Path) -> Language:
    """A traced pipeline for a pattern folder, built once per process for each content of it."""
    return _traced_nlp(patterns_dir.resolve(), patterns_digest.__wrapped__(patterns_dir))


@cache
def _traced_nlp(patterns_dir: Path, digest: str) -> Language:
    return trace_pipeline(build_nlp(patterns_dir))


def run(nlp: Language, text: str, published: dt.date | None = None) -> Doc:
    """Run the pipeline as ``extract`` does: the publication date is known before it runs."""
    doc = nlp.make_doc(text)
    doc.user_data["published"] = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def run_text(nlp: Language, text: str, published: dt.date | None = None) -> Doc:
    """A bare text, its publication date from ``published`` or its dateline as ``extract``."""
    release = Release("text", "<text>", "", text, {}, None)
    return run(nlp, text, publication_anchor(release, published).date)


# --- reading a traced doc ------------------------------------------------------------------------


def trace(doc: Doc) -> Trace:
    """The facts of a doc the traced pipeline ran on, and what became of the other matches."""
    hits: set[Hit] = doc.user_data.get(TRACE_KEY, set())
    result = Trace(facts=facts_of(doc))
    result.matches.update(h.rule for h in hits)
    result.references = [
        Fact(h.group, "", h.rule, h.label, doc.text[h.start : h.end], "", h.start, h.end)
        for h in sorted(hits, key=_position)
        if h.group == "references"
    ]
    by_group: dict[str, list[Fact]] = {g: [] for g in FACT_GROUPS}
    for fact in result.facts:
        by_group[fact.group].append(fact)
    for hit in sorted(hits, key=_position):
        if hit.group in BLOCKERS:
            reason = _span_fate(hit, by_group)
            if reason is not None:
                result.not_kept.append(_not_kept(doc, hit, reason))
    result.not_kept.extend(_relations_not_kept(doc, hits, by_group["relations"]))
    return result


def _position(hit: Hit) -> tuple[int, int, str]:
    return hit.start, hit.end, hit.rule


def _not_kept(doc: Doc, hit: Hit, reason: str) -> NotKept:
    text = doc.text[hit.start : hit.end]
    return NotKept(hit.group, hit.rule, hit.label, text, hit.start, hit.end, reason)


def _overlaps(a: Hit | Fact, b: Hit | Fact) -> bool:
    return a.start < b.end and b.start < a.end


def _span_fate(hit: Hit, by_group: dict[str, list[Fact]]) -> str | None:
    """None when the hit became a fact of its rule, else what stood in its way."""
    own = by_group[hit.group]
    if hit.group == "entities":
        kept = any(
            (f.start, f.end, f.label, f.rule) == (hit.start, hit.end, hit.label, hit.rule)
            for f in own
        )
    else:  # context checks trim and extend the span: a fact of the rule over it is the hit
        kept = any(f.rule == hit.rule and _overlaps(f, hit) for f in own)
    if kept:
        return None
    blocking = [f for g in BLOCKERS[hit.group] for f in by_group[g] if _overlaps(f, hit)]
    if blocking:
        return "overlaps " + ", ".join(f'{f.ref} {f.label} "{f.text}" ({f.rule})' for f in blocking)
    return "dropped by a context check (no fact overlaps it)"


def _relations_not_kept(doc: Doc, hits: set[Hit], kept: list[Fact]) -> list[NotKept]:
    """Candidates merged into another relation, matches a cue cancelled, and matches whose
    arguments could not be read."""
    final = doc.user_data.get(RELATIONS_KEY, [])
    candidates = doc.user_data.get(CANDIDATES_KEY, [])
    cancelled = doc.user_data.get(CANCELLED_KEY, [])
    found = []
    for cand in candidates:
        if cand in final:
            continue
        same = [
            kept[i]
            for i, rel in enumerate(final)
            if rel["type"] == cand["type"] and rel["args"] == cand["args"]
        ]
        reason = (
            f"merged: the same fact is {same[0].ref} ({same[0].rule})"
            if same
            else "merged into a relation of its type (the same fact, or a more complete one)"
        )
        text = _relation_text(doc, cand["args"])
        found.append(NotKept("relations", cand["pattern"], cand["type"], text, cand["start"],
                             cand["end"], reason, is_args=True))  # fmt: skip
    for item in cancelled:
        reason = f'cancelled by the {item["category"]} cue "{item["cue"]}"'
        text = doc.text[item["start"] : item["end"]]
        found.append(
            NotKept("relations", item["pattern"], item["type"], text, item["start"], item["end"],
                    reason)
        )  # fmt: skip
    accounted = [(c["pattern"], c["start"], c["end"]) for c in [*candidates, *cancelled]]
    for hit in sorted((h for h in hits if h.group == "relations"), key=_position):
        if any(rule == hit.rule and s <= hit.start < e for rule, s, e in accounted):
            continue
        reason = (
            "no quotation linked to this attribution, or no speaker in it"
            if hit.label == "QUOTE"
            else "its arguments could not be read (no entity of the right label in a slot, "
            "or a reference left unresolved)"
        )
        found.append(_not_kept(doc, hit, reason))
    return found


# --- facts ---------------------------------------------------------------------------------------


def facts_of(doc: Doc) -> list[Fact]:
    """The doc's record items (as ``extract`` writes them) with their rules, in record order."""
    entities, dates, quantities = entities_of(doc), dates_of(doc), quantities_of(doc)
    texts = {item.id: item.text for item in [*entities, *dates, *quantities]}
    facts = [
        Fact("entities", e.id, e.pattern, e.label, e.text, _entity_value(e), e.start, e.end)
        for e in entities
    ]
    facts += [
        Fact("dates", d.id, d.pattern, d.type, d.text, _with_mod(d.value or "?", d.mod), d.start,
             d.end)
        for d in dates
    ]  # fmt: skip
    facts += [
        Fact("quantities", q.id, q.pattern, q.kind, q.text,
             _with_mod(f"{q.value} {q.unit}", q.mod), q.start, q.end)
        for q in quantities
    ]  # fmt: skip
    for rel in relations_of(doc, entities, dates, quantities):
        args = "; ".join(f"{name}={_arg(value, texts)}" for name, value in rel.args.items())
        facts.append(Fact("relations", rel.id, rel.pattern, rel.type, args, "", rel.start, rel.end))
    return facts


def _entity_value(entity: Any) -> str:
    parts = [] if entity.canonical == entity.text else [f"canonical={entity.canonical}"]
    if entity.brand:
        parts.append(f"brand={entity.brand}")
    return " ".join(parts)


def _with_mod(value: str, mod: str | None) -> str:
    return f"{value} ({mod})" if mod else value


def _arg(value: Any, texts: dict[str, str]) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "[" + ", ".join(_arg(v, texts) for v in value) + "]"
    return texts.get(value, f'"{value}"')


def _relation_text(doc: Doc, args: dict[str, Any]) -> str:
    """A candidate relation's arguments as text (they index the doc's entities and spans)."""
    ents = list(doc.ents)

    def text(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, int):
            return ents[value].text
        if isinstance(value, tuple):
            kind, index = value
            return doc.spans["dates" if kind == "date" else "quantities"][index].text
        if isinstance(value, list):
            return "[" + ", ".join(text(v) for v in value) + "]"
        return f'"{value}"'

    return "; ".join(f"{name}={text(value)}" for name, value in args.items())
