"""Quantities: every form of the record contract's section 2.3 on sentences written for the test;
things that are not quantities; every rule's examples and counter-examples; the overlap policy and
record items; and the pure functions of ``pipeline.numbers``."""

from __future__ import annotations

import pint
import pycountry
import pytest
import spacy

from pipeline.components.quantities import QUANTITY_LABELS, SPANS_KEY
from pipeline.extract import quantities_of
from pipeline.lexicons import read_tsv
from pipeline.numbers import (
    LEXICON_DIR,
    as_value,
    combine,
    currency_code,
    is_plural,
    is_year,
    load_tables,
    parse_digits,
    parse_number,
    parse_ordinal,
    pint_expression,
    scale_value,
    singular,
    split_glued,
    unit_symbol,
)
from pipeline.rules import load_group

RULES = [item.rule for item in load_group("quantities", labels=QUANTITY_LABELS)]
TABLES = load_tables()


@pytest.fixture(scope="module")
def qnlp(nlp):
    """The session's whole pipeline, as extraction runs it."""
    return nlp


@pytest.fixture(scope="module")
def dated_nlp(qnlp):
    return qnlp


def found(nlp, text: str) -> list[tuple[str, str, int | float, str, str | None]]:
    doc = nlp(text)
    return [
        (s.text, s.label_, s._.quantity["value"], s._.quantity["unit"], s._.quantity["mod"])
        for s in doc.spans[SPANS_KEY]
    ]


# --- every form, on sentences -------------------------------------------------------------------

FORMS = [
    # counts
    ("Cumulative production of the Sakura reached 50,000 units.",
     [("50,000 units", "COUNT", 50000, "unit", None)]),
    ("Quillon currently has 35 employees.", [("35 employees", "COUNT", 35, "employee", None)]),
    ("Since 2011 Nissan and Mitsubishi have made two cars together.",
     [("two cars", "COUNT", 2, "car", None)]),
    ("The Lumora campus employs fifty thousand people.",
     [("fifty thousand people", "COUNT", 50000, "person", None)]),
    ("Velo Motors built 1.52 million units in Japan.",
     [("1.52 million units", "COUNT", 1520000, "unit", None)]),
    ("Nordvik hired a dozen engineers and now reaches a million homes.",
     [("a dozen engineers", "COUNT", 12, "engineer", None),
      ("a million homes", "COUNT", 1000000, "home", None)]),
    ("Lumora will create 3,000 new jobs and install 1,200 charging stations.",
     [("3,000 new jobs", "COUNT", 3000, "job", None),
      ("1,200 charging stations", "COUNT", 1200, "station", None)]),
    ("Kestrel sells 150,000 electric vehicles in 14 countries.",
     [("150,000 electric vehicles", "COUNT", 150000, "vehicle", None),
      ("14 countries", "COUNT", 14, "country", None)]),
    ("Halvard owns and operates 74 hydropower, wind and solar plants.",
     [("74 hydropower, wind and solar plants", "COUNT", 74, "plant", None)]),
    ("Nordvik Air has ordered 24 Falken FA-180 single-aisle aircraft.",
     [("24 Falken FA-180 single-aisle aircraft", "COUNT", 24, "aircraft", None)]),
    ("Pinecrest runs 214 branches with 6,300 people.",
     [("214 branches", "COUNT", 214, "branch", None),
      ("6,300 people", "COUNT", 6300, "person", None)]),
    ("Velo Motors Brisa Reaches 3 Million Units in Global Production",
     [("3 Million Units", "COUNT", 3000000, "unit", None)]),
    # money
    ("Kestrel was founded with capital of 10 million yen.",
     [("10 million yen", "MONEY", 10000000, "JPY", None)]),
    ("Kestrel will invest eight billion yen and ¥8 billion more.",
     [("eight billion yen", "MONEY", 8000000000, "JPY", None),
      ("¥8 billion", "MONEY", 8000000000, "JPY", None)]),
    ("Aurelia Motors will invest US$1.2 billion in Clarksville.",
     [("US$1.2 billion", "MONEY", 1200000000, "USD", None)]),
    ("Nordvik has invested €500m in the Landshut Van Plant.",
     [("€500m", "MONEY", 500000000, "EUR", None)]),
    ("Kanzaki received an upfront payment of JPY 10 million.",
     [("JPY 10 million", "MONEY", 10000000, "JPY", None)]),
    ("Orinoco reported revenue of $3 bn and $3bn in profit.",
     [("$3 bn", "MONEY", 3000000000, "USD", None),
      ("$3bn", "MONEY", 3000000000, "USD", None)]),
    ("Pinecrest Bank reported C$45 million in profit.",
     [("C$45 million", "MONEY", 45000000, "CAD", None)]),
    ("Orbis values Caledon at £2.3 billion.", [("£2.3 billion", "MONEY", 2300000000, "GBP", None)]),
    ("GreenBasket will invest A$180 million and HK$2 billion.",
     [("A$180 million", "MONEY", 180000000, "AUD", None),
      ("HK$2 billion", "MONEY", 2000000000, "HKD", None)]),
    ("Orinoco will invest Rs 500 crore in Chakan.",
     [("Rs 500 crore", "MONEY", 5000000000, "INR", None)]),
    ("NovaCura will receive CHF 85 million, and Sunmere SAR 4.5 billion.",
     [("CHF 85 million", "MONEY", 85000000, "CHF", None),
      ("SAR 4.5 billion", "MONEY", 4500000000, "SAR", None)]),
    ("Marisol Foods will invest 1.9 billion pesos and 100 million Swiss francs.",
     [("1.9 billion pesos", "MONEY", 1900000000, "MXN", None),
      ("100 million Swiss francs", "MONEY", 100000000, "CHF", None)]),
    ("The Sonata H9 costs ₩459,000 or US$349.",
     [("₩459,000", "MONEY", 459000, "KRW", None), ("US$349", "MONEY", 349, "USD", None)]),
    ("Brightwell will pay US$38.50 per share.", [("US$38.50", "MONEY", 38.5, "USD", None)]),
    # percentages
    ("Halvard holds 51% and Caledon 49%.",
     [("51%", "PERCENT", 51, "%", None), ("49%", "PERCENT", 49, "%", None)]),
    ("Pinecrest users rose 20 percent, or 20 per cent, and fees 12.5%.",
     [("20 percent", "PERCENT", 20, "%", None), ("20 per cent", "PERCENT", 20, "%", None),
      ("12.5%", "PERCENT", 12.5, "%", None)]),
    # measures
    ("Nissan and Mitsubishi planned a 1 ton van and a one ton pick-up.",
     [("1 ton", "MEASURE", 1, "t", None), ("one ton", "MEASURE", 1, "t", None)]),
    ("The Nordvik Fjord E has a 300 km range and a 20 kWh battery.",
     [("300 km", "MEASURE", 300, "km", None), ("20 kWh", "MEASURE", 20, "kWh", None)]),
    ("The Sakai engine produces 47 kW and tops out at 150 km/h on the road.",
     [("47 kW", "MEASURE", 47, "kW", None), ("150 km/h", "MEASURE", 150, "km/h", None)]),
    ("The Meridian bus covers 120 miles on a 450 MW grid.",
     [("120 miles", "MEASURE", 120, "mi", None), ("450 MW", "MEASURE", 450, "MW", None)]),
    ("Sunmere adds a 1.2 GWh battery and saves 12,000 tonnes of carbon.",
     [("1.2 GWh", "MEASURE", 1.2, "GWh", None), ("12,000 tonnes", "MEASURE", 12000, "t", None)]),
    ("The Jhudong cleanroom covers 30,000 square meters, the park 36 square kilometers.",
     [("30,000 square meters", "MEASURE", 30000, "m2", None),
      ("36 square kilometers", "MEASURE", 36, "km2", None)]),
    ("Marisol will produce 150 million liters of milk drinks per year.",
     [("150 million liters", "MEASURE", 150000000, "L", None)]),
    ("Lumora makes chips on its 3 nm and 5 nm processes, in a 1.5GW park.",
     [("3 nm", "MEASURE", 3, "nm", None), ("5 nm", "MEASURE", 5, "nm", None),
      ("1.5GW", "MEASURE", 1.5, "GW", None)]),
    ("The Kittiwake blades are 115 m long.", [("115 m", "MEASURE", 115, "m", None)]),
    # modifiers
    ("Lumora expects approximately 3,000 new jobs and about 20 shops.",
     [("approximately 3,000 new jobs", "COUNT", 3000, "job", "APPROX"),
      ("about 20 shops", "COUNT", 20, "shop", "APPROX")]),
    ("Lumora serves more than 400 customers and over 500 stores.",
     [("more than 400 customers", "COUNT", 400, "customer", "MORE_THAN"),
      ("over 500 stores", "COUNT", 500, "store", "MORE_THAN")]),
    ("GreenBasket sources at least 15 percent locally and can start up to 45,000 wafers.",
     [("at least 15 percent", "PERCENT", 15, "%", "EQUAL_OR_MORE"),
      ("up to 45,000 wafers", "COUNT", 45000, "wafer", "EQUAL_OR_LESS")]),
    ("Brightwell's drug affects an estimated 32 million people.",
     [("an estimated 32 million people", "COUNT", 32000000, "person", "APPROX")]),
    ("Halvard's portfolio passed 5 GW of capacity.", [("5 GW", "MEASURE", 5, "GW", "MORE_THAN")]),
    ("Falken sold less than 20 percent and fewer than 10 trucks.",
     [("less than 20 percent", "PERCENT", 20, "%", "LESS_THAN"),
      ("fewer than 10 trucks", "COUNT", 10, "truck", "LESS_THAN")]),
    ("Sunmere spread over 36 square kilometers.",
     [("36 square kilometers", "MEASURE", 36, "km2", None)]),
    # ranges: one quantity per end
    ("The Aurelia plant will add 80 to 100 new jobs.",
     [("80", "COUNT", 80, "job", None), ("100 new jobs", "COUNT", 100, "job", None)]),
    ("Orinoco will invest $3 to $5 billion and cut costs between 10 and 20 percent.",
     [("$3", "MONEY", 3000000000, "USD", None), ("$5 billion", "MONEY", 5000000000, "USD", None),
      ("10", "PERCENT", 10, "%", None), ("20 percent", "PERCENT", 20, "%", None)]),
    ("Hanseatic plans about 9,000-12,000 tractors.",
     [("about 9,000", "COUNT", 9000, "tractor", "APPROX"),
      ("12,000 tractors", "COUNT", 12000, "tractor", "APPROX")]),
    # rates: the quantity (the SET date is the date component's)
    ("Kestrel will produce 300,000 vehicles per year.",
     [("300,000 vehicles", "COUNT", 300000, "vehicle", None)]),
    # ordinal milestones
    ("Aurelia built the 7 millionth vehicle and GreenBasket opened its 500th store.",
     [("7 millionth vehicle", "COUNT", 7000000, "vehicle", None),
      ("500th store", "COUNT", 500, "store", None)]),
    ("Pampas sold its 1.5 millionth Ñandú pickup in August.",
     [("1.5 millionth Ñandú pickup", "COUNT", 1500000, "pickup", None)]),
    # compound adjectives
    ("Falken's 42-seat jet serves a 500-person company.",
     [("42-seat", "COUNT", 42, "seat", None), ("500-person", "COUNT", 500, "person", None)]),
    ("Tandem installed 12-meter racking and a 62,000-square-meter hub.",
     [("12-meter", "MEASURE", 12, "m", None),
      ("62,000-square-meter", "MEASURE", 62000, "m2", None)]),
    ("Lumora to Build US$6.2 Billion 3-Nanometer Fab in Hsinchu County",
     [("US$6.2 Billion", "MONEY", 6200000000, "USD", None),
      ("3-Nanometer", "MEASURE", 3, "nm", None)]),
    # a compound adjective among a count's modifiers keeps its own span
    ("NovaCura will install two 6,000-litre bioreactors.",
     [("two 6,000-litre bioreactors", "COUNT", 2, "bioreactor", None),
      ("6,000-litre", "MEASURE", 6000, "L", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[t for t, _ in FORMS])
def test_forms(qnlp, text, expected):
    assert found(qnlp, text) == expected


NOT_QUANTITIES = [
    "Nissan shared its NV200 van and the i-MiEV with Mitsubishi.",
    "Mitsubishi builds the Delica D:3 minivan.",
    "The two companies signed an agreement with both partners.",
    "Kestrel and Hoshino formed a 50/50 joint venture, a 50:50 split.",
    "Nissan was founded in 2024.",
    "TOKYO, June 1, 2021 - Nissan announced a new model.",
    "Construction of the Nissan plant will take 18 months and 30 hours a week.",
    "Nissan was the first automaker and is the second-largest in Japan.",
    "Nissan is one of the largest automakers.",
    "Call Nissan at +44 20 7946 0123 or visit 220 Main Street.",
    "Nissan ranked No. 1 in the survey and 3rd in Asia.",
    "Nissan celebrates its 100th anniversary.",
    "The Nissan Phase 2 study and the HelioMax 720 modules.",
    "The Norrvind N15-236 turbine and COVID-19 rules.",
    "Nissan signed a 10-year contract at 10 a.m.",
    "The Sakura won the 2022-2023 Japan Car of the Year award.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(qnlp, text):
    assert found(qnlp, text) == []


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities_with_dates(dated_nlp, text):
    assert found(dated_nlp, text) == []


def test_dates_leave_quantities_alone(dated_nlp):
    text = "Kestrel will produce 300,000 vehicles per year from June 2024, about 18 months out."
    assert found(dated_nlp, text) == [("300,000 vehicles", "COUNT", 300000, "vehicle", None)]


# --- rules ----------------------------------------------------------------------------------------


def _fired(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span.id_ for span in doc.spans[SPANS_KEY]}


@pytest.mark.parametrize("rule", [r for r in RULES if r.examples()], ids=lambda r: r.id)
def test_rule_example_fires_the_rule(qnlp, rule):
    for example in rule.examples():
        assert rule.id in _fired(qnlp, example), f"{rule.id} did not fire on {example!r}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.counter_examples()], ids=lambda r: r.id)
def test_rule_counter_example_does_not_fire(qnlp, rule):
    for example in rule.counter_examples():
        assert rule.id not in _fired(qnlp, example), f"{rule.id} fired on {example!r}"


def test_every_rule_has_an_example():
    assert all(rule.examples() for rule in RULES)
    assert {rule.label for rule in RULES} == set(QUANTITY_LABELS)


# --- spans and records ----------------------------------------------------------------------------


def test_spans_do_not_overlap_but_for_compounds_in_counts(qnlp):
    doc = qnlp(
        "Tandem's terminal has two 750-meter sidings, 20,000 square meters and €85 million "
        "of kit for 430 workers; it invested 2.3m euros for 2.3m customers."
    )
    spans = list(doc.spans[SPANS_KEY])
    for a in spans:
        for b in spans:
            if a is b or a.end <= b.start or b.end <= a.start:
                continue
            inner, outer = (a, b) if a.start >= b.start and a.end <= b.end else (b, a)
            assert outer.label_ == "COUNT" and inner.id_.endswith("_compound"), (a, b)
    assert [s.text for s in spans] == [
        "two 750-meter sidings", "750-meter", "20,000 square meters", "€85 million",
        "430 workers", "2.3m euros", "2.3m customers",
    ]  # fmt: skip


def test_record_items(qnlp):
    text = "Nissan will invest approximately US$1.4 billion and hire 500 workers."
    items = quantities_of(qnlp(text))
    money, count = "approximately US$1.4 billion", "500 workers"
    assert [item.model_dump() for item in items] == [
        {"id": "Q1", "start": text.index(money), "end": text.index(money) + len(money),
         "text": money, "kind": "MONEY", "value": 1400000000, "unit": "USD", "mod": "APPROX",
         "pattern": "qty.money_symbol"},
        {"id": "Q2", "start": text.index(count), "end": text.index(count) + len(count),
         "text": count, "kind": "COUNT", "value": 500, "unit": "worker", "mod": None,
         "pattern": "qty.count"},
    ]  # fmt: skip
    for item in items:
        assert text[item.start : item.end] == item.text


def test_works_without_tags():
    """On a pipeline without the lexicon tagger (no TAG at all) the rules without tag tokens
    still run, instead of spaCy refusing TAG patterns."""
    nlp = spacy.blank("en")
    nlp.add_pipe("pressfacts_quantities")
    assert found(nlp, "It has 50,000 units and 20% of 300 km.") == [
        ("50,000 units", "COUNT", 50000, "unit", None),
        ("20%", "PERCENT", 20, "%", None),
    ]


# --- lexicons -------------------------------------------------------------------------------------


def test_currency_lexicon_gives_iso_codes():
    codes = {c.alpha_3 for c in pycountry.currencies}
    rows = read_tsv(LEXICON_DIR / "currency_symbol.tsv")
    assert rows and all(canonical in codes for _, canonical in rows)


def test_unit_lexicon_gives_units_pint_understands():
    registry = pint.UnitRegistry()
    for term, canonical in read_tsv(LEXICON_DIR / "unit.tsv"):
        assert canonical, term
        registry.parse_units(pint_expression(canonical))


# --- pipeline.numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("50,000", 50000), ("1.52", 1.52), ("38.50", 38.5), ("0.66", 0.66), ("7", 7),
     ("1,234,567", 1234567), ("0123", None), ("+44", None), ("50/50", None), ("50:50", None),
     ("1,5", None), ("1,00", None), ("NV200", None), ("", None)],
)  # fmt: skip
def test_parse_digits(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("two", 2), ("Two", 2), ("fifty", 50), ("nineteen", 19), ("12", 12),
     ("first", None), ("second", None), ("thousand", None), ("dozen", None)],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text, TABLES) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [(["fifty", "thousand"], 50000), (["1.52", "million"], 1520000), (["eight", "billion"], 8e9),
     (["500", "m"], 5e8), (["3", "bn"], 3e9), (["500", "crore"], 5e9), (["2", "lakh"], 2e5),
     (["a", "dozen"], 12), (["two", "dozen"], 24), (["two", "hundred", "fifty"], 250),
     (["two", "hundred", "fifty", "thousand"], 250000), (["fifty", "-", "two"], 52),
     (["a", "million"], 1e6), (["3", "Million"], 3e6), (["units"], None), (["million"], 1e6),
     ([], None), (["80", "-", "100"], None)],
)  # fmt: skip
def test_combine(words, value):
    assert combine(words, TABLES) == value


def test_scale_words():
    assert scale_value("bn", TABLES) == 1e9
    assert scale_value("Billion", TABLES) == 1e9
    assert scale_value("mn", TABLES) == 1e6
    assert scale_value("units", TABLES) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("500th", 500), ("1,000th", 1000), ("21st", 21), ("millionth", 1e6),
     ("thousandth", 1000), ("first", None), ("third", None), ("500", None)],
)  # fmt: skip
def test_parse_ordinal(text, value):
    assert parse_ordinal(text) == value


@pytest.mark.parametrize(
    ("text", "parts"),
    [("3bn", (None, 3, "bn")), ("HK$2", ("HK$", 2, None)), ("1.5GW", (None, 1.5, "GW")),
     ("10,000m2", (None, 10000, "m2")), ("Rs500", ("Rs", 500, None)), ("NV200", None),
     ("FA-180", None), ("3", (None, 3, None))],
)  # fmt: skip
def test_split_glued(text, parts):
    glued = split_glued(text)
    assert (None if glued is None else (glued.currency, glued.number, glued.suffix)) == parts


@pytest.mark.parametrize(
    ("word", "single"),
    [("units", "unit"), ("jobs", "job"), ("vehicles", "vehicle"), ("stations", "station"),
     ("people", "person"), ("countries", "country"), ("branches", "branch"),
     ("warehouses", "warehouse"), ("buses", "bus"), ("processes", "process"),
     ("aircraft", "aircraft"), ("series", "series"), ("boxes", "box"), ("lives", "life"),
     ("wafers", "wafer"), ("sidings", "siding"), ("unit", "unit"), ("gas", "gas")],
)  # fmt: skip
def test_singular(word, single):
    assert singular(word) == single


def test_is_plural():
    assert is_plural("units") and is_plural("people") and is_plural("aircraft")
    assert not any(is_plural(w) for w in ("unit", "gas", "process", "bus", "analysis", "this"))


def test_values_are_ints_when_whole():
    assert as_value(1.52 * 1e6) == 1520000 and isinstance(as_value(1.52 * 1e6), int)
    assert as_value(38.5) == 38.5
    assert as_value(1.2 * 1e9) == 1200000000


def test_currencies_units_and_years():
    assert currency_code("$", TABLES) == "USD"
    assert currency_code("US$", TABLES) == "USD"
    assert currency_code("¥", TABLES) == "JPY"
    assert currency_code("euros", TABLES) == "EUR"
    assert currency_code("CHF", TABLES) == "CHF"
    assert currency_code("GPU", TABLES) is None
    assert unit_symbol("tonnes", TABLES) == "t"
    assert unit_symbol("kilometres", TABLES) == "km"
    assert unit_symbol("square meters", TABLES) == "m2"
    assert pint_expression("m2") == "m**2"
    assert pint_expression("kWh") == "kWh"
    assert is_year("2024") and not is_year("2,024") and not is_year("3000")
