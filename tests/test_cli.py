"""The command line: extraction over good and bad files, summary and exit status, schema."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

GOOD = "TOKYO, June 1, 2021 - Velmora Foods Inc. opened a plant in Osaka Prefecture.\n"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03PNG\x00\x00" * 20)
    (corpus / "front.md").write_text(
        "---\ntitle: [unclosed\n---\nBody text here.\n", encoding="utf-8"
    )
    return corpus


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(_corpus(tmp_path)), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    for name in ("empty.txt", "binary.txt", "front.md"):
        assert any(name in line for line in errors), name
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]
    assert "4 files, 1 records written" in result.stdout
    assert "3 failed" in result.stdout


def test_good_corpus_exits_zero_and_writes_valid_json(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["extract", str(corpus), "-o", str(out), "--published", "2021-06-02"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert record["published"] == "2021-06-02"
    assert record["published_from"] == "option"
    assert {"ORG", "GPE"} <= {e["label"] for e in record["entities"]}


def test_dateline_gives_the_publication_date(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(corpus), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0
    record = json.loads((tmp_path / "o" / "good.json").read_text(encoding="utf-8"))
    assert (record["published"], record["published_from"]) == ("2021-06-01", "dateline")


def test_bad_published_option_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--published", "June 1"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_empty_folder_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "no .txt, .md or .html files" in result.stderr


def test_schema_is_the_record_model():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert list(schema["properties"])[:3] == ["schema_version", "doc_id", "source"]
    assert "Entity" in schema["$defs"]
