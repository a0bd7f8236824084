"""The quantity component: counts, money, percentages and measures (contract section 2.3).

It runs after the entities and, when present, after ``pressfacts_dates``, because most of what
is not a quantity is a number inside something else. Per document:

1. the rules of ``patterns/quantities`` run only in windows around tokens that can hold an
   amount (a digit, a number or scale word), which are few, so the Matcher's cost, which grows
   with patterns times tokens, stays small;
2. each match is read into an amount by ``pipeline.numbers``: currency, number, scale words,
   unit; a COUNT then looks past its adjectives for the counted noun ("3,000 new jobs": job);
3. context drops numbers that are no quantities: inside ORG, PRODUCT, FAC, PERSON or AWARD
   entities or inside ``doc.spans["dates"]``; a model number after a name ("HelioMax 720") or
   in a code ("N15-236"); a year; a definite reference ("the two companies"); "No. 1";
4. a range ("80 to 100 new jobs", "$3 to $5 billion") gives its first end the unit and scale of
   the second, and each end is its own quantity;
5. a modifier in front (``lexicons/quantity_modifier.tsv``: "about", "more than", "up to")
   sets ``mod`` and joins the span; a verb ("passed 5 GW") sets it without joining;
6. longest first, then MONEY, PERCENT, MEASURE, COUNT, spans that do not overlap go to
   ``doc.spans["quantities"]``. One exception: a compound adjective that stands among a COUNT's
   modifiers keeps its own span inside the COUNT's ("two 6,000-litre bioreactors": 2 bioreactor
   and 6000 L).

Each span has ``id_`` = the rule id, ``label_`` = the kind and ``Span._.quantity`` =
``{"kind", "value", "unit", "mod"}``; ``pipeline.extract.quantities_of`` makes the record items.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from pipeline.components.lexicon_tagger import HEADLINE_MIN_WORDS, NAME
from pipeline.matching import RuleMatch, RuleMatcher
from pipeline.numbers import (
    TENS,
    Glued,
    Tables,
    as_value,
    combine,
    currency_code,
    is_plural,
    is_year,
    load_tables,
    parse_digits,
    parse_number,
    parse_ordinal,
    scale_value,
    singular,
    split_glued,
)
from pipeline.rules import PATTERNS_DIR, LoadedRule, load_group

if not Span.has_extension("quantity"):
    Span.set_extension("quantity", default=None)

COUNT, MONEY, PERCENT, MEASURE = "COUNT", "MONEY", "PERCENT", "MEASURE"
QUANTITY_LABELS = (COUNT, MONEY, PERCENT, MEASURE)
SPANS_KEY = "quantities"
DATES_KEY = "dates"
#: Entities whose numbers are never quantities ("NV200", "2022-2023 Japan Car of the Year").
BLOCKING_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "PERSON", "AWARD"})
#: Among spans of equal length, the more specific kind wins.
KIND_RANK = {MONEY: 0, PERCENT: 1, MEASURE: 2, COUNT: 3}
#: Rules whose quantity may stand among the modifiers of a COUNT ("two 750-meter sidings").
COMPOUND_RULES = frozenset({"qty.count_compound", "qty.measure_compound"})

# lexicon tags the component reads
CURRENCY_TAG, UNIT_TAG, SCALE_TAG = "CURRENCY_SYMBOL", "UNIT", "SCALE"
TIME_UNIT_TAG = "TIME_UNIT"
GENERIC_TAG = "GENERIC"
HYPHENS = frozenset({"-", "‐", "‑", "–"})
PERCENT_SIGNS = frozenset({"%", "percent", "pct", "pct."})
PERCENT_WORDS = PERCENT_SIGNS | {"cent", "percentage"}
#: Scale words that stand for a number on their own after "a": "a million", "a dozen".
WORD_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
ARTICLES = frozenset({"a", "an"})
METRE = frozenset({"m", "m."})
#: How far a window reaches around a trigger token: no pattern has more than two tokens before
#: or after its number ("Rs . 500", "500 million liters").
WINDOW_BEFORE, WINDOW_AFTER = 2, 2
#: Windows this close are matched in one call.
MERGE_GAP = 3
NUMBER_TRIGGER, GLUED_TRIGGER = "number", "glued"

# --- counted nouns --------------------------------------------------------------------------------
#: Tokens after the number that end the search for the counted noun.
RUN_BREAKERS = frozenset(
    {"of", "in", "on", "at", "for", "from", "to", "by", "with", "per", "across", "into", "onto",
     "over", "under", "between", "through", "during", "within", "without", "against", "among",
     "after", "before", "since", "until", "about", "around", "than", "as", "like", "via",
     "the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her",
     "my", "your", "each", "every", "which", "who", "whom", "whose", "it", "they", "we", "he",
     "she", "there", "here", "is", "are", "was", "were", "be", "been", "being", "has", "have",
     "had", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "do",
     "does", "did", "not", "also", "so", "such", "but", "if", "when", "while", "where",
     "because", "although", "then", "only", "just", "yet", "both", "either", "neither", "all",
     "some", "any", "no", "nor", "too", "very", "already", "still", "ago", "year-on-year"}
)  # fmt: skip
COORDINATORS = frozenset({",", "and", "or", "&"})
MAX_RUN = 9
#: "hydropower, wind and solar plants": at most this many commas or "and"s among modifiers.
MAX_COORD = 2
#: Plural words that are no counted nouns: "three times", "thousands of".
NOT_COUNTED = frozenset(
    {"times", "ones", "others", "thousands", "millions", "billions", "hundreds", "dozens",
     "tens", "cents", "pence", "percent", "percentage", "fold", "folds"}
)  # fmt: skip
#: Plurals that modify a following plural noun: "1,200 sales outlets".
PLURAL_MODIFIERS = frozenset(
    {"sales", "goods", "news", "savings", "earnings", "sports", "parts", "services",
     "operations", "logistics", "electronics", "communications", "systems", "materials",
     "arms", "customs"}
)  # fmt: skip
#: Words that read as adjectives before a singular head: "its 100th new store".
ADJECTIVES = frozenset(
    {"new", "additional", "more", "other", "further", "extra", "existing", "own", "single",
     "first", "last", "next", "latest", "total", "whole", "entire", "full", "large", "small",
     "big", "major", "local", "global", "domestic", "international", "direct", "indirect"}
)  # fmt: skip
ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "able", "ible", "less", "ed", "ing", "ese")
#: Past forms without "-ed" that follow a counted noun: "the 2 millionth vehicle built".
IRREGULAR_PAST = frozenset(
    {"built", "made", "sold", "left", "came", "went", "began", "won", "held", "grew", "took",
     "gave", "brought", "ran", "hit", "set", "put", "cut", "paid", "met", "bought", "rose",
     "fell", "sent", "spent", "shipped"}
)  # fmt: skip
#: Ordinals that rank rather than count: "the 100th anniversary", "the 3rd largest".
RANK_WORDS = frozenset(
    {"anniversary", "birthday", "edition", "time", "place", "position", "rank", "percentile",
     "century", "round", "floor", "street", "avenue", "season", "consecutive", "largest",
     "biggest", "highest", "lowest", "fastest", "best", "greatest", "oldest", "newest",
     "smallest", "leading", "most", "annual"}
)  # fmt: skip
#: Below this an ordinal is a rank ("3rd plant"); at or above it a milestone ("500th store").
MIN_MILESTONE = 100
#: Compound-adjective nouns that count nothing: "two-way", "one-stop", "five-star".
COMPOUND_NOT_COUNTED = frozenset(
    {"way", "fold", "plus", "time", "point", "stop", "off", "star", "step", "stage", "phase",
     "tier", "part", "pronged", "digit", "figure", "old", "odd", "strong", "wide", "based",
     "third", "thirds", "half", "quarter", "fifth", "to", "in", "on", "and", "for", "of",
     "year-old", "percent", "cent", "dimensional", "d", "speed"}
)  # fmt: skip

# --- context --------------------------------------------------------------------------------------
#: A number word after these is a reference, not an amount: "the two companies".
DEFINITE = frozenset({"the", "both", "these", "those"})
#: A number after these is a rank or a label: "No. 1", "#3".
NUMBER_SIGNS = frozenset({"#", "no.", "No.", "nos.", "number"})
#: Modifier words that qualify the amount without being part of its text.
CONTEXT_ONLY_MODIFIERS = frozenset(
    {"passed", "past", "exceeding", "exceeded", "surpassed", "topped"}
)
#: "over" means "across" after these: "spread over 36 square kilometers".
OVER_MEANS_ACROSS = frozenset(
    {"spread", "spreads", "spreading", "stretching", "stretches", "stretch", "covering",
     "covers", "cover", "spanning", "spans", "span", "extending", "extends", "distributed"}
)  # fmt: skip
MAX_MODIFIERS = 2
#: The longest lexicon term, in tokens: "kilometers per hour", "no more than".
MAX_PHRASE = 4
RANGE_CONNECTORS = frozenset({"to", "-", "–", "—", "and", "through"})


@dataclass
class Amount:
    """An amount as read from a match, before its context is checked."""

    kind: str
    value: float
    unit: str
    start: int  # first token: currency or number
    end: int  # after the last token of the amount: scale word, unit, percent sign
    number: int  # the (first) number token
    scale: float = 1.0  # the scale words applied: a range's first end borrows it
    number_word: bool = False  # "two", "a": a word, not digits
    ordinal: bool = False  # "500th", "7 millionth"
    head: int | None = None  # COUNT: the counted noun
    currency_tokens: tuple[int, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A quantity found by a rule, before overlaps are resolved."""

    start: int
    end: int
    rule_id: str
    kind: str
    value: float
    unit: str
    mod: str | None
    claim: frozenset[int]  # the tokens it takes: amount and counted noun, not what is between
    run: frozenset[int] = field(default_factory=frozenset)  # a COUNT's modifiers
    derived: bool = False  # the first end of a range
    rank: int = 0

    @property
    def compound(self) -> bool:
        return self.rule_id in COMPOUND_RULES


@Language.factory("pressfacts_quantities", default_config={"patterns_dir": None})
def make_quantity_recognizer(
    nlp: Language, name: str, patterns_dir: str | None
) -> QuantityRecognizer:
    return QuantityRecognizer(nlp, name, Path(patterns_dir) if patterns_dir else PATTERNS_DIR)


class QuantityRecognizer:
    """Finds counts, money, percentages and measures with the rules of ``patterns/quantities``."""

    def __init__(self, nlp: Language, name: str, patterns_dir: Path):
        self.name = name
        rules = load_group("quantities", patterns_dir, labels=QUANTITY_LABELS)
        glued = [r for r in rules if _reads_glued(r)]
        plain = [r for r in rules if not _reads_glued(r)]
        # spaCy refuses TAG patterns on a doc where no token has a tag; there no lexicon tag can
        # match, so the same rules without their TAG tokens find the same amounts
        self.groups = {
            (NUMBER_TRIGGER, True): RuleMatcher(nlp.vocab, plain),
            (GLUED_TRIGGER, True): RuleMatcher(nlp.vocab, glued),
            (NUMBER_TRIGGER, False): RuleMatcher(nlp.vocab, without_tags(plain)),
            (GLUED_TRIGGER, False): RuleMatcher(nlp.vocab, without_tags(glued)),
        }
        self.rank = {item.rule.id: i for i, item in enumerate(rules)}
        self.tables = load_tables(patterns_dir / "lexicons")
        self.modifier_ends = last_words(self.tables.modifiers)
        self._trigger_classes: dict[int, tuple[bool, bool]] = {}

    def __call__(self, doc: Doc) -> Doc:
        context = Context(doc, self.tables, self.modifier_ends)
        found: list[Candidate] = []
        for match in self.matches(doc):
            amount = read_amount(context, match)
            if amount is None or not plausible(context, amount):
                continue
            second = self._candidate(context, amount, match.rule.id)
            first_end = range_start(context, amount)
            if first_end is not None:
                first = self._candidate(context, first_end, match.rule.id, derived=True)
                if second.mod is None and first.mod is not None:
                    second = replace(second, mod=first.mod)  # "about 80 to 100 jobs"
                found.append(first)
            found.append(second)
        spans = []
        for candidate in longest_first(found):
            span = Span(
                doc, candidate.start, candidate.end, label=candidate.kind, span_id=candidate.rule_id
            )
            span._.quantity = {
                "kind": candidate.kind,
                "value": as_value(candidate.value),
                "unit": candidate.unit,
                "mod": candidate.mod,
            }
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def matches(self, doc: Doc) -> Iterator[RuleMatch]:
        """The rule matches, found only in windows around the tokens that can start them: plain
        rules around numbers and scale words, rules with a regular expression (ordinals, glued
        forms such as "3bn" or "HK$2") around tokens that mix digits and other characters."""
        if not len(doc):
            return
        tagged = doc.has_annotation("TAG")
        for trigger, hits in self.triggers(doc).items():
            matcher = self.groups[(trigger, tagged)]
            for start, end in windows(hits, len(doc)):
                for match in matcher(doc[start:end]):
                    yield RuleMatch(
                        match.rule, match.start + start, match.end + start, match.alignments
                    )

    def triggers(self, doc: Doc) -> dict[str, numpy.ndarray]:
        """Per rule group, the tokens a match must hold: numbers, number words and scale words
        (not "first" or "+44", which LIKE_NUM also passes); tokens with a digit that are no
        plain number ("500th", "3bn", "1.5GW", "HK$2")."""
        orths, inverse = numpy.unique(doc.to_array(ORTH), return_inverse=True)
        strings = doc.vocab.strings
        flags = numpy.array([self._classes(strings, orth) for orth in orths.tolist()], dtype=bool)
        inverse = inverse.reshape(-1)
        return {NUMBER_TRIGGER: flags[inverse, 0], GLUED_TRIGGER: flags[inverse, 1]}

    def _classes(self, strings: StringStore, orth: int) -> tuple[bool, bool]:
        """Whether a word is a number (or a scale word), and whether it glues digits to more."""
        known = self._trigger_classes.get(orth)
        if known is None:
            text = strings[orth]
            tables = self.tables
            number = (
                parse_number(text, tables) is not None
                or parse_ordinal(text) is not None
                or scale_value(text, tables) is not None
            )
            glued = any(c.isdigit() for c in text) and parse_digits(text) is None
            known = self._trigger_classes[orth] = (number, glued)
        return known

    def _candidate(
        self, context: Context, amount: Amount, rule_id: str, derived: bool = False
    ) -> Candidate:
        start, mod = modifier_before(context, amount.start)
        end, claim = amount.end, set(range(start, amount.end))
        run: frozenset[int] = frozenset()
        if amount.head is not None:
            end = amount.head + 1
            claim.add(amount.head)
            run = frozenset(range(amount.end, amount.head))
        return Candidate(
            start=start,
            end=end,
            rule_id=rule_id,
            kind=amount.kind,
            value=amount.value,
            unit=amount.unit,
            mod=mod,
            claim=frozenset(claim),
            run=run,
            derived=derived,
            rank=self.rank.get(rule_id, 0),
        )


def _reads_glued(item: LoadedRule) -> bool:
    """Rules with a regular expression read ordinals and glued forms; the others numbers."""
    pattern = item.rule.pattern
    return not isinstance(pattern, str) and any(
        isinstance(value, dict) and "REGEX" in value
        for token in pattern
        for value in token.values()
    )


def windows(hits: numpy.ndarray, length: int) -> list[tuple[int, int]]:
    """Token ranges reaching WINDOW_BEFORE / WINDOW_AFTER around each hit, merged when they
    touch or nearly do (a Matcher call costs about as much as a few tokens)."""
    found: list[tuple[int, int]] = []
    for i in numpy.flatnonzero(hits).tolist():
        start, end = max(0, i - WINDOW_BEFORE), min(length, i + WINDOW_AFTER + 1)
        if found and start <= found[-1][1] + MERGE_GAP:
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
    return found


def without_tags(rules: Iterable[LoadedRule]) -> list[LoadedRule]:
    """The rules as they match a doc without tags: optional TAG tokens dropped, rules that
    need a tag left out."""
    kept = []
    for item in rules:
        pattern = item.rule.pattern
        if isinstance(pattern, str):
            kept.append(item)
            continue
        if any("TAG" in token and token.get("OP") not in {"?", "*"} for token in pattern):
            continue
        tokens = [token for token in pattern if "TAG" not in token]
        rule = item.rule.model_copy(update={"pattern": tokens, "focus": None})
        kept.append(LoadedRule(rule, item.path, item.line))
    return kept


# --- the document's context -----------------------------------------------------------------------


class Context:
    """What the component needs to know about a document, computed once."""

    def __init__(self, doc: Doc, tables: Tables, modifier_ends: frozenset[str]):
        self.tokens: Sequence[Token] = doc
        self.tables = tables
        self.modifier_ends = modifier_ends
        self.blocked: set[int] = set()
        for ent in doc.ents:
            if ent.label_ in BLOCKING_LABELS:
                self.blocked.update(range(ent.start, ent.end))
        for span in doc.spans.get(DATES_KEY, []):
            self.blocked.update(range(span.start, span.end))
        self._headline: dict[int, bool] = {}

    def phrase_after(self, table: dict[str, str], i: int) -> tuple[int, str] | None:
        """The longest term of a lexicon table written from token i on: (end, canonical).
        Looked up where a rule matched rather than read from every lexicon span of the doc."""
        for end in range(min(len(self.tokens), i + MAX_PHRASE), i, -1):
            canonical = table.get(self.tokens[i:end].text)
            if canonical is not None:
                return end, canonical
        return None

    def modifier_before(self, end: int) -> tuple[int, str] | None:
        """The longest modifier phrase written right before token ``end``: (start, mod)."""
        table = self.tables.modifiers
        if end == 0 or self.tokens[end - 1].text not in self.modifier_ends:
            return None
        for start in range(max(0, end - MAX_PHRASE), end):
            canonical = table.get(self.tokens[start:end].text)
            if canonical is not None:
                return start, canonical
        return None

    def in_headline(self, i: int) -> bool:
        """Whether token i stands in a title-case sentence, where capitals say nothing."""
        tokens = self.tokens
        start = i
        while start > 0 and not tokens[start].is_sent_start:
            start -= 1
        known = self._headline.get(start)
        if known is None:
            end = i + 1
            while end < len(tokens) and not tokens[end].is_sent_start:
                end += 1
            known = self._headline[start] = is_title_case(tokens[start:end])
        return known

    def word(self, token: Token) -> str | None:
        """The lower-case form of a common word: lower case, a capitalised common noun
        ("EVs"), or title case in a headline ("Reaches 3 Million Units")."""
        if not token.is_alpha:
            return None
        if token.is_lower:
            return token.text
        if token.tag_ == GENERIC_TAG or (token.is_title and self.in_headline(token.i)):
            return token.lower_
        return None


def last_words(terms: Iterable[str]) -> frozenset[str]:
    """What the last token of a term can be: its last word, or its final "." ("approx.")."""
    return frozenset(
        word for term in terms for word in (term.split()[-1], term[-1]) if word.strip()
    )


def is_title_case(sentence: Sequence[Token]) -> bool:
    """The lexicon tagger's headline test (``title_cased_tokens``) for one sentence: no closing
    punctuation and at least HEADLINE_MIN_WORDS content words, all capitalised."""
    last = next((t for t in reversed(sentence) if not t.is_space), None)
    if last is not None and last.text in {".", "!", "?"}:
        return False
    words = [t for t in sentence if t.is_alpha and not t.is_stop and len(t) > 2]
    return len(words) >= HEADLINE_MIN_WORDS and all(t.text[:1].isupper() for t in words)


# --- reading a match ------------------------------------------------------------------------------


@dataclass
class Parts:
    """The pieces of an amount as a match writes them, in the order written."""

    end: int
    words: list[str] = field(default_factory=list)  # numbers and scale words
    number: int | None = None
    currency: str | None = None
    currency_at: list[int] = field(default_factory=list)
    unit: str | None = None
    percent: bool = False
    ordinal: float | None = None
    glued_scale: float = 1.0
    hyphen: bool = False
    noun: int | None = None  # the noun after the hyphen of "42-seat"

    def add_number(self, i: int, text: str) -> None:
        self.number = i if self.number is None else self.number
        self.words.append(text)


def read_amount(context: Context, match: RuleMatch) -> Amount | None:
    """The amount a match writes, of the rule's kind; None when its tokens make none."""
    parts = read_parts(context, match)
    if parts is None or parts.number is None:
        return None
    tokens, tables, kind = context.tokens, context.tables, match.rule.label
    start = match.start
    words = parts.words
    if _tens_before(tokens, start):
        start -= 2  # "fifty-two"
        words = [tokens[start].text, *words]
    base = combine(words, tables) if words else None
    if parts.ordinal is not None:
        value = parts.ordinal * (1.0 if base is None else base)
    elif base is not None:
        value = base * parts.glued_scale
    else:
        return None
    first = tokens[parts.number].lower_
    amount = Amount(
        kind,
        value,
        "",
        start,
        parts.end,
        parts.number,
        scale=parts.glued_scale * _scale_product(words, tables),
        number_word=first in tables.words or first in ARTICLES,
        ordinal=parts.ordinal is not None,
        currency_tokens=tuple(parts.currency_at),
    )
    if kind == COUNT:
        if parts.noun is not None:
            return compound_count(context, amount, parts.noun)
        return None if parts.hyphen else count(context, amount)  # "fifty-two" is qty.count's
    unit = {MONEY: parts.currency, PERCENT: "%" if parts.percent else None}.get(kind, parts.unit)
    if unit is None:
        return None
    amount.unit = unit
    return amount


def read_parts(context: Context, match: RuleMatch) -> Parts | None:
    """Each token of a match read by its class; a currency or unit phrase from the lexicons is
    taken whole, past the match if need be ("100 million Swiss francs")."""
    parts = Parts(end=match.end)
    i = match.start
    while i < parts.end:
        step = _read_token(context, parts, i, match.rule.label)
        if step is None:
            return None
        i = step
    return parts


def _read_token(context: Context, parts: Parts, i: int, kind: str) -> int | None:
    """Read token i into the parts; the index to read next, or None when the token makes the
    match no amount of its kind."""
    tokens, tables = context.tokens, context.tables
    token = tokens[i]
    text, tag, low = token.text, token.tag_, token.lower_
    if tag == CURRENCY_TAG and kind == MONEY:
        if parts.number is None and token.is_lower:
            return None  # a currency word follows its amount: "won 3 awards" is no money
        parts.currency_at.append(i)
        return _take_phrase(context, parts, i, CURRENCY_TAG)
    if tag == UNIT_TAG and kind == MEASURE:
        return _take_phrase(context, parts, i, UNIT_TAG)
    if kind == MEASURE and text in METRE and parts.number is not None and parts.unit is None:
        parts.unit = "m"
    elif kind == MONEY and token.is_upper and len(text) == 3 and parts.currency is None:
        if text not in tables.iso_codes:
            return None
        parts.currency = text
        parts.currency_at.append(i)
    elif low in PERCENT_SIGNS or (low == "cent" and i > 0 and tokens[i - 1].lower_ == "per"):
        parts.percent = True
    elif text in HYPHENS:
        parts.hyphen = True
    elif (low == "per" and kind == PERCENT) or (text == "." and parts.number is None):
        pass  # "20 per cent", "Rs. 500"
    elif parse_number(text, tables) is not None:
        parts.add_number(i, text)
    elif tag == SCALE_TAG and scale_value(text, tables) is not None:
        if parts.number is None and low not in WORD_SCALES:
            return None  # "a m" is no amount
        parts.words.append(text)
    elif low in ARTICLES and not parts.words:
        parts.add_number(i, text)
    elif (ordinal := parse_ordinal(text)) is not None:
        parts.ordinal = ordinal
        parts.number = i if parts.number is None else parts.number
    elif (glued := split_glued(text)) is not None:
        if not _take_glued(parts, i, glued, kind, tables):
            return None
    elif kind == COUNT and parts.hyphen and token.is_alpha:
        parts.noun = i
    else:
        return None
    return i + 1


def _take_phrase(context: Context, parts: Parts, i: int, tag: str) -> int:
    """A currency or unit: its lexicon phrase and canonical form; the index after it."""
    tables = context.tables
    found = context.phrase_after(tables.currencies if tag == CURRENCY_TAG else tables.units, i)
    end = found[0] if found else i + 1
    canonical = found[1] if found else None
    if tag == CURRENCY_TAG:
        parts.currency = canonical or currency_code(context.tokens[i].text, tables)
    else:
        parts.unit = canonical
    parts.end = max(parts.end, end)
    return end


def _take_glued(parts: Parts, i: int, glued: Glued, kind: str, tables: Tables) -> bool:
    """ "3bn", "HK$2", "1.5GW": the number, and the currency, scale or unit glued to it."""
    parts.add_number(i, str(glued.number))
    if glued.currency:
        parts.currency = currency_code(glued.currency, tables)
    if glued.suffix:
        scale = scale_value(glued.suffix, tables)
        if scale is not None:
            parts.glued_scale *= scale
        elif kind == MEASURE and glued.suffix in tables.units:
            parts.unit = tables.units[glued.suffix]
        else:
            return False
    return True


def _tens_before(tokens: Sequence[Token], start: int) -> bool:
    """Whether a tens word and a hyphen stand right before the number: "fifty-two"."""
    return start >= 2 and tokens[start - 1].text in HYPHENS and tokens[start - 2].lower_ in TENS


def _scale_product(words: list[str], tables: Tables) -> float:
    """The product of the scale words among the words of a number ("1.2 million": 1e6)."""
    product = 1.0
    for word in words:
        if parse_number(word, tables) is None:
            product *= scale_value(word, tables) or 1.0
    return product


# --- counts and their counted nouns ---------------------------------------------------------------


def compound_count(context: Context, amount: Amount, noun: int) -> Amount | None:
    """ "42-seat", "500-person": the noun after the hyphen is the unit; never a time unit, a unit
    of measure, a number word or a word that counts nothing ("two-way", "five-star")."""
    tokens = context.tokens
    token = tokens[noun]
    word = context.word(token)
    if (
        word is None
        or amount.value < 2
        or token.tag_ in {TIME_UNIT_TAG, UNIT_TAG}
        or word in context.tables.words
        or word in COMPOUND_NOT_COUNTED
        or is_plural(word)
        or noun + 1 >= len(tokens)
        or tokens[noun + 1].text in HYPHENS
    ):
        return None
    amount.unit = word
    return amount


def count(context: Context, amount: Amount) -> Amount | None:
    """A COUNT needs a counted noun: a plural after the number and its modifiers, or, for a
    milestone ("500th store"), the first noun."""
    tokens = context.tokens
    if amount.ordinal:
        if amount.value < MIN_MILESTONE and amount.scale == 1:
            return None  # "3rd": a rank
        found = counted_noun(context, amount.end, plural=False)
    else:
        if amount.number_word and amount.value == 1:
            return None  # "one of", "one way": the word "one" is rarely a count
        found = counted_noun(context, amount.end, plural=amount.value != 1)
    if found is None:
        return None
    head, unit = found
    if amount.ordinal and unit in RANK_WORDS:
        return None
    if tokens[head].tag_ == TIME_UNIT_TAG or tokens[head].lower_ in NOT_COUNTED:
        return None
    amount.head = head
    amount.unit = unit
    return amount


def counted_noun(context: Context, i: int, plural: bool) -> tuple[int, str] | None:
    """The counted noun from token i on, and its singular: the first plural, past adjectives,
    names, compound adjectives and coordinated modifiers ("74 hydropower, wind and solar
    plants"); for a milestone or a single thing, the first noun. None when there is none."""
    tokens = context.tokens
    n = len(tokens)
    limit = min(n, i + MAX_RUN)
    if i >= n or _not_counted_after_number(tokens[i]):
        return None
    words: list[int] = []
    coordinations = 0
    j = i
    while j < limit:
        token = tokens[j]
        if (j > i and token.is_sent_start) or token.is_space:
            break
        word = context.word(token)
        if word is not None and word not in COORDINATORS:
            if word in RUN_BREAKERS or token.tag_ in {UNIT_TAG, CURRENCY_TAG, TIME_UNIT_TAG}:
                break
            if plural and is_plural(word) and not _modifies_next(context, word, j):
                return j, singular(word)
            words.append(j)
            j += 1
        elif token.text in HYPHENS and words and _glued(tokens, j):
            j += 1  # "single-aisle", "pre-filled"
        elif _is_numberish(token):
            skip = _skip_inner_number(context, j)
            if skip is None:
                break
            j = skip
        elif _is_name_like(token):
            if not plural and words:
                break
            j += 1  # "30 Norrvind N15-236 turbines"
        elif plural and words and token.lower_ in COORDINATORS and coordinations < MAX_COORD:
            following = context.word(tokens[j + 1]) if j + 1 < n else None
            if following is None or following in RUN_BREAKERS:
                break
            coordinations += 1
            j += 1
        else:
            break
    if plural or not words:
        return None
    return _singular_head(context, words)


def _not_counted_after_number(token: Token) -> bool:
    """Right after the number, these make the amount something other than a count: a unit,
    a currency, a time unit (a duration), a percent sign, a hyphen (a compound)."""
    return (
        token.tag_ in {UNIT_TAG, CURRENCY_TAG, TIME_UNIT_TAG, SCALE_TAG}
        or token.lower_ in PERCENT_WORDS
        or token.text in HYPHENS
    )


def _modifies_next(context: Context, word: str, j: int) -> bool:
    """ "1,200 sales outlets": a plural that modifies the plural after it."""
    if word not in PLURAL_MODIFIERS or j + 1 >= len(context.tokens):
        return False
    following = context.word(context.tokens[j + 1])
    return following is not None and is_plural(following)


def _singular_head(context: Context, words: list[int]) -> tuple[int, str] | None:
    """The first word that is no adjective, extended over nouns right after it ("battery
    cell"); None if it reads as a plural."""
    tokens = context.tokens
    lowers = [context.word(tokens[k]) or tokens[k].lower_ for k in words]
    head = next((k for k, w in enumerate(lowers) if not _adjective_like(w)), 0)
    while (
        head + 1 < len(words)
        and words[head + 1] == words[head] + 1
        and not _adjective_like(lowers[head + 1])
        and not lowers[head + 1].endswith(("s", "ly"))
    ):
        head += 1
    if lowers[head].endswith("s") and is_plural(lowers[head]):
        return None
    return words[head], lowers[head]


def _adjective_like(word: str) -> bool:
    return word in ADJECTIVES or word in IRREGULAR_PAST or word.endswith(ADJECTIVE_ENDINGS)


def _glued(tokens: Sequence[Token], i: int) -> bool:
    """A token written without space on either side: the hyphen of "pre-filled"."""
    return i > 0 and not tokens[i - 1].whitespace_ and not tokens[i].whitespace_


def _is_numberish(token: Token) -> bool:
    return token.like_num or any(c.isdigit() for c in token.text)


def _is_name_like(token: Token) -> bool:
    """A capitalised word, a code or an entity that may name what is counted ("Norrvind")."""
    return token.tag_ == NAME or token.ent_type_ != "" or token.text[:1].isupper()


def _skip_inner_number(context: Context, j: int) -> int | None:
    """Where the search goes on after a number among the modifiers: past a compound adjective
    ("two 6,000-litre bioreactors") or a model number after a name ("HelioMax 720 modules");
    None when the number starts something else."""
    tokens = context.tokens
    if j + 2 < len(tokens) and tokens[j + 1].text in HYPHENS and _glued(tokens, j + 1):
        unit = context.phrase_after(context.tables.units, j + 2)
        return unit[0] if unit else j + 3
    if j > 0 and (
        _is_name_like(tokens[j - 1]) or (tokens[j - 1].text in HYPHENS and _glued(tokens, j - 1))
    ):
        return j + 1
    return None


# --- context checks -------------------------------------------------------------------------------


def plausible(context: Context, amount: Amount) -> bool:
    """Context that patterns cannot see: names, dates, codes, labels, years, references."""
    tokens = context.tokens
    n = amount.number
    if n in context.blocked or any(i in context.blocked for i in amount.currency_tokens):
        return False  # a unit inside a misread name ("58 kWh", "kWh" a PRODUCT) blocks nothing
    if _in_code(tokens, n) or _after_number_sign(tokens, amount.start):
        return False
    if amount.kind != COUNT:
        return True
    if is_year(tokens[n].text) and amount.scale == 1:
        return False
    if amount.start == 0:
        return True
    before = tokens[amount.start - 1]
    if before.tag_ == CURRENCY_TAG and not before.is_lower:
        return False  # the number of "$3 bn" counts nothing; "won 3 awards" does
    if amount.number_word and before.lower_ in DEFINITE:
        return False  # "the two companies"
    # "HelioMax 720 modules", "Volta 40 seats", "Phase 3 study": a model or a label
    capitalised = before.text[:1].isupper() and not context.in_headline(before.i)
    return before.is_sent_start or not (capitalised or before.tag_ == NAME)


def _in_code(tokens: Sequence[Token], n: int) -> bool:
    """A number glued by a hyphen to letters is part of a code: "N15-236", "COVID-19"."""
    if n >= 2 and tokens[n - 1].text in HYPHENS and _glued(tokens, n - 1):
        left = tokens[n - 2].text
        return any(c.isalpha() for c in left) and left.lower() not in TENS
    return False


def _after_number_sign(tokens: Sequence[Token], start: int) -> bool:
    """ "No. 1", "#3": a rank or a label."""
    if start == 0:
        return False
    before = tokens[start - 1]
    return before.text in NUMBER_SIGNS or (
        before.text == "." and start > 1 and tokens[start - 2].lower_ == "no"
    )


# --- ranges and modifiers -------------------------------------------------------------------------


def range_start(context: Context, amount: Amount) -> Amount | None:
    """The first end of a range whose second end is ``amount``: "80 to 100 new jobs",
    "$3 to $5 billion", "between 10 and 20 percent". It takes the second end's kind, unit and,
    unless it has its own, scale."""
    tokens, tables = context.tokens, context.tables
    connector = amount.start - 1
    if connector < 1 or tokens[connector].lower_ not in RANGE_CONNECTORS:
        return None
    j = connector - 1
    scale = None
    if tokens[j].tag_ == SCALE_TAG and j > 0:
        scale = scale_value(tokens[j].text, tables)
        j -= 1
    number = parse_number(tokens[j].text, tables)
    if number is None or j in context.blocked or _in_code(tokens, j):
        return None
    if j > 0 and tokens[j - 1].tag_ in {NAME, "MONTH"}:
        return None  # "Phase 2 to 300 patients", "March 3 to 500 units"
    if tokens[connector].lower_ == "and" and (j == 0 or tokens[j - 1].lower_ != "between"):
        return None
    if amount.kind == COUNT and is_year(tokens[j].text):
        return None
    start = j
    if amount.kind == MONEY and j > 0 and tokens[j - 1].tag_ == CURRENCY_TAG:
        start = j - 1  # "$3 to $5 billion"
    own_scale = amount.scale if scale is None else scale
    return Amount(amount.kind, number * own_scale, amount.unit, start, connector, j, own_scale)


def modifier_before(context: Context, start: int) -> tuple[int, str | None]:
    """Take in the modifier phrases right before an amount ("up to approximately"); the one next
    to it sets the mod. A verb ("passed 5 GW") sets the mod and stays out of the span."""
    tokens = context.tokens
    mod = None
    for _ in range(MAX_MODIFIERS):
        modifier = context.modifier_before(start)
        if modifier is None or not _modifier_applies(tokens, modifier[0]):
            break
        phrase_start, found = modifier
        mod = mod or found
        if " ".join(t.lower_ for t in tokens[phrase_start:start]) in CONTEXT_ONLY_MODIFIERS:
            break
        start = phrase_start
    return start, mod


def _modifier_applies(tokens: Sequence[Token], start: int) -> bool:
    """ "over" is "more than", but "across" after "spread" or "covering"."""
    if tokens[start].lower_ != "over":
        return True
    return start == 0 or tokens[start - 1].lower_ not in OVER_MEANS_ACROSS


# --- overlaps -------------------------------------------------------------------------------------


def longest_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The overlap policy: longer claims win (a COUNT claims its amount and its counted noun);
    then MONEY, PERCENT, MEASURE, COUNT; then a range's first end over the same tokens read
    alone; then the earlier rule; then the earlier span. Kept spans do not overlap, but for a
    compound adjective among a COUNT's modifiers ("two 750-meter sidings")."""
    ordered = sorted(
        candidates,
        key=lambda c: (-len(c.claim), KIND_RANK[c.kind], not c.derived, c.rank, c.start),
    )
    taken: set[int] = set()
    compounds: set[int] = set()
    runs: set[int] = set()
    kept: list[Candidate] = []
    for candidate in ordered:
        span = range(candidate.start, candidate.end)
        if not taken.isdisjoint(candidate.claim):
            continue
        if not candidate.compound and not runs.isdisjoint(span):
            continue
        if not (taken - compounds).isdisjoint(candidate.run):
            continue
        kept.append(candidate)
        taken.update(candidate.claim)
        runs.update(candidate.run)
        if candidate.compound:
            compounds.update(candidate.claim)
    return sorted(kept, key=lambda c: c.start)
