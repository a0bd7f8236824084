"""``pressfacts patterns check|test|stats``, and ``extract`` refusing a bad pattern set.

The pipeline tests share one copy of patterns/ with three rules added: one that fires
(``award.test_cup``), one that matches but always loses to it (``product.test_gear``) and one
that cannot match (``org.test_never``). The traced pipeline is cached per folder and content, so
it is built once for the module.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.extract import extract_release
from pipeline.nlp import build_nlp
from pipeline.reader import iter_release_paths, read_release
from pipeline.rules import PATTERNS_DIR

ADDED = {
    "entities/award.jsonl": {
        "id": "award.test_cup", "label": "AWARD", "pattern": "Golden Gear Cup"
    },
    "entities/product.jsonl": {
        "id": "product.test_gear", "label": "PRODUCT", "pattern": "Golden Gear"
    },
    "entities/org.jsonl": {
        "id": "org.test_never",
        "label": "ORG",
        "pattern": [{"ORTH": "Zqxwv"}, {"ORTH": "Holdings"}],
    },
}  # fmt: skip
WON = "Velo Motors Inc. won the Golden Gear Cup on March 4, 2025."
NEGATED = "It is not true that Brenna Tools Ltd. won the Golden Gear Cup."
RELEASES = {
    "cup.txt": f"TOKYO, March 5, 2025 - {WON} The plant employs 300 people.\n",
    "plant.txt": "OSAKA, June 1, 2021 - Brenna Tools Ltd. opened a plant in Osaka Prefecture.\n",
}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _append(path: Path, rule: dict | str) -> int:
    """Append a line to a pattern file; its line number."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    line = rule if isinstance(rule, str) else json.dumps(rule)
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def _copy(folder: Path) -> Path:
    target = folder / "patterns"
    shutil.copytree(PATTERNS_DIR, target)
    return target


@pytest.fixture(scope="module")
def patterns(tmp_path_factory) -> Path:
    folder = _copy(tmp_path_factory.mktemp("rules"))
    for name, rule in ADDED.items():
        _append(folder / name, rule)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in RELEASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --- check ----------------------------------------------------------------------------------------


def test_check_passes_the_project_patterns():
    result = invoke("patterns", "check")
    assert result.exit_code == 0, result.output
    rules = sum(
        1
        for path in PATTERNS_DIR.glob("*/*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    assert re.fullmatch(rf"ok: \d+ files, {rules} rules \(.*\)\n", result.stdout), result.stdout


def _break(kind: str, folder: Path) -> list[str]:
    """Break a copy of patterns/ one way; the start of the problem line(s) expected."""
    org = folder / "entities" / "org.jsonl"
    good = {"id": "org.test_bad", "label": "ORG", "pattern": [{"LOWER": "acme"}]}
    if kind == "bad_json":
        line = _append(org, '{"id": "org.test_bad", "label": ')
        return [f"{org}:{line}: invalid JSON"]
    if kind == "unknown_attribute":
        line = _append(org, {**good, "pattern": [{"COLOUR": "red"}]})
        return [f"{org}:{line} org.test_bad: pattern: [pattern -> 0 -> COLOUR]"]
    if kind == "duplicate_id":  # across two files of two groups
        first = json.loads(org.read_text(encoding="utf-8").splitlines()[0])["id"]
        dates = folder / "dates" / "absolute.jsonl"
        line = _append(dates, {"id": first, "label": "DATE", "pattern": [{"LOWER": "someday"}]})
        return [f"{dates}:{line} {first}: duplicate id, first at {org}:1"]
    if kind == "unknown_label":
        return [f"{org}:{_append(org, {**good, 'label': 'FRUIT'})} org.test_bad: unknown label"]
    if kind == "bad_slot":
        path = folder / "relations" / "founded.jsonl"
        rule = {
            "id": "rel.test_bad_slot",
            "label": "FOUNDED",
            "pattern": [{"ENT_TYPE": "ORG", "OP": "+"}, {"LOWER": "founded"}],
            "slots": {"org": [0, 1], "date": [1, 2], "company": [0, 1]},
        }
        line = _append(path, rule)
        return [f"{path}:{line} rel.test_bad_slot: slot 'company' is no argument of FOUNDED"]
    if kind == "bad_regex":
        line = _append(org, {**good, "pattern": [{"TEXT": {"REGEX": "(unclosed"}}]})
        return [f"{org}:{line} org.test_bad: pattern: invalid REGEX '(unclosed'"]
    if kind == "unknown_extension":
        line = _append(org, {**good, "pattern": [{"_": {"no_such_ext": True}}]})
        return [f"{org}:{line} org.test_bad: unknown token extension '_.no_such_ext'"]
    if kind == "not_utf8":
        line = _append(org, "placeholder")
        raw = org.read_bytes().replace(b"placeholder", b'{"id": "org.caf\xe9", "pattern": "x"}')
        org.write_bytes(raw)
        return [f"{org}:{line}: not UTF-8 text (byte 0xe9)"]
    raise AssertionError(kind)


BREAKS = [
    "bad_json",
    "unknown_attribute",
    "duplicate_id",
    "unknown_label",
    "bad_slot",
    "bad_regex",
    "unknown_extension",
    "not_utf8",
]


def _problems(output: str, folder: Path) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(str(folder))]


@pytest.mark.parametrize("kind", BREAKS)
def test_check_reports_file_and_line(tmp_path, kind):
    folder = _copy(tmp_path)
    expected = _break(kind, folder)
    result = invoke("patterns", "check", str(folder))
    assert result.exit_code == 1
    problems = _problems(result.stdout, folder)
    assert len(problems) == len(expected), result.output
    for line, start in zip(problems, expected, strict=True):
        assert line.startswith(start), (line, start)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", BREAKS)
def test_extract_refuses_with_the_same_messages(tmp_path, corpus, kind):
    folder = _copy(tmp_path)
    _break(kind, folder)
    out = tmp_path / "out"
    checked = invoke("patterns", "check", str(folder))
    result = invoke("extract", str(corpus), "-o", str(out), "--patterns", str(folder))
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert _problems(result.stderr, folder) == _problems(checked.stdout, folder)
    assert "nothing was extracted" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", [["test", "Velo Motors Inc. won."], ["stats"]])
def test_test_and_stats_refuse_an_invalid_pattern_set(tmp_path, corpus, command):
    folder = _copy(tmp_path)
    expected = _break("unknown_label", folder)
    extra = ["--corpus", str(corpus)] if command == ["stats"] else []
    result = invoke("patterns", *command, *extra, "--patterns", str(folder))
    assert result.exit_code == 1
    assert [line[: len(expected[0])] for line in _problems(result.stderr, folder)] == expected
    assert result.stdout == ""


def test_check_takes_files_and_sees_duplicates_between_them(tmp_path):
    group = tmp_path / "entities"
    group.mkdir()
    rule = {"id": "org.test_twice", "label": "ORG", "pattern": "Acme Widgets"}
    first, second = group / "a.jsonl", group / "b.jsonl"
    _append(first, rule)
    _append(second, rule)
    alone = invoke("patterns", "check", str(first))
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == "ok: 1 files, 1 rules (entities 1)\n"
    both = invoke("patterns", "check", str(first), str(second))
    assert both.exit_code == 1
    assert both.stdout.splitlines()[0] == (
        f"{second}:1 org.test_twice: duplicate id, first at {first}:1"
    )


def test_check_flags_rule_files_the_pipeline_would_not_read(tmp_path):
    misplaced = tmp_path / "entity" / "new.jsonl"  # not a group folder: never loaded
    misplaced.parent.mkdir()
    _append(misplaced, {"id": "org.test_lost", "label": "ORG", "pattern": "Acme"})
    result = invoke("patterns", "check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{misplaced}: not read by the pipeline")


# --- test -----------------------------------------------------------------------------------------


def _row(output: str, *cells: str) -> list[str]:
    """The columns of the one output line whose first columns are ``cells``."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in output.splitlines()]
    found = [row for row in rows if row[: len(cells)] == list(cells)]
    assert len(found) == 1, (cells, output)
    return found[0]


def test_test_prints_each_fact_with_its_rule(patterns):
    result = invoke("patterns", "test", WON, "--patterns", str(patterns))
    assert result.exit_code == 0, result.output
    assert _row(result.stdout, "E2", "AWARD", "award.test_cup") == [
        "E2", "AWARD", "award.test_cup", '"Golden Gear Cup"'
    ]  # fmt: skip
    assert _row(result.stdout, "D1", "DATE", "date.month_day_year")[3:] == [
        '"March 4, 2025"', "2025-03-04"
    ]  # fmt: skip
    relation = _row(result.stdout, "R1", "WON_AWARD")
    assert relation[3].endswith("award=Golden Gear Cup"), relation
    # the losing rule is shown with the fact that overrode it
    assert _row(result.stdout, "entities", "PRODUCT", "product.test_gear")[3:] == [
        '"Golden Gear"', 'overlaps E2 AWARD "Golden Gear Cup" (award.test_cup)'
    ]  # fmt: skip


def test_rule_option_shows_only_that_rule(patterns):
    result = invoke(
        "patterns", "test", WON, "--rule", "award.test_cup", "--patterns", str(patterns)
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    award = patterns / "entities" / "award.jsonl"
    line = award.read_text(encoding="utf-8").count("\n")  # the rule added last
    assert lines[0] == f"rule award.test_cup ({award}:{line}, AWARD)"
    assert lines[1:] == ["entities (1)", '  E2  AWARD  award.test_cup  "Golden Gear Cup"']


def test_rule_that_lost_every_match_says_to_what(patterns):
    result = invoke(
        "patterns", "test", WON, "--rule", "product.test_gear", "--patterns", str(patterns)
    )
    assert result.exit_code == 1
    assert "product.test_gear made no fact in this text: it matched, but" in result.stdout
    assert "tokens/TAG" not in result.stdout
    assert 'overlaps E2 AWARD "Golden Gear Cup" (award.test_cup)' in result.stdout


def test_rule_that_did_not_match_shows_what_patterns_see(patterns):
    result = invoke(
        "patterns", "test", WON, "--rule", "org.test_never", "--patterns", str(patterns)
    )
    assert result.exit_code == 1
    *_, verdict, tokens = result.stdout.splitlines()
    assert verdict == "org.test_never made no fact in this text: it did not match."
    # every token with its class, in order: the tagger's view of the text
    words = [item.rsplit("/", 1)[0] for item in tokens.removeprefix("tokens/TAG: ").split()]
    assert words == ["Velo", "Motors", "Inc.", "won", "the", "Golden", "Gear", "Cup", "on", "March",
                     "4", ",", "2025", "."]  # fmt: skip
    assert "March/MONTH" in tokens.split()


def test_cancelled_relation_is_shown_with_its_cue(patterns):
    result = invoke(
        "patterns", "test", NEGATED, "--rule", "rel.award_won", "--patterns", str(patterns)
    )
    assert result.exit_code == 1
    row = _row(result.stdout, "relations", "WON_AWARD", "rel.award_won")
    assert row[3:] == [
        '"Brenna Tools Ltd. won the Golden Gear Cup"', 'cancelled by the NEGATED cue "not"'
    ]  # fmt: skip


def test_unknown_rule_is_an_error_with_suggestions(patterns):
    result = invoke(
        "patterns", "test", WON, "--rule", "award.test_cap", "--patterns", str(patterns)
    )
    assert result.exit_code == 2
    assert "no rule 'award.test_cap'" in result.stderr
    assert "did you mean award.test_cup" in result.stderr
    assert result.stdout == ""


# --- stats ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stats_output(patterns, corpus) -> str:
    result = invoke("patterns", "stats", "--corpus", str(corpus), "--patterns", str(patterns))
    assert result.exit_code == 0, result.output
    return result.stdout


def _section(output: str, title: str) -> list[str]:
    """The rule ids listed under a stats section."""
    lines = output.split(f"\n{title} (", 1)[1].splitlines()[1:]
    ids = []
    for line in lines:
        if not line.startswith("  ") or line.startswith("  -"):
            break
        ids.append(line.split()[0])
    return ids


def test_stats_lists_a_rule_that_never_fires(stats_output):
    never = _section(stats_output, "never match")
    assert "org.test_never" in never
    assert "award.test_cup" not in never and "product.test_gear" not in never


def test_stats_lists_a_rule_whose_matches_are_all_overridden(stats_output):
    never_kept = _section(stats_output, "never kept")
    assert never_kept.count("product.test_gear") == 1
    assert "award.test_cup" not in never_kept


def test_stats_counts_the_facts_extract_writes(stats_output, patterns, corpus):
    """The traced pipeline writes what extract writes: the table's facts per rule are the
    records' ``pattern`` counts from an untraced pipeline."""
    nlp = build_nlp(patterns)
    written: Counter[str] = Counter()
    for path in iter_release_paths(corpus):
        record = extract_release(nlp, read_release(path), None, patterns)
        for item in [*record.entities, *record.dates, *record.quantities, *record.relations]:
            written[item.pattern] += 1
    table = stats_output.split("\n\n", 1)[0].splitlines()[2:]
    counted = {row.split()[0]: row.split()[2] for row in table}
    assert written["award.test_cup"] == 1
    for rule_id, count in written.items():
        assert counted[rule_id] == str(count), rule_id
    assert all(n in ("0", "-") for r, n in counted.items() if r not in written)
