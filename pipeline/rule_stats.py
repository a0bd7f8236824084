"""How often each rule fires on a corpus: facts in the records, raw matches, matches not kept.

A rule that never matches is dead weight or a typo; a rule that matches but never yields a fact
is overridden by others or dropped by a context check. Both are invisible in the records, so this
runs the traced pipeline (``pipeline.rule_trace``) over the corpus and counts per rule id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from pipeline.components.dates import DATELINE_RULE
from pipeline.components.entity_ruler import ENTITY_LABELS
from pipeline.extract import publication_anchor
from pipeline.reader import InputError, read_release
from pipeline.rule_trace import Trace, run, trace
from pipeline.rules import LoadedRule

#: Fact ids no pattern file holds: mentions of entities found elsewhere, the dateline's date.
BUILTIN_IDS: dict[str, str] = {
    **{f"{label.lower()}.mention": "entities" for label in ENTITY_LABELS},
    DATELINE_RULE: "dates",
}


@dataclass
class RuleStats:
    """Counts of one rule over a corpus."""

    rule: str
    group: str
    where: str  # file:line, or "built-in"
    facts: int = 0
    docs: int = 0
    matches: int = 0
    not_kept: int = 0

    @property
    def never_matched(self) -> bool:
        return self.matches == 0 and self.facts == 0

    @property
    def never_kept(self) -> bool:
        """It matched, but none of its matches became a fact (references make no facts)."""
        return self.group != "references" and self.matches > 0 and self.facts == 0


@dataclass
class CorpusStats:
    """Per rule id, in pattern-file order (built-in ids last); documents read and failed."""

    rules: dict[str, RuleStats] = field(default_factory=dict)
    documents: int = 0
    errors: list[str] = field(default_factory=list)


def corpus_stats(
    nlp: Language,
    rules: Iterable[LoadedRule],
    paths: Iterable[Path],
    published: dt.date | None = None,
) -> CorpusStats:
    """Run the traced pipeline ``nlp`` over the release files and count per rule."""
    stats = CorpusStats()
    for item in rules:
        where = f"{item.path}:{item.line}"
        stats.rules[item.rule.id] = RuleStats(item.rule.id, item.path.parent.name, where)
    for rule_id, group in BUILTIN_IDS.items():
        stats.rules.setdefault(rule_id, RuleStats(rule_id, group, "built-in"))
    for path in paths:
        try:
            release = read_release(path)
        except InputError as exc:
            stats.errors.append(str(exc))
            continue
        doc = run(nlp, release.body, publication_anchor(release, published).date)
        _add(stats, trace(doc))
        stats.documents += 1
    return stats


def _add(stats: CorpusStats, found: Trace) -> None:
    rules = stats.rules
    seen: set[str] = set()
    for fact in found.facts:
        entry = rules.setdefault(fact.rule, RuleStats(fact.rule, fact.group, "unknown"))
        entry.facts += 1
        if fact.rule not in seen:
            entry.docs += 1
            seen.add(fact.rule)
    for rule_id, count in found.matches.items():
        if rule_id in rules:
            rules[rule_id].matches += count
    for item in found.not_kept:
        if item.rule in rules:
            rules[item.rule].not_kept += 1
