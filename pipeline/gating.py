"""Run each token rule only on the sentences where it can match.

The Matcher's cost grows with the number of patterns and with the partial matches that long
optional gaps keep alive, and most relation rules need words that most sentences lack
("venture", "acquire", a FAC entity). So every rule gets its own Matcher and a list of
requirements read off its pattern: for each required pattern token, the set of lower-case
words, tags or entity labels it accepts. A sentence runs the rule only when it holds one value
of every set. Checking that is a few set operations on string hashes per rule and sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import ENT_TYPE, LOWER, SENT_START, TAG
from spacy.matcher import Matcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.matching import RuleMatch, RuleMatcher
from pipeline.rules import LoadedRule, Rule

#: What patterns write to accept an entity *or* a phrase referring to one: ``{"_": {"arg_label":
#: "ORG"}}``. A sentence holds such a label through its entities and the references the caller
#: adds. Matching custom attributes costs the Matcher about five times as much per call as native
#: ones, so ``native`` rewrites the test to the native ``LEMMA`` attribute, which a blank pipeline
#: leaves empty and ``mark_arg_labels`` fills with ``arg:<LABEL>`` (as the lexicon tagger uses TAG).
ARG_LABEL = "arg_label"
ARG_PREFIX = "arg:"
_OPTIONAL_OPS = frozenset({"?", "*", "!"})
_WORD_ATTRS = frozenset({"LOWER", "ORTH", "TEXT", "NORM"})
#: Attributes whose ``REGEX`` a sentence's text can be searched for: the token's own text.
_TEXT_ATTRS = frozenset({"LOWER", "ORTH", "TEXT"})
REGEX_FEATURE = "regex:"
_LABEL_ATTRS = frozenset({"TAG", "ENT_TYPE"})


def required(op: str | None) -> bool:
    """True when a pattern token with this operator must match at least once."""
    if op is None or op == "+":
        return True
    if op in _OPTIONAL_OPS:
        return False
    low = op.strip("{}").split(",")[0].strip()  # "{n,m}", "{n}", "{n,}", "{,m}"
    return low.isdigit() and int(low) > 0


def literals(value: Any) -> set[str] | None:
    """The values a token attribute accepts when they are spelled out (a string or IN list)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and set(value) == {"IN"}:
        return {str(v) for v in value["IN"]}
    return None


def requirements(rule: Rule, strings: StringStore) -> list[frozenset[int]]:
    """Per required pattern token and spelled-out attribute, the hashes a sentence must hold one
    of: lower-case words, tags, entity labels (also for ``arg_label``)."""
    if rule.is_phrase:
        return []
    words: list[frozenset[int]] = []
    labels: list[frozenset[int]] = []
    for token in rule.pattern:
        if not required(token.get("OP")):
            continue
        for attr, value in token.items():
            if attr == "_" and isinstance(value, dict):
                attr, value = "ENT_TYPE", value.get(ARG_LABEL)
            if attr in _TEXT_ATTRS and isinstance(value, dict) and set(value) == {"REGEX"}:
                # a regular expression on the token text: the sentence must contain a hit
                labels.append(frozenset({strings.add(REGEX_FEATURE + attr + value["REGEX"])}))
                continue
            values = literals(value)
            if not values:
                continue
            if attr in _WORD_ATTRS:
                words.append(frozenset(strings.add(v.lower()) for v in values))
            elif attr in _LABEL_ATTRS and "" not in values:
                labels.append(frozenset(strings.add(v) for v in values))
    return words + labels  # words first: they fail more often, and the check stops early


class TokenRuleMatcher:
    """A Matcher for one token rule, called like ``RuleMatcher``. ``RuleMatcher`` also builds a
    tokenizer for phrase rules, which costs tens of milliseconds per instance: too much for one
    instance per rule."""

    def __init__(self, vocab: Vocab, rule: Rule):
        self.rule = rule
        self.matcher = Matcher(vocab, validate=True)
        self.matcher.add(rule.id, [rule.pattern], greedy="LONGEST")

    def __call__(self, doclike: Doc | Span) -> list[RuleMatch]:
        return [
            RuleMatch(self.rule, start, end, tuple(align))
            for _, start, end, align in self.matcher(doclike, with_alignments=True)
        ]


@dataclass
class GatedRule:
    """One rule with its own Matcher and what a sentence must hold for it to run."""

    rule: Rule
    matcher: TokenRuleMatcher | RuleMatcher
    needs: list[frozenset[int]]

    def wanted(self, features: set[int]) -> bool:
        return all(not need.isdisjoint(features) for need in self.needs)


def native(rule: Rule) -> Rule:
    """The rule with every ``{"_": {"arg_label": X}}`` test rewritten to ``{"LEMMA": "arg:X"}``
    (same pattern tokens, so slots and alignments are unchanged)."""
    if rule.is_phrase or not any("_" in token for token in rule.pattern):
        return rule
    pattern = []
    for token in rule.pattern:
        token = dict(token)
        extension = token.pop("_", None)
        if isinstance(extension, dict) and set(extension) == {ARG_LABEL} and "LEMMA" not in token:
            value = extension[ARG_LABEL]
            names = literals(value)
            if names is None:
                raise ValueError(f"{rule.id}: {ARG_LABEL} takes a label or an IN list")
            token["LEMMA"] = {"IN": sorted(ARG_PREFIX + name for name in names)}
        elif extension is not None:
            token["_"] = extension
        pattern.append(token)
    return rule.model_copy(update={"pattern": pattern})


def gate(vocab: Vocab, rules: Iterable[LoadedRule]) -> list[GatedRule]:
    """A gated, natively matched rule per loaded rule (requirements read off the original)."""
    gated = []
    for item in rules:
        compiled = native(item.rule)
        needs = requirements(item.rule, vocab.strings)
        matcher = (
            RuleMatcher(vocab, [LoadedRule(compiled, item.path, item.line)])
            if compiled.is_phrase
            else TokenRuleMatcher(vocab, compiled)
        )
        gated.append(GatedRule(item.rule, matcher, needs))
    return gated


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences, read from one array: ``doc.sents`` and ``Token.sent`` walk the tokens in
    Python each time they are asked."""
    if not len(doc):
        return []
    starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = [*starts[1:], len(doc)]
    return [doc[a:b] for a, b in zip(starts, ends, strict=True)]


def sentence_features(doc: Doc, sents: list[Span] | None = None) -> list[tuple[Span, set[int]]]:
    """Each sentence with the hashes of its lower-case words, tags and entity labels."""
    array = doc.to_array([LOWER, TAG, ENT_TYPE])
    sents = sentence_spans(doc) if sents is None else sents
    return [(sent, set(numpy.unique(array[sent.start : sent.end]).tolist())) for sent in sents]


def text_search(attr_and_regex: str) -> re.Pattern[str]:
    """The token regex as a search over running text. A token that matches ``^X$`` holds a hit
    of ``X``, so dropping the anchors (and, for ``LOWER``, the case) only ever finds more."""
    attr, regex = next(
        (a, attr_and_regex[len(a) :]) for a in _TEXT_ATTRS if attr_and_regex.startswith(a)
    )
    if regex.startswith("^"):
        regex = regex[1:]
    if regex.endswith("$") and not regex.endswith("\\$"):
        regex = regex[:-1]
    return re.compile(regex, re.IGNORECASE if attr == "LOWER" else 0)


class Gate:
    """Rules indexed by their first requirement, so a sentence only checks the rules whose
    first requirement it meets instead of every rule. A requirement may be a token regex: one
    C-speed search of the doc's text tells which sentences hold a hit, where the Matcher would
    call the regex from Python for every token."""

    def __init__(self, gated: list[GatedRule], strings: StringStore):
        self.gated = gated
        self.searches: dict[int, re.Pattern[str]] = {}
        for item in gated:
            for need in item.needs:
                for value in need:
                    text = strings[value]
                    if text.startswith(REGEX_FEATURE):
                        self.searches[value] = text_search(text[len(REGEX_FEATURE) :])
        self.always = [k for k, item in enumerate(gated) if not item.needs]
        self.index: dict[int, list[int]] = {}
        for k, item in enumerate(gated):
            for value in item.needs[0] if item.needs else ():
                self.index.setdefault(value, []).append(k)

    def wanted(self, present: set[int]) -> list[GatedRule]:
        """The rules that may match in a sentence holding ``present``, in rule order."""
        candidates = set(self.always)
        for value in present:
            candidates.update(self.index.get(value, ()))
        return [self.gated[k] for k in sorted(candidates) if self.gated[k].wanted(present)]

    def with_text_features(
        self, sentences: list[tuple[Span, set[int]]]
    ) -> list[tuple[Span, set[int]]]:
        """The sentences' features plus the token regexes each sentence's text holds a hit of:
        one bounded search per sentence and regex, however often the regex would hit."""
        if not self.searches or not sentences:
            return sentences
        text = sentences[0][0].doc.text
        result = []
        for sent, present in sentences:
            a, b = sent.start_char, sent.end_char
            hits = {f for f, search in self.searches.items() if search.search(text, a, b)}
            result.append((sent, present | hits if hits else present))
        return result


def gated_matches(gate: Gate, sentences: list[tuple[Span, set[int]]]) -> Iterator[RuleMatch]:
    """Matches of every rule on the sentences that hold its requirements, in doc offsets."""
    for sent, present in gate.with_text_features(sentences):
        for item in gate.wanted(present):
            for m in item.matcher(sent):
                yield RuleMatch(m.rule, m.start + sent.start, m.end + sent.start, m.alignments)
