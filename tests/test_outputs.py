"""The committed outputs/ are exactly what the current pipeline writes for corpus/, and valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import extract_release, record_json
from pipeline.reader import iter_release_paths, read_release
from pipeline.record import Record
from pipeline.rules import PATTERNS_DIR

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p.relative_to(ROOT) for p in iter_release_paths(ROOT / "corpus"))


def test_corpus_is_there():
    assert len(CORPUS) >= 2


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_output_is_fresh(nlp, path, monkeypatch):
    monkeypatch.chdir(ROOT)
    committed = ROOT / "outputs" / f"{path.stem}.json"
    assert committed.is_file(), f"no committed output for {path}: run `pressfacts extract`"
    fresh = record_json(extract_release(nlp, read_release(path), None, PATTERNS_DIR))
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"outputs/{path.stem}.json is stale: run `pressfacts extract` and commit outputs/"
    )


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_output_is_a_valid_record(path):
    data = json.loads((ROOT / "outputs" / f"{path.stem}.json").read_text(encoding="utf-8"))
    record = Record.model_validate(data)
    assert list(data) == list(Record.model_fields)
    for item in [*record.entities, *record.dates, *record.quantities]:
        assert record.text[item.start : item.end] == item.text
    # the model's validator also checks every relation argument against the contract's table


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_document_has_expected_facts(path):
    assert (ROOT / "tests" / "expected" / f"{path.stem}.json").is_file()


def test_no_output_without_a_document():
    stems = {p.stem for p in CORPUS}
    orphans = [p.name for p in (ROOT / "outputs").glob("*.json") if p.stem not in stems]
    assert orphans == []
