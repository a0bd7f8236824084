"""Resolving the phrases a sentence uses instead of a name: "the two companies", "the joint
venture", "the company", "it", "he", "both of these vehicles", "the plant".

The phrases themselves are rules in ``patterns/references/*.jsonl``; the rule's ``label`` is the
kind of reference, and each kind has one resolution strategy here. Every strategy looks only
backwards (the current sentence before the phrase, then earlier sentences) and gives up unless
the text makes the answer unambiguous, because the contract prefers a missing relation to a wrong
one: "the two companies" needs a sentence that names exactly two organisations, "it" a sentence
with exactly one candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.gating import Gate, gate, gated_matches, sentence_features, sentence_spans
from pipeline.rules import PATTERNS_DIR, load_group

#: Kind of reference (a rule's label) -> the entity label it stands for.
REFERENCE_LABELS: dict[str, str] = {
    "PAIR": "ORG",  # the two companies, both companies
    "COMPANY": "ORG",  # the company, the group, the bank
    "VENTURE": "ORG",  # the joint venture, the venture, the new company
    "IT": "ORG",  # it, its
    "PERSON": "PERSON",  # he, she
    "FACILITY": "FAC",  # the plant, the site, the hub
    "PRODUCT": "PRODUCT",  # the vehicle, the model
    "PRODUCTS": "PRODUCT",  # both vehicles, the two models
    "PRODUCT_GROUP": "PRODUCT",  # these models, the turbines
}
#: Organisations these rules find are no party to the story: the newswire, the stock exchange.
NOT_PARTY_RULES = frozenset({"org.newswire", "org.exchange_listing"})
#: ... nor are organisations named like a newswire, whichever rule found them.
_NEWSWIRE = re.compile(r"(?i)(news ?wire|business wire|press ?wire|wire service)$")
#: How many sentences back a reference may look for its antecedent, per kind (default: the
#: first number). "It" and "he" refer to something just named; "the two companies" may look
#: further back, past sentences that name no or one company.
LOOKBACK_SENTENCES = 8
LOOKBACK = {"IT": 1, "PERSON": 3, "COMPANY": 2, "PRODUCT": 2, "FACILITY": 6}
#: Kinds an "it" may stand for, and references an "it" may take its antecedent from.
IT_LABELS = frozenset({"ORG", "PRODUCT", "FAC"})
ANTECEDENT_REFERENCES = frozenset({"VENTURE", "COMPANY", "FACILITY", "PRODUCT"})
#: A main organisation must be mentioned at least this often, and this many times more often
#: than the next one, to stand for "the company" when nothing nearer decides.
MAIN_ORG_MIN_MENTIONS = 2
MAIN_ORG_RATIO = 2.0


@dataclass(frozen=True)
class Reference:
    """A referring phrase: token range, kind and the rule that found it."""

    start: int
    end: int
    kind: str
    rule: str

    @property
    def label(self) -> str:
        return REFERENCE_LABELS[self.kind]


class ReferenceFinder:
    """Finds referring phrases with the rules of ``patterns/references``."""

    def __init__(self, vocab: Vocab, patterns_dir: Path = PATTERNS_DIR):
        rules = load_group("references", patterns_dir, labels=REFERENCE_LABELS)
        self.gate = Gate(gate(vocab, rules), vocab.strings)

    def __call__(
        self, doc: Doc, sentences: list[tuple[Span, set[int]]] | None = None
    ) -> list[Reference]:
        """Non-overlapping references outside entities, longest first (``sentences``: the
        doc's sentences with their features, ``pipeline.gating.sentence_features``)."""
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found = []
        sentences = sentence_features(doc) if sentences is None else sentences
        matches = sorted(
            gated_matches(self.gate, sentences), key=lambda m: (m.start - m.end, m.start)
        )
        for match in matches:
            start, end = match.focus or (match.start, match.end)
            if taken.isdisjoint(range(start, end)):
                found.append(Reference(start, end, match.rule.label, match.rule.id))
                taken.update(range(start, end))
        return sorted(found, key=lambda r: r.start)


class Resolver:
    """Antecedents of references in one document.

    ``ventures`` collects the ventures of the JOINT_VENTURE relations found so far, so that "the
    joint venture" can name them; the extractor fills it before it reads other relations.
    ``references`` are the document's referring phrases: "its" may take its antecedent from one
    ("built by the joint venture at its plant").
    """

    def __init__(
        self,
        doc: Doc,
        references: list[Reference] | None = None,
        sents: list[Span] | None = None,
    ):
        self.doc = doc
        self.ents = list(doc.ents)
        self.sents = sentence_spans(doc) if sents is None else sents
        self.references = references or []
        self.sent_of = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = k
        self.paragraph_of = _paragraphs(doc, self.sents)
        self.ents_of_sent: list[list[int]] = [[] for _ in self.sents]
        for index, ent in enumerate(self.ents):
            if ent.label_ == "ORG" and not is_party(ent):
                continue
            self.ents_of_sent[self.sent_of[ent.start]].append(index)
        self.ventures: list[int] = []
        self._main_org: int | None | bool = False

    def sentence(self, token: int) -> Span:
        """The sentence of a token (without walking the doc as ``Token.sent`` does)."""
        return self.sents[self.sent_of[token]]

    def key(self, index: int) -> tuple[str, str]:
        """What makes two mentions the same thing: label and canonical name."""
        ent = self.ents[index]
        return ent.label_, ent._.canonical or ent.text

    def resolve(
        self, ref: Reference, labels: Iterable[str], exclude: Iterable[int] = ()
    ) -> list[int]:
        """Entity indexes the reference stands for, or [] when that is not unambiguous."""
        labels = frozenset(labels)
        if ref.label not in labels:
            return []
        skip = {self.key(i) for i in exclude}
        if ref.kind == "PAIR":
            return self.pair(ref.start, {"ORG"}, skip)
        if ref.kind == "PRODUCTS":
            return self.pair(ref.start, {"PRODUCT"}, skip)
        if ref.kind == "PRODUCT_GROUP":
            return self.group(ref.start, {"PRODUCT"}, skip)
        if ref.kind == "VENTURE":
            return [i for i in self.venture() if self.key(i) not in skip]
        if ref.kind == "COMPANY":
            return [i for i in self.company(ref.start) if self.key(i) not in skip]
        if ref.kind == "IT":
            found = self.single(ref.start, labels & IT_LABELS, "IT", with_references=True)
        else:
            found = self.single(ref.start, {ref.label}, ref.kind)
        return [i for i in found if self.key(i) not in skip]

    # --- strategies --------------------------------------------------------------------------

    def candidates(
        self,
        token: int,
        labels: set[str] | frozenset[str],
        kind: str = "",
        skip: set | None = None,
        with_references: bool = False,
    ) -> Iterator[list[int]]:
        """Per sentence, nearest first: the distinct entities of ``labels`` before ``token`` (in
        its own sentence) or anywhere in an earlier one; sentences naming none are left out. A
        person is looked for in the same paragraph only."""
        skip = skip or set()
        current = self.sent_of[token] if token < len(self.sent_of) else len(self.sents) - 1
        lookback = LOOKBACK.get(kind, LOOKBACK_SENTENCES)
        for k in range(current, max(-1, current - lookback - 1), -1):
            if kind == "PERSON" and self.paragraph_of[k] != self.paragraph_of[current]:
                return
            indexes = [
                i
                for i in self.ents_of_sent[k]
                if self.ents[i].label_ in labels and (k != current or self.ents[i].start < token)
            ]
            unresolved = False
            if with_references:
                named, unresolved = self._named_by_references(k, token, labels)
                indexes += named
                indexes.sort(key=lambda i: self.ents[i].start)
            distinct: dict[tuple[str, str], int] = {}
            for index in indexes:
                key = self.key(index)
                if key not in skip:
                    distinct.setdefault(key, index)
            if unresolved:
                yield [*distinct.values(), -1]  # a phrase naming something unknown: ambiguous
            elif distinct:
                yield list(distinct.values())

    def _named_by_references(
        self, sent: int, token: int, labels: frozenset[str] | set[str]
    ) -> tuple[list[int], bool]:
        """Entities that references in sentence ``sent`` (before ``token``) stand for, and
        whether one of them stands for something it cannot name ("the joint venture" without a
        known venture), which makes "it" ambiguous."""
        found: list[int] = []
        unresolved = False
        for ref in self.references:
            if (
                ref.end <= token
                and self.sent_of[ref.start] == sent
                and ref.label in labels
                and ref.kind in ANTECEDENT_REFERENCES
            ):
                named = self.resolve(ref, labels)
                found += named
                unresolved = unresolved or not named
        return found, unresolved

    def pair(self, token: int, labels: set[str], skip: set) -> list[int]:
        """The two of the nearest sentence that names exactly two; none if it names more."""
        for found in self.candidates(token, labels, "PAIR", skip):
            if len(found) == 2:
                return found
            if len(found) > 2:
                return []
        return []

    def group(self, token: int, labels: set[str], skip: set) -> list[int]:
        """All of the nearest sentence that names any ("these models", "the turbines")."""
        for found in self.candidates(token, labels, "PRODUCT", skip):
            return found
        return []

    def single(
        self,
        token: int,
        labels: frozenset[str] | set[str],
        kind: str,
        with_references: bool = False,
    ) -> list[int]:
        """The one candidate of the nearest sentence that has any; none if it has several."""
        for found in self.candidates(token, labels, kind, with_references=with_references):
            return found if len(found) == 1 else []
        return []

    def company(self, token: int) -> list[int]:
        """ "The company": the only organisation of a sentence just before (or of this one),
        else the document's main organisation."""
        for found in self.candidates(token, {"ORG"}, "COMPANY"):
            if len(found) == 1:
                return found
            break
        main = self.main_org()
        return [main] if main is not None else []

    def venture(self) -> list[int]:
        """ "The joint venture": the venture of the document's joint ventures, if there is one."""
        distinct = {self.key(i): i for i in self.ventures}
        return list(distinct.values()) if len(distinct) == 1 else []

    def main_org(self) -> int | None:
        """The organisation the release is about: mentioned most, and clearly more than any
        other (first mention), else None."""
        if self._main_org is False:
            counts = Counter(
                self.key(i)
                for sent in self.ents_of_sent
                for i in sent
                if self.ents[i].label_ == "ORG"
            )
            ranked = counts.most_common(2)
            main = None
            if ranked and ranked[0][1] >= MAIN_ORG_MIN_MENTIONS:
                second = ranked[1][1] if len(ranked) > 1 else 0
                if ranked[0][1] >= MAIN_ORG_RATIO * second:
                    main = next(
                        i for sent in self.ents_of_sent for i in sent if self.key(i) == ranked[0][0]
                    )
            self._main_org = main
        return self._main_org  # type: ignore[return-value]


def is_party(ent: Span) -> bool:
    """False for organisations that only publish or list the news: newswires, exchanges."""
    name = ent._.canonical or ent.text
    return ent.id_ not in NOT_PARTY_RULES and not _NEWSWIRE.search(name.strip())


def _paragraphs(doc: Doc, sents: list[Span]) -> list[int]:
    """Paragraph number of each sentence: a line break after a sentence starts a paragraph."""
    numbers = []
    paragraph = 0
    for k in range(len(sents)):
        if k:
            last = doc[sents[k - 1].end - 1]
            if "\n" in last.text or "\n" in last.whitespace_:
                paragraph += 1
        numbers.append(paragraph)
    return numbers
