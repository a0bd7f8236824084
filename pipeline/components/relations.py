"""Relation extraction: rules over tokens and entities, slots mapped to the contract's arguments.

Rules live in ``patterns/relations/*.jsonl`` (one file per family; a new file is picked up without
code changes). Each rule's ``label`` is the relation type and its ``slots`` name pattern-token
ranges after the type's arguments (``pipeline/relation_args.py``). Per match, a slot is read by
what its argument is:

- entity arguments: the entities of the allowed labels inside the slot; a list or fan-out
  argument whose slot names one entity also takes the entities coordinated with it ("Nissan and
  Japanese carmaker Mitsubishi", "in Apodaca, Nuevo León"); a single argument takes the entity
  nearest the rest of the match. Referring phrases in a slot ("the two companies", "the joint
  venture", "it") are resolved by ``pipeline/references.py``: a single argument uses them when
  the slot names no entity, a list adds them; unresolved, the match is dropped;
- ``role``, ``subject``: the slot's text as written ("President and COO", "editor-in-chief");
- ``metric``: the slot's words looked up in ``patterns/relations/metrics.tsv`` (else "other");
- date and quantity arguments: the first date (type DATE) or quantity (of an allowed kind) of
  ``doc.spans["dates"]`` / ``doc.spans["quantities"]`` overlapping the slot. Without those
  span groups (their components not in the pipeline) such relations are simply not found.

Rules may use ``{"_": {"arg_label": "ORG"}}``: the token is part of an ORG entity *or* of a
phrase referring to one, so one pattern covers "Nissan signed" and "the two companies signed".
(For speed the test is compiled to the native LEMMA attribute, which this component sets to
``arg:<LABEL>`` on entity and reference tokens; see ``pipeline/gating.py``.)
QUOTE rules find attributions ("said NAME", "NAME added:", "according to NAME", "he said"); the
quoted words come from ``pipeline/quotes.py``. Negated, hypothetical, failed and former facts
are dropped by the cues of ``patterns/relations/cues.tsv`` (``pipeline/cues.py``). The same fact
stated twice is one relation, with its first evidence.

Each rule runs only on the sentences that contain every word, tag and entity label it requires
(read off its pattern, ``pipeline/gating.py``), so the Matcher sees few sentences.

Interface (read by the record builder): ``doc.user_data["relations"]`` is a list of dicts
``{"type", "args", "start", "end", "pattern"}`` in document order. In ``args``, an entity is an
``int`` index into ``list(doc.ents)`` (a list argument a list of them), a date is the tuple
``("date", i)`` indexing ``doc.spans["dates"]``, a quantity ``("quantity", i)`` indexing
``doc.spans["quantities"]``, a string argument a ``str``, and a missing optional argument
``None``. ``start``/``end`` are character offsets of the evidence (the sentence; for a quote,
from the quotation to its attribution). For explanations, ``doc.user_data`` also holds
``"relations_candidates"`` (every relation a rule produced, before one-per-fact merging, same
shape) and ``"relations_cancelled"`` (the matches a cue dropped, with the cue and its category).
"""

from __future__ import annotations

import itertools
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.canonical import PLACE_LABELS
from pipeline.cues import CueHit, CueMatcher, cancelling_cue, load_cues
from pipeline.dateline import find_dateline
from pipeline.gating import (
    ARG_LABEL,
    ARG_PREFIX,
    Gate,
    gate,
    gated_matches,
    literals,
    sentence_features,
)
from pipeline.matching import RuleMatch
from pipeline.quotes import Attribution, find_passages, link
from pipeline.references import Reference, ReferenceFinder, Resolver
from pipeline.relation_args import (
    IMPLICIT_ARGS,
    METRICS,
    NOT_IDENTIFYING,
    RELATION_TYPES,
    SCHEMA,
    ArgSpec,
    slot_problems,
)
from pipeline.rules import PATTERNS_DIR, PatternError, Rule, load_group

RELATIONS_KEY = "relations"
CANCELLED_KEY = "relations_cancelled"
CANDIDATES_KEY = "relations_candidates"
DATES_KEY = "dates"
QUANTITIES_KEY = "quantities"
if not Token.has_extension(ARG_LABEL):  # the name patterns use; compiled away by gating.native
    Token.set_extension(ARG_LABEL, default="")

#: Words that join coordinated entities, and small words that may stand between them.
COORDINATORS = frozenset({",", "and", "&"})
ARTICLES = frozenset({"the", "a", "an", "its", "their"})
#: Descriptors between coordinated entities ("and Japanese carmaker"), at most this many.
MAX_COORDINATION_WORDS = 3
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
#: A bracketed aside between coordinated entities ("(70%)", "(NYSE: KST)"), at most this long.
MAX_ASIDE_TOKENS = 6
#: Head nouns after an entity, before the coordinator ("the X award, the Y award", "the Talon
#: pickup and the Courier van"), at most this many.
MAX_HEAD_WORDS = 1
#: A role may be written as a hyphenated compound: "editor-in-chief", "co-founder".
HYPHENS = frozenset({"-", "‐", "‑"})
#: A quantity followed by one of these is a rate ("$38.50 per share"), never a price or amount.
RATE_WORDS = frozenset({"per", "a", "each", "apiece"})

Value = Any  # int | list[int] | tuple[str, int] | str | None


@Language.factory("pressfacts_relations", default_config={"patterns_dir": None})
def make_relation_extractor(
    nlp: Language, name: str, patterns_dir: str | None
) -> RelationExtractor:
    return RelationExtractor(nlp, name, Path(patterns_dir) if patterns_dir else PATTERNS_DIR)


# --- loading -----------------------------------------------------------------------------------


def load_metrics(path: Path) -> dict[str, str]:
    """Trigger word (lower case) -> metric, from ``word<TAB>metric`` lines."""
    table: dict[str, str] = {}
    if not path.is_file():
        return table
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, metric = line.partition("\t")
        if metric.strip() not in METRICS:
            problems.append(f"{path}:{number}: unknown metric {metric.strip()!r}")
            continue
        table[word.strip().lower()] = metric.strip()
    if problems:
        raise PatternError(problems)
    return table


def literal_tokens(rule: Rule) -> frozenset[int]:
    """Pattern tokens that spell out words ("acquire", "of", ","), outside entity slots: the
    words that state a relation, which a cue must reach to cancel it."""
    if rule.is_phrase:
        return frozenset()
    spec = SCHEMA.get(rule.label, {})
    entity_slots = [
        rng for name, rng in (rule.slots or {}).items()
        if name in spec and spec[name].kind in {"entity", "entities"}
    ]  # fmt: skip
    return frozenset(
        k
        for k, token in enumerate(rule.pattern)
        if token.get("OP") != "!"
        and any(literals(token.get(a)) for a in ("LOWER", "ORTH", "TEXT", "NORM"))
        and not any(a <= k < b for a, b in entity_slots)
    )


# --- the component -----------------------------------------------------------------------------


@dataclass
class Relation:
    """A relation in the making: args as entity indexes, date/quantity refs or strings."""

    type: str
    args: dict[str, Value]
    start: int
    end: int
    pattern: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "args": dict(self.args),
            "start": self.start,
            "end": self.end,
            "pattern": self.pattern,
        }


class RelationExtractor:
    """Finds the relations of ``patterns/relations`` in a doc that has entities."""

    def __init__(self, nlp: Language, name: str, patterns_dir: Path = PATTERNS_DIR):
        self.name = name
        rules = load_group("relations", patterns_dir, labels=RELATION_TYPES)
        problems = [
            f"{item.path}:{item.line} {item.rule.id}: {problem}"
            for item in rules
            for problem in slot_problems(item.rule.label, item.rule.slots)
        ]
        if problems:
            raise PatternError(problems)
        self.gate = Gate(gate(nlp.vocab, rules), nlp.vocab.strings)
        self.rules = {item.rule.id: item.rule for item in rules}
        self.literals = {item.rule.id: literal_tokens(item.rule) for item in rules}
        self.references = ReferenceFinder(nlp.vocab, patterns_dir)
        folder = patterns_dir / "relations"
        self.cues = CueMatcher(nlp.vocab, load_cues(folder / "cues.tsv"))
        self.metrics = load_metrics(folder / "metrics.tsv")

    def __call__(self, doc: Doc) -> Doc:
        relations, candidates, cancelled = self.extract(doc)
        doc.user_data[RELATIONS_KEY] = [r.as_dict() for r in relations]
        doc.user_data[CANDIDATES_KEY] = [r.as_dict() for r in candidates]
        doc.user_data[CANCELLED_KEY] = cancelled
        return doc

    def matches(
        self,
        doc: Doc,
        references: list[Reference],
        sentences: list[tuple[Span, set[int]]] | None = None,
    ) -> Iterator[RuleMatch]:
        """Every rule match, each rule run only on the sentences it may match in (a referring
        phrase counts as the label it stands for)."""
        if not self.gate.gated or not len(doc):
            return
        sentences = sentence_features(doc) if sentences is None else sentences
        starts = [sent.start for sent, _ in sentences]
        strings = doc.vocab.strings
        for ref in references:
            sentences[bisect_right(starts, ref.start) - 1][1].add(strings.add(ref.label))
        yield from gated_matches(self.gate, sentences)

    def extract(self, doc: Doc) -> tuple[list[Relation], list[Relation], list[dict]]:
        """The relations, every candidate before merging (for explanations and rule tests) and
        the matches a cue cancelled."""
        sentences = sentence_features(doc)
        references = self.references(doc, sentences)
        mark_arg_labels(doc, references)
        sents = [sent for sent, _ in sentences]
        reader = SlotReader(doc, references, self.cues, self.metrics, self.literals, sents)
        found: list[Relation] = []
        attributions: list[RuleMatch] = []
        # joint ventures first, so that "the joint venture" elsewhere can name their venture
        ordered = sorted(
            self.matches(doc, references, sentences),
            key=lambda m: (m.rule.label != "JOINT_VENTURE", m.start),
        )
        for match in ordered:
            if match.rule.label == "QUOTE":
                attributions.append(match)
                continue
            for relation in reader.relations(match):
                found.append(relation)
                if relation.type == "JOINT_VENTURE":
                    reader.resolver.ventures.append(relation.args["venture"])
        found.extend(reader.quotes(attributions))
        return merge(found, reader), found, reader.cancelled


def mark_arg_labels(doc: Doc, references: list[Reference]) -> None:
    """Mark each token of an entity with the entity's label, and each token of a referring
    phrase with the label of what it stands for, so that ``arg_label`` patterns accept both.
    The mark goes to ``Token.lemma_`` (``arg:ORG``), the native attribute the rewritten patterns
    test (``pipeline.gating.native``): the blank pipeline has no lemmatizer."""
    for ent in doc.ents:
        mark = ARG_PREFIX + ent.label_
        for token in ent:
            token.lemma_ = mark
    for ref in references:
        mark = ARG_PREFIX + ref.label
        for token in doc[ref.start : ref.end]:
            token.lemma_ = mark


# --- reading slots -----------------------------------------------------------------------------


def _field(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _extension(span: Span, name: str) -> Any:
    return span._.get(name) if Span.has_extension(name) else None


class SlotReader:
    """Turns one document's matches into relations: slots to arguments, references resolved,
    cues applied."""

    def __init__(
        self,
        doc: Doc,
        references: list[Reference],
        cues: CueMatcher,
        metrics: dict[str, str],
        literals: dict[str, frozenset[int]] | None = None,
        sents: list[Span] | None = None,
    ):
        self.doc = doc
        self.resolver = Resolver(doc, references, sents)
        self.literals = literals or {}
        self.ents = self.resolver.ents
        self.ent_at = [-1] * len(doc)
        for index, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self.ent_at[i] = index
        self.references = references
        self.cue_hits: list[CueHit] = cues(doc, self.resolver.sents)
        self.metrics = metrics
        self.dates = list(doc.spans[DATES_KEY]) if DATES_KEY in doc.spans else []
        # the dateline's date says when the release was issued, not when its facts happened
        dateline = find_dateline(doc.text)
        self.dateline_dates = frozenset(
            i
            for i, span in enumerate(self.dates)
            if dateline is not None
            and dateline.date_start <= span.start_char
            and span.end_char <= dateline.date_end
        )
        self.quantities = list(doc.spans[QUANTITIES_KEY]) if QUANTITIES_KEY in doc.spans else []
        self.cancelled: list[dict] = []

    # -- relations --

    def relations(self, match: RuleMatch) -> list[Relation]:
        rule = match.rule
        hit = cancelling_cue(self.cue_hits, rule.label, self.stating_tokens(match))
        if hit is not None:
            self._cancel(match, hit)
            return []
        options = self.read_args(match)
        if options is None:
            return []
        sent = self.resolver.sentence(match.start)
        start, end = _evidence(sent)
        names = list(options)
        return [
            Relation(rule.label, dict(zip(names, values, strict=True)), start, end, rule.id)
            for values in itertools.product(*(options[n] for n in names))
        ]

    def _cancel(self, match: RuleMatch, hit: CueHit) -> None:
        span = self.doc[match.start : match.end]
        self.cancelled.append(
            {
                "pattern": match.rule.id,
                "type": match.rule.label,
                "start": span.start_char,
                "end": span.end_char,
                "cue": self.doc[hit.start : hit.end].text,
                "category": hit.cue.category,
            }
        )

    def stating_tokens(self, match: RuleMatch) -> list[int]:
        """The tokens that state the relation: its words and its text slots ("former CEO"), not
        its arguments or the gaps between them; without literal words, the match sans entities."""
        rule = match.rule
        spec = SCHEMA[rule.label]
        literals = self.literals.get(rule.id, frozenset())
        texts = [
            rng for name, rng in (rule.slots or {}).items()
            if name in spec and spec[name].kind in {"text", "metric"}
        ]  # fmt: skip
        tokens = [
            match.start + k
            for k, p in enumerate(match.alignments)
            if p in literals or any(a <= p < b for a, b in texts)
        ]
        return tokens or [i for i in range(match.start, match.end) if self.ent_at[i] < 0]

    def read_args(self, match: RuleMatch) -> dict[str, list[Value]] | None:
        """Per argument, its possible values (several for a fan-out argument); None when a
        required argument cannot be read."""
        rule = match.rule
        spec = SCHEMA[rule.label]
        slots = rule.slots or {}
        used: list[int] = []
        options: dict[str, list[Value]] = {}
        for name, arg in spec.items():
            pattern_range = slots.get(name)
            tokens = match.token_range(pattern_range) if pattern_range else None
            if arg.kind in {"entity", "entities"}:
                found = self.entity_arg(match, name, arg, pattern_range, tokens, used)
                if found is None:
                    return None
                options[name] = found
                for value in found:
                    used.extend(
                        value if isinstance(value, list) else [v for v in [value] if v is not None]
                    )
                continue
            value = self.plain_arg(rule.label, name, arg, tokens)
            if value is None and not arg.optional:
                return None
            options[name] = [value]
        return options

    def entity_arg(
        self,
        match: RuleMatch,
        name: str,
        arg: ArgSpec,
        pattern_range: tuple[int, int] | None,
        tokens: tuple[int, int] | None,
        used: list[int],
    ) -> list[Value] | None:
        sent = self.resolver.sentence(match.start)
        used_keys = {self.resolver.key(i) for i in used}
        found: list[int] = []
        several = arg.kind == "entities" or arg.fan_out
        if tokens is not None:
            found = self.entities_in(tokens, arg.labels)
            if len(found) == 1 and several:  # a slot naming several has its list already
                found = self.expand(found, arg.labels, sent)
            if several:  # "the vehicle ... as the Tsurugi Hana": names and references together
                found += self.resolve_in(tokens, arg.labels, used, every=True)
            elif not found:
                found = self.resolve_in(tokens, arg.labels, used)
        elif arg.kind == "entities" and (match.rule.label, name) in IMPLICIT_ARGS:
            found = self.resolver.pair(match.start, "ORG", used_keys)
        found = self.distinct([i for i in found if self.resolver.key(i) not in used_keys])
        if match.rule.label == "PARTNERSHIP" and len(found) == 1:
            found += self.other_party(match, found[0])
        if arg.kind == "entities":
            return [found] if len(found) >= arg.min_items else None
        if not found:
            return [None] if arg.optional else None
        if arg.fan_out:
            return list(found)
        at_start = pattern_range is not None and pattern_range[0] == 0
        return [found[-1] if at_start else found[0]]

    def plain_arg(
        self, rel_type: str, name: str, arg: ArgSpec, tokens: tuple[int, int] | None
    ) -> Value:
        if arg.kind == "metric":
            return self.metric(tokens)
        if tokens is None:
            return None
        if arg.kind == "text":
            return self.text(tokens, expand_hyphens=name == "role")
        if arg.kind == "date":
            return self.span_arg(
                "date", self.dates, "timex", "type", tokens, arg.kinds, self.dateline_dates
            )
        if arg.kind == "quantity":
            return self.span_arg("quantity", self.quantities, "quantity", "kind", tokens, arg.kinds)
        return None

    # -- entities --

    def entities_in(self, tokens: tuple[int, int], labels: frozenset[str]) -> list[int]:
        a, b = tokens
        found = []
        for i in range(a, b):
            index = self.ent_at[i]
            if index >= 0 and self.ents[index].label_ in labels and index not in found:
                found.append(index)
        return found

    def distinct(self, indexes: list[int]) -> list[int]:
        """One index per (label, canonical), first mention kept."""
        seen: dict[tuple[str, str], int] = {}
        for i in indexes:
            seen.setdefault(self.resolver.key(i), i)
        return list(seen.values())

    def expand(self, found: list[int], labels: frozenset[str], sent: Span) -> list[int]:
        """Add the entities coordinated with the first and last one found."""
        result = list(found)
        while (nxt := self._coordinated(self.ents[result[-1]].end, 1, labels, sent)) is not None:
            if nxt in result:
                break
            result.append(nxt)
        while (
            prv := self._coordinated(self.ents[result[0]].start - 1, -1, labels, sent)
        ) is not None:
            if prv in result:
                break
            result.insert(0, prv)
        return result

    def _coordinated(self, i: int, step: int, labels: frozenset[str], sent: Span) -> int | None:
        """The entity joined by a coordinator to the one next to token ``i`` (walking ``step``),
        across articles, a head noun of the entity it starts from ("award, the") and a few
        descriptors of the one it reaches ("and Japanese carmaker")."""
        coordinated = False
        descriptors = heads = 0
        while sent.start <= i < sent.end:
            index = self.ent_at[i]
            if index >= 0 and step > 0 and coordinated and self._based(index):
                # "and Munich-based utility Kessel Energie": the place describes the next one
                i = self.ents[index].end + 2
                descriptors += 1
                continue
            if index >= 0:
                ok = coordinated and self.ents[index].label_ in labels
                # "Sofia Tavares, Solmara's head of ...": a possessive describes, not joins
                return index if ok and not self._possessive(index) else None
            token = self.doc[i]
            lower = token.lower_
            skip = self._parenthesis_end(i, step, sent)
            if skip is not None:
                # an aside of the entity left behind: "Karrawong (70%) and Shiroyama"
                i = skip + step
                continue
            if lower in COORDINATORS:
                coordinated = True
            elif lower in ARTICLES:
                pass
            elif token.is_alpha and (
                (token.is_lower and not token.is_stop) or token.tag_ == "DEMONYM"
            ):
                # descriptors stand right before the entity reached: after the coordinator when
                # walking right, before it when walking left; on the other side, a head noun
                if coordinated == (step > 0):
                    descriptors += 1
                else:
                    heads += 1
                if descriptors > MAX_COORDINATION_WORDS or heads > MAX_HEAD_WORDS:
                    return None
            else:
                return None
            i += step
        return None

    def _possessive(self, index: int) -> bool:
        end = self.ents[index].end
        return end < len(self.doc) and self.doc[end].text in POSSESSIVES

    def _based(self, index: int) -> bool:
        """A place written as "X-based", which describes what follows it."""
        ent = self.ents[index]
        end = ent.end
        return (
            ent.label_ in PLACE_LABELS
            and end + 1 < len(self.doc)
            and self.doc[end].text in HYPHENS
            and self.doc[end + 1].lower_ == "based"
        )

    def _parenthesis_end(self, i: int, step: int, sent: Span) -> int | None:
        """The index of the bracket that closes the short aside opening at token ``i`` (walking
        ``step``), or None when ``i`` opens none."""
        opening, closing = ("(", ")") if step > 0 else (")", "(")
        if self.doc[i].text != opening:
            return None
        for j in range(i + step, i + step * (MAX_ASIDE_TOKENS + 2), step):
            if not sent.start <= j < sent.end:
                return None
            if self.doc[j].text == closing:
                return j
        return None

    def resolve_in(
        self, tokens: tuple[int, int], labels: frozenset[str], used: list[int], every: bool = False
    ) -> list[int]:
        """The antecedents of the first referring phrase inside the slot (of all, with
        ``every``)."""
        a, b = tokens
        found: list[int] = []
        for ref in self.references:
            if ref.start < b and a < ref.end:
                found += self.resolver.resolve(ref, labels, used)
                if not every:
                    break
        return found

    def other_party(self, match: RuleMatch, party: int) -> list[int]:
        """The second party of an agreement "with X" or "X signed an agreement": an
        organisation named earlier in the sentence, else the document's main organisation."""
        key = self.resolver.key(party)
        sent = self.resolver.sentence(match.start)
        for index in self.resolver.ents_of_sent[self.resolver.sent_of[sent.start]]:
            ent = self.ents[index]
            if ent.label_ == "ORG" and ent.start < match.start and self.resolver.key(index) != key:
                return [index]
        main = self.resolver.main_org()
        return [main] if main is not None and self.resolver.key(main) != key else []

    # -- strings, dates, quantities --

    def text(self, tokens: tuple[int, int], expand_hyphens: bool = False) -> str | None:
        a, b = tokens
        doc = self.doc
        while a < b and (doc[a].is_punct or doc[a].is_space):
            a += 1
        while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
            b -= 1
        if expand_hyphens:
            while (
                a >= 2
                and doc[a - 1].text in HYPHENS
                and not doc[a - 2].whitespace_
                and not doc[a - 1].whitespace_
                and doc[a - 2].is_alpha
            ):
                a -= 2
        return doc[a:b].text if a < b else None

    def metric(self, tokens: tuple[int, int] | None) -> str:
        if tokens is not None:
            for token in self.doc[tokens[0] : tokens[1]]:
                metric = self.metrics.get(token.lower_)
                if metric:
                    return metric
        return "other"

    @staticmethod
    def span_arg(
        kind: str,
        spans: list[Span],
        extension: str,
        attribute: str,
        tokens: tuple[int, int],
        accepted: frozenset[str],
        skip: frozenset[int] = frozenset(),
    ) -> tuple[str, int] | None:
        """The first span of the group overlapping the slot, of an accepted kind/type (a span
        may start before it: "more than 500,000 cars" for a slot on the number); ``skip``
        holds indexes that are never arguments."""
        a, b = tokens
        for index, span in enumerate(spans):
            if index in skip or not (span.start < b and a < span.end):
                continue
            value = _field(_extension(span, extension), attribute)
            if accepted and value is not None and value not in accepted:
                continue
            following = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
            if kind == "quantity" and following in RATE_WORDS:
                continue  # "US$38.50 per share" is a rate, not the price or amount
            return kind, index
        return None

    # -- quotes --

    def quotes(self, matches: list[RuleMatch]) -> list[Relation]:
        """QUOTE relations: attributions found by the QUOTE rules, linked to quoted passages."""
        attributions = []
        first_of: dict[tuple[str, str], int] = {}
        for match in matches:
            found = self.entity_arg(
                match, "speaker", SCHEMA["QUOTE"]["speaker"],
                (match.rule.slots or {}).get("speaker"),
                match.token_range((match.rule.slots or {}).get("speaker")),
                [],
            )  # fmt: skip
            if not found or found[0] is None:
                continue
            key = self.resolver.key(found[0])
            first_of.setdefault(key, found[0])
            span = self.doc[match.start : match.end]
            attributions.append(Attribution(span.start_char, span.end_char, key, match.rule.id))
        if not attributions:
            return []
        text = self.doc.text
        relations = []
        for turn in link(text, find_passages(text), attributions):
            quote = turn.quote
            if quote:
                args = {"speaker": first_of[turn.speaker], "quote": quote}
                relations.append(
                    Relation("QUOTE", args, turn.start, turn.end, turn.attribution.rule)
                )
        return relations

    # -- identity --

    def identity(self, value: Value) -> Any:
        """What an argument value means, so that the same fact stated twice compares equal."""
        if value is None:
            return None
        if isinstance(value, int):
            return self.resolver.key(value)
        if isinstance(value, list):
            return frozenset(self.resolver.key(i) for i in value)
        if isinstance(value, tuple):
            kind, index = value
            span = (self.dates if kind == "date" else self.quantities)[index]
            data = _extension(span, "timex" if kind == "date" else "quantity")
            fields = ("type", "value") if kind == "date" else ("kind", "unit", "value")
            known = tuple(_field(data, f) for f in fields)
            return (
                (kind, *known) if any(v is not None for v in known) else (kind, span.text.lower())
            )
        return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def _evidence(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without its trailing white space."""
    tokens = [t for t in sent if not t.is_space]
    if not tokens:
        return sent.start_char, sent.end_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


# --- one relation per fact ---------------------------------------------------------------------


#: Relation types whose list argument one sentence may state in parts: "an alliance with A and
#: B" read by one rule as (issuer, A), by another as (A, B) is one alliance of three.
JOINABLE = {"PARTNERSHIP": "parties"}


def join_parties(relations: list[Relation], reader: SlotReader) -> list[Relation]:
    """Relations of a joinable type from the same evidence whose lists share a member become one
    relation with the union of the lists (first relation's order and other arguments)."""
    result: list[Relation] = []
    for relation in relations:
        name = JOINABLE.get(relation.type)
        if name is None:
            result.append(relation)
            continue
        members = relation.args.get(name) or []
        for earlier in result:
            if (earlier.type, earlier.start, earlier.end) != (
                relation.type,
                relation.start,
                relation.end,
            ):
                continue
            known = {reader.identity(m) for m in earlier.args.get(name) or []}
            if known & {reader.identity(m) for m in members}:
                joined = list(earlier.args[name])
                joined += [m for m in members if reader.identity(m) not in known]
                earlier.args = {**earlier.args, name: joined}
                break
        else:
            result.append(relation)
    return result


def merge(relations: list[Relation], reader: SlotReader) -> list[Relation]:
    """One relation per fact, with its first evidence, in document order.

    Two relations are the same fact when type and identifying arguments mean the same; a relation
    whose known arguments another relation of its type also has, and more (a role with its
    organisation, an investment with its target), gives way to that one. A partnership about a
    joint venture that is named elsewhere gives way to the JOINT_VENTURE.
    """
    ordered = join_parties(sorted(relations, key=lambda r: (r.start, r.end)), reader)
    facts: dict[tuple, tuple[Relation, dict[str, Any]]] = {}
    for relation in ordered:
        ident = {
            name: reader.identity(value)
            for name, value in relation.args.items()
            if (relation.type, name) not in NOT_IDENTIFYING
        }
        key = (relation.type, tuple(sorted(ident.items(), key=lambda kv: kv[0])))
        facts.setdefault(key, (relation, ident))
    kept = list(facts.values())

    def subsumed(rel: Relation, ident: dict[str, Any]) -> bool:
        known = {k: v for k, v in ident.items() if v is not None}
        for other, other_ident in kept:
            if other is rel or other.type != rel.type:
                continue
            other_known = {k: v for k, v in other_ident.items() if v is not None}
            if len(other_known) > len(known) and all(
                other_ident.get(k) == v for k, v in known.items()
            ):
                return True
        return False

    ventures = [ident.get("partners") for rel, ident in kept if rel.type == "JOINT_VENTURE"]

    def about_named_venture(rel: Relation, ident: dict[str, Any]) -> bool:
        subject = str(rel.args.get("subject") or "").lower()
        return (
            rel.type == "PARTNERSHIP" and "venture" in subject and ident.get("parties") in ventures
        )

    return [
        rel
        for rel, ident in kept
        if not subsumed(rel, ident) and not about_named_venture(rel, ident)
    ]
