"""Cues that cancel a relation: negated, hypothetical, failed or former facts (ConText-style).

Modelled on medspaCy's ConText: each cue is a phrase with a category, a direction (the words it
governs lie after it, before it, or both), a scope (to the end of its clause, or the whole
sentence) and an optional window in tokens; terminators ("but", "however", quotation marks) end a
clause scope; pseudo cues ("not only", "no later than") look like cues and cancel nothing. The
cues are data, in ``patterns/relations/cues.tsv``::

    phrase <TAB> category <TAB> direction <TAB> scope <TAB> window <TAB> relation types

Only the first two columns are required; the defaults are FORWARD, clause, no window and every
relation type except QUOTE (a quote stays a quote whatever it says). A relation is left out when
the scope of a cue for its type covers one of the words that state it (its trigger and the
tokens between its arguments), not merely one of its arguments: "Nissan, which previously built
cars in Spain, signed an agreement with X" keeps the agreement.

"plans to", "will" and "agreed to" are deliberately no cues: the contract counts announced and
planned deals.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.relation_args import RELATION_TYPES
from pipeline.rules import PatternError

CATEGORIES = frozenset({"NEGATED", "HYPOTHETICAL", "FAILED", "HISTORICAL", "TERMINATE", "PSEUDO"})
DIRECTIONS = frozenset({"FORWARD", "BACKWARD", "BOTH"})
SCOPES = frozenset({"clause", "sentence"})
#: Cues never cancel these: a quote is reported whatever it says.
EXEMPT_TYPES = frozenset({"QUOTE"})


@dataclass(frozen=True)
class Cue:
    phrase: str
    category: str
    direction: str = "FORWARD"
    scope: str = "clause"
    window: int | None = None
    types: frozenset[str] | None = None  # None: every type but the exempt ones

    def applies_to(self, rel_type: str) -> bool:
        if self.types is None:
            return rel_type not in EXEMPT_TYPES
        return rel_type in self.types


@dataclass(frozen=True)
class CueHit:
    """A cue found in a document and the token range it governs (cue included)."""

    start: int
    end: int
    cue: Cue
    scope_start: int
    scope_end: int


def load_cues(path: Path) -> list[Cue]:
    """Read a cue file; a missing file means no cues. Problems are ``file:line: reason``."""
    if not path.is_file():
        return []
    cues, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        cols += [""] * (6 - len(cols))
        phrase, category, direction, scope, window, types = cols[:6]
        where = f"{path}:{number}"
        type_set = (
            frozenset(t.strip() for t in types.split(",")) if types not in ("", "*") else None
        )
        if category not in CATEGORIES:
            problems.append(f"{where}: unknown category {category!r}")
        elif (direction or "FORWARD") not in DIRECTIONS:
            problems.append(f"{where}: unknown direction {direction!r}")
        elif (scope or "clause") not in SCOPES:
            problems.append(f"{where}: unknown scope {scope!r}")
        elif window and not window.isdigit():
            problems.append(f"{where}: window {window!r} is not a number")
        elif type_set and not type_set <= set(RELATION_TYPES):
            problems.append(
                f"{where}: unknown relation types {sorted(type_set - set(RELATION_TYPES))}"
            )
        else:
            cues.append(
                Cue(
                    phrase,
                    category,
                    direction or "FORWARD",
                    scope or "clause",
                    int(window) if window else None,
                    type_set,
                )
            )
    if problems:
        raise PatternError(problems)
    return cues


class CueMatcher:
    """Finds cues (one PhraseMatcher on lower-case text) and computes their scopes."""

    def __init__(self, vocab: Vocab, cues: list[Cue]):
        self.cues = cues
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        tokenizer = English(vocab=vocab).tokenizer
        for k, cue in enumerate(cues):
            self.matcher.add(f"cue{k}", [tokenizer(cue.phrase.lower())])
        self.index = {vocab.strings.add(f"cue{k}"): cue for k, cue in enumerate(cues)}

    def __call__(self, doc: Doc, sents: list[Span] | None = None) -> list[CueHit]:
        """Cues found in ``doc`` with their scopes (``sents``: the doc's sentences, if known)."""
        if not self.cues:
            return []
        sents = list(doc.sents) if sents is None else sents
        starts = [sent.start for sent in sents]
        raw = [(start, end, self.index[key]) for key, start, end in self.matcher(doc)]
        pseudo = [(s, e) for s, e, c in raw if c.category == "PSEUDO"]
        raw = [
            (s, e, c)
            for s, e, c in raw
            if c.category == "PSEUDO" or not any(ps <= s and e <= pe for ps, pe in pseudo)
        ]
        terminators = sorted((s, e) for s, e, c in raw if c.category == "TERMINATE")
        hits = []
        for start, end, cue in raw:
            if cue.category in {"TERMINATE", "PSEUDO"}:
                continue
            sent = sents[bisect_right(starts, start) - 1]
            a, b = start, end
            if cue.direction in {"FORWARD", "BOTH"}:
                b = sent.end
                if cue.scope == "clause":
                    b = min([b, *(s for s, _ in terminators if s >= end)])
                if cue.window is not None:
                    b = min(b, end + cue.window)
            if cue.direction in {"BACKWARD", "BOTH"}:
                a = sent.start
                if cue.scope == "clause":
                    a = max([a, *(e for _, e in terminators if e <= start)])
                if cue.window is not None:
                    a = max(a, start - cue.window)
            hits.append(CueHit(start, end, cue, a, b))
        return hits


def cancelling_cue(hits: Iterable[CueHit], rel_type: str, tokens: Iterable[int]) -> CueHit | None:
    """The first cue whose scope covers one of ``tokens`` and applies to ``rel_type``."""
    tokens = list(tokens)
    for hit in hits:
        if hit.cue.applies_to(rel_type) and any(
            hit.scope_start <= t < hit.scope_end for t in tokens
        ):
            return hit
    return None
