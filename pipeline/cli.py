"""The ``pressfacts`` command line: extract, evaluate, schema; patterns, show, render, table."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from pipeline.rules import PATTERNS_DIR, PatternError

#: From this many files on, a terminal shows a progress bar.
PROGRESS_MIN_FILES = 20


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _fail(message: str, status: int = 2) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


@click.group()
@click.version_option(package_name="pressfacts")
def main() -> None:
    """Structured, checkable facts from corporate press releases."""


@main.command()
@click.argument("corpus", default="corpus", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="outputs",
    type=click.Path(path_type=Path, file_okay=False),
    show_default=True,
    help="Folder for the JSON records.",
)
@click.option(
    "--published",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Publication date for every file, overriding front matter and datelines.",
)
@click.option(
    "--patterns",
    "patterns_dir",
    default=PATTERNS_DIR,
    show_default=False,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Pattern folder (default: the project's patterns/).",
)
def extract(corpus: Path, out_dir: Path, published: dt.date | None, patterns_dir: Path) -> None:
    """Write one JSON record per press release in CORPUS (default: corpus/)."""
    from pipeline.extract import extract_release, record_json, write_atomically
    from pipeline.nlp import build_nlp
    from pipeline.reader import InputError, iter_release_paths, read_release

    if not corpus.is_dir():
        _fail(f"{corpus}: no such folder")
    paths = iter_release_paths(corpus)
    if not paths:
        _fail(f"{corpus}: no .txt, .md or .html files to read", 1)
    started = time.perf_counter()
    try:
        nlp = build_nlp(patterns_dir)
    except PatternError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        _fail(f"{len(exc.problems)} problem(s) in the pattern files; nothing was extracted")
    written = failed = 0
    for path in _progress(paths):
        try:
            record = extract_release(nlp, read_release(path), published, patterns_dir)
            write_atomically(out_dir / f"{record.doc_id}.json", record_json(record))
            written += 1
        except InputError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
        except Exception as exc:  # one bad document must not stop the run
            failed += 1
            click.echo(f"error: {path}: internal error: {type(exc).__name__}: {exc}", err=True)
    seconds = time.perf_counter() - started
    click.echo(
        f"{len(paths)} files, {written} records written to {out_dir}, "
        f"{failed} failed, {seconds:.2f} s"
    )
    sys.exit(1 if failed else 0)


def _progress(paths: list[Path]):
    """Paths, with a progress bar on a terminal when there are many."""
    if len(paths) < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return paths
    from rich.progress import track

    return track(paths, description="extracting", console=None, transient=True)


@main.command()
@click.option(
    "--expected",
    "expected_dir",
    default="tests/expected",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
)
@click.option(
    "--outputs",
    "outputs_dir",
    default="outputs",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
)
@click.option(
    "--explain",
    "explain_doc",
    metavar="DOC_ID",
    help="List one document's misses and false positives.",
)
def evaluate(expected_dir: Path, outputs_dir: Path, explain_doc: str | None) -> None:
    """Precision, recall and F1 of the records against the expected facts."""
    from pipeline import evaluate as ev

    if explain_doc:
        expected_path = expected_dir / f"{explain_doc}.json"
        record_path = outputs_dir / f"{explain_doc}.json"
        for path in (expected_path, record_path):
            if not path.is_file():
                _fail(f"{path}: no such file")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        record = json.loads(record_path.read_text(encoding="utf-8"))
        click.echo(ev.explain_document(record, expected))
        return
    click.echo(ev.format_report(ev.score_corpus(expected_dir, outputs_dir)))


@main.command()
def schema() -> None:
    """Print the JSON Schema of a record (schema version 1)."""
    from pipeline.record import Record

    click.echo(json.dumps(Record.model_json_schema(), indent=2))


def _register_subcommands() -> None:
    """Commands that live in modules of their own, so each stays small."""
    from pipeline.inspect_cli import render, show, table
    from pipeline.patterns_cli import patterns

    main.add_command(patterns)
    main.add_command(show)
    main.add_command(render)
    main.add_command(table)


_register_subcommands()


if __name__ == "__main__":
    main()
