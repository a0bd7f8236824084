"""Dates: every form of the record contract's section 2.2 on sentences written for the test, with a
fixed publication date (Monday 5 June 2023); things that are not dates; every rule's examples
and counter-examples; the trigger windows; and the pure functions of ``pipeline.timex``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.components.dates import DateRecognizer, TriggeredMatcher, choose_trigger
from pipeline.matching import RuleMatcher
from pipeline.reader import iter_release_paths, read_release
from pipeline.rules import load_group
from pipeline.timex import (
    DATE,
    DURATION,
    SET,
    Timex,
    duration_value,
    interpret,
    is_ordinal,
    load_tables,
    nearest_weekday,
    parse_day,
    parse_number,
    season_value,
    shift_unit,
)

PUBLISHED = dt.date(2023, 6, 5)  # a Monday
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RULES = [item.rule for item in load_group("dates", labels=(DATE, DURATION, SET))]
TABLES = load_tables()


@pytest.fixture(scope="module")
def date_nlp(nlp):
    """The session's whole pipeline, as extraction runs it."""
    return nlp


@dataclass(frozen=True)
class Expect:
    """One expected date: the span's text and its timex."""

    text: str
    value: str | None
    type: str = DATE
    mod: str | None = None
    relative: bool = False

    def row(self) -> tuple:
        """In the order of ``found``: text, type, value, mod, relative."""
        return self.text, self.type, self.value, self.mod, self.relative


def run(nlp, text: str, published: dt.date | None = PUBLISHED):
    """The doc after every component, with the publication date set first, as extract does."""
    doc = nlp.make_doc(text)
    doc.user_data["published"] = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def found(nlp, text: str, published: dt.date | None = PUBLISHED) -> list[tuple]:
    """(text, type, value, mod, relative, rule id) of every date span."""
    doc = run(nlp, text, published)
    return [(s.text, *s._.timex.values(), s.id_) for s in doc.spans["dates"]]


# (sentence, Expect(span text, value, type, mod, relative))
# fmt: off
CASES = [
    # absolute dates at the precision the text gives
    ("TOKYO, June 1, 2021 - Nissan announced a model.", Expect("June 1, 2021", "2021-06-01")),
    ("BRISBANE, 7 November 2024 - GreenBasket opened.", Expect("7 November 2024", "2024-11-07")),
    ("TORONTO, Ontario (Nov. 2, 2023) - The bank won.", Expect("Nov. 2, 2023", "2023-11-02")),
    ("The plant opened on Tuesday, Sept. 5, 2023.", Expect("Tuesday, Sept. 5, 2023", "2023-09-05")),
    ("NMKV was established in June 2011.", Expect("June 2011", "2011-06")),
    ("The company was founded in 1994.", Expect("1994", "1994")),
    ("The filing is dated 2024-06-01.", Expect("2024-06-01", "2024-06-01")),
    ("Nissan signed the deal on 06/15/2024.", Expect("06/15/2024", "2024-06-15")),
    ("GreenBasket cut waste 38 percent compared with 2019 levels.", Expect("2019", "2019")),
    ("Aldenmoor's 2021 licensing agreement was terminated.", Expect("2021", "2021")),
    ("The H7 won a 2024 Red Dot Award.", Expect("2024", "2024")),
    ("The Brisa won the Good Design Award 2021 in Tokyo.", Expect("2021", "2021")),
    ("The brand dates back to the 1990s.", Expect("1990s", "199")),
    ("The store opens in spring 2025.", Expect("spring 2025", "2025-SP")),
    ("It launched in the summer of 2024.", Expect("summer of 2024", "2024-SU")),
    # ranges: ISO intervals, each side at its own precision
    ("The Sakura won the 2022-2023 Japan Car of the Year award.", Expect("2022-2023", "2022/2023")),
    ("It won the 2022–2023 Japan Car of the Year award.", Expect("2022–2023", "2022/2023")),
    ("Sales grew from 2011 to 2013.", Expect("from 2011 to 2013", "2011/2013")),
    ("The 2011-13 plan worked.", Expect("2011-13", "2011/2013")),
    ("Work is scheduled between March and May 2024.",
     Expect("between March and May 2024", "2024-03/2024-05")),
    ("He led the unit from June 2011 to March 2013.",
     Expect("from June 2011 to March 2013", "2011-06/2013-03")),
    ("The show runs June 1-3, 2024, in Las Vegas.",
     Expect("June 1-3, 2024", "2024-06-01/2024-06-03")),
    # quarters, halves, fiscal years
    ("The venture was formed in the third quarter of 2024.",
     Expect("the third quarter of 2024", "2024-Q3")),
    ("Deliveries begin in the first half of 2025.", Expect("the first half of 2025", "2025-H1")),
    ("Completion is expected in H1 2025.", Expect("H1 2025", "2025-H1")),
    ("Phase 2 comes online in Q4 2025.", Expect("Q4 2025", "2025-Q4")),
    ("Revenue in 3Q24 rose.", Expect("3Q24", "2024-Q3")),
    ("The deal should close in the fourth quarter.",
     Expect("the fourth quarter", "2023-Q4", relative=True)),
    ("Brightwell reported revenue of £3.1 billion for FY2024.", Expect("FY2024", "FY2024")),
    ("Revenue reached US$9.8 billion in fiscal year 2023.", Expect("fiscal year 2023", "FY2023")),
    ("Sales grew in fiscal 2024.", Expect("fiscal 2024", "FY2024")),
    ("Velo invested $1.2 billion in fiscal 2023/24.", Expect("fiscal 2023/24", "FY2023/FY2024")),
    ("It reported revenue for the 2024 financial year.",
     Expect("the 2024 financial year", "FY2024")),
    ("Revenue rose in the second half of fiscal 2024.",
     Expect("the second half of fiscal 2024", "FY2024-H2")),
    # durations
    ("The companies signed a 10-year contract.", Expect("10-year", "P10Y", DURATION)),
    ("Modavia signed a five-year agreement.", Expect("five-year", "P5Y", DURATION)),
    ("The bank has led the survey for more than a decade.",
     Expect("more than a decade", "P10Y", DURATION, mod="MORE_THAN")),
    ("We have built plants here for over a decade.",
     Expect("over a decade", "P10Y", DURATION, mod="MORE_THAN")),
    ("It will invest C$45 million over three years.", Expect("three years", "P3Y", DURATION)),
    ("Output reached 50,000 units in approximately one year.",
     Expect("approximately one year", "P1Y", DURATION, mod="APPROX")),
    ("The warranty lasts 18 months.", Expect("18 months", "P18M", DURATION)),
    ("The project took 1.5 years.", Expect("1.5 years", "P18M", DURATION)),
    ("The crossing takes 3 days.", Expect("3 days", "P3D", DURATION)),
    ("It pays growers within seven days of delivery.",
     Expect("within seven days", "P7D", DURATION, mod="EQUAL_OR_LESS")),
    ("It delivers up to 40 hours of playback.",
     Expect("up to 40 hours", "PT40H", DURATION, mod="EQUAL_OR_LESS")),
    ("A five-minute charge adds hours of listening.", Expect("five-minute", "PT5M", DURATION)),
    ("It will invest A$180 million over the next three years.",
     Expect("the next three years", "P3Y", DURATION)),
    ("Users rose 15 percent over the past year.", Expect("the past year", "P1Y", DURATION)),
    ("After 16 weeks, most patients improved.", Expect("16 weeks", "P16W", DURATION)),
    ("The pilot ran for a year.", Expect("a year", "P1Y", DURATION)),
    # sets
    ("Maple Finance Review gives the award annually.", Expect("annually", "P1Y", SET)),
    ("The group reported annual revenue of A$6.8 billion.", Expect("annual", "P1Y", SET)),
    ("The plant can produce 150 million liters per year.", Expect("per year", "P1Y", SET)),
    ("The plant builds 300,000 vehicles a year.", Expect("a year", "P1Y", SET)),
    ("The line raised its output to eight aircraft per month.", Expect("per month", "P1M", SET)),
    ("Prices are reviewed each year.", Expect("each year", "P1Y", SET)),
    ("The fair is held every year.", Expect("every year", "P1Y", SET)),
    ("The index is revised every two years.", Expect("every two years", "P2Y", SET)),
    ("Cordalix is a once-weekly injection.", Expect("once-weekly", "P1W", SET)),
    ("The Velo plant builds 500 vans daily.", Expect("daily", "P1D", SET)),
    # PRESENT_REF / PAST_REF / FUTURE_REF
    ("Nissan currently shares the van with Mitsubishi.",
     Expect("currently", "PRESENT_REF", relative=True)),
    ("GreenBasket was recently named winner.", Expect("recently", "PAST_REF", relative=True)),
    ("The firm will list in the near future.",
     Expect("in the near future", "FUTURE_REF", relative=True)),
    ("At the moment, Nissan is planning a minicar EV.",
     Expect("At the moment", "PRESENT_REF", relative=True)),
    ("The Nissan Sakura suits today's world.", Expect("today", "PRESENT_REF", relative=True)),
    # mods
    ("The bank plans new branches beginning in early 2024.",
     Expect("early 2024", "2024", mod="START")),
    ("The chip will be made at the fab from mid-2026.", Expect("mid-2026", "2026", mod="MID")),
    ("Expansion is due for completion in late 2026.", Expect("late 2026", "2026", mod="END")),
    ("The company expects 530 stores by the end of 2025.",
     Expect("by the end of 2025", "2025", mod="END")),
    ("The plan runs to the end of 2025.", Expect("the end of 2025", "2025", mod="END")),
    ("It will source half its power from renewables by 2030.",
     Expect("by 2030", "2030", mod="BEFORE")),
    ("Work starts in mid-March.", Expect("mid-March", "2023-03", mod="MID", relative=True)),
    # relative to the publication date, at their own precision
    ("Nissan today announced a new model.", Expect("today", "2023-06-05", relative=True)),
    ("The plant opened yesterday.", Expect("yesterday", "2023-06-04", relative=True)),
    ("The plant opens tomorrow.", Expect("tomorrow", "2023-06-06", relative=True)),
    ("The plans fell through last year.", Expect("last year", "2022", relative=True)),
    ("Sales rose this year.", Expect("this year", "2023", relative=True)),
    ("The van goes on sale next year.", Expect("next year", "2024", relative=True)),
    ("Prices rose this month.", Expect("this month", "2023-06", relative=True)),
    ("Deliveries reached 100 aircraft last month.", Expect("last month", "2023-05", relative=True)),
    ("Talks began last week.", Expect("last week", "2023-W22", relative=True)),
    ("A second phase will open next spring.", Expect("next spring", "2024-SP", relative=True)),
    ("The bank presented its winners on Tuesday.", Expect("Tuesday", "2023-05-30", relative=True)),
    ("The board will meet on Tuesday.", Expect("Tuesday", "2023-06-06", relative=True)),
    ("The deal closed last Friday.", Expect("last Friday", "2023-06-02", relative=True)),
    ("The merger was completed in April.", Expect("April", "2023-04", relative=True)),
    ("The plant was sold in November.", Expect("November", "2022-11", relative=True)),
    ("First deliveries are scheduled for October.", Expect("October", "2023-10", relative=True)),
    ("The H9 goes on sale on May 26 and will reach Europe later.",
     Expect("May 26", "2024-05-26", relative=True)),
    ("Production reached 3 million units on May 26.",
     Expect("May 26", "2023-05-26", relative=True)),
    ("The company was founded 37 years ago.", Expect("37 years ago", "1986", relative=True)),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[1].text for c in CASES])
def test_date_forms(date_nlp, sentence, expected):
    dates = found(date_nlp, sentence)
    assert expected.row() in [d[:5] for d in dates], dates


@pytest.mark.parametrize(
    "sentence",
    [
        "The plans fell through last year.",
        "Nissan today announced a new model.",
        "The bank presented its winners on Tuesday.",
        "The merger was completed in April.",
    ],
)
def test_relative_dates_without_publication_date_have_no_value(date_nlp, sentence):
    dates = found(date_nlp, sentence, published=None)
    assert dates and all(d[2] is None and d[4] is True for d in dates), dates


@pytest.mark.parametrize(
    "sentence",
    [
        "Nissan shared its NV200 van with Mitsubishi.",
        "The i-MiEV was the first mass-produced electric vehicle.",
        "Mitsubishi sold the Nissan NV200 as the Delica D:3.",
        "Cumulative production reached 50,000 units.",
        "The group will invest $3 bn in the plant.",
        "The plant made 2,000 units.",
        "The project has taken several years.",
        "Nissan will develop the next generation of minicars.",
        "The store is the first of many.",
        "The Nissan meeting starts at 10:30 a.m. sharp.",
        "Marisol holds 51% of the shares.",
        "The plan secures Nissan for the long term.",
        "The company employs 1,200 people.",
        "Nissan sent the order to 1995 customers.",
        "The H100 chip is in demand.",
        "It was a record year for the group.",
        "Velo customers trust us with their daily lives.",
        "Fleet operators at Kanto test the van in daily service.",
        "They share a vision for the future of mobility.",
        "He scored in the second half of the game.",
        "It holds a quarter of the market.",
    ],
)
def test_not_dates(date_nlp, sentence):
    assert found(date_nlp, sentence) == [], sentence


def test_lists_are_dates_not_ranges(date_nlp):
    values = [d[2] for d in found(date_nlp, "Nissan expanded the plant in 2011 and 2013.")]
    assert values == ["2011", "2013"]
    values = [d[2] for d in found(date_nlp, "Nissan expanded the plant in March and May.")]
    assert values == ["2023-03", "2023-05"]


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("TOKYO, June 1, 2021 - Nissan Motor Co., Ltd. announced a model.", "2021-06-01"),
        ("December 16, 2010 (FPRC) -- Nissan and Mitsubishi agreed.", "2010-12-16"),
        ("YOKOHAMA, Japan (May 30, 2023) – Velo Motors announced.", "2023-05-30"),
        (
            "JOHOR BAHRU, Malaysia--(BUSINESS WIRE)--March 4, 2025--Cobalt Ridge opened a site.",
            "2025-03-04",
        ),
    ],
)
def test_dateline_date_is_found(date_nlp, body, value):
    assert value in [d[2] for d in found(date_nlp, body, published=None)]


def test_a_datetime_publication_date_counts_as_its_day(date_nlp):
    dates = found(date_nlp, "Nissan today announced a model.", dt.datetime(2023, 6, 5, 23, 30))
    assert dates[0][2] == "2023-06-05"


def test_spans_carry_rule_id_label_and_timex(date_nlp):
    doc = run(date_nlp, "NMKV was established in June 2011 and plans fell through last year.")
    first, second = doc.spans["dates"]
    assert (first.id_, first.label_) == ("date.month_year", "DATE")
    assert first._.timex == {"type": "DATE", "value": "2011-06", "mod": None, "relative": False}
    assert second.id_ == "date.relative_unit"
    assert second._.timex["relative"] is True


def test_dates_never_overlap(date_nlp):
    for rule in RULES:
        for example in rule.examples():
            taken: set[int] = set()
            doc = run(date_nlp, example)
            for span in doc.spans["dates"]:
                assert taken.isdisjoint(range(span.start, span.end)), example
                taken.update(range(span.start, span.end))


@pytest.mark.parametrize("rule", [r for r in RULES if r.examples()], ids=lambda r: r.id)
def test_rule_example_fires_the_rule(date_nlp, rule):
    for example in rule.examples():
        fired = {d[5] for d in found(date_nlp, example)}
        assert rule.id in fired, (
            f"{rule.id} did not fire on {example!r}: {found(date_nlp, example)}"
        )


@pytest.mark.parametrize("rule", [r for r in RULES if r.counter_examples()], ids=lambda r: r.id)
def test_rule_counter_example_does_not_fire(date_nlp, rule):
    for example in rule.counter_examples():
        fired = {d[5] for d in found(date_nlp, example)}
        assert rule.id not in fired, f"{rule.id} fired on {example!r}"


def test_every_rule_has_an_example_and_a_trigger():
    for rule in RULES:
        assert rule.examples(), rule.id
        assert choose_trigger(rule.pattern) is not None, rule.id


def test_trigger_windows_find_what_a_whole_document_pass_finds(date_nlp):
    """The windows are an optimisation only: the same matches as the Matcher over the doc."""
    rules = load_group("dates", labels=(DATE, DURATION, SET))
    windowed = TriggeredMatcher(date_nlp.vocab, rules)
    whole = RuleMatcher(date_nlp.vocab, rules).matcher
    texts = [e for r in RULES for e in r.examples() + r.counter_examples()]
    texts += [sentence for sentence, _ in CASES]
    texts += [read_release(path).body for path in iter_release_paths(CORPUS)]
    for text in texts:
        doc = run(date_nlp, text)
        strings = doc.vocab.strings
        expected = sorted(
            (strings[key], start, end, tuple(align))
            for key, start, end, align in whole(doc, with_alignments=True, allow_missing=True)
        )
        got = sorted((m.rule.id, m.start, m.end, m.alignments) for m in windowed(doc))
        assert got == expected, text


def test_component_is_registered_and_configurable(date_nlp):
    assert isinstance(date_nlp.get_pipe("pressfacts_dates"), DateRecognizer)
    names = date_nlp.pipe_names
    # after the entities (numbers in names are not dates), before the quantities that skip dates
    assert names.index("pressfacts_canonical") < names.index("pressfacts_dates")
    assert names.index("pressfacts_dates") < names.index("pressfacts_quantities")


# --- pipeline.timex ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "value"),
    [
        (10, "Y", "P10Y"),
        (18, "M", "P18M"),
        (1.5, "Y", "P18M"),
        (3, "D", "P3D"),
        (1, "DE", "P10Y"),
        (2, "Q", "P6M"),
        (16, "W", "P16W"),
        (40, "H", "PT40H"),
        (5, "MI", "PT5M"),
        (30, "S", "PT30S"),
        (0, "Y", None),
    ],
)
def test_duration_value(amount, unit, value):
    assert duration_value(amount, unit) == value


def test_numbers_and_ordinals():
    assert parse_number("1,200") == 1200
    assert parse_number("five") == 5
    assert parse_number("several") is None
    assert is_ordinal("first") and is_ordinal("3rd") and not is_ordinal("three")


def test_parse_day_never_invents_a_day():
    assert parse_day("Nov. 2, 2023", None) == dt.date(2023, 11, 2)
    assert parse_day("7 November 2024", PUBLISHED) == dt.date(2024, 11, 7)
    assert parse_day("June 2011", PUBLISHED) is None
    assert parse_day("Feb. 30, 2021", None) is None


def test_relative_resolution():
    assert nearest_weekday(PUBLISHED, 1, future=False) == dt.date(2023, 5, 30)
    assert nearest_weekday(PUBLISHED, 1, future=True) == dt.date(2023, 6, 6)
    assert nearest_weekday(PUBLISHED, 0, future=False) == dt.date(2023, 5, 29)
    assert shift_unit(PUBLISHED, "Y", -1) == "2022"
    assert shift_unit(PUBLISHED, "M", -6) == "2022-12"
    assert shift_unit(PUBLISHED, "Q", 1) == "2023-Q3"
    assert shift_unit(PUBLISHED, "W", 0) == "2023-W23"
    assert shift_unit(PUBLISHED, "DE", 0) == "202"
    assert season_value(dt.date(2025, 10, 21), "SP", 1, False) == "2026-SP"
    assert season_value(dt.date(2025, 2, 12), "WI", 0, False) == "2024-WI"
    assert season_value(dt.date(2025, 10, 21), "SU", -1, False) == "2025-SU"
    assert season_value(dt.date(2025, 7, 1), "SU", -1, False) == "2024-SU"


@pytest.mark.parametrize(
    ("words", "label", "published", "expected"),
    [
        (["June", "2011"], DATE, None, Timex(DATE, "2011-06")),
        (["last", "year"], DATE, PUBLISHED, Timex(DATE, "2022", relative=True)),
        (["last", "year"], DATE, None, Timex(DATE, None, relative=True)),
        (["this", "month"], DATE, PUBLISHED, Timex(DATE, "2023-06", relative=True)),
        (["between", "March", "and", "May", "2024"], DATE, None, Timex(DATE, "2024-03/2024-05")),
        (["from", "2011", "to", "2013"], DATE, None, Timex(DATE, "2011/2013")),
        (["2013", "-", "2011"], DATE, None, None),
        (["2011", "and", "2013"], DATE, None, None),
        (["the", "third", "quarter", "of", "2024"], DATE, None, Timex(DATE, "2024-Q3")),
        (["the", "fifth", "quarter", "of", "2024"], DATE, None, None),
        (["the", "second", "half", "of", "the"], DATE, PUBLISHED, None),
        (["H2", "2025"], DATE, None, Timex(DATE, "2025-H2")),
        (["FY2024"], DATE, None, Timex(DATE, "FY2024")),
        (["FY2024/25"], DATE, None, Timex(DATE, "FY2024/FY2025")),
        (["mid-2025"], DATE, None, Timex(DATE, "2025", mod="MID")),
        (["a", "decade"], DURATION, None, Timex(DURATION, "P10Y")),
        (["the", "coming", "months"], DURATION, None, None),
        (["the", "first", "year"], DURATION, None, None),
        (["several", "years"], DURATION, None, None),
        (["per", "year"], SET, None, Timex(SET, "P1Y")),
        (["every", "years"], SET, None, None),
        (["annually"], SET, None, Timex(SET, "P1Y")),
        (["currently"], DATE, None, Timex(DATE, "PRESENT_REF", relative=True)),
    ],
)
def test_interpret(words, label, published, expected):
    assert interpret(words, label, published, TABLES) == expected


def test_timex_as_dict_is_the_contract_shape():
    assert Timex(DURATION, "P1Y", "APPROX").as_dict() == {
        "type": "DURATION",
        "value": "P1Y",
        "mod": "APPROX",
        "relative": False,
    }
