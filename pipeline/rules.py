"""Pattern files: loading and strict validation of the rules in ``patterns/<group>/*.jsonl``.

A rule is one JSON object per line in spaCy's SpanRuler format (``label``, ``pattern``, ``id``)
plus optional keys of our own: ``focus`` (which pattern tokens form the fact, as a
``[start, end)`` range of pattern-token indexes, so context tokens such as "said" can anchor a
match without entering it), ``slots`` (relations: argument name to pattern-token range) and
``example`` / ``counter_example`` (sentences the tests run). Every problem is reported as
``file:line: reason``, never as a traceback.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from spacy.schemas import validate_token_pattern
from spacy.tokens import Token

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"
#: Token attributes that are only set once entities exist: rules using them run in a second stage.
ENTITY_ATTRS = frozenset({"ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"})


class Rule(BaseModel):
    """One pattern rule as written in a JSONL file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    label: str = Field(min_length=1)
    pattern: str | list[dict[str, Any]]
    focus: tuple[int, int] | None = None
    slots: dict[str, tuple[int, int]] | None = None
    example: str | list[str] | None = None
    counter_example: str | list[str] | None = None

    @field_validator("pattern")
    @classmethod
    def _spacy_valid(cls, value: str | list[dict[str, Any]]) -> str | list[dict[str, Any]]:
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("empty phrase pattern")
            return value
        if not value:
            raise ValueError("empty token pattern")
        errors = validate_token_pattern(value) or regex_problems(value) or range_problems(value)
        if errors:
            raise ValueError("; ".join(errors))
        return value

    @property
    def is_phrase(self) -> bool:
        return isinstance(self.pattern, str)

    @property
    def needs_entities(self) -> bool:
        """True when the rule reads entity attributes, so it must run after entities exist."""
        return not self.is_phrase and any(ENTITY_ATTRS & set(tok) for tok in self.pattern)

    def check_ranges(self) -> None:
        size = 1 if self.is_phrase else len(self.pattern)
        ranges = dict(self.slots or {})
        if self.focus is not None:
            ranges["focus"] = self.focus
        for name, (start, end) in ranges.items():
            if not 0 <= start < end <= size:
                raise ValueError(f"{name} range [{start}, {end}) outside the {size} pattern tokens")

    def examples(self) -> list[str]:
        return [self.example] if isinstance(self.example, str) else list(self.example or [])

    def counter_examples(self) -> list[str]:
        ce = self.counter_example
        return [ce] if isinstance(ce, str) else list(ce or [])


@dataclass(frozen=True)
class LoadedRule:
    """A validated rule and where it came from."""

    rule: Rule
    path: Path
    line: int


class PatternError(Exception):
    """Invalid pattern files; ``problems`` holds one ``file:line: reason`` string each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _regexes(value: Any) -> Iterator[Any]:
    """Every value of a ``REGEX`` key, however deep (token attributes, ``_`` extensions)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "REGEX":
                yield from item if isinstance(item, list) else [item]
            else:
                yield from _regexes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _regexes(item)


def regex_problems(pattern: list[dict[str, Any]]) -> list[str]:
    """Regular expressions the Matcher would fail to compile (with a traceback, at build time)."""
    problems = []
    for regex in _regexes(pattern):
        try:
            re.compile(regex)
        except (re.error, TypeError) as exc:
            problems.append(f"invalid REGEX {regex!r}: {exc}")
    return problems


#: The widest ``{n,m}`` a pattern token may use. spaCy expands it into m - n optional tokens,
#: and the ways a gap of k words can be spread over them (C(m - n, k)) are all kept as partial
#: matches: a {1,25} gap ran a 2-core machine out of memory on one long sentence.
MAX_RANGE_WIDTH = 6
_RANGE_OP = re.compile(r"^\{(\d*),(\d*)\}$")


def range_problems(pattern: list[dict[str, Any]]) -> list[str]:
    """``{n,m}`` operators too wide to match safely; ``*`` or ``+`` give a long gap in one state."""
    problems = []
    for i, token in enumerate(pattern):
        found = _RANGE_OP.match(str(token.get("OP", "")))
        if (
            found
            and found.group(2)
            and int(found.group(2)) - int(found.group(1) or 0) > MAX_RANGE_WIDTH
        ):
            problems.append(
                f"token {i}: OP {token['OP']} allows more than {MAX_RANGE_WIDTH} optional tokens, "
                "whose combinations the Matcher keeps all at once: use '*' or '+' for a long gap"
            )
    return problems


def extension_problems(rule: Rule) -> list[str]:
    """``{"_": {name: ...}}`` tokens whose Token extension is not registered: the Matcher accepts
    them and fails on every document. Only meaningful once the components that register
    extensions are imported (``pipeline.pattern_check`` makes sure of that)."""
    if rule.is_phrase:
        return []
    names = sorted({name for token in rule.pattern for name in token.get("_", None) or {}})
    return [
        f"unknown token extension '_.{name}' (no Token extension of that name is registered)"
        for name in names
        if not Token.has_extension(name)
    ]


def read_text(path: Path) -> str:
    """The file as UTF-8 text; PatternError with ``file:line: reason`` when it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PatternError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PatternError(
            [f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})"]
        ) from None


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")  # pydantic's wrapping of our ValueErrors
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def parse_file(
    path: Path, labels: Iterable[str] | None = None
) -> tuple[list[LoadedRule], list[str]]:
    """Validate one JSONL file line by line; return its rules and its problems."""
    rules: list[LoadedRule] = []
    problems: list[str] = []
    allowed = set(labels) if labels is not None else None
    try:
        text = read_text(path)
    except PatternError as exc:
        return rules, exc.problems
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: invalid JSON: {exc.msg}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{where}: a rule must be a JSON object")
            continue
        try:
            rule = Rule.model_validate(data)
            rule.check_ranges()
        except ValidationError as exc:
            problems.append(f"{where} {data.get('id', '?')}: {_reason(exc)}")
            continue
        except ValueError as exc:
            problems.append(f"{where} {rule.id}: {exc}")
            continue
        if allowed is not None and rule.label not in allowed:
            problems.append(f"{where} {rule.id}: unknown label {rule.label!r}")
            continue
        rules.append(LoadedRule(rule, path, number))
    return rules, problems


def load_group(
    group: str, patterns_dir: Path = PATTERNS_DIR, labels: Iterable[str] | None = None
) -> list[LoadedRule]:
    """Load every ``patterns/<group>/*.jsonl`` file; raise PatternError listing all problems."""
    rules: list[LoadedRule] = []
    problems: list[str] = []
    folder = patterns_dir / group
    for path in sorted(folder.glob("*.jsonl")):
        found, bad = parse_file(path, labels)
        rules.extend(found)
        problems.extend(bad)
    problems.extend(duplicate_ids(rules))
    if problems:
        raise PatternError(problems)
    return rules


def duplicate_ids(rules: Iterable[LoadedRule]) -> list[str]:
    """One problem per rule whose id was already used by an earlier rule."""
    seen: dict[str, LoadedRule] = {}
    problems = []
    for item in rules:
        first = seen.setdefault(item.rule.id, item)
        if first is not item:
            problems.append(
                f"{item.path}:{item.line} {item.rule.id}: duplicate id, "
                f"first at {first.path}:{first.line}"
            )
    return problems


@cache
def patterns_digest(patterns_dir: Path = PATTERNS_DIR) -> str:
    """SHA-256 over every pattern and lexicon file, so a record names the rule set that made it."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in patterns_dir.rglob("*") if p.is_file() and p.suffix in {".jsonl", ".tsv"}
    ):
        digest.update(path.relative_to(patterns_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
