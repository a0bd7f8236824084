"""Pattern files are validated line by line with ``file:line id: reason`` messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.nlp import build_nlp
from pipeline.rules import PATTERNS_DIR, PatternError, load_group, patterns_digest

GOOD = {"id": "org.test_rule", "label": "ORG", "pattern": [{"TAG": "NAME"}, {"LOWER": "corp"}]}


def _write(folder: Path, lines: list[str]) -> Path:
    (folder / "entities").mkdir(parents=True, exist_ok=True)
    path = folder / "entities" / "mine.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problems(tmp_path: Path, lines: list[str]) -> list[str]:
    _write(tmp_path, lines)
    with pytest.raises(PatternError) as info:
        load_group("entities", tmp_path, labels=["ORG"])
    return info.value.problems


def test_project_patterns_are_valid():
    for group in ("entities",):
        assert load_group(group, PATTERNS_DIR)


def test_bad_json_names_file_and_line(tmp_path):
    problems = _problems(tmp_path, [json.dumps(GOOD), '{"id": "org.x", "label": '])
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'entities' / 'mine.jsonl'}:2: invalid JSON")


def test_unknown_token_attribute_is_reported(tmp_path):
    bad = dict(GOOD, id="org.bad_attr", pattern=[{"COLOUR": "red"}])
    problems = _problems(tmp_path, [json.dumps(bad)])
    assert ":1 org.bad_attr:" in problems[0]
    assert "COLOUR" in problems[0]


def test_duplicate_id_points_to_the_first(tmp_path):
    problems = _problems(tmp_path, [json.dumps(GOOD), json.dumps(GOOD)])
    assert problems == [
        f"{tmp_path / 'entities' / 'mine.jsonl'}:2 org.test_rule: duplicate id, "
        f"first at {tmp_path / 'entities' / 'mine.jsonl'}:1"
    ]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"label": "FRUIT"}, "unknown label 'FRUIT'"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
        ({"id": "NoDots"}, "id: String should match pattern"),
        ({"focus": [1, 5]}, "focus range [1, 5) outside the 2 pattern tokens"),
        ({"pattern": []}, "empty token pattern"),
    ],
)
def test_rule_problems(tmp_path, change, needle):
    problems = _problems(tmp_path, [json.dumps({**GOOD, **change})])
    assert len(problems) == 1 and needle in problems[0], problems


def test_pipeline_refuses_invalid_patterns(tmp_path):
    _write(tmp_path, ["not json"])
    with pytest.raises(PatternError):
        build_nlp(tmp_path)


def test_digest_changes_with_the_rules(tmp_path):
    path = _write(tmp_path, [json.dumps(GOOD)])
    first = patterns_digest(tmp_path)
    patterns_digest.cache_clear()
    path.write_text(json.dumps(dict(GOOD, id="org.other")) + "\n", encoding="utf-8")
    assert patterns_digest(tmp_path) != first


def test_a_wide_range_operator_is_refused(tmp_path):
    """{0,12} would keep every way of spreading a gap over twelve optional tokens; '*' would not."""
    wide = {
        **GOOD,
        "pattern": [{"TAG": "NAME"}, {"IS_ALPHA": True, "OP": "{0,12}"}, {"LOWER": "corp"}],
    }
    problems = _problems(tmp_path, [json.dumps(wide)])
    assert len(problems) == 1
    assert ":1 org.test_rule:" in problems[0] and "use '*' or '+'" in problems[0]
    narrow = {**GOOD, "pattern": [{"TAG": "NAME"}, {"IS_ALPHA": True, "OP": "{0,6}"}]}
    _write(tmp_path, [json.dumps(narrow)])
    assert load_group("entities", tmp_path, labels=["ORG"])


def test_a_long_unpunctuated_sentence_runs(nlp):
    """Rules with gaps over one long sentence (a table or list run together) finish and find
    what they find; the rules' gaps must not multiply their partial matches."""
    clause = (
        "Acme Corp. and Beta Inc. will invest $5 million in the Gamma Plant and said Jane Doe "
        "CEO of the joint venture announced plans to acquire 2,024 units and sold "
    )
    doc = nlp(clause * 25)
    assert len(doc) > 600
    assert any(e.label_ == "ORG" for e in doc.ents)
