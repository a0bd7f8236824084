"""show, render and table: records read back as tables, an HTML report and a flat fact table."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.facts_table import COLUMNS
from pipeline.record import DateItem, Entity, PipelineInfo, Quantity, Record, Relation
from pipeline.spelled_args import describe, shorten

TEXT = (
    "ACME Motor Co., Ltd. and Beta Corp. formed Gamma JV (Tokyo) on June 1, 2021.\n\n"
    '"We <love> [bold]cars[/bold] & trucks," said Jane Roe, CEO of ACME Motor.\n'
    "ACME(TM) won the 2022 Golden Wheel Award and sold 50,000 units."
)
QUOTE = "We <love> [bold]cars[/bold] & trucks"


def _at(needle: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(needle, start + 1)
    return {"text": needle, "start": start, "end": start + len(needle)}


def _sentence(first: str, last: str) -> dict:
    start = TEXT.index(first)
    return {"start": start, "end": TEXT.index(last, start) + len(last)}


def _record(doc_id: str = "acme") -> Record:
    ent = [
        ("E1", "ORG", _at("ACME Motor Co., Ltd."), "ACME Motor", "org.legal_suffix"),
        ("E2", "ORG", _at("Beta Corp."), "Beta", "org.legal_suffix"),
        ("E3", "ORG", _at("Gamma JV"), "Gamma JV", "org.head_noun"),
        ("E4", "GPE", _at("Tokyo"), "Tokyo", "gpe.city"),
        ("E5", "PERSON", _at("Jane Roe"), "Jane Roe", "person.said_name"),
        ("E6", "ORG", _at("ACME Motor", 1), "ACME Motor", "org.mention"),
        ("E7", "ORG", _at("ACME", 2), "ACME Motor", "org.mention"),
        ("E8", "AWARD", _at("2022 Golden Wheel Award"), "2022 Golden Wheel Award", "award.name"),
    ]
    first = _sentence("ACME Motor Co.", "2021.")
    second = _sentence('"We', "ACME Motor.")
    third = _sentence("ACME(TM)", "units.")
    return Record(
        doc_id=doc_id,
        source=f"corpus/{doc_id}.txt",
        sha256="0" * 64,
        title="ACME & Beta <form> Gamma",
        published="2021-06-01",
        published_from="dateline",
        meta={"source_url": "https://example.com/acme"},
        text=TEXT,
        entities=[
            Entity(id=i, label=label, canonical=canonical, pattern=rule, **span)
            for i, label, span, canonical, rule in ent
        ],
        dates=[
            DateItem(
                id="D1", type="DATE", value="2021-06-01", pattern="date.mdy", **_at("June 1, 2021")
            ),
            DateItem(id="D2", type="DATE", value="2022", pattern="date.year", **_at("2022")),
        ],  # fmt: skip
        quantities=[
            Quantity(
                id="Q1",
                kind="COUNT",
                value=50000,
                unit="unit",
                mod="APPROX",
                pattern="qty.count",
                **_at("50,000 units"),
            ),
        ],  # fmt: skip
        relations=[
            Relation(
                id="R1",
                type="JOINT_VENTURE",
                args={"venture": "E3", "partners": ["E1", "E2"]},
                pattern="rel.jv_formed",
                **first,
            ),
            Relation(
                id="R2",
                type="LOCATED_IN",
                args={"subject": "E3", "location": "E4"},
                pattern="rel.located_in",
                **first,
            ),
            Relation(
                id="R3",
                type="FOUNDED",
                args={"org": "E3", "date": "D1"},
                pattern="rel.founded",
                **first,
            ),
            Relation(
                id="R4",
                type="QUOTE",
                args={"speaker": "E5", "quote": QUOTE},
                pattern="rel.quote_said_name",
                **second,
            ),
            Relation(
                id="R5",
                type="HOLDS_ROLE",
                args={"person": "E5", "org": "E6", "role": "CEO"},
                pattern="rel.role",
                **second,
            ),
            Relation(
                id="R6",
                type="WON_AWARD",
                args={"recipient": "E7", "award": "E8"},
                pattern="rel.won",
                **third,
            ),
            Relation(
                id="R7",
                type="MILESTONE",
                args={"subject": ["E7"], "metric": "sales", "quantity": "Q1", "date": None},
                pattern="rel.milestone",
                **third,
            ),
        ],  # fmt: skip
        pipeline=PipelineInfo(version="0.1.0", patterns_sha256="f" * 64),
    )


def _write(folder: Path, record: Record, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or record.doc_id}.json"
    path.write_text(json.dumps(record.model_dump(), indent=2), encoding="utf-8")
    return path


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    folder = tmp_path / "outputs"
    _write(folder, _record())
    _write(folder, _record("b&b"))
    return folder


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


# --- shared spelling --------------------------------------------------------------------------


def test_arguments_are_spelled_by_meaning():
    record = _record()
    assert describe(record.dates[0]) == "June 1, 2021 (2021-06-01)"
    assert describe(record.dates[1]) == "2022"  # value equal to the text: said once
    assert describe(record.entities[6]) == "ACME Motor"
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"


# --- show -------------------------------------------------------------------------------------


def test_show_prints_canonical_names_values_and_rules(outputs):
    result = _run("show", "acme", "--outputs", str(outputs))
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.splitlines()
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines]
    acme = [row for row in rows if row[1:2] == ["ACME Motor"]]
    assert len(acme) == 1  # three mentions grouped under one canonical
    assert acme[0][:3] == ["ORG", "ACME Motor", "3"]
    assert acme[0][4] == "org.legal_suffix, org.mention"
    for expected in ("2021-06-01", "50,000", "APPROX", "rel.jv_formed", "date.mdy"):
        assert expected in out
    assert "venture: Gamma JV" in out
    assert "partners: ACME Motor, Beta" in out
    assert "date: June 1, 2021 (2021-06-01)" in out
    assert "quantity: 50,000 units" in out
    assert "[bold]cars[/bold]" in out  # text from the record is never read as rich markup
    assert not re.search(r"venture: E\d|partners: E\d", out)


def test_show_accepts_a_path_and_shortens_quotes(tmp_path):
    record = _record()
    long_quote = "word " * 40
    record.relations[3].args["quote"] = long_quote.strip()
    path = _write(tmp_path / "elsewhere", record, "renamed")
    result = _run("show", str(path), "--outputs", str(tmp_path / "missing"))
    assert result.exit_code == 0, result.output
    quote_line = next(line for line in result.stdout.splitlines() if "quote:" in line)
    assert "…" in quote_line
    assert result.stdout.count("word") < 40


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such record"),
        ("{not json", "invalid JSON at line 1"),
        ('{"doc_id": "x"}', "not a valid record"),
    ],
)
def test_show_fails_in_one_line_for_a_missing_or_invalid_record(tmp_path, content, message):
    folder = tmp_path / "outputs"
    folder.mkdir()
    if content is not None:
        (folder / "bad.json").write_text(content, encoding="utf-8")
    result = _run("show", "bad", "--outputs", str(folder))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_show_rejects_a_record_whose_evidence_does_not_match(tmp_path):
    data = _record().model_dump()
    data["entities"][0]["end"] += 1
    folder = tmp_path / "outputs"
    folder.mkdir()
    (folder / "acme.json").write_text(json.dumps(data), encoding="utf-8")
    result = _run("show", "acme", "--outputs", str(folder))
    assert result.exit_code == 1
    assert "E1: text does not match" in result.stderr


# --- render -----------------------------------------------------------------------------------


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _ids(soup: BeautifulSoup) -> set[str]:
    return {tag["id"] for tag in soup.find_all(id=True)}


def test_render_writes_an_index_linking_to_existing_pages(outputs, tmp_path):
    report = tmp_path / "report"
    result = _run("render", "--outputs", str(outputs), "-o", str(report))
    assert result.exit_code == 0, result.output
    index = _soup(report / "index.html")
    rows = index.select("table.index tbody tr")
    assert len(rows) == 2
    for row in rows:
        link = row.find("a")
        target = report / link["href"].replace("%26", "&")
        assert target.is_file(), link["href"]
        cells = [td.get_text() for td in row.find_all("td")]
        # entities (mentions), distinct, dates, quantities, relations
        assert cells[3:] == ["8", "6", "2", "1", "7"]
    assert {a.get_text() for a in index.select("tbody a")} == {"acme", "b&b"}


def test_render_highlights_every_item_and_links_relations_to_evidence(outputs, tmp_path):
    report = tmp_path / "report"
    assert _run("render", "acme", "--outputs", str(outputs), "-o", str(report)).exit_code == 0
    assert sorted(p.name for p in report.iterdir()) == ["acme.html", "index.html"]
    page = _soup(report / "acme.html")
    ids = _ids(page)
    record = _record()

    paragraphs = page.select("div.para")
    assert len(paragraphs) == 3  # the non-empty lines of the text
    highlighted = {a.get_text(strip=True): a["href"] for p in paragraphs for a in p.find_all("a")}
    for item in [*record.entities, *record.dates, *record.quantities]:
        assert highlighted.get(item.id) == f"#item-{item.id}", item.id
        assert f"item-{item.id}" in ids

    rows = page.select("#relations ~ table tbody tr")
    assert [row["id"] for row in rows] == [f"rel-{r.id}" for r in record.relations]
    for row in rows:
        evidence_links = [a["href"] for a in row.find_all("a") if a["href"].startswith("#ev-")]
        assert len(evidence_links) == 1
        assert evidence_links[0][1:] in ids
        for a in row.find_all("a"):
            assert a["href"][1:] in ids, a["href"]
    assert "Gamma JV" in rows[0].get_text() and "E3" not in rows[0].get_text()

    evidence = page.find(id="ev-R1")
    labels = {a.get_text(strip=True) for a in evidence.find_all("a") if a["href"] != "#rel-R1"}
    assert {"E1", "E2", "E3"} <= labels  # the arguments inside the evidence are highlighted
    quote = page.find(id="ev-R4").get_text(" ")
    assert "quote" in quote and "<love>" in quote


def test_render_keeps_the_text_as_written_and_escaped(outputs, tmp_path):
    report = tmp_path / "report"
    assert _run("render", "--outputs", str(outputs), "-o", str(report)).exit_code == 0
    raw = (report / "acme.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    assert page.find("love") is None and page.find("form") is None
    assert "&lt;love&gt;" in raw
    assert page.title.get_text() == "acme · pressfacts"
    assert page.h1.get_text() == "ACME & Beta <form> Gamma"
    lines = [line for line in TEXT.splitlines() if line]
    for para, line in zip(page.select("div.para"), lines, strict=True):
        for label in para.select('span[style*="z-index"]'):
            label.decompose()  # displaCy's label boxes: what is left is the text
        shown = " ".join(para.get_text().split())
        assert shown == line  # no space added after "(" or before "," around a highlight


def test_render_references_no_remote_or_missing_asset(outputs, tmp_path):
    report = tmp_path / "report"
    assert _run("render", "--outputs", str(outputs), "-o", str(report)).exit_code == 0
    for path in report.iterdir():
        page = _soup(path)
        assert not page.find_all(["script", "link", "img", "iframe"])
        ids = _ids(page)
        for tag in page.find_all(href=True):
            href = tag["href"]
            assert not href.startswith(("http:", "https:", "//")), href
            if href.startswith("#"):
                assert href[1:] in ids, (path.name, href)
            else:
                assert (report / href.replace("%26", "&")).is_file(), (path.name, href)
        assert "url(" not in str(page.style)


def test_render_reports_a_bad_record_and_renders_the_others(outputs, tmp_path):
    report = tmp_path / "report"
    result = _run("render", "acme", "nothing", "--outputs", str(outputs), "-o", str(report))
    assert result.exit_code == 1
    assert "error: nothing: no such record" in result.stderr
    assert (report / "acme.html").is_file()
    result = _run("render", "--outputs", str(tmp_path / "empty"), "-o", str(report))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


# --- table ------------------------------------------------------------------------------------


def test_table_writes_one_csv_row_per_fact(outputs, tmp_path):
    out = tmp_path / "facts.csv"
    result = _run("table", "--outputs", str(outputs), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2 * (8 + 2 + 1 + 7)
    acme = [row for row in rows if row["doc_id"] == "acme"]
    by_id = {row["id"]: row for row in acme}
    assert by_id["E7"]["section"] == "entities"
    assert (by_id["E7"]["text"], by_id["E7"]["value"]) == ("ACME", "ACME Motor")
    assert by_id["Q1"]["value"] == "50000" and by_id["Q1"]["unit"] == "unit"
    assert by_id["Q1"]["mod"] == "APPROX"
    assert by_id["D1"]["label_or_type"] == "DATE" and by_id["D1"]["value"] == "2021-06-01"
    r1 = by_id["R1"]
    assert json.loads(r1["arguments"]) == {
        "venture": "Gamma JV",
        "partners": ["ACME Motor", "Beta"],
    }
    assert r1["text"] == TEXT[int(r1["start"]) : int(r1["end"])]
    assert json.loads(by_id["R4"]["arguments"])["quote"] == QUOTE  # whole, not shortened
    assert json.loads(by_id["R7"]["arguments"])["date"] is None
    assert by_id["R7"]["pattern"] == "rel.milestone"


def test_table_writes_jsonl_with_json_types(outputs, tmp_path):
    out = tmp_path / "facts.jsonl"
    assert _run("table", "--outputs", str(outputs), "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 36
    assert all(tuple(row) == COLUMNS for row in rows)
    q1 = next(row for row in rows if row["id"] == "Q1")
    assert q1["value"] == 50000 and q1["start"] == TEXT.index("50,000")
    e1 = next(row for row in rows if row["id"] == "E1")
    assert e1["unit"] is None and e1["arguments"] is None


def test_table_prints_csv_without_output_and_rejects_other_formats(outputs, tmp_path):
    result = _run("table", "--outputs", str(outputs))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 36 and rows[0]["doc_id"] in {"acme", "b&b"}
    result = _run("table", "--outputs", str(outputs), "-o", str(tmp_path / "facts.xlsx"))
    assert result.exit_code == 2
    assert not (tmp_path / "facts.xlsx").exists()


def test_table_reports_a_missing_folder(tmp_path):
    result = _run("table", "--outputs", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope'}: no such folder"
