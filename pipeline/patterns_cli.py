"""``pressfacts patterns``: check, test and measure the rules in ``patterns/``.

The heavy imports (spaCy, the components) happen inside the commands, so that ``pressfacts
--help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from pipeline.rules import PATTERNS_DIR, PatternError

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.rule_stats import CorpusStats, RuleStats
    from pipeline.rule_trace import Fact, NotKept, Trace

#: Exit status of ``patterns test --rule`` for a rule id that no pattern file holds.
UNKNOWN_RULE = 2
#: Quoted texts longer than this are shortened in the middle, so the columns stay readable.
QUOTE_LIMIT = 60
#: A date option as ``extract`` takes it.
DATE = click.DateTime(formats=["%Y-%m-%d"])
PATTERNS_OPTION = click.option(
    "--patterns",
    "patterns_dir",
    default=PATTERNS_DIR,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Pattern folder (default: the project's patterns/).",
)


@click.group()
def patterns() -> None:
    """Check, try out and measure the pattern rules."""


# --- check ----------------------------------------------------------------------------------------


@patterns.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
def check(paths: tuple[Path, ...]) -> None:
    """Validate pattern files: PATHS are files or folders (default: the project's patterns/).

    Checks each line is a JSON rule spaCy accepts, known keys, token attributes, extensions and
    REGEX, labels of its group (entities, dates, quantities, relations, references), relation
    slots, ranges, ids unique across all files, the cue and metric tables and the lexicons'
    encoding. Prints one `file:line id: reason` per problem and exits 1, or a one-line summary.
    """
    from pipeline.pattern_check import check_paths

    result = check_paths(paths or [_shown(PATTERNS_DIR)])
    for problem in result.problems:
        click.echo(problem)
    if result.problems:
        click.echo(f"{len(result.problems)} problem(s) in {len(result.files)} files", err=True)
        sys.exit(1)
    if not result.files:
        click.echo("error: no pattern files found", err=True)
        sys.exit(1)
    groups = ", ".join(f"{g} {n}" for g, n in sorted(result.rules_per_group().items()))
    click.echo(f"ok: {len(result.files)} files, {len(result.rules)} rules ({groups})")


def _shown(path: Path) -> Path:
    """The path relative to the working folder when it is inside it: shorter messages."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _pipeline(patterns_dir: Path) -> Language:
    """The traced pipeline, or the pattern problems and exit status 1."""
    from pipeline.rule_trace import traced_nlp

    try:
        return traced_nlp(patterns_dir)
    except PatternError as exc:
        _refuse(exc.problems)


def _refuse(problems: list[str]) -> NoReturn:
    """Report pattern problems as ``extract`` does, and exit with status 1."""
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"error: {len(problems)} problem(s) in the pattern files", err=True)
    sys.exit(1)


# --- test -----------------------------------------------------------------------------------------


@patterns.command("test")
@click.argument("text")
@click.option("--rule", "rule_id", metavar="ID", help="Show only what this rule did.")
@click.option(
    "--published",
    type=DATE,
    metavar="YYYY-MM-DD",
    help="Publication date that relative dates resolve against (else the text's dateline).",
)
@PATTERNS_OPTION
def try_rules(
    text: str, rule_id: str | None, published: dt.datetime | None, patterns_dir: Path
) -> None:
    """Run the whole pipeline on TEXT and print its facts, each with the rule that made it,
    then the matches that made no fact and why (overlapped by a fact, dropped by a context
    check, merged into the same relation, cancelled by a cue, arguments not read).

    With --rule, only that rule's facts and matches; exit status 1 when it made no fact
    (a references rule: found no phrase), 2 when no pattern file holds the id.
    """
    from pipeline.pattern_check import check_paths
    from pipeline.rule_stats import BUILTIN_IDS
    from pipeline.rule_trace import run_text, trace

    checked = check_paths([patterns_dir])
    if checked.problems:
        _refuse(checked.problems)
    rules = {item.rule.id: item for item in checked.rules}
    if rule_id is not None and rule_id not in rules and rule_id not in BUILTIN_IDS:
        close = difflib.get_close_matches(rule_id, [*rules, *BUILTIN_IDS], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        click.echo(f"error: no rule {rule_id!r} in {_shown(patterns_dir)}{hint}", err=True)
        sys.exit(UNKNOWN_RULE)
    nlp = _pipeline(patterns_dir)
    doc = run_text(nlp, text, published.date() if published else None)
    found = trace(doc)
    if rule_id is None:
        _print_trace(found)
        return
    item = rules.get(rule_id)
    where = f"{_shown(item.path)}:{item.line}, {item.rule.label}" if item else "built-in id"
    click.echo(f"rule {rule_id} ({where})")
    _print_trace(_only(found, rule_id), empty=False)
    produced = any(f.rule == rule_id for f in found.facts) or any(
        r.rule == rule_id for r in found.references
    )
    if not produced:
        if any(n.rule == rule_id for n in found.not_kept):
            click.echo(f"{rule_id} made no fact in this text: it matched, but no match was kept.")
        else:
            click.echo(f"{rule_id} made no fact in this text: it did not match.")
            # what a token pattern sees: the word classes of patterns/README.md
            click.echo(
                "tokens/TAG: " + " ".join(f"{t.text}/{t.tag_}" for t in doc if t.text.strip())
            )
        sys.exit(1)


def _only(found: Trace, rule_id: str) -> Trace:
    from pipeline.rule_trace import Trace

    return Trace(
        facts=[f for f in found.facts if f.rule == rule_id],
        not_kept=[n for n in found.not_kept if n.rule == rule_id],
        references=[r for r in found.references if r.rule == rule_id],
    )


def _print_trace(found: Trace, empty: bool = True) -> None:
    """Facts per group, then referring phrases, then what was not kept; ``empty``: also print
    the groups that have nothing."""
    from pipeline.rule_trace import FACT_GROUPS

    for group in FACT_GROUPS:
        facts = [f for f in found.facts if f.group == group]
        if facts or empty:
            _section(f"{group} ({len(facts)})", [_fact_row(f) for f in facts])
    if found.references:
        rows = [(r.label, r.rule, _quote(r.text)) for r in found.references]
        _section(f"referring phrases ({len(found.references)})", rows)
    if found.not_kept:
        rows = [_not_kept_row(n) for n in found.not_kept]
        _section(f"matches not kept ({len(found.not_kept)})", rows)


def _fact_row(fact: Fact) -> tuple[str, ...]:
    text = fact.text if fact.group == "relations" else _quote(fact.text)
    return fact.ref, fact.label, fact.rule, text, fact.value


def _not_kept_row(item: NotKept) -> tuple[str, ...]:
    text = item.text if item.is_args else _quote(item.text)
    return item.group, item.label, item.rule, text, item.reason


def _quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The text on one line, in quotes, shortened in the middle when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        half = (limit - 1) // 2
        text = f"{text[:half]}…{text[-half:]}"
    return f'"{text}"'


def _section(title: str, rows: Sequence[Sequence[str]]) -> None:
    click.echo(title)
    for line in _aligned(rows) if rows else ["  -"]:
        click.echo(line)


def _aligned(rows: Iterable[Sequence[str]], indent: str = "  ") -> list[str]:
    """Rows as columns padded to their widest cell (the last column is not padded)."""
    rows = [list(r) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        (
            indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1]
        ).rstrip()
        for r in rows
    ]


# --- stats ----------------------------------------------------------------------------------------


STATS_HELP = """How often each rule fired on the corpus, the rules that never match, and the rules
whose matches never become facts.

\b
facts     items in the records with this rule id (what `extract` writes); docs: documents
          with at least one
matches   raw matches: entities, spans offered to the overlap filter (mentions included);
          dates and quantities, matcher hits before context checks and overlaps; relations,
          matcher hits (one may give several relations, or none); references, the referring
          phrases found (they make no facts, relations use them)
not kept  matches that made no fact: overlapped by a fact, dropped by a context check,
          merged into the same relation, cancelled by a cue, or arguments not read
"""


@patterns.command(help=STATS_HELP)
@click.option(
    "--corpus",
    default="corpus",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of press releases.",
)
@PATTERNS_OPTION
def stats(corpus: Path, patterns_dir: Path) -> None:
    from pipeline.pattern_check import check_paths
    from pipeline.reader import iter_release_paths
    from pipeline.rule_stats import corpus_stats

    paths = iter_release_paths(corpus)
    if not paths:
        click.echo(f"error: {corpus}: no .txt, .md or .html files to read", err=True)
        sys.exit(1)
    nlp = _pipeline(patterns_dir)
    result = corpus_stats(nlp, check_paths([patterns_dir]).rules, paths)
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    _print_stats(result)


def _print_stats(result: CorpusStats) -> None:
    entries = [s for s in result.rules.values() if s.where != "built-in" or not s.never_matched]
    order = {"entities": 0, "dates": 1, "quantities": 2, "relations": 3, "references": 4}
    entries.sort(key=lambda s: (order.get(s.group, 9), -s.facts, -s.matches, s.rule))
    click.echo(f"{result.documents} documents, {sum(s.where != 'built-in' for s in entries)} rules")
    header = ("rule", "group", "facts", "docs", "matches", "not kept", "where")
    rows = [header, *(_stats_row(s) for s in entries)]
    for line in _aligned(rows, indent=""):
        click.echo(line)
    rules = [s for s in entries if s.where != "built-in"]
    never = [s for s in rules if s.never_matched]
    click.echo(f"\nnever match ({len(never)}): no match in any document")
    for line in _aligned([(s.rule, _where(s)) for s in never]) if never else ["  -"]:
        click.echo(line)
    dropped = [s for s in rules if s.never_kept]
    click.echo(
        f"\nnever kept ({len(dropped)}): they match, but no match became a fact (overlapped by"
        "\n  another fact, dropped by a context check, merged, cancelled or without arguments)"
    )
    rows = [
        (s.rule, _where(s), f"{s.matches} match{'es' if s.matches != 1 else ''}") for s in dropped
    ]
    for line in _aligned(rows) if rows else ["  -"]:
        click.echo(line)
    click.echo("\n(`pressfacts patterns stats --help` says what each count means)")


def _stats_row(entry: RuleStats) -> tuple[str, ...]:
    facts = "-" if entry.group == "references" else str(entry.facts)
    docs = "-" if entry.group == "references" else str(entry.docs)
    return (entry.rule, entry.group, facts.rjust(5), docs.rjust(4), str(entry.matches).rjust(7),
            str(entry.not_kept).rjust(8), _where(entry))  # fmt: skip


def _where(entry: RuleStats) -> str:
    """``file:line`` relative to the working folder, when the rule is in a file."""
    path, _, line = entry.where.rpartition(":")
    return f"{_shown(Path(path))}:{line}" if path else entry.where
