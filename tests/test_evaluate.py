"""The scorer follows the record contract's section 3, rule by rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import (
    Counts,
    explain_document,
    format_report,
    score_corpus,
    score_document,
)
from pipeline.names import legal_suffixes, normalize_name, strip_legal_suffix

# --- builders --------------------------------------------------------------------------------


def ent(id_: str, label: str, text: str, canonical: str | None = None) -> dict:
    return {"id": id_, "label": label, "text": text, "canonical": canonical or text}


def date(id_: str, text: str, value: str | None, type_: str = "DATE") -> dict:
    return {"id": id_, "text": text, "type": type_, "value": value}


def qty(id_: str, text: str, value: float, unit: str = "unit", kind: str = "COUNT") -> dict:
    return {"id": id_, "text": text, "kind": kind, "value": value, "unit": unit}


def rel(id_: str, type_: str, **args: object) -> dict:
    return {"id": id_, "type": type_, "args": args}


def record(**sections: list[dict]) -> dict:
    return {"doc_id": "doc", **{k: sections.get(k, []) for k in SECTIONS}}


def expected(**sections: list[dict]) -> dict:
    return {"doc_id": "doc", **{k: sections.get(k, []) for k in SECTIONS}}


SECTIONS = ("entities", "dates", "quantities", "relations")
NISSAN = {"label": "ORG", "name": "Nissan Motor", "aliases": ["Nissan Motor Co., Ltd.", "Nissan"]}
MMC = {"label": "ORG", "name": "Mitsubishi Motors", "aliases": ["Mitsubishi"]}
NMKV = {"label": "ORG", "name": "NMKV", "aliases": []}
SAIKAWA = {"label": "PERSON", "name": "Hiroto Saikawa", "aliases": ["Saikawa"]}
ORGS = [ent("E1", "ORG", "Nissan"), ent("E2", "ORG", "Mitsubishi Motors"), ent("E3", "ORG", "NMKV")]


def counts(score, section: str) -> tuple[int, int, int]:
    c = score.sections[section].counts
    return c.tp, c.fp, c.fn


def rel_counts(rec: dict, exp: dict) -> tuple[int, int, int]:
    """(tp, fp, fn) of the relations section."""
    return counts(score_document(rec, exp), "relations")


def jv(venture: str, partners: list[str]) -> dict:
    return {"type": "JOINT_VENTURE", "args": {"venture": venture, "partners": partners}}


def holds_role(org: str | None, role: str) -> dict:
    return {"type": "HOLDS_ROLE", "args": {"person": "Hiroto Saikawa", "org": org, "role": role}}


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, normal",
    [
        ("Nissan Motor Co., Ltd.", "nissan motor"),
        ("NISSAN MOTOR CO.,LTD.", "nissan motor"),
        ("Mitsubishi Motors Corporation", "mitsubishi motors"),
        ("Toyota Motor Corp.'s", "toyota motor"),
        ("Nissan’s", "nissan"),
        ("Mitsubishi Motors'", "mitsubishi motors"),
        ("the Renault Group", "renault group"),
        ("Foo Holdings Inc.", "foo holdings"),
        ("Acme Pty Ltd", "acme"),
        ("Lumira Pay Pte. Ltd.", "lumira pay"),  # the words of a two-word form with periods
        ("Aliran Utama Sdn. Bhd.", "aliran utama"),
        ("Volkswagen AG", "volkswagen"),
        ("Ｎｉｓｓａｎ   Motor", "nissan motor"),
        ("The Company", "company"),
    ],
)
def test_normalize_name(name: str, normal: str) -> None:
    assert normalize_name(name) == normal


@pytest.mark.parametrize(
    "name, stripped",
    [
        ("Nissan Motor Co., Ltd.", "Nissan Motor"),
        ("Mitsubishi Motors Corporation", "Mitsubishi Motors"),
        ("Toyota Motor Corp.'s", "Toyota Motor"),
        ("Mitsubishi Motors'", "Mitsubishi Motors"),
        ("Renault Group", "Renault Group"),
        ("Sojitz Holdings", "Sojitz Holdings"),
        ("Nissan Leaf Se", "Nissan Leaf Se"),  # case-aware: only "SE" as written is a legal form
        ("Company", "Company"),
        ("Cobalt Ridge Asia Pacific Pte. Ltd.", "Cobalt Ridge Asia Pacific"),
    ],
)
def test_strip_legal_suffix_keeps_case(name: str, stripped: str) -> None:
    assert strip_legal_suffix(name) == stripped


def test_suffix_file_is_the_contract_list() -> None:
    suffixes = legal_suffixes()
    assert {"Co.", "Ltd.", "K.K.", "S.p.A.", "A/S", "Pty Ltd", "Sdn Bhd"} <= set(suffixes)
    assert not {"Holdings", "Group", "Motors"} & set(suffixes)
    assert len(suffixes) == 31


# --- counts --------------------------------------------------------------------------------


def test_counts_ratios_and_empty_conventions() -> None:
    c = Counts(tp=2, fp=1, fn=3)
    assert (c.precision, c.recall) == (pytest.approx(2 / 3), pytest.approx(0.4))
    assert c.f1 == pytest.approx(0.5)
    assert Counts(1, 2, 3) + Counts(10, 20, 30) == Counts(11, 22, 33)
    assert Counts().f1 == 1.0  # nothing expected, nothing predicted: nothing wrong
    assert (Counts(fn=2).precision, Counts(fn=2).f1) == (1.0, 0.0)
    assert (Counts(fp=2).recall, Counts(fp=2).f1) == (1.0, 0.0)


# --- entities --------------------------------------------------------------------------------


def test_ten_mentions_are_one_fact() -> None:
    mentions = [ent(f"E{i}", "ORG", "Nissan", "Nissan Motor") for i in range(10)]
    score = score_document(record(entities=mentions), expected(entities=[NISSAN]))
    assert counts(score, "entities") == (1, 0, 0)
    group, _ = score.sections["entities"].matched[0]
    assert group.ids == tuple(f"E{i}" for i in range(10))


def test_entity_matches_by_alias_or_mention() -> None:
    predicted = [
        ent("E1", "ORG", "Nissan", "Nissan"),  # canonical is an alias
        ent("E2", "ORG", "Mitsubishi", "MMC"),  # only a mention is an alias
        ent("E3", "ORG", "NMKV Co., Ltd.", "NMKV"),  # suffix in the mention only
    ]
    score = score_document(record(entities=predicted), expected(entities=[NISSAN, MMC, NMKV]))
    assert counts(score, "entities") == (3, 0, 0)


def test_entity_matches_by_canonical_alone() -> None:
    # the canonical is an alias; the only mention ("NM") is no name of Nissan Motor at all
    score = score_document(
        record(entities=[ent("E1", "ORG", "NM", "Nissan")]), expected(entities=[NISSAN])
    )
    assert counts(score, "entities") == (1, 0, 0)


def test_entity_needs_same_label_and_name() -> None:
    predicted = [ent("E1", "PERSON", "Nissan"), ent("E2", "ORG", "Nissan Sakura")]
    score = score_document(record(entities=predicted), expected(entities=[NISSAN]))
    assert counts(score, "entities") == (0, 2, 1)


def test_entity_one_to_one_prefers_exact_canonical() -> None:
    # "Nissan" is an alias of Nissan Motor, and also an expected entity of its own (a brand)
    brand = {"label": "ORG", "name": "Nissan", "aliases": []}
    score = score_document(
        record(entities=[ent("E1", "ORG", "Nissan")]), expected(entities=[NISSAN, brand])
    )
    assert counts(score, "entities") == (1, 0, 1)
    assert score.sections["entities"].matched[0][1] is brand
    assert score.sections["entities"].false_negatives == [NISSAN]


def test_per_label_counts() -> None:
    sakura = {"label": "PRODUCT", "name": "Nissan Sakura", "aliases": []}
    predicted = [ent("E1", "ORG", "Nissan Motor"), ent("E2", "PERSON", "Ghosn")]
    score = score_document(record(entities=predicted), expected(entities=[NISSAN, sakura]))
    assert score.by_label == {
        "ORG": Counts(1, 0, 0),
        "PERSON": Counts(0, 1, 0),
        "PRODUCT": Counts(0, 0, 1),
    }


# --- dates and quantities --------------------------------------------------------------------


def test_date_matches_on_type_and_value_once() -> None:
    predicted = [
        date("D1", "June 2011", "2011-06"),
        date("D2", "June 2011", "2011-06"),  # stated twice: one fact
        date("D3", "one year", "P1Y", "DURATION"),  # right value, wrong type below
    ]
    exp = [
        {"text": "June 2011", "type": "DATE", "value": "2011-06"},
        {"text": "one year", "type": "SET", "value": "P1Y"},
    ]
    score = score_document(record(dates=predicted), expected(dates=exp))
    assert counts(score, "dates") == (1, 1, 1)


def test_null_valued_date_matches_on_text() -> None:
    predicted = [date("D1", "last year", None), date("D2", "Today", None)]
    exp = [{"text": "today", "type": "DATE", "value": None}]
    score = score_document(record(dates=predicted), expected(dates=exp))
    assert counts(score, "dates") == (1, 1, 0)
    assert score.sections["dates"].false_positives[0].texts == ("last year",)


def test_null_valued_date_does_not_match_a_value() -> None:
    exp = [{"text": "today", "type": "DATE", "value": None}]
    score = score_document(record(dates=[date("D1", "today", "2023-06-05")]), expected(dates=exp))
    assert counts(score, "dates") == (0, 1, 1)


@pytest.mark.parametrize(
    "value, unit, matches",
    [
        (50000, "unit", True),
        (50249, "unit", True),  # 0.498% off
        (49751, "unit", True),
        (50300, "unit", False),  # 0.6% off
        (50000, "vehicle", False),
    ],
)
def test_quantity_within_half_a_percent(value: float, unit: str, matches: bool) -> None:
    exp = [{"text": "50,000 units", "kind": "COUNT", "value": 50000, "unit": "unit"}]
    score = score_document(
        record(quantities=[qty("Q1", "50,000 units", value, unit)]), expected(quantities=exp)
    )
    assert counts(score, "quantities") == ((1, 0, 0) if matches else (0, 1, 1))


def test_quantity_closest_value_wins_and_duplicates_group() -> None:
    # the closer value wins even though the farther one has the expected text
    predicted = [qty("Q1", "100", 100.4), qty("Q2", "one hundred", 100), qty("Q3", "100.0", 100)]
    exp = [{"text": "100", "kind": "COUNT", "value": 100, "unit": "unit"}]
    score = score_document(record(quantities=predicted), expected(quantities=exp))
    assert counts(score, "quantities") == (1, 1, 0)
    group, _ = score.sections["quantities"].matched[0]
    assert group.value == 100 and group.ids == ("Q2", "Q3")


# --- relations -------------------------------------------------------------------------------


def test_relation_lists_are_sets() -> None:
    exp = expected(
        entities=[NISSAN, MMC, NMKV], relations=[jv("NMKV", ["Nissan Motor", "Mitsubishi Motors"])]
    )
    for partners, result in [
        (["E2", "E1"], (1, 0, 0)),  # any order
        (["E2"], (0, 1, 1)),  # a partner short
        (["E2", "E2"], (0, 1, 1)),  # one predicted element cannot stand for two expected ones
        (["E1", "E2", "E3"], (0, 1, 1)),  # one too many
    ]:
        r = rel("R1", "JOINT_VENTURE", venture="E3", partners=partners)
        assert rel_counts(record(entities=ORGS, relations=[r]), exp) == result, partners


def test_relation_entity_argument_uses_expected_aliases_and_label() -> None:
    exp = {"type": "OPERATES", "args": {"org": "Nissan Motor", "facility": "Tochigi Plant"}}
    plant = {"label": "FAC", "name": "Tochigi Plant", "aliases": []}
    exp_doc = expected(entities=[NISSAN, plant], relations=[exp])
    good = [ent("E1", "ORG", "Nissan"), ent("E2", "FAC", "Tochigi Plant")]
    bad = [ent("E1", "ORG", "Nissan"), ent("E2", "ORG", "Tochigi Plant")]
    r = [rel("R1", "OPERATES", org="E1", facility="E2")]
    assert rel_counts(record(entities=good, relations=r), exp_doc) == (1, 0, 0)
    assert rel_counts(record(entities=bad, relations=r), exp_doc) == (0, 1, 1)


def test_relation_date_and_quantity_arguments() -> None:
    q = {"text": "50,000 units", "kind": "COUNT", "value": 50000, "unit": "unit"}
    d = {"text": "June 2023", "type": "DATE", "value": "2023-06"}
    sakura = {"label": "PRODUCT", "name": "Nissan Sakura", "aliases": []}
    args = {"subject": ["Nissan Sakura"], "metric": "production", "quantity": q, "date": d}
    exp = {"type": "MILESTONE", "args": args}
    exp_doc = expected(entities=[sakura], relations=[exp])

    def score_with(value: float, month: str) -> tuple[int, int, int]:
        rec = record(
            entities=[ent("E1", "PRODUCT", "Nissan Sakura")],
            dates=[date("D1", "June 2023", month)],
            quantities=[qty("Q1", "50,000 units", value)],
            relations=[
                rel(
                    "R1", "MILESTONE", subject=["E1"], metric="Production", quantity="Q1", date="D1"
                )
            ],
        )
        return counts(score_document(rec, exp_doc), "relations")

    assert score_with(50100, "2023-06") == (1, 0, 0)
    assert score_with(51000, "2023-06") == (0, 1, 1)
    assert score_with(50000, "2023-07") == (0, 1, 1)


def quote_counts(predicted_quote: str, expected_quote: str) -> tuple[int, int, int]:
    exp = expected(
        entities=[SAIKAWA],
        relations=[
            {"type": "QUOTE", "args": {"speaker": "Hiroto Saikawa", "quote": expected_quote}}
        ],
    )
    rec = record(
        entities=[ent("E1", "PERSON", "Saikawa", "Hiroto Saikawa")],
        relations=[rel("R1", "QUOTE", speaker="E1", quote=predicted_quote)],
    )
    return counts(score_document(rec, exp), "relations")


def test_quote_contains_expected_prefix() -> None:
    full = "We are  proud of the “Sakura”, which is\nthe first mini EV of its kind."
    assert quote_counts(full, 'We are proud of the "Sakura"') == (1, 0, 0)
    assert quote_counts(full, "We are proud of the Sakura...") == (0, 1, 1)  # no quotation marks
    assert quote_counts("We are proud", "We are proud of the Sakura") == (0, 1, 1)


@pytest.mark.parametrize(
    "predicted_role, matches",
    [
        ("Chief Executive Officer", True),
        ("President and Chief Executive Officer", True),
        ("Executive", True),
        ("Chief Operating Officer", False),
        ("", False),
    ],
)
def test_holds_role_either_contains_the_other(predicted_role: str, matches: bool) -> None:
    exp = holds_role("Nissan Motor", "Chief Executive Officer")
    rec = record(
        entities=[ent("E1", "PERSON", "Hiroto Saikawa"), ent("E2", "ORG", "Nissan")],
        relations=[rel("R1", "HOLDS_ROLE", person="E1", org="E2", role=predicted_role)],
    )
    score = score_document(rec, expected(entities=[SAIKAWA, NISSAN], relations=[exp]))
    assert counts(score, "relations") == ((1, 0, 0) if matches else (0, 1, 1))


def test_null_argument_matches_null_or_missing_only() -> None:
    exp = holds_role(None, "CEO")
    exp_doc = expected(entities=[SAIKAWA, NISSAN], relations=[exp])
    ents = [ent("E1", "PERSON", "Hiroto Saikawa"), ent("E2", "ORG", "Nissan")]
    for args, result in [
        ({"person": "E1", "org": None, "role": "CEO"}, (1, 0, 0)),
        ({"person": "E1", "role": "CEO"}, (1, 0, 0)),
        ({"person": "E1", "org": "E2", "role": "CEO"}, (0, 1, 1)),
    ]:
        rec = record(entities=ents, relations=[rel("R1", "HOLDS_ROLE", **args)])
        assert counts(score_document(rec, exp_doc), "relations") == result, args


def test_expected_args_are_exhaustive() -> None:
    # an argument the expected relation leaves out is null there: a predicted value is extra
    exp = {"type": "HOLDS_ROLE", "args": {"person": "Hiroto Saikawa", "role": "CEO"}}
    exp_doc = expected(entities=[SAIKAWA, NISSAN], relations=[exp])
    ents = [ent("E1", "PERSON", "Hiroto Saikawa"), ent("E2", "ORG", "Nissan")]
    with_org = rel("R1", "HOLDS_ROLE", person="E1", org="E2", role="CEO")
    assert rel_counts(record(entities=ents, relations=[with_org]), exp_doc) == (0, 1, 1)
    null_org = rel("R1", "HOLDS_ROLE", person="E1", org=None, role="CEO")
    assert rel_counts(record(entities=ents, relations=[null_org]), exp_doc) == (1, 0, 0)


def test_partnership_subject_is_not_matched() -> None:
    parties = ["Nissan Motor", "Mitsubishi Motors"]
    exp = {"type": "PARTNERSHIP", "args": {"parties": parties, "subject": "joint venture"}}
    rec = record(
        entities=ORGS,
        relations=[rel("R1", "PARTNERSHIP", parties=["E1", "E2"], subject="OEM supply")],
    )
    score = score_document(rec, expected(entities=[NISSAN, MMC], relations=[exp]))
    assert counts(score, "relations") == (1, 0, 0)


def test_a_prediction_matches_one_expected_relation() -> None:
    # Saikawa holds two roles; one predicted HOLDS_ROLE "CEO" could match both but counts once,
    # and goes to the exact role rather than to the one that merely contains it
    exact, longer = holds_role(None, "CEO"), holds_role(None, "President and CEO")
    rec = record(
        entities=[ent("E1", "PERSON", "Hiroto Saikawa")],
        relations=[rel("R1", "HOLDS_ROLE", person="E1", org=None, role="CEO")],
    )
    score = score_document(rec, expected(entities=[SAIKAWA], relations=[longer, exact]))
    assert counts(score, "relations") == (1, 0, 1)
    assert score.sections["relations"].matched[0][1] is exact
    assert score.by_relation_type == {"HOLDS_ROLE": Counts(1, 0, 1)}


# --- corpus and reports ----------------------------------------------------------------------


def write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_corpus_micro_average_and_missing_output(tmp_path: Path) -> None:
    exp_dir, out_dir = tmp_path / "expected", tmp_path / "outputs"
    write(exp_dir / "a.json", {"doc_id": "a", "entities": [NISSAN]})
    write(exp_dir / "b.json", {"doc_id": "b", "entities": [NISSAN, MMC, NMKV]})
    write(exp_dir / "c.json", {"doc_id": "c", "entities": [MMC]})
    write(out_dir / "a.json", record(entities=[ent("E1", "ORG", "Nissan")]))
    (out_dir / "c.json").write_text("{not json", encoding="utf-8")

    score = score_corpus(exp_dir, out_dir)

    assert [d.doc_id for d in score.documents] == ["a", "b", "c"]
    assert score.missing == ["b", "c"]
    assert score.section_counts()["entities"] == Counts(1, 0, 4)
    assert score.recall == pytest.approx(1 / 5)  # micro: 1 of 5 facts, not the mean of 1, 0, 0
    report = format_report(score)
    assert "b: missing output b.json" in report
    assert "c: unreadable output c.json" in report


def test_report_tables_are_aligned() -> None:
    rec = record(entities=[ent("E1", "ORG", "Nissan"), ent("E2", "PERSON", "Carlos Ghosn")])
    report = format_report(score_document(rec, expected(entities=[NISSAN, MMC])))
    lines = report.splitlines()
    header = next(line for line in lines if line.startswith("entity label"))
    org = next(line for line in lines if line.startswith("ORG "))
    assert org.split() == ["ORG", "1", "0", "1", "1.000", "0.500", "0.667"]
    assert len(org) == len(header)  # right-aligned columns end together


def test_explain_spells_out_relation_arguments() -> None:
    exp = jv("NMKV", ["Nissan Motor", "Mitsubishi Motors"])
    rec = record(
        entities=ORGS, relations=[rel("R9", "JOINT_VENTURE", venture="E1", partners=["E2", "E3"])]
    )
    text = explain_document(rec, expected(entities=[NISSAN, MMC, NMKV], relations=[exp]))
    missed = "missed  JOINT_VENTURE: venture='NMKV', partners=['Nissan Motor', 'Mitsubishi Motors']"
    assert missed in text
    assert "extra   JOINT_VENTURE [R9]: venture='Nissan' (E1 ORG)" in text
    assert "entities:" not in text  # all entities matched, nothing to explain
