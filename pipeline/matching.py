"""One matcher for a list of rules: token rules in a Matcher, phrase rules in a PhraseMatcher.

Every rule is added under its own id, so each match knows the rule that made it, and token rules
are matched greedily (longest) so "+" operators do not also yield every shorter sub-match. The
``focus`` range of a rule, read through the Matcher's alignments, trims context tokens off the
returned span.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en import English
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.rules import LoadedRule, Rule


@dataclass(frozen=True)
class RuleMatch:
    """A match of one rule: the token range of the whole match and of its focus and slots."""

    rule: Rule
    start: int
    end: int
    alignments: tuple[int, ...]

    def token_range(self, pattern_range: tuple[int, int] | None) -> tuple[int, int] | None:
        """Doc token range covered by the pattern tokens ``[a, b)``, or None if none matched."""
        if pattern_range is None:
            return self.start, self.end
        a, b = pattern_range
        hits = [self.start + k for k, p in enumerate(self.alignments) if a <= p < b]
        return (hits[0], hits[-1] + 1) if hits else None

    @property
    def focus(self) -> tuple[int, int] | None:
        return self.token_range(self.rule.focus)


class RuleMatcher:
    """Runs a fixed list of rules over a doc."""

    def __init__(self, vocab: Vocab, rules: Iterable[LoadedRule]):
        self.rules: dict[str, Rule] = {}
        self.matcher = Matcher(vocab, validate=True)
        self.phrases = PhraseMatcher(vocab, attr="ORTH")
        tokenizer = English(vocab=vocab).tokenizer
        for item in rules:
            rule = item.rule
            self.rules[rule.id] = rule
            if rule.is_phrase:
                self.phrases.add(rule.id, [tokenizer(rule.pattern)])
            else:
                self.matcher.add(rule.id, [rule.pattern], greedy="LONGEST")

    def __len__(self) -> int:
        return len(self.rules)

    def __call__(self, doc: Doc) -> list[RuleMatch]:
        if not self.rules:
            return []
        strings = doc.vocab.strings
        found = []
        if len(self.matcher):  # an empty Matcher warns (W036) on every call
            found = [
                RuleMatch(self.rules[strings[key]], start, end, tuple(align))
                for key, start, end, align in self.matcher(doc, with_alignments=True)
            ]
        if len(self.phrases):
            found.extend(
                RuleMatch(self.rules[strings[key]], start, end, (0,) * (end - start))
                for key, start, end in self.phrases(doc)
            )
        return found
