"""A whole pattern set checked at once: every file, every group, ids unique across all of them.

Each component loads its own group (``pipeline.rules.load_group``) and the first bad group stops
the build; someone adding a rule wants every problem in one go, and a fact's ``pattern`` must name
one rule, so ids are unique across groups too. Per-rule validation stays in ``pipeline.rules``;
this module adds what needs the group or the whole set: the labels of each group, relation slots,
token extensions, the cue and metric tables, the lexicons' encoding, files the pipeline would not
read. ``build_nlp`` runs it first, so ``pressfacts extract`` refuses with the same messages as
``pressfacts patterns check``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.components.dates import DATE_LABELS
from pipeline.components.entity_ruler import ENTITY_LABELS
from pipeline.components.quantities import QUANTITY_LABELS

# relations registers the token extension its patterns use (``_.arg_label``)
from pipeline.components.relations import load_metrics
from pipeline.cues import load_cues
from pipeline.references import REFERENCE_LABELS
from pipeline.relation_args import RELATION_TYPES, slot_problems
from pipeline.rules import (
    LoadedRule,
    PatternError,
    duplicate_ids,
    extension_problems,
    parse_file,
    read_text,
)

#: Group folder -> the labels its rules may have.
GROUP_LABELS: dict[str, tuple[str, ...]] = {
    "entities": ENTITY_LABELS,
    "dates": DATE_LABELS,
    "quantities": QUANTITY_LABELS,
    "relations": RELATION_TYPES,
    "references": tuple(REFERENCE_LABELS),
}
#: Tables the relation extractor reads, with the loaders that validate them.
TABLES: dict[tuple[str, str], Callable[[Path], Any]] = {
    ("relations", "cues.tsv"): load_cues,
    ("relations", "metrics.tsv"): load_metrics,
}
LEXICON_FOLDER = "lexicons"


@dataclass
class CheckResult:
    """What was checked and what is wrong: ``problems`` are ``file:line id: reason`` lines."""

    files: list[Path] = field(default_factory=list)
    rules: list[LoadedRule] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def rules_per_group(self) -> Counter[str]:
        return Counter(item.path.parent.name for item in self.rules)


def pattern_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the pattern-like files under the folders named, each once."""
    found: dict[Path, Path] = {}
    for path in paths:
        candidates = [p for p in path.rglob("*") if _searched(p)] if path.is_dir() else [path]
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values(), key=_build_order)


def _build_order(path: Path) -> tuple[int, Path]:
    """Groups in the order the pipeline loads them, so a duplicate id is reported on the rule
    the pipeline would meet second."""
    groups = list(GROUP_LABELS)
    group = path.parent.name
    return (groups.index(group) if group in groups else len(groups)), path


def _searched(path: Path) -> bool:
    """Rule files (wherever they are, to say when the pipeline would not read them), tables,
    and ``.json`` files in a group folder (a likely slip for ``.jsonl``)."""
    if not path.is_file():
        return False
    return path.suffix in (".jsonl", ".tsv") or (
        path.suffix == ".json" and path.parent.name in GROUP_LABELS
    )


def check_paths(paths: Iterable[Path]) -> CheckResult:
    """Check every pattern file in ``paths`` (files or folders, e.g. the ``patterns/`` folder)."""
    result = CheckResult(files=pattern_files(paths))
    for path in result.files:
        result.problems.extend(_check_file(path, result.rules))
    result.problems.extend(duplicate_ids(result.rules))
    return result


def _check_file(path: Path, rules: list[LoadedRule]) -> list[str]:
    """Problems of one file; its valid rules are appended to ``rules``."""
    group = path.parent.name
    if path.suffix == ".jsonl":
        if group not in GROUP_LABELS:
            return [f"{path}: not read by the pipeline: rule files go in {_groups()}"]
        found, problems = parse_file(path, GROUP_LABELS[group])
        for item in found:
            reasons = extension_problems(item.rule)
            if group == "relations":
                reasons += slot_problems(item.rule.label, item.rule.slots)
            problems += [f"{item.path}:{item.line} {item.rule.id}: {r}" for r in reasons]
        rules.extend(found)
        return problems
    loader = TABLES.get((group, path.name))
    if loader is not None or (group == LEXICON_FOLDER and path.suffix == ".tsv"):
        try:
            read_text(path)
            if loader is not None:
                loader(path)
        except PatternError as exc:
            return exc.problems
        return []
    if path.suffix == ".json" and group in GROUP_LABELS:
        return [f"{path}: not read by the pipeline: rule files end in .jsonl (one rule a line)"]
    if path.suffix == ".tsv":
        return []  # a table the pipeline does not read: nothing to check
    return [f"{path}: not a pattern file: rule files go in {_groups()}"]


def _groups() -> str:
    return "patterns/{" + ",".join(GROUP_LABELS) + "}/*.jsonl"


def validate_patterns(patterns_dir: Path) -> CheckResult:
    """Check a pattern folder; raise PatternError listing every problem."""
    result = check_paths([patterns_dir])
    if result.problems:
        raise PatternError(result.problems)
    return result
