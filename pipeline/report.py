"""A static HTML report of records (``pressfacts render``): index.html and one page per record.

The pages open from disk: relative links, CSS inline, no scripts, nothing fetched. The text is
highlighted by displaCy (``pipeline.highlight``); every other string from a record is escaped
here. Each highlighted item links to its row in the tables below the text, each relation row to
its evidence, drawn again with the relation's arguments highlighted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from pipeline import __version__
from pipeline.highlight import Mark, render_marks
from pipeline.record import DateItem, Entity, Record, Relation
from pipeline.show import format_number
from pipeline.spelled_args import Arg, Item, Spelled, item_index, spell_args

#: One colour per entity label, date type and quantity kind (displaCy's where it has one).
COLORS = {
    "ORG": "#7aecec",
    "PERSON": "#aa9cfc",
    "PRODUCT": "#bfeeb7",
    "FAC": "#9cc9cc",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "AWARD": "#ffeb80",
    "DATE": "#8fd3c4",
    "DURATION": "#a8c8f0",
    "SET": "#c9b3f0",
    "COUNT": "#e8c170",
    "MONEY": "#b5d96b",
    "PERCENT": "#f2a8a0",
    "MEASURE": "#d4c4a8",
}
#: Colour of string arguments (a quote, a role) in evidence excerpts.
STRING_COLOR = "#dddddd"
QUOTE_LIMIT = 80

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
       margin: 0 auto; padding: 1.5rem 2rem 4rem; max-width: 72rem; color: #222; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2.5rem 0 .5rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1rem; margin: 1.5rem 0 0; font-weight: normal; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num, th.num { text-align: right; }
tfoot td { font-weight: bold; }
code { font-size: .85em; color: #555; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
nav a { margin-right: 1rem; }
.legend span { display: inline-block; padding: 0 .4rem; margin: 0 .3rem .3rem 0;
               border-radius: 3px; font-size: .8rem; font-weight: bold; }
.para { margin: 0 0 .5rem; }
.spans span, a.off, td.date { white-space: nowrap; }
.para:target, tr:target, .evidence:target { background: #fff8c4; }
.args { margin: 0; padding-left: 1rem; }
"""


def page_name(doc_id: str) -> str:
    """The file name of a record's page: the doc_id made safe as one file name."""
    safe = re.sub(r"[^\w.-]", "_", doc_id).lstrip(".")
    return f"{safe or '_'}.html"


def write_report(records: list[Record], out_dir: Path) -> list[Path]:
    """Write one page per record and index.html into ``out_dir``; the paths written."""
    from pipeline.extract import write_atomically

    names = [page_name(record.doc_id) for record in records]
    if len(set(names)) != len(names) or "index.html" in names:
        raise ValueError("two doc_ids give the same page name, or one is 'index'")
    written = []
    for record, name in zip(records, names, strict=True):
        write_atomically(out_dir / name, document_page(record))
        written.append(out_dir / name)
    write_atomically(out_dir / "index.html", index_page(records))
    written.append(out_dir / "index.html")
    return written


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


# --- index ------------------------------------------------------------------------------------


def index_page(records: list[Record]) -> str:
    """A table of the records with their counts, each linking to its page."""
    rows = []
    totals = [0, 0, 0, 0, 0]
    for record in sorted(records, key=lambda r: r.doc_id):
        counts = _counts(record)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append(
            f'<tr><td><a href="{_e(quote(page_name(record.doc_id)))}">{_e(record.doc_id)}</a>'
            f"</td><td>{_e(record.title or '')}</td>"
            f'<td class="date">{_e(record.published or "")}</td>'
            + "".join(f'<td class="num">{n}</td>' for n in counts)
            + "</tr>"
        )
    head = "".join(
        f'<th class="num">{name}</th>'
        for name in ("entities", "distinct", "dates", "quantities", "relations")
    )
    foot = "".join(f'<td class="num">{n}</td>' for n in totals)
    body = (
        f"<h1>pressfacts report</h1>\n<p>{len(records)} records, pressfacts {_e(__version__)}."
        " Entities count mentions; distinct counts (label, canonical) pairs.</p>\n"
        f'<table class="index"><thead><tr><th>document</th><th>title</th><th>published</th>'
        f"{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n"
        f'<tfoot><tr><td colspan="3">total</td>{foot}</tr></tfoot></table>'
    )
    return _page("pressfacts report", body)


def _counts(record: Record) -> list[int]:
    distinct = len({(e.label, e.canonical) for e in record.entities})
    return [
        len(record.entities),
        distinct,
        len(record.dates),
        len(record.quantities),
        len(record.relations),
    ]


# --- document page ----------------------------------------------------------------------------


def document_page(record: Record) -> str:
    """The record's text with its items highlighted, their tables, relations and evidence."""
    items = item_index(record)
    paragraphs = _paragraphs(record.text)
    sections = [
        '<nav><a href="index.html">← all documents</a><a href="#text">text</a>'
        '<a href="#entities">entities</a><a href="#dates">dates</a>'
        '<a href="#quantities">quantities</a><a href="#relations">relations</a></nav>',
        f"<h1>{_e(record.title or record.doc_id)}</h1>",
        _meta(record),
        _text_section(record, paragraphs),
        _entities_section(record, paragraphs),
        _dates_section(record, paragraphs),
        _quantities_section(record, paragraphs),
        _relations_section(record, items, paragraphs),
    ]
    return _page(f"{record.doc_id} · pressfacts", "\n".join(sections))


def _meta(record: Record) -> str:
    published = record.published or "unknown"
    if record.published_from:
        published += f" (from {record.published_from.replace('_', ' ')})"
    rows = [
        ("doc_id", record.doc_id),
        ("published", published),
        ("source", record.source),
        *((f"meta: {key}", value) for key, value in record.meta.items()),
        ("pipeline", f"{record.pipeline.version}, patterns {record.pipeline.patterns_sha256[:12]}"),
    ]
    cells = "".join(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in rows)
    return f'<dl class="meta">{cells}</dl>'


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the text's non-empty lines: displaCy's markup keeps no line breaks."""
    return [match.span() for match in re.finditer(r"[^\n]+", text) if match.group().strip()]


def _paragraph_of(offset: int, paragraphs: list[tuple[int, int]]) -> int:
    """1-based number of the paragraph holding ``offset`` (the last one before it otherwise)."""
    number = 1
    for i, (start, _) in enumerate(paragraphs, 1):
        if start <= offset:
            number = i
    return number


def _text_section(record: Record, paragraphs: list[tuple[int, int]]) -> str:
    marks = [
        *(Mark(e.start, e.end, e.label, e.id, f"#item-{e.id}") for e in record.entities),
        *(Mark(d.start, d.end, d.type, d.id, f"#item-{d.id}") for d in record.dates),
        *(Mark(q.start, q.end, q.kind, q.id, f"#item-{q.id}") for q in record.quantities),
    ]
    legend = "".join(
        f'<span style="background: {color}">{label}</span>' for label, color in COLORS.items()
    )
    parts = [f'<h2 id="text">Text</h2>\n<p class="legend">{legend}</p>']
    for number, (start, end) in enumerate(paragraphs, 1):
        local = [
            Mark(m.start - start, m.end - start, m.label, m.ref, m.href)
            for m in marks
            if m.start < end and m.end > start
        ]
        markup = render_marks(record.text[start:end], local, COLORS)
        parts.append(f'<div class="para" id="p-{number}">{markup}</div>')
    return "\n".join(parts)


def _where(start: int, end: int, paragraphs: list[tuple[int, int]]) -> str:
    number = _paragraph_of(start, paragraphs)
    return f'<a class="off" href="#p-{number}">{start}–{end}</a>'


def _rows_table(section: str, columns: list[str], rows: Iterable[list[str]]) -> str:
    rows = list(rows)
    title = f'<h2 id="{section}">{section.capitalize()} ({len(rows)})</h2>'
    if not rows:
        return f"{title}\n<p>none</p>"
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "\n".join(
        f'<tr id="{_e(row[0])}">' + "".join(f"<td>{cell}</td>" for cell in row[1:]) + "</tr>"
        for row in rows
    )
    return f"{title}\n<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _entities_section(record: Record, paragraphs: list[tuple[int, int]]) -> str:
    columns = ["id", "label", "text", "canonical", "brand", "rule", "offsets"]
    rows = (
        [
            f"item-{e.id}",
            _e(e.id),
            _e(e.label),
            _e(e.text),
            _e(e.canonical),
            _e(e.brand or ""),
            f"<code>{_e(e.pattern)}</code>",
            _where(e.start, e.end, paragraphs),
        ]
        for e in record.entities
    )
    return _rows_table("entities", columns, rows)


def _dates_section(record: Record, paragraphs: list[tuple[int, int]]) -> str:
    columns = ["id", "text", "type", "value", "mod", "relative", "rule", "offsets"]
    rows = (
        [
            f"item-{d.id}",
            _e(d.id),
            _e(d.text),
            _e(d.type),
            _e(d.value or "—"),
            _e(d.mod or ""),
            "yes" if d.relative else "",
            f"<code>{_e(d.pattern)}</code>",
            _where(d.start, d.end, paragraphs),
        ]
        for d in record.dates
    )
    return _rows_table("dates", columns, rows)


def _quantities_section(record: Record, paragraphs: list[tuple[int, int]]) -> str:
    columns = ["id", "text", "kind", "value", "unit", "mod", "rule", "offsets"]
    rows = (
        [
            f"item-{q.id}",
            _e(q.id),
            _e(q.text),
            _e(q.kind),
            _e(format_number(q.value)),
            _e(q.unit),
            _e(q.mod or ""),
            f"<code>{_e(q.pattern)}</code>",
            _where(q.start, q.end, paragraphs),
        ]
        for q in record.quantities
    )
    return _rows_table("quantities", columns, rows)


def _relations_section(
    record: Record, items: dict[str, Item], paragraphs: list[tuple[int, int]]
) -> str:
    columns = ["id", "type", "arguments", "rule", "evidence"]
    rows = []
    evidence = []
    for rel in record.relations:
        spelled = spell_args(rel, items, quote_limit=QUOTE_LIMIT)
        args = "".join(
            f"<li>{_e(name)}: {_arg_html(value)}</li>" for name, value in spelled.items()
        )
        rows.append(
            [
                f"rel-{rel.id}",
                _e(rel.id),
                _e(rel.type),
                f'<ul class="args">{args}</ul>',
                f"<code>{_e(rel.pattern)}</code>",
                f'<a class="off" href="#ev-{_e(rel.id)}">{rel.start}–{rel.end}</a>',
            ]
        )
        evidence.append(_evidence(record, rel, items, paragraphs))
    table = _rows_table("relations", columns, rows)
    if not evidence:
        return table
    return table + '\n<h2 id="evidence">Evidence</h2>\n' + "\n".join(evidence)


def _arg_html(value: Spelled) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_one_arg(arg) for arg in value)
    return _one_arg(value)


def _one_arg(arg: Arg) -> str:
    if arg.ref is None:
        return f"<q>{_e(arg.text)}</q>"
    return f'<a href="#item-{_e(arg.ref)}" title="{_e(arg.ref)}">{_e(arg.text)}</a>'


def _evidence(
    record: Record, rel: Relation, items: dict[str, Item], paragraphs: list[tuple[int, int]]
) -> str:
    """The relation's evidence with its arguments underlined and labelled by argument name."""
    excerpt = record.text[rel.start : rel.end]
    marks, colors = _argument_marks(rel, items, excerpt)
    number = _paragraph_of(rel.start, paragraphs)
    heading = (
        f'<h3><a href="#rel-{_e(rel.id)}">{_e(rel.id)}</a> {_e(rel.type)} '
        f"<code>{_e(rel.pattern)}</code>, characters {rel.start}–{rel.end} "
        f'(<a href="#p-{number}">in the text</a>)</h3>'
    )
    markup = render_marks(excerpt, marks, colors)
    return f'<div class="evidence" id="ev-{_e(rel.id)}">{heading}{markup}</div>'


def _argument_marks(
    rel: Relation, items: dict[str, Item], excerpt: str
) -> tuple[list[Mark], dict[str, str]]:
    """Marks for the arguments inside the evidence: items where they are, strings (a quote, a
    role) where they first occur; each coloured as its item's label."""
    marks: list[Mark] = []
    colors: dict[str, str] = {}
    for name, value in spell_args(rel, items).items():
        for arg in value if isinstance(value, list) else [value] if value else []:
            item = items.get(arg.ref) if arg.ref else None
            if item is not None and rel.start <= item.start and item.end <= rel.end:
                start = item.start - rel.start
                marks.append(Mark(start, start + len(item.text), name, item.id, f"#item-{item.id}"))
                colors.setdefault(name.upper(), COLORS.get(_label(item), STRING_COLOR))
            elif arg.ref is None and (found := _find(arg.text, excerpt)):
                marks.append(Mark(*found, name))
                colors.setdefault(name.upper(), STRING_COLOR)
    return marks, colors


def _find(needle: str, text: str) -> tuple[int, int] | None:
    """Where ``needle`` first occurs in ``text``, ignoring case ("Production" for "production")."""
    match = re.search(re.escape(needle), text, re.IGNORECASE) if needle.strip() else None
    return match.span() if match else None


def _label(item: Item) -> str:
    if isinstance(item, Entity):
        return item.label
    return item.type if isinstance(item, DateItem) else item.kind
