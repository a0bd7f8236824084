"""Scores records against expected facts, exactly as the record contract's section 3 says.

Predictions are grouped into facts first (ten mentions of Nissan are one entity, a value stated
twice is one date or quantity), then matched one-to-one to the expected facts, strongest pairs
first, per section. Precision, recall and F1 are micro-averaged: counts are summed over sections
and documents before the ratios are taken. Pure functions over JSON dicts, so the scorer runs
without spaCy and can score outputs written by any version of the pipeline.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.names import normalize_name

SECTIONS = ("entities", "dates", "quantities", "relations")
#: Relative difference within which two quantity values are the same fact.
QUANTITY_TOLERANCE = 0.005
#: (relation type, argument) pairs the contract does not match.
IGNORED_ARGS = frozenset({("PARTNERSHIP", "subject")})

Score = tuple[float, ...]
"""Strength of a candidate pair: compared as a tuple, higher is stronger."""


# --- results ---------------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the ratios derived from them.

    A ratio with an empty denominator is 1.0: no prediction makes no false claim, and no expected
    fact cannot be missed. So a section with nothing expected and nothing predicted scores 1.0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SectionScore:
    """One section of one document: which prediction matched which expected fact, and the rest.

    ``matched`` pairs a predicted fact (a group for entities, dates and quantities, the relation
    dict for relations) with the expected dict; ``by_key`` counts per entity label, date type,
    quantity kind or relation type.
    """

    section: str
    matched: list[tuple[Any, dict]] = field(default_factory=list)
    false_positives: list[Any] = field(default_factory=list)
    false_negatives: list[dict] = field(default_factory=list)
    by_key: dict[str, Counts] = field(default_factory=dict)

    @property
    def counts(self) -> Counts:
        return Counts(len(self.matched), len(self.false_positives), len(self.false_negatives))

    @property
    def precision(self) -> float:
        return self.counts.precision

    @property
    def recall(self) -> float:
        return self.counts.recall

    @property
    def f1(self) -> float:
        return self.counts.f1


@dataclass
class DocScore:
    """Scores of one document; ``problem`` says why its output was unusable, if it was."""

    doc_id: str
    sections: dict[str, SectionScore]
    problem: str | None = None

    @property
    def missing(self) -> bool:
        return self.problem is not None

    def section_counts(self) -> dict[str, Counts]:
        return {name: s.counts for name, s in self.sections.items()}

    def by_key(self, section: str) -> dict[str, Counts]:
        return dict(self.sections[section].by_key)

    @property
    def by_label(self) -> dict[str, Counts]:
        return self.by_key("entities")

    @property
    def by_relation_type(self) -> dict[str, Counts]:
        return self.by_key("relations")

    @property
    def total(self) -> Counts:
        return _sum(self.section_counts().values())

    @property
    def precision(self) -> float:
        return self.total.precision

    @property
    def recall(self) -> float:
        return self.total.recall

    @property
    def f1(self) -> float:
        return self.total.f1


@dataclass
class CorpusScore:
    """Scores of every document with an expected file, micro-averaged."""

    documents: list[DocScore]

    @property
    def missing(self) -> list[str]:
        """Documents whose output was missing or unreadable (all their facts count as misses)."""
        return [d.doc_id for d in self.documents if d.missing]

    def section_counts(self) -> dict[str, Counts]:
        return {name: _sum(d.sections[name].counts for d in self.documents) for name in SECTIONS}

    def by_key(self, section: str) -> dict[str, Counts]:
        totals: dict[str, Counts] = {}
        for doc in self.documents:
            for key, counts in doc.sections[section].by_key.items():
                totals[key] = totals.get(key, Counts()) + counts
        return dict(sorted(totals.items()))

    @property
    def by_label(self) -> dict[str, Counts]:
        return self.by_key("entities")

    @property
    def by_relation_type(self) -> dict[str, Counts]:
        return self.by_key("relations")

    @property
    def total(self) -> Counts:
        return _sum(self.section_counts().values())

    @property
    def precision(self) -> float:
        return self.total.precision

    @property
    def recall(self) -> float:
        return self.total.recall

    @property
    def f1(self) -> float:
        return self.total.f1


def _sum(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())


# --- predicted facts -------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityGroup:
    """All mentions of one (label, canonical): one predicted entity fact."""

    label: str
    canonical: str
    mentions: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class DateGroup:
    """All dates with one (type, value); a null-valued date is also told apart by its text."""

    type: str
    value: str | None
    texts: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class QuantityGroup:
    """All quantities with one (kind, unit, value)."""

    kind: str
    unit: str
    value: float
    texts: tuple[str, ...]
    ids: tuple[str, ...]


def _group(items: Iterable[dict], key: Callable[[dict], tuple], text: str = "text") -> dict:
    """Items by key, in order of first appearance: key -> (first item, texts, ids)."""
    groups: dict[tuple, tuple[dict, list[str], list[str]]] = {}
    for item in items:
        first, texts, ids = groups.setdefault(key(item), (item, [], []))
        if item.get(text) is not None and item[text] not in texts:
            texts.append(item[text])
        ids.append(str(item.get("id", "")))
    return groups


def group_entities(entities: Iterable[dict]) -> list[EntityGroup]:
    """Entity facts: mentions grouped by (label, canonical), so ten mentions are one fact."""

    def key(e: dict) -> tuple:
        return e.get("label"), (e.get("canonical") or e.get("text") or "").strip()

    return [
        EntityGroup(label, canonical, tuple(texts), tuple(ids))
        for (label, canonical), (_, texts, ids) in _group(entities, key).items()
    ]


def group_dates(dates: Iterable[dict]) -> list[DateGroup]:
    """Date facts: grouped by (type, value), null-valued ones by (type, text) instead."""

    def key(d: dict) -> tuple:
        value = d.get("value")
        if value is None:
            return d.get("type"), None, _norm_text(d.get("text") or "")
        return d.get("type"), _norm_value(value)

    return [
        DateGroup(first.get("type"), first.get("value"), tuple(texts), tuple(ids))
        for first, texts, ids in _group(dates, key).values()
    ]


def group_quantities(quantities: Iterable[dict]) -> list[QuantityGroup]:
    """Quantity facts: grouped by (kind, unit, value), so a value stated twice is one fact."""

    def key(q: dict) -> tuple:
        return q.get("kind"), (q.get("unit") or "").strip(), _number(q.get("value"))

    return [
        QuantityGroup(kind, unit, value, tuple(texts), tuple(ids))
        for (kind, unit, value), (_, texts, ids) in _group(quantities, key).items()
    ]


# --- matching rules --------------------------------------------------------------------------


def _norm_text(text: str) -> str:
    """Text compared for null-valued dates: NFKC, case folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _norm_value(value: Any) -> str:
    return str(value).strip().upper()


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _names(name: str, aliases: Iterable[str]) -> set[str]:
    return {normalize_name(n) for n in [name, *aliases] if n}


def entity_score(expected: dict, group: EntityGroup) -> Score | None:
    """Entity rule: same label, and the canonical or a mention equals the name or an alias.

    Strongest when the predicted canonical is the expected name, weakest when only a mention
    equals only an alias.
    """
    if expected.get("label") != group.label:
        return None
    name = normalize_name(expected.get("name") or "")
    aliases = _names("", expected.get("aliases") or []) - {name}
    return _name_score(name, aliases, group)


def _name_score(name: str, aliases: set[str], group: EntityGroup) -> Score | None:
    canonical = normalize_name(group.canonical)
    mentions = {normalize_name(m) for m in group.mentions}
    for score, hit in (
        (1.0, canonical == name),
        (0.9, canonical in aliases),
        (0.8, name in mentions),
        (0.7, not mentions.isdisjoint(aliases)),
    ):
        if hit:
            return (score,)
    return None


def date_score(expected: dict, group: DateGroup) -> Score | None:
    """Date rule: same type and value; a null value also needs the same text."""
    if expected.get("type") != group.type:
        return None
    texts = {_norm_text(t) for t in group.texts}
    same_text = _norm_text(expected.get("text") or "") in texts
    if expected.get("value") is None:
        return (1.0, 1.0) if group.value is None and same_text else None
    if group.value is None or _norm_value(expected["value"]) != _norm_value(group.value):
        return None
    return 1.0, float(same_text)


def quantity_score(expected: dict, group: QuantityGroup) -> Score | None:
    """Quantity rule: same kind and unit, value within 0.5%; the closer value is stronger."""
    if expected.get("kind") != group.kind or (expected.get("unit") or "").strip() != group.unit:
        return None
    want, got = _number(expected.get("value")), group.value
    difference = abs(got - want) / abs(want) if want else abs(got)
    if not difference <= QUANTITY_TOLERANCE:  # also false for NaN
        return None
    same_text = _norm_text(expected.get("text") or "") in {_norm_text(t) for t in group.texts}
    return 1.0 - difference, float(same_text)


_QUOTE_MARKS = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"}
)
_QUOTE_ENDS = " \"'.,;:!?"


def normalize_quote(text: str) -> str:
    """A quote as compared: NFKC, straight quotation marks, case folded, white space collapsed,
    without enclosing quotation marks, final punctuation or a trailing ellipsis."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS).casefold()
    text = " ".join(text.split()).strip(_QUOTE_ENDS)
    return text.removesuffix("...").strip(_QUOTE_ENDS)


def _contains(container: str, part: str) -> bool:
    return bool(part) and part in container


# --- one-to-one matching ---------------------------------------------------------------------


def match_greedy(
    expected: Sequence[Any], predicted: Sequence[Any], score: Callable[[Any, Any], Score | None]
) -> list[tuple[int, int]]:
    """One-to-one (expected index, predicted index) pairs, strongest pairs first.

    Ties are broken by position (earlier expected, then earlier predicted), so the result never
    depends on set or dict ordering.
    """
    candidates = [
        (s, i, j)
        for i, e in enumerate(expected)
        for j, p in enumerate(predicted)
        if (s := score(e, p)) is not None
    ]
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    used_expected: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_expected and j not in used_predicted:
            used_expected.add(i)
            used_predicted.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def match_all(
    expected: Sequence[Any], predicted: Sequence[Any], score: Callable[[Any, Any], Score | None]
) -> list[Score] | None:
    """Scores of a perfect one-to-one matching of two equal-sized sets, or None if there is none.

    Lists in relation arguments are sets: each expected element needs its own predicted element.
    Augmenting paths (Kuhn) find a perfect matching wherever one exists.
    """
    if len(expected) != len(predicted):
        return None
    edges = [
        [(j, s) for j, p in enumerate(predicted) if (s := score(e, p)) is not None]
        for e in expected
    ]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j, _ in sorted(edges[i], key=lambda edge: tuple(-x for x in edge[1])):
            if j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    if not all(assign(i, set()) for i in range(len(expected))):
        return None
    return [dict(edges[i])[j] for j, i in sorted(owner.items())]


# --- relations -------------------------------------------------------------------------------


@dataclass
class _Context:
    """What relation arguments refer to: predicted items by id, expected entities by name."""

    entity_by_id: dict[str, EntityGroup]
    date_by_id: dict[str, DateGroup]
    quantity_by_id: dict[str, QuantityGroup]
    expected_entities: list[dict]

    def resolve(self, value: Any) -> Any:
        """The predicted fact an argument id stands for; a plain string stays a string."""
        if isinstance(value, str):
            for table in (self.entity_by_id, self.date_by_id, self.quantity_by_id):
                if value in table:
                    return table[value]
        return value


def _context(record: dict, expected: dict) -> _Context:
    def by_id(groups: list) -> dict[str, Any]:
        return {i: g for g in groups for i in g.ids}

    return _Context(
        by_id(group_entities(record.get("entities") or [])),
        by_id(group_dates(record.get("dates") or [])),
        by_id(group_quantities(record.get("quantities") or [])),
        list(expected.get("entities") or []),
    )


def _entity_arg_score(name: str, value: Any, ctx: _Context) -> Score | None:
    """An entity argument, written by name, against a predicted entity (or plain string).

    The expected entity of that name lends its label and aliases, so the argument matches
    exactly when the entity rule would; a name not in the expected entities is compared as is.
    """
    wanted = normalize_name(name)
    if not isinstance(value, EntityGroup):
        return (1.0,) if isinstance(value, str) and normalize_name(value) == wanted else None
    named = [
        e
        for e in ctx.expected_entities
        if wanted in _names(e.get("name") or "", e.get("aliases") or [])
    ]
    if not named:
        return _name_score(wanted, set(), value)
    scores = [s for e in named if (s := entity_score(e, value)) is not None]
    return max(scores) if scores else None


def _arg_score(rel_type: str, arg: str, want: Any, got: Any, ctx: _Context) -> Score | None:
    """One argument of a relation, by the rule for what the expected value is."""
    if (rel_type, arg) in IGNORED_ARGS:
        return (1.0,)
    if want is None or got is None:
        return (1.0,) if want is None and got is None else None
    if isinstance(want, list):
        return _list_arg_score(rel_type, arg, want, got, ctx)
    value = ctx.resolve(got)
    if isinstance(want, dict):
        if isinstance(value, QuantityGroup) and "kind" in want:
            return quantity_score(want, value)
        if isinstance(value, DateGroup) and "kind" not in want:
            return date_score(want, value)
        return None
    if not isinstance(want, str):
        return (1.0,) if want == got else None
    if isinstance(got, str) and (rule := STRING_RULES.get((rel_type, arg))):
        return rule(want, got)
    return _entity_arg_score(want, value, ctx)


def _list_arg_score(rel_type: str, arg: str, want: list, got: Any, ctx: _Context) -> Score | None:
    """Lists are sets: same size, every expected element matched by a distinct predicted one."""
    got_list = got if isinstance(got, list) else [got]
    scores = match_all(want, got_list, lambda w, g: _arg_score(rel_type, arg, w, g, ctx))
    if scores is None:
        return None
    return (sum(s[0] for s in scores) / len(scores) if scores else 1.0,)


def quote_score(want: str, got: str) -> Score | None:
    """A QUOTE's quote: the predicted quote contains the expected one (maybe a shortened prefix)."""
    return (1.0,) if _contains(normalize_quote(got), normalize_quote(want)) else None


def role_score(want: str, got: str) -> Score | None:
    """A HOLDS_ROLE's role: either title contains the other ("CEO" in "President and CEO")."""
    a, b = normalize_name(want), normalize_name(got)
    if not (_contains(a, b) or _contains(b, a)):
        return None
    return (1.0 if a == b else 0.9,)


#: String arguments with their own rule; other strings are compared as names.
STRING_RULES: dict[tuple[str, str], Callable[[str, str], Score | None]] = {
    ("QUOTE", "quote"): quote_score,
    ("HOLDS_ROLE", "role"): role_score,
}


def relation_score(expected: dict, predicted: dict, ctx: _Context) -> Score | None:
    """Relation rule: same type and every argument matching; the mean argument strength."""
    rel_type = expected.get("type")
    if rel_type != predicted.get("type"):
        return None
    want_args, got_args = expected.get("args") or {}, predicted.get("args") or {}
    scores = []
    for arg in sorted(set(want_args) | set(got_args)):  # exhaustive: a missing key is null
        score = _arg_score(rel_type, arg, want_args.get(arg), got_args.get(arg), ctx)
        if score is None:
            return None
        scores.append(score[0])
    return (sum(scores) / len(scores) if scores else 1.0,)


# --- scoring ---------------------------------------------------------------------------------


#: What each section is counted by: entity label, date type, quantity kind, relation type.
KEY_FIELD = {"entities": "label", "dates": "type", "quantities": "kind", "relations": "type"}


def _key(fact: Any, name: str) -> str:
    """A fact's label, type or kind, whether it is a JSON dict or a predicted group."""
    return str(fact.get(name) if isinstance(fact, dict) else getattr(fact, name))


def _score_section(
    section: str,
    expected: list[dict],
    predicted: list[Any],
    score: Callable[[dict, Any], Score | None],
) -> SectionScore:
    """Match one section one-to-one and count per label, type or kind."""
    pairs = match_greedy(expected, predicted, score)
    matched_e, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    result = SectionScore(
        section,
        matched=[(predicted[j], expected[i]) for i, j in pairs],
        false_positives=[p for j, p in enumerate(predicted) if j not in matched_p],
        false_negatives=[e for i, e in enumerate(expected) if i not in matched_e],
    )
    field_name = KEY_FIELD[section]
    tally: dict[str, Counts] = {}
    for _, e in result.matched:
        tally.setdefault(_key(e, field_name), Counts()).tp += 1
    for p in result.false_positives:
        tally.setdefault(_key(p, field_name), Counts()).fp += 1
    for e in result.false_negatives:
        tally.setdefault(_key(e, field_name), Counts()).fn += 1
    result.by_key = dict(sorted(tally.items()))
    return result


def score_document(record: dict, expected: dict) -> DocScore:
    """Scores one record (outputs/<doc_id>.json) against its expected facts."""
    ctx = _context(record, expected)
    predicted: dict[str, list[Any]] = {
        "entities": group_entities(record.get("entities") or []),
        "dates": group_dates(record.get("dates") or []),
        "quantities": group_quantities(record.get("quantities") or []),
        "relations": list(record.get("relations") or []),
    }
    rules: dict[str, Callable[[dict, Any], Score | None]] = {
        "entities": entity_score,
        "dates": date_score,
        "quantities": quantity_score,
        "relations": lambda e, p: relation_score(e, p, ctx),
    }
    sections = {
        name: _score_section(name, list(expected.get(name) or []), predicted[name], rules[name])
        for name in SECTIONS
    }
    return DocScore(str(expected.get("doc_id") or record.get("doc_id") or ""), sections)


def missing_document(expected: dict, problem: str) -> DocScore:
    """A document without a usable output: every expected fact is a miss."""
    doc = score_document({}, expected)
    doc.problem = problem
    return doc


def _load_output(path: Path) -> tuple[dict | None, str | None]:
    """The record at ``path``, or why there is none; a broken output must not stop the scoring."""
    if not path.is_file():
        return None, f"missing output {path.name}"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return None, f"unreadable output {path.name}: {err}"
    if not isinstance(record, dict):
        return None, f"unreadable output {path.name}: not a JSON object"
    return record, None


def score_corpus(expected_dir: Path, outputs_dir: Path) -> CorpusScore:
    """Scores every expected file against ``outputs_dir/<doc_id>.json``.

    The expected files define the corpus: a missing or unreadable output counts all of that
    document's facts as misses and is listed in ``CorpusScore.missing``.
    """
    documents = []
    for path in sorted(Path(expected_dir).glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        expected.setdefault("doc_id", path.stem)
        record, problem = _load_output(Path(outputs_dir) / f"{path.stem}.json")
        if record is None:
            documents.append(missing_document(expected, problem or "missing output"))
        else:
            documents.append(score_document(record, expected))
    return CorpusScore(documents)


# --- reports ---------------------------------------------------------------------------------

_COLUMNS = ("tp", "fp", "fn", "precision", "recall", "F1")
#: The per-key tables of a report, by section.
BREAKDOWNS = {
    "entities": "entity label",
    "dates": "date type",
    "quantities": "quantity kind",
    "relations": "relation type",
}


def _table(title: str, rows: dict[str, Counts], total: Counts | None = None) -> str:
    """A plain-text table of counts and ratios, columns aligned."""
    lines = [(title, *_COLUMNS)]
    body = list(rows.items()) + ([("all", total)] if total is not None else [])
    for name, c in body:
        ratios = (f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")
        lines.append((name, str(c.tp), str(c.fp), str(c.fn), *ratios))
    widths = [max(len(row[k]) for row in lines) for k in range(len(lines[0]))]
    out = []
    for n, row in enumerate(lines):
        cells = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def format_report(score: CorpusScore | DocScore) -> str:
    """Plain-text report: per section, per entity label, per date type, quantity kind and
    relation type, and (for a corpus) per document with missing outputs named."""
    sections = score.section_counts()
    parts = [_table("section", sections, score.total)]
    for section, title in BREAKDOWNS.items():
        rows = score.by_key(section)
        if rows:
            parts.append(_table(title, rows, sections[section]))
    if isinstance(score, CorpusScore):
        parts.append(_table("document", {d.doc_id: d.total for d in score.documents}))
        if score.missing:
            problems = [f"  {d.doc_id}: {d.problem}" for d in score.documents if d.missing]
            parts.append("\n".join(["missing outputs (all facts counted as misses):", *problems]))
    elif score.missing:
        parts.append(f"{score.doc_id}: {score.problem} (all facts counted as misses)")
    return "\n\n".join(parts) + "\n"


def _describe_expected_value(value: Any) -> str:
    """An expected argument as a reader would say it."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_describe_expected_value(v) for v in value) + "]"
    if isinstance(value, dict):
        kind = value.get("kind") or value.get("type")
        extra = f" {value.get('unit')}" if "kind" in value else ""
        return f"{value.get('text')!r} ({kind} {value.get('value')}{extra})"
    return repr(value) if isinstance(value, str) else str(value)


def _describe_predicted_value(value: Any, ctx: _Context) -> str:
    """A predicted argument with its ids spelled out by name, text and value."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_describe_predicted_value(v, ctx) for v in value) + "]"
    fact = ctx.resolve(value)
    if isinstance(fact, EntityGroup):
        return f"{fact.canonical!r} ({value} {fact.label})"
    if isinstance(fact, DateGroup):
        return f"{fact.texts[0] if fact.texts else ''!r} ({value} {fact.type} {fact.value})"
    if isinstance(fact, QuantityGroup):
        text = fact.texts[0] if fact.texts else ""
        return f"{text!r} ({value} {fact.kind} {fact.value:g} {fact.unit})"
    return repr(value) if isinstance(value, str) else str(value)


def _describe_args(args: dict, describe: Callable[[Any], str]) -> str:
    return ", ".join(f"{name}={describe(value)}" for name, value in args.items())


def _ids(group: EntityGroup | DateGroup | QuantityGroup) -> str:
    return "[" + ", ".join(group.ids) + "]"


def _describe_fact(section: str, fact: Any, ctx: _Context, predicted: bool) -> str:
    """One line for a missed or spurious fact."""
    if section == "relations":
        describe = (
            (lambda v: _describe_predicted_value(v, ctx)) if predicted else _describe_expected_value
        )
        ident = f" [{fact.get('id')}]" if predicted and fact.get("id") else ""
        return f"{fact.get('type')}{ident}: {_describe_args(fact.get('args') or {}, describe)}"
    if isinstance(fact, EntityGroup):
        return f"{fact.label} {fact.canonical!r} mentions {list(fact.mentions)} {_ids(fact)}"
    if isinstance(fact, DateGroup):
        return f"{fact.type} {fact.value} texts {list(fact.texts)} {_ids(fact)}"
    if isinstance(fact, QuantityGroup):
        return f"{fact.kind} {fact.value:g} {fact.unit} texts {list(fact.texts)} {_ids(fact)}"
    if section == "entities":
        aliases = f" aliases {fact.get('aliases')}" if fact.get("aliases") else ""
        return f"{fact.get('label')} {fact.get('name')!r}{aliases}"
    if section == "dates":
        return f"{fact.get('type')} {fact.get('value')} text {fact.get('text')!r}"
    return f"{fact.get('kind')} {fact.get('value')} {fact.get('unit')} text {fact.get('text')!r}"


def explain_document(record: dict, expected: dict) -> str:
    """What one document got wrong: per section, the expected facts missed and the predictions
    that matched nothing, with relation arguments spelled out by name."""
    score = score_document(record, expected)
    ctx = _context(record, expected)
    c = score.total
    lines = [f"{score.doc_id}: tp {c.tp}, fp {c.fp}, fn {c.fn}, F1 {c.f1:.3f}"]
    for section in SECTIONS:
        result = score.sections[section]
        if not (result.false_negatives or result.false_positives):
            continue
        lines.append(f"{section}:")
        lines += [
            f"  missed  {_describe_fact(section, e, ctx, False)}" for e in result.false_negatives
        ]
        lines += [
            f"  extra   {_describe_fact(section, p, ctx, True)}" for p in result.false_positives
        ]
    if len(lines) == 1:
        lines.append("no misses, no false positives")
    return "\n".join(lines) + "\n"
