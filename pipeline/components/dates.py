"""The date component: TIMEX3 dates, durations and sets found by the rules in ``patterns/dates``.

It runs after the entities, so numbers inside names are left alone: a match overlapping an ORG,
PRODUCT, FAC or PERSON ("NV200", "Delica D:3") is dropped, one inside an AWARD ("2022-2023 Japan
Car of the Year") is kept. Per document:

1. the rules give candidates (token patterns over lexicon tags: MONTH, WEEKDAY, SEASON,
   TIME_UNIT), each group of rules run only around the tokens that can trigger it;
2. context checks drop what a pattern cannot see: "to 1995 customers" is a count, "a year" is a
   SET only after a quantity ("300,000 vehicles a year");
3. words in front that qualify the date (``lexicons/date_modifier.tsv``: "more than", "by the end
   of", "mid-") join the span and set its ``mod``; the one next to the date wins, so "by the end
   of 2025" is 2025 with END, "by 2030" is 2030 with BEFORE;
4. ``pipeline.timex`` turns the words into a value, resolving relative ones against
   ``doc.user_data["published"]``, with the sentence's tense for "in March" or "on Tuesday";
5. longest first, spans that do not overlap go to ``doc.spans["dates"]``.

Each span has ``id_`` = the rule id, ``label_`` = DATE / DURATION / SET and ``Span._.timex`` =
``{"type", "value", "mod", "relative"}``. A dateline date that the tokenizer glued to a wire
marker ("WIRE)--March 4, 2025") is taken from ``pipeline.dateline`` with the id
``date.dateline``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab
from wordfreq import zipf_frequency

from pipeline.dateline import find_dateline
from pipeline.matching import RuleMatch, RuleMatcher
from pipeline.rules import PATTERNS_DIR, LoadedRule, load_group
from pipeline.timex import (
    ALLOWED_MODS,
    DATE,
    DURATION,
    SET,
    Tables,
    Timex,
    interpret,
    load_tables,
)

if not Span.has_extension("timex"):
    Span.set_extension("timex", default=None)

DATE_LABELS = (DATE, DURATION, SET)
#: Entities whose numbers are never dates; AWARD, GPE and LOC may hold one.
BLOCKING_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "PERSON"})
#: Among spans of equal length: a SET ("a year" after a quantity) before a DATE before a DURATION.
LABEL_RANK = {SET: 0, DATE: 1, DURATION: 2}
DATELINE_RULE = "date.dateline"
MAX_MODIFIERS = 3
#: A dateline starts in the first 400 characters (pipeline.dateline) and is short.
DATELINE_CHARS = 400
DATELINE_TOKENS = 40
HYPHENS = frozenset({"-", "–"})

_BARE_YEAR = re.compile(r"^(19\d\d|20\d\d|2100)$")
#: After these words a year-shaped number followed by a plural noun is a count: "to 1995 customers".
COUNT_CONTEXT = frozenset({"of", "to", "and", "from", "for", "with", "around", "'s", "’s"})
#: Plural nouns that do follow a year: "compared with 2019 levels", "2024 sales".
YEAR_NOUNS = frozenset(
    {"levels", "sales", "results", "figures", "earnings", "targets", "models", "prices",
     "revenues", "rates", "forecasts", "goals", "emissions", "accounts", "budgets", "plans"}
)  # fmt: skip
#: "a year" is a rate after a quantity, a duration after these words: "for a year".
DURATION_CONTEXT = frozenset(
    {"for", "than", "about", "in", "within", "over", "of", "after", "nearly", "almost",
     "around", "by", "under", "some", "half", "past", "first", "last", "next", "another"}
)  # fmt: skip
#: Rate words that before a noun mean "everyday", not a rate: "daily lives", "daily service";
#: "produced 500 units daily" and "on a daily basis" are rates.
EVERYDAY = frozenset({"daily"})
NOT_NOUNS = frozenset({"basis", "and", "or", "to", "at", "in", "on", "for", "from", "with", "by"})
RATE_WORDS = frozenset({"once", "twice", "times", "thrice"})
QUANTITY_WINDOW = 6
#: Words before "over" that make it "more than": "for over 20 years".
OVER_MEANS_MORE = frozenset({"for", "of", "in", "with", "after", "than"})
FUTURE_CUES = frozenset(
    {"will", "shall", "'ll", "wo", "expected", "expects", "expect", "plans", "plan", "planned",
     "scheduled", "upcoming", "due", "aims", "intends", "intend", "next", "going",
     "forthcoming", "later"}
)  # fmt: skip
PAST_CUES = frozenset(
    {"was", "were", "had", "did", "ago", "last", "earlier", "previously", "won", "held", "made",
     "took", "began", "became", "grew", "rose", "fell", "sold", "bought", "met", "led", "left",
     "told", "saw", "came", "went", "gave", "brought", "built", "paid", "ran", "hit"}
)  # fmt: skip
TENSE_TAGS = frozenset({"MONTH", "WEEKDAY", "SEASON"})
CLAUSE_BREAKS = frozenset({",", ";", ":"})
_NOT_PAST = frozenset({"need", "seed", "speed", "feed", "hundred", "based", "red", "shed"})


@dataclass(frozen=True)
class Candidate:
    """A date found by a rule, before overlaps are resolved."""

    start: int
    end: int
    rule_id: str
    label: str
    timex: Timex
    rank: int


@Language.factory("pressfacts_dates", default_config={"patterns_dir": None})
def make_date_recognizer(nlp: Language, name: str, patterns_dir: str | None) -> DateRecognizer:
    return DateRecognizer(nlp, name, Path(patterns_dir) if patterns_dir else PATTERNS_DIR)


class DateRecognizer:
    """Finds dates, durations and sets with the rules of ``patterns/dates``."""

    def __init__(self, nlp: Language, name: str, patterns_dir: Path):
        self.name = name
        rules = load_group("dates", patterns_dir, labels=DATE_LABELS)
        self.matcher = TriggeredMatcher(nlp.vocab, rules)
        self.rank = {item.rule.id: i for i, item in enumerate(rules)}
        self.tables = load_tables(patterns_dir / "lexicons")

    def __call__(self, doc: Doc) -> Doc:
        anchor = publication_date(doc)
        blocked = blocking_entities(doc)
        found = []
        for match in self.matcher(doc):
            candidate = self._candidate(doc, match, anchor, blocked)
            if candidate is not None:
                found.append(candidate)
        found.extend(dateline_candidate(doc, found))
        spans = []
        for candidate in longest_first(found):
            span = Span(
                doc,
                candidate.start,
                candidate.end,
                label=candidate.label,
                span_id=candidate.rule_id,
            )
            span._.timex = candidate.timex.as_dict()
            spans.append(span)
        doc.spans["dates"] = spans
        return doc

    def _candidate(
        self,
        doc: Doc,
        match: RuleMatch,
        anchor: dt.date | None,
        blocked: list[tuple[int, int]],
    ) -> Candidate | None:
        focus = match.focus
        if focus is None:
            return None
        start, end = trim_punctuation(doc, *focus)
        if (
            start >= end
            or overlaps_blocking(start, end, blocked)
            or not plausible(doc, start, end, match)
        ):
            return None
        span = doc[start:end]
        timex = interpret(
            [t.text for t in span],
            match.rule.label,
            anchor,
            self.tables,
            future=needs_tense(span) and speaks_of_future(span),
            following=[t.text for t in doc[end : end + 2]],
            text=span.text,
        )
        if timex is None:
            return None
        start, timex = extend_with_modifiers(doc, start, timex, self.tables)
        return Candidate(start, end, match.rule.id, timex.type, timex, self.rank[match.rule.id])


@dataclass(frozen=True)
class Trigger:
    """The required pattern token that few words pass, and how far a match reaches around it."""

    kind: str  # "tag", "word" or the attribute of a regex ("LOWER", "TEXT")
    values: tuple[str, ...]
    before: int
    after: int

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.kind, self.values


def choose_trigger(pattern: list[dict]) -> Trigger | None:
    """A rule's trigger: a lexicon tag (MONTH, TIME_UNIT) first, a regular expression (a year)
    second, else its rarest word list ("today", "annually"); None for a rule without a
    required closed-class token or with an unbounded "*" or "+"."""
    if any(token.get("OP") in {"*", "+"} for token in pattern):
        return None
    options: list[tuple[float, Trigger]] = []
    for index, token in enumerate(pattern):
        if token.get("OP") in {"?", "!"}:
            continue
        reach = (index, len(pattern) - index - 1)
        for attr in ("TAG", "LOWER", "TEXT"):
            spec = token.get(attr)
            if isinstance(spec, str):
                spec = {"IN": [spec]}
            if not isinstance(spec, dict):
                continue
            if attr == "TAG" and "IN" in spec:
                options.append((0.0, Trigger("tag", tuple(spec["IN"]), *reach)))
            elif "REGEX" in spec:
                options.append((1.0, Trigger(attr, (spec["REGEX"],), *reach)))
            elif attr == "LOWER" and "IN" in spec:
                words = tuple(w.lower() for w in spec["IN"])
                rarity = 2.0 + max(zipf_frequency(w, "en") for w in words)
                options.append((rarity, Trigger("word", words, *reach)))
    return min(options, key=lambda o: o[0])[1] if options else None


class TriggeredMatcher:
    """Runs each group of rules only around the tokens that can trigger it.

    Rules are grouped by trigger; a group's Matcher sees only the merged windows that reach as
    far around its trigger tokens as its patterns do. Every match holds its trigger token, so the
    matches are those of one pass over the whole document, at a fraction of the Matcher's cost,
    which grows with patterns times tokens. Rules without a trigger run on the whole document.
    """

    def __init__(self, vocab: Vocab, rules: Iterable[LoadedRule]):
        groups: dict[tuple, list[LoadedRule]] = {}
        reach: dict[tuple, tuple[int, int]] = {}
        untriggered: list[LoadedRule] = []
        for item in rules:
            trigger = None if item.rule.is_phrase else choose_trigger(item.rule.pattern)
            if trigger is None:
                untriggered.append(item)
                continue
            groups.setdefault(trigger.key, []).append(item)
            before, after = reach.get(trigger.key, (0, 0))
            reach[trigger.key] = (max(before, trigger.before), max(after, trigger.after))
        self.rules = {item.rule.id: item.rule for item in rules}
        self.groups = [
            (Trigger(kind, values, *reach[(kind, values)]), token_matcher(vocab, items))
            for (kind, values), items in groups.items()
        ]
        self.whole = RuleMatcher(vocab, untriggered)
        self.tag_groups: dict[int, list[int]] = {}
        for number, (trigger, _) in enumerate(self.groups):
            if trigger.kind == "tag":
                for tag in trigger.values:
                    self.tag_groups.setdefault(vocab.strings.add(tag), []).append(number)
        self.regexes = [
            (number, trigger.kind, re.compile(trigger.values[0]))
            for number, (trigger, _) in enumerate(self.groups)
            if trigger.kind not in {"tag", "word"}
        ]
        self.words = [
            (number, frozenset(trigger.values))
            for number, (trigger, _) in enumerate(self.groups)
            if trigger.kind == "word"
        ]
        self.tag_array = numpy.array(sorted(self.tag_groups), dtype=numpy.uint64)
        self._orth_groups: dict[int, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self.rules)

    def __call__(self, doc: Doc) -> list[RuleMatch]:
        found = self.whole(doc)
        strings = doc.vocab.strings
        for number, windows in self.windows(doc).items():
            matcher = self.groups[number][1]
            for start, end in windows:
                found.extend(
                    RuleMatch(self.rules[strings[key]], start + s, start + e, tuple(align))
                    for key, s, e, align in matcher(
                        doc[start:end], with_alignments=True, allow_missing=True
                    )
                )
        return found

    def windows(self, doc: Doc) -> dict[int, list[tuple[int, int]]]:
        """Per group, the merged token ranges that hold every match its rules can make.

        Only the doc's distinct words are looked at (cached across docs), and only trigger
        tokens are visited: the scan costs little next to the tokenizer."""
        n = len(doc)
        if not n:
            return {}
        strings = doc.vocab.strings
        array = doc.to_array([ORTH, TAG])
        orths, inverse = numpy.unique(array[:, 0], return_inverse=True)
        by_orth = [self._orth_groups_of(orth, strings) for orth in orths.tolist()]
        hits = numpy.fromiter(map(bool, by_orth), bool, len(by_orth))[inverse.reshape(-1)]
        hits |= numpy.isin(array[:, 1], self.tag_array)
        windows: dict[int, list[tuple[int, int]]] = {}
        for i in numpy.flatnonzero(hits).tolist():
            tag = int(array[i, 1])
            for number in (*self.tag_groups.get(tag, ()), *by_orth[inverse[i]]):
                trigger = self.groups[number][0]
                start, end = max(0, i - trigger.before), min(n, i + trigger.after + 1)
                spans = windows.setdefault(number, [])
                if spans and start <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
                else:
                    spans.append((start, end))
        return windows

    def _orth_groups_of(self, orth: int, strings: StringStore) -> tuple[int, ...]:
        known = self._orth_groups.get(orth)
        if known is None:
            known = self._orth_groups[orth] = self._groups_of(strings[orth])
        return known

    def _groups_of(self, text: str) -> tuple[int, ...]:
        lower = text.lower()
        found = [number for number, words in self.words if lower in words]
        found.extend(
            number
            for number, attr, regex in self.regexes
            if regex.search(lower if attr == "LOWER" else text)
        )
        return tuple(found)


def token_matcher(vocab: Vocab, rules: Iterable[LoadedRule]) -> Matcher:
    """A Matcher with each token rule under its id, longest match only, as RuleMatcher adds them
    (without RuleMatcher's tokenizer for phrase rules, which costs time at every build)."""
    matcher = Matcher(vocab, validate=True)
    for item in rules:
        matcher.add(item.rule.id, [item.rule.pattern], greedy="LONGEST")
    return matcher


def trim_punctuation(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop commas that optional pattern tokens took at the edges: ", June 1, 2021"."""
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def publication_date(doc: Doc) -> dt.date | None:
    """``doc.user_data["published"]`` as a date (a datetime loses its time), else None."""
    value = doc.user_data.get("published")
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def blocking_entities(doc: Doc) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in doc.ents if e.label_ in BLOCKING_LABELS]


def overlaps_blocking(start: int, end: int, blocked: Iterable[tuple[int, int]]) -> bool:
    """True when the match overlaps a name that it does not wholly contain: "NV200" is a name,
    but a PRODUCT made of nothing but the date's own tokens is a misread date."""
    return any(s < end and start < e and not (start <= s and e <= end) for s, e in blocked)


def plausible(doc: Doc, start: int, end: int, match: RuleMatch) -> bool:
    """Context the patterns cannot express."""
    first = doc[start]
    if end - start == 1 and _BARE_YEAR.match(first.text) and start > 0 and end < len(doc):
        before, after = doc[start - 1], doc[end]
        if (
            before.lower_ in COUNT_CONTEXT
            and after.is_alpha
            and after.is_lower
            and after.text.endswith("s")
            and after.lower_ not in YEAR_NOUNS
        ):
            return False  # "to 1995 customers"
    if match.rule.label == SET and first.lower_ in {"a", "an"}:
        return after_quantity(doc, start)
    if first.lower_ in EVERYDAY and end < len(doc):
        after = doc[end]
        # "their daily lives", "in daily service": an adjective that means "everyday"
        return not (after.is_alpha and after.is_lower and after.lower_ not in NOT_NOUNS)
    return True


def after_quantity(doc: Doc, start: int) -> bool:
    """ "300,000 vehicles a year", "twice a year": a rate; "for a year" is not."""
    if start == 0:
        return False
    before = doc[start - 1]
    if before.lower_ in RATE_WORDS:
        return True
    if before.lower_ in DURATION_CONTEXT or not (before.is_alpha or before.like_num):
        return False
    window = doc[max(0, start - QUANTITY_WINDOW) : start]
    return any(t.like_num or t.lower_ in RATE_WORDS for t in window)


def modifier_before(doc: Doc, end: int, tables: Tables) -> tuple[int, str] | None:
    """The longest modifier phrase of ``date_modifier.tsv`` that ends right before token
    ``end`` (or before a hyphen there: "mid-March"), as (start token, mod)."""
    if end > 0 and doc[end - 1].text in HYPHENS:
        end -= 1
    if end == 0 or doc[end - 1].lower_ not in tables.modifier_ends:
        return None
    for size in range(min(tables.longest_modifier, end), 0, -1):
        phrase = " ".join(t.lower_ for t in doc[end - size : end])
        mod = tables.modifiers.get(phrase)
        if mod is not None:
            return end - size, mod
    return None


def extend_with_modifiers(doc: Doc, start: int, timex: Timex, tables: Tables) -> tuple[int, Timex]:
    """Take in the modifier phrases right in front of the span ("more than", "by the end of",
    "mid-"); the one next to the date sets ``mod`` unless the date carries its own."""
    allowed = ALLOWED_MODS.get(timex.type, frozenset())
    if not allowed or (timex.value or "").endswith("_REF"):
        return start, timex
    mod = timex.mod
    core_start = start
    for _ in range(MAX_MODIFIERS):
        found = modifier_before(doc, start, tables)
        if (
            found is None
            or found[1] not in allowed
            or not _modifier_applies(doc, found[0], core_start)
        ):
            break
        start, mod = found[0], mod or found[1]
    if mod == timex.mod:
        return start, timex
    return start, Timex(timex.type, timex.value, mod, timex.relative)


def _modifier_applies(doc: Doc, start: int, core_start: int) -> bool:
    """Every modifier applies but "over", which means "more than" only in "over a decade" or
    "for over 20 years" and "spread across" in "invest C$45 million over three years"."""
    if doc[start].lower_ != "over":
        return True
    previous = doc[start - 1].lower_ if start > 0 else ""
    return doc[core_start].lower_ in {"a", "an"} or previous in OVER_MEANS_MORE


def needs_tense(span: Span) -> bool:
    """Only a month, weekday or season without a year needs the tense to find its year."""
    return any(t.tag_ in TENSE_TAGS for t in span) and not any(
        _BARE_YEAR.match(t.text) for t in span
    )


def speaks_of_future(span: Span) -> bool:
    """Whether the text speaks of the future where the date stands: the nearest tense cue in
    the date's clause decides, else the nearest in its sentence ("will", "expected", "next"
    against "was", "signed", "won"); none means the past, which press releases report most."""
    sent = span.sent
    clause_start, clause_end = sent.start, sent.end
    for token in sent:
        if token.text in CLAUSE_BREAKS:
            if token.i < span.start:
                clause_start = token.i + 1
            elif token.i >= span.end:
                clause_end = token.i
                break
    for start, end in ((clause_start, clause_end), (sent.start, sent.end)):
        cue = _nearest_cue(span, span.doc[start:end])
        if cue is not None:
            return cue
    return False


def _nearest_cue(span: Span, window: Span) -> bool | None:
    best: tuple[int, bool] | None = None
    for token in window:
        if span.start <= token.i < span.end:
            continue
        cue = _tense_cue(token)
        if cue is None:
            continue
        distance = min(abs(token.i - span.start), abs(token.i - (span.end - 1)))
        if best is None or distance < best[0]:
            best = (distance, cue)
    return best[1] if best else None


def _tense_cue(token: Token) -> bool | None:
    word = token.lower_
    if word in FUTURE_CUES:
        return True
    if word in PAST_CUES:
        return False
    if len(word) > 4 and word.endswith("ed") and token.is_alpha and word not in _NOT_PAST:
        return False
    return None


def dateline_candidate(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """The dateline's date when no rule found it because the tokenizer glued it to a wire
    marker; the date's characters are widened to whole tokens."""
    head_end = next((t.i for t in doc if t.idx > DATELINE_CHARS), len(doc))
    if any(c.start < head_end and len(c.timex.value or "") == len("2021-06-01") for c in found):
        return []  # the rules found it
    dateline = find_dateline(doc[: head_end + DATELINE_TOKENS].text)
    if dateline is None:
        return []
    span = doc.char_span(dateline.date_start, dateline.date_end, alignment_mode="expand")
    if span is None or any(c.start < span.end and span.start < c.end for c in found):
        return []
    timex = Timex(DATE, dateline.date.isoformat())
    return [Candidate(span.start, span.end, DATELINE_RULE, DATE, timex, -1)]


def longest_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The overlap policy: longer spans win; then SET, DATE, DURATION; then the earlier rule in
    the pattern files; then the earlier span. Kept spans never overlap."""
    ordered = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), LABEL_RANK[c.label], c.rank, c.start),
    )
    taken: set[int] = set()
    kept = []
    for candidate in ordered:
        tokens = range(candidate.start, candidate.end)
        if taken.isdisjoint(tokens):
            kept.append(candidate)
            taken.update(tokens)
    return sorted(kept, key=lambda c: c.start)
