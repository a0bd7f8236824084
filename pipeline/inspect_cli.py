"""``pressfacts show``, ``render`` and ``table``: read the JSON records as people do.

A missing or invalid record is one line on stderr, ``error: ...``, never a traceback. ``render``
and ``table`` go on past a bad record, like ``extract`` past a bad file, and exit with 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from pipeline.record import Record

_OUTPUTS = click.option(
    "--outputs",
    "outputs_dir",
    default="outputs",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the records.",
)
#: Width of ``show``'s tables when stdout is not a terminal and COLUMNS is not set.
PIPE_WIDTH = 120


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _load_all(refs: list[str], outputs: Path) -> tuple[list[Record], int]:
    """The records ``refs`` name, each bad one reported on stderr; and how many were bad."""
    from pipeline.record_files import RecordError, load_ref

    records: dict[str, Record] = {}
    failed = 0
    for ref in refs:
        try:
            record = load_ref(ref, outputs)
        except RecordError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
            continue
        if record.doc_id in records:
            failed += 1
            click.echo(f"error: {ref}: doc_id {record.doc_id} was already read", err=True)
            continue
        records[record.doc_id] = record
    return list(records.values()), failed


def _every_record(outputs: Path) -> list[str]:
    from pipeline.record_files import RecordError, record_paths

    try:
        return [str(path) for path in record_paths(outputs)]
    except RecordError as exc:
        _fail(str(exc))


@click.command()
@click.argument("doc")
@_OUTPUTS
def show(doc: str, outputs_dir: Path) -> None:
    """Print one record as readable tables. DOC is a doc_id in --outputs or a record's path."""
    from rich.console import Console

    from pipeline.record_files import RecordError, load_ref
    from pipeline.show import record_view

    try:
        record = load_ref(doc, outputs_dir)
    except RecordError as exc:
        _fail(str(exc))
    piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    console = Console(highlight=False, width=PIPE_WIDTH if piped else None)
    console.print(record_view(record))


@click.command()
@click.argument("docs", nargs=-1)
@_OUTPUTS
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="report",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for index.html and the pages.",
)
def render(docs: tuple[str, ...], outputs_dir: Path, out_dir: Path) -> None:
    """Write a static HTML report: index.html and one page per record.

    DOCS are doc_ids in --outputs or record paths; without DOCS, every record in --outputs.
    """
    from pipeline.report import write_report

    refs = list(docs) or _every_record(outputs_dir)
    records, failed = _load_all(refs, outputs_dir)
    if not records:
        _fail("no record to render")
    try:
        write_report(records, out_dir)
    except (OSError, ValueError) as exc:
        _fail(f"{out_dir}: {exc}")
    click.echo(
        f"{len(records)} pages and index.html written to {out_dir}"
        + (f", {failed} records failed" if failed else "")
    )
    sys.exit(1 if failed else 0)


@click.command()
@_OUTPUTS
@click.option(
    "-o",
    "--out",
    "out_path",
    default=None,
    type=click.Path(path_type=Path, dir_okay=False),
    help="facts.csv or facts.jsonl (the format follows the extension); default: CSV on stdout.",
)
def table(outputs_dir: Path, out_path: Path | None) -> None:
    """Every fact of every record as one flat table, for a spreadsheet or DuckDB."""
    from pipeline.facts_table import FORMATS, fact_rows, to_csv, to_jsonl

    suffix = out_path.suffix.lower() if out_path else ".csv"
    if suffix not in FORMATS:
        raise click.BadParameter(
            f"{out_path}: the extension must be {' or '.join(FORMATS)}", param_hint="-o"
        )
    records, failed = _load_all(_every_record(outputs_dir), outputs_dir)
    rows = [row for record in records for row in fact_rows(record)]
    content = to_jsonl(rows) if suffix == ".jsonl" else to_csv(rows)
    if out_path is None:
        click.echo(content, nl=False)
    else:
        from pipeline.extract import write_atomically

        try:
            write_atomically(out_path, content)
        except OSError as exc:
            _fail(f"{out_path}: {exc.strerror or exc}")
        click.echo(f"{len(rows)} facts of {len(records)} records written to {out_path}")
    sys.exit(1 if failed else 0)
