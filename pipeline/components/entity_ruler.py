"""The entity ruler: pattern rules in, non-overlapping entities with rule ids out.

Modelled on spaCy's SpanRuler, with three differences that press releases need:
- rules may carry a ``focus`` so context ("said", a title) anchors a match without entering it;
- rules that read entities already found (``ENT_TYPE``...) run in a second stage, after the
  first-stage entities have been spread to their other mentions ("Nissan" after "Nissan Motor
  Co., Ltd.", see ``mentions.py``); the second stage runs twice so that mentions of entities it
  finds (the "Sakura" of "Nissan Sakura") are found too;
- the overlap policy is one registered, swappable function; among matches of the same span
  and label, the rule listed first (file order) is the one the record names;
- each rule runs only on the sentences holding what it requires (``pipeline/gating.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from pipeline.components.lexicon_tagger import OTHER
from pipeline.components.mentions import mention_spans
from pipeline.gating import Gate, gate, gated_matches, sentence_features, sentence_spans
from pipeline.rules import PATTERNS_DIR, load_group

ENTITY_LABELS = ("ORG", "PERSON", "PRODUCT", "FAC", "GPE", "LOC", "AWARD")
DEFAULT_PRIORITY = ("PERSON", "AWARD", "FAC", "ORG", "PRODUCT", "GPE", "LOC")
SECOND_STAGE_ROUNDS = 2


@registry.misc("pressfacts.longest_first.v1")
def make_longest_first(label_priority: list[str]) -> Callable[[Iterable[Span]], list[Span]]:
    """Overlap policy: longer spans win; among equal lengths the label earlier in the list wins,
    then the earlier span. Spans kept never overlap."""
    rank = {label: i for i, label in enumerate(label_priority)}

    def longest_first(spans: Iterable[Span]) -> list[Span]:
        ordered = sorted(spans, key=lambda s: (-(s.end - s.start), rank.get(s.label_, 99), s.start))
        taken: set[int] = set()
        kept = []
        for span in ordered:
            if taken.isdisjoint(range(span.start, span.end)):
                kept.append(span)
                taken.update(range(span.start, span.end))
        return sorted(kept, key=lambda s: s.start)

    return longest_first


@Language.factory(
    "pressfacts_entities",
    default_config={
        "patterns_dir": None,
        "overlap_filter": {
            "@misc": "pressfacts.longest_first.v1",
            "label_priority": list(DEFAULT_PRIORITY),
        },
    },
)
def make_entity_ruler(
    nlp: Language, name: str, patterns_dir: str | None, overlap_filter: Callable
) -> EntityRuler:
    return EntityRuler(
        nlp, name, Path(patterns_dir) if patterns_dir else PATTERNS_DIR, overlap_filter
    )


def name_end(doc: Doc, start: int, end: int) -> int:
    """A name of several words never ends in a lower-case word of no class (a legal form such
    as "plc" has one) unless a hyphen glues it on ("Kim Seo-yeon"): a rule's optional name part
    must not swallow the "said" of "Jane Doe said". Only the end moves, so the rule id still
    explains the span."""
    while end - start > 1:
        last, before = doc[end - 1], doc[end - 2]
        glued = before.text == "-" and not before.whitespace_
        if not (last.is_alpha and last.is_lower and last.tag_ == OTHER) or glued:
            break
        end -= 1
    return end


#: Labels whose names a product cannot open: "Sula Vind" is the company "Sula Vind AS", "Tindale
#: South" the start of the "Tindale South Processing Plant", whatever brand + name rule matched.
NAME_OWNERS = frozenset({"ORG", "FAC"})


def without_named_places_and_companies(ents: list[Span]) -> list[Span]:
    """Drop products whose words are the leading words of a company's or facility's name in the
    same document."""
    owners = [tuple(t.text for t in e) for e in ents if e.label_ in NAME_OWNERS]
    if not owners:
        return ents

    def owned(ent: Span) -> bool:
        words = tuple(t.text for t in ent)
        return any(len(name) >= len(words) and name[: len(words)] == words for name in owners)

    return [e for e in ents if not (e.label_ == "PRODUCT" and owned(e))]


class EntityRuler:
    """Finds entities with the rules of ``patterns/entities``."""

    def __init__(self, nlp: Language, name: str, patterns_dir: Path, overlap_filter: Callable):
        self.name = name
        rules = load_group("entities", patterns_dir, labels=ENTITY_LABELS)
        # each rule runs only on the sentences holding the words and tags it requires
        strings = nlp.vocab.strings
        self.first = Gate(gate(nlp.vocab, [r for r in rules if not r.rule.needs_entities]), strings)
        self.second = Gate(gate(nlp.vocab, [r for r in rules if r.rule.needs_entities]), strings)
        self.filter = overlap_filter

    def __call__(self, doc: Doc) -> Doc:
        sents = sentence_spans(doc)
        doc.ents = self.filter(self._spans(doc, self.first, sents))
        for _ in range(SECOND_STAGE_ROUNDS):
            doc.ents = self.filter([*doc.ents, *mention_spans(doc)])
            doc.ents = without_named_places_and_companies(
                self.filter([*doc.ents, *self._spans(doc, self.second, sents)])
            )
        return doc

    @staticmethod
    def _spans(doc: Doc, rules: Gate, sents: list[Span]) -> list[Span]:
        spans = []
        for match in gated_matches(rules, sentence_features(doc, sents)):
            focus = match.focus
            if focus is None:
                continue
            start, end = focus[0], name_end(doc, focus[0], focus[1])
            span = Span(doc, start, end, label=match.rule.label)
            span.id_ = match.rule.id
            spans.append(span)
        return spans
