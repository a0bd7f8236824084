"""Relations: every rule's examples fire it and its counter-examples do not; each relation type
comes out of several sentence shapes with the right arguments; references, negations,
hypotheticals and multi-paragraph quotes behave as the record contract says.

The pipeline is the whole one, as extraction runs it: date and quantity arguments come from their
components.
"""

from __future__ import annotations

import json
import shutil

import pytest
from spacy.tokens import Doc

from pipeline.components.relations import (
    CANCELLED_KEY,
    CANDIDATES_KEY,
    RELATIONS_KEY,
    RelationExtractor,
)
from pipeline.cues import Cue, CueMatcher, cancelling_cue
from pipeline.nlp import build_nlp
from pipeline.quotes import Attribution, find_passages, link
from pipeline.relation_args import RELATION_TYPES, SCHEMA
from pipeline.rules import PATTERNS_DIR, PatternError, load_group

RULES = [item.rule for item in load_group("relations")]
FAMILIES = (
    "joint_venture", "partnership", "acquisition", "investment", "facility", "people", "quotes",
    "awards", "milestones", "founded", "siblings",
)  # fmt: skip


@pytest.fixture(scope="module")
def rnlp(nlp):
    """The session's whole pipeline, as extraction runs it."""
    return nlp


def _value(doc: Doc, value):
    """An argument as a reader would say it: canonical names, span texts, strings."""
    ents = list(doc.ents)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return ents[value]._.canonical
    if isinstance(value, list):
        return tuple(sorted(ents[i]._.canonical for i in value))
    kind, index = value
    return doc.spans["dates" if kind == "date" else "quantities"][index].text


def found(nlp, text: str, key: str = RELATIONS_KEY) -> list[tuple[str, dict]]:
    doc = nlp(text)
    return [
        (r["type"], {k: _value(doc, v) for k, v in r["args"].items()}) for r in doc.user_data[key]
    ]


def has(relations, rel_type: str, **args) -> bool:
    """True when a relation of the type has all the given arguments (lists as sorted tuples;
    a string argument may be contained in the predicted one)."""
    for kind, got in relations:
        if kind != rel_type:
            continue
        ok = True
        for name, want in args.items():
            value = got.get(name)
            if isinstance(want, tuple):
                ok = ok and value == tuple(sorted(want))
            elif isinstance(want, str) and isinstance(value, str):
                ok = ok and want.lower() in value.lower()
            else:
                ok = ok and value == want
        if ok:
            return True
    return False


# --- rule files --------------------------------------------------------------------------------


def test_every_family_has_a_file_and_types_are_the_contract():
    files = {p.stem for p in (PATTERNS_DIR / "relations").glob("*.jsonl")}
    assert set(FAMILIES) <= files
    assert {r.label for r in RULES} == set(RELATION_TYPES)
    assert len({r.id for r in RULES}) == len(RULES)
    assert all(r.id.startswith("rel.") for r in RULES)


@pytest.mark.parametrize("rule", [r for r in RULES if r.examples()], ids=lambda r: r.id)
def test_rule_example_fires_the_rule(rnlp, rule):
    for example in rule.examples():
        doc = rnlp(example)
        fired = {c["pattern"] for c in doc.user_data[CANDIDATES_KEY]}
        assert rule.id in fired, f"{rule.id} did not fire on {example!r}: {sorted(fired)}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.counter_examples()], ids=lambda r: r.id)
def test_rule_counter_example_does_not_fire(rnlp, rule):
    for example in rule.counter_examples():
        doc = rnlp(example)
        fired = {c["pattern"] for c in doc.user_data[CANDIDATES_KEY]}
        assert rule.id not in fired, f"{rule.id} fired on {example!r}"


def test_every_rule_has_an_example():
    assert [r.id for r in RULES if not r.examples()] == []


def test_a_users_pattern_file_is_picked_up(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(PATTERNS_DIR, patterns)
    rule = {
        "id": "rel.user_owns",
        "label": "OPERATES",
        "pattern": [
            {"ENT_TYPE": "ORG", "OP": "+"},
            {"LOWER": "owns"},
            {"LOWER": "the"},
            {"ENT_TYPE": "FAC", "OP": "+"},
        ],
        "slots": {"org": [0, 1], "facility": [3, 4]},
    }
    (patterns / "relations" / "mine.jsonl").write_text(json.dumps(rule) + "\n", encoding="utf-8")
    nlp = build_nlp(patterns)
    doc = nlp("Halden Motors owns the Smyrna Plant in Tennessee.")
    assert "rel.user_owns" in {r["pattern"] for r in doc.user_data[RELATIONS_KEY]}


def test_a_slot_that_is_no_argument_is_reported_with_file_and_line(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(PATTERNS_DIR, patterns)
    bad = {
        "id": "rel.bad_slot",
        "label": "FOUNDED",
        "pattern": [{"ENT_TYPE": "ORG", "OP": "+"}, {"LOWER": "founded"}],
        "slots": {"company": [0, 1]},
    }
    path = patterns / "relations" / "bad.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(PatternError) as info:
        RelationExtractor(build_nlp(patterns), "relations", patterns)
    assert any(p.startswith(f"{path}:1 rel.bad_slot:") for p in info.value.problems)
    assert any("'company' is no argument of FOUNDED" in p for p in info.value.problems)


# --- the interface -----------------------------------------------------------------------------


def test_interface_indexes_entities_dates_and_quantities(rnlp):
    doc = rnlp(
        "Founded in 1994 and headquartered in Toulouse, Falken Aerospace SAS designs aircraft. "
        "Falken Aerospace SAS will invest $300 million in its Montaudran Plant."
    )
    ents = list(doc.ents)
    relations = doc.user_data[RELATIONS_KEY]
    assert relations, "no relations"
    for rel in relations:
        assert set(rel) == {"type", "args", "start", "end", "pattern"}
        assert set(rel["args"]) == set(SCHEMA[rel["type"]])
        assert 0 <= rel["start"] < rel["end"] <= len(doc.text)
        for value in rel["args"].values():
            if isinstance(value, int):
                assert 0 <= value < len(ents)
            elif isinstance(value, tuple):
                group = doc.spans["dates" if value[0] == "date" else "quantities"]
                assert value[0] in {"date", "quantity"} and 0 <= value[1] < len(group)
    founded = [r for r in relations if r["type"] == "FOUNDED"]
    assert founded and founded[0]["args"]["date"][0] == "date"
    invest = [r for r in relations if r["type"] == "INVESTMENT"]
    assert invest and invest[0]["args"]["amount"][0] == "quantity"
    assert doc.text[founded[0]["start"] : founded[0]["end"]].startswith("Founded in 1994")


def test_same_fact_twice_is_one_relation_with_the_first_evidence(rnlp):
    text = (
        "Halden Motors operates the Smyrna Plant in Tennessee. "
        "Cars are built at Halden Motors' Smyrna Plant."
    )
    doc = rnlp(text)
    operates = [r for r in doc.user_data[RELATIONS_KEY] if r["type"] == "OPERATES"]
    assert len(operates) == 1
    assert operates[0]["start"] == 0


# --- shapes per type ---------------------------------------------------------------------------

INTRO = "Halden Motors and Orvane Robotics make the Halden Vireo and the Orvane Kite. "


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Energy, a joint venture between Halden Motors and Orvane Robotics, opened.",
        "Halden Motors and Orvane Robotics formed a joint venture called Kestrel Energy.",
        "Halden Motors and Spanish freight operator Orvane Robotics established a joint venture, "
        "Kestrel Energy, this year.",
        "Halden Motors and Orvane Robotics signed papers. The two companies established "
        "Kestrel Energy as a 50/50 joint venture.",
        "Halden Motors and Orvane Robotics agreed to cooperate. The joint venture is called "
        "Kestrel Energy.",
        "Halden Motors and Orvane Robotics, through their joint venture Kestrel Energy, build "
        "batteries.",
        "Halden Motors and Orvane Robotics today announced the formation of Kestrel Energy, a "
        "joint venture for batteries.",
    ],
)
def test_joint_venture_shapes(rnlp, text):
    assert has(
        found(rnlp, text),
        "JOINT_VENTURE",
        venture="Kestrel Energy",
        partners=("Halden Motors", "Orvane Robotics"),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Halden Motors and Orvane Robotics signed a 10-year contract under which Halden supplies "
        "parts.",
        "Halden Motors has signed a supply agreement with Japanese carmaker Orvane Robotics.",
        "Halden Motors and Orvane Robotics have once again joined forces.",
        "The alliance between Halden Motors and Orvane Robotics covers batteries.",
        "Halden Motors will supply the van to Italian vehicle maker Orvane Robotics.",
        "Halden Motors and Orvane Robotics met. The two companies are set to sign a memorandum "
        "of understanding.",
    ],
)
def test_partnership_shapes(rnlp, text):
    assert has(found(rnlp, text), "PARTNERSHIP", parties=("Halden Motors", "Orvane Robotics"))


def test_agreement_with_one_named_party_takes_the_issuer_as_the_other(rnlp):
    text = (
        "Halden Motors opened a store. Halden Motors sells food. The store stocks produce under "
        "a new supply agreement with the Lockyer Valley Growers Cooperative."
    )
    assert has(
        found(rnlp, text),
        "PARTNERSHIP",
        parties=("Halden Motors", "Lockyer Valley Growers Cooperative"),
    )


def test_unnamed_joint_venture_is_a_partnership_and_a_named_one_is_not(rnlp):
    unnamed = found(rnlp, "Halden Motors and Orvane Robotics formed a joint venture to make cells.")
    assert has(unnamed, "PARTNERSHIP", parties=("Halden Motors", "Orvane Robotics"))
    named = found(
        rnlp, "Halden Motors and Orvane Robotics formed a joint venture called Kestrel Energy."
    )
    assert has(named, "JOINT_VENTURE", venture="Kestrel Energy")
    assert not any(kind == "PARTNERSHIP" for kind, _ in named)


@pytest.mark.parametrize(
    "text",
    [
        "Orbis Telecom plc will acquire the entire issued share capital of Caledon Networks "
        "Limited for $2.3 billion.",
        "Orbis Telecom plc completed the acquisition of Glasgow-based Caledon Networks Limited, a "
        "$2.3 billion deal.",
        "Caledon Networks Limited was acquired by Orbis Telecom plc for $2.3 billion.",
    ],
)
def test_acquisition_shapes(rnlp, text):
    relations = found(rnlp, text)
    assert has(relations, "ACQUISITION", acquirer="Orbis Telecom", target="Caledon Networks")
    assert has(relations, "ACQUISITION", price="2.3 billion")


def test_acquisition_price_is_not_a_per_share_rate(rnlp):
    text = (
        "Orbis Telecom plc will acquire Caledon Networks Limited for $38.50 per share, valuing "
        "it at $1.4 billion."
    )
    assert has(found(rnlp, text), "ACQUISITION", price="$1.4 billion")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Halden Motors will invest $120 million to expand its Smyrna Plant.", "Smyrna Plant"),
        ("Halden Motors will invest $180 million over the next three years to open stores.", None),
        (
            "Halden Motors builds cars at the Smyrna Plant. The company invested $85 million in "
            "the plant.",
            "Smyrna Plant",
        ),
    ],
)
def test_investment_shapes(rnlp, text, target):
    relations = found(rnlp, text)
    assert has(relations, "INVESTMENT", investor="Halden Motors", target=target)
    assert not has(relations, "INVESTMENT", target=None) or target is None


@pytest.mark.parametrize(
    "text",
    [
        "Halden Motors launched the Halden Vireo. The Halden Vireo is built at Halden Motors' "
        "Smyrna Plant.",
        "Halden Motors builds the Halden Vireo at its Smyrna Plant.",
        "Halden Motors launched the Halden Vireo. Halden Motors will expand its Smyrna Plant in "
        "Tennessee, where the Halden Vireo is assembled.",
        "Halden Motors launched the Halden Vireo. The Smyrna Plant also builds the Halden Vireo.",
    ],
)
def test_produced_at_shapes(rnlp, text):
    assert has(found(rnlp, text), "PRODUCED_AT", product="Halden Vireo", facility="Smyrna Plant")


def test_produced_at_both_of_these_vehicles(rnlp):
    text = (
        INTRO + "The production of the Halden Vireo and the Orvane Kite reached 50,000 units. "
        "The Smyrna Plant in Tennessee, operated by Halden Motors, serves as the production hub "
        "for both of these vehicles."
    )
    relations = found(rnlp, text)
    for product in ("Halden Vireo", "Orvane Kite"):
        assert has(relations, "PRODUCED_AT", product=product, facility="Smyrna Plant")
    assert has(relations, "OPERATES", org="Halden Motors", facility="Smyrna Plant")
    assert has(relations, "LOCATED_IN", subject="Smyrna Plant", location="Tennessee")


@pytest.mark.parametrize(
    "text",
    [
        "Cars will be built at Halden Motors' Smyrna Plant.",
        "Halden Motors will invest $120 million to expand its Smyrna Plant.",
        "The Smyrna Plant in Tennessee, operated by Halden Motors, builds cars.",
        "Halden Motors operates the Smyrna Plant in Tennessee.",
        "Orvane Robotics will build the Smyrna Plant, a facility in Tennessee, which Halden "
        "Motors will operate.",
    ],
)
def test_operates_shapes(rnlp, text):
    assert has(found(rnlp, text), "OPERATES", org="Halden Motors", facility="Smyrna Plant")


@pytest.mark.parametrize(
    ("text", "subject", "locations"),
    [
        ("The Mizushima Plant in Okayama Prefecture, Japan, builds cars.", "Mizushima Plant",
         ["Okayama Prefecture", "Japan"]),
        ("Founded in 1978 and headquartered in Rotterdam, the Netherlands, Tandem Logistics B.V. "
         "moves parcels.", "Tandem Logistics", ["Rotterdam", "Netherlands"]),
        ("Nordvik Air ASA, the Oslo-based carrier, placed an order.", "Nordvik Air", ["Oslo"]),
        ("Hamilton-based Tasman Dairy Co-operative exports milk.", "Tasman Dairy Co-operative",
         ["Hamilton"]),
        ("Marisol Foods S.A. was founded in 1962 and is headquartered in Monterrey.",
         "Marisol Foods", ["Monterrey"]),
    ],
)  # fmt: skip
def test_located_in_shapes_one_relation_per_place(rnlp, text, subject, locations):
    relations = found(rnlp, text)
    for location in locations:
        assert has(relations, "LOCATED_IN", subject=subject, location=location)


@pytest.mark.parametrize(
    ("text", "person", "org", "role"),
    [
        ('Falken Aerospace builds jets. "We are proud," said Hélène Marchetti-Ndiaye, Chief '
         "Executive Officer of Falken Aerospace.", "Hélène Marchetti-Ndiaye",
         "Falken Aerospace", "Chief Executive Officer"),
        ('"Good," said Hiroto Saikawa, Nissan Motor Co., Ltd. CCO.', "Hiroto Saikawa",
         "Nissan Motor", "CCO"),
        ('"This will help," said Mitsubishi Motors Corporation President and COO Tetsuro Aikawa.',
         "Tetsuro Aikawa", "Mitsubishi Motors", "President and COO"),
        ("Eirik Solbakken, President and CEO of Nordvik Air ASA, described the order.",
         "Eirik Solbakken", "Nordvik Air", "President and CEO"),
        ('"Easy," said Colette Beaulieu. Colette Beaulieu, editor-in-chief of Maple Finance '
         "Review, agreed.", "Colette Beaulieu", "Maple Finance Review", "editor-in-chief"),
        ('"Ready," according to Priya Raman, GreenBasket Markets Limited\'s Queensland regional '
         "manager.", "Priya Raman", "GreenBasket Markets", "Queensland regional manager"),
        ('"Ready," said Marcus Oyelaran, Vice President of North American Manufacturing at '
         "Aurelia Motors Inc.", "Marcus Oyelaran", "Aurelia Motors",
         "Vice President of North American Manufacturing"),
        ("Halden Motors is led by General Manager Cem Aksoy.", "Cem Aksoy", "Halden Motors",
         "General Manager"),
    ],
)  # fmt: skip
def test_holds_role_shapes(rnlp, text, person, org, role):
    relations = found(rnlp, text)
    assert has(relations, "HOLDS_ROLE", person=person, org=org)
    held = [a for kind, a in relations if kind == "HOLDS_ROLE" and a["person"] == person]
    assert held[0]["role"] == role


def test_holds_role_without_organisation_and_one_role_per_person(rnlp):
    relations = found(rnlp, '"We are ready," said Jane Doe, chief executive, at the launch.')
    assert has(relations, "HOLDS_ROLE", person="Jane Doe", org=None, role="chief executive")
    both = found(
        rnlp,
        '"Good," said Jane Doe, chief executive, on Monday. Jane Doe, chief executive of Halden '
        "Motors, spoke again.",
    )
    roles = [a for kind, a in both if kind == "HOLDS_ROLE"]
    assert len(roles) == 1 and roles[0]["org"] == "Halden Motors"


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        ('"We are proud of the team," said Jane Doe, chief executive of Halden Motors.',
         "Jane Doe", "We are proud of the team"),
        ('"This will help us," said Mitsubishi Motors Corporation President and COO Tetsuro '
         "Aikawa.", "Tetsuro Aikawa", "This will help us"),
        ('"Nearly every one of our team members lives nearby," according to Priya Raman, '
         "regional manager.", "Priya Raman", "Nearly every one of our team members"),
        ('"The plant is ready." said Hiroto Saikawa, Nissan Motor Co., Ltd. CCO.',
         "Hiroto Saikawa", "The plant is ready"),
        ("“Our customers asked for one place,” said Joost van der Meulen, Chief Executive Officer "
         "of Tandem Logistics B.V.", "Joost van der Meulen", "Our customers asked for one place"),
    ],
)  # fmt: skip
def test_quote_shapes(rnlp, text, speaker, quote):
    assert has(found(rnlp, text), "QUOTE", speaker=speaker, quote=quote)


def test_quote_attributed_before_and_by_pronoun(rnlp):
    text = (
        '"We expect growth," said Jane Doe, chief executive of Halden Motors.\n\n'
        "Fiona MacLeod, Chief Executive of Orvane Robotics, was asked about the merger.\n\n"
        'Jane Doe, chief executive of Halden Motors, said: "Our board looked at every route."\n\n'
        'Tobias Hart, chief executive of Orvane Robotics, agreed. "It is a good deal," he said.'
    )
    relations = found(rnlp, text)
    assert has(relations, "QUOTE", speaker="Jane Doe", quote="Our board looked at every route")
    assert has(relations, "QUOTE", speaker="Tobias Hart", quote="It is a good deal")


def test_multi_paragraph_quote_is_one_quote_of_one_speaker(rnlp):
    text = (
        '"Five hundred stores is a number none of us imagined," said Daniel Okafor-Reid, '
        'chief executive of GreenBasket Markets Limited. "What has not changed is the idea.\n\n'
        '"Brisbane is one of the fastest-growing cities in the country."\n\n'
        '"This is a new paragraph that opens with a quote," he said.\n\n'
        "GreenBasket Markets Limited sells food."
    )
    quotes = [a for kind, a in found(rnlp, text) if kind == "QUOTE"]
    assert quotes[0] == {
        "speaker": "Daniel Okafor-Reid",
        "quote": "Five hundred stores is a number none of us imagined",
    }
    assert all(q["speaker"] == "Daniel Okafor-Reid" for q in quotes)
    assert not any("Brisbane" in q["quote"] for q in quotes)  # same turn as the first


def test_unattributed_quotation_paragraph_takes_the_previous_speaker(rnlp):
    text = (
        '"We are ready," said Jane Doe, chief executive of Halden Motors.\n\n'
        '"The second paragraph has its own quotation marks."\n\n'
        "Halden Motors builds cars."
    )
    assert has(
        found(rnlp, text),
        "QUOTE",
        speaker="Jane Doe",
        quote="The second paragraph has its own quotation marks",
    )


def test_no_quote_without_attribution(rnlp):
    text = 'The objective is to "develop more competitive products" by 2030, Halden Motors noted.'
    assert not any(kind == "QUOTE" for kind, _ in found(rnlp, text))


@pytest.mark.parametrize(
    ("text", "recipients", "awards"),
    [
        ("Halden Motors has won the 2024 Car of the Year award from Maple Finance Review.",
         ["Halden Motors"], ["2024 Car of the Year"]),
        ("Pinecrest Bank was recently named winner of the Hartley Prize for Sustainable Retail.",
         ["Pinecrest Bank"], ["Hartley Prize for Sustainable Retail"]),
        ("Halden Motors launched the Halden Vireo. The Halden Vireo was named 2024 Car of the "
         "Year.", ["Halden Vireo"], ["2024 Car of the Year"]),
        (INTRO + "These exceptional models have garnered recognition, including the 2024 Car of "
         "the Year award and the RJC Car of the Year award.", ["Halden Vireo", "Orvane Kite"],
         ["2024 Car of the Year", "RJC Car of the Year"]),
    ],
)  # fmt: skip
def test_won_award_shapes_fan_out(rnlp, text, recipients, awards):
    relations = found(rnlp, text)
    for recipient in recipients:
        for award in awards:
            assert has(relations, "WON_AWARD", recipient=recipient, award=award)


@pytest.mark.parametrize(
    ("text", "subject", "metric", "quantity"),
    [
        (INTRO + "The cumulative production of the Halden Vireo and Orvane Kite has reached "
         "50,000 units.", ("Halden Vireo", "Orvane Kite"), "production", "50,000 units"),
        ("Halden Motors launched the Halden Vireo. Deliveries of the Halden Vireo reached 100 "
         "cars last month.", ("Halden Vireo",), "deliveries", "100 cars"),
        ("Halden Motors today opened its 500th store.", ("Halden Motors",), "other", "500th store"),
        ("Halden Motors has sold more than 500,000 cars since 2010.", ("Halden Motors",), "sales",
         "500,000 cars"),
    ],
)  # fmt: skip
def test_milestone_shapes(rnlp, text, subject, metric, quantity):
    relations = found(rnlp, text)
    assert has(relations, "MILESTONE", subject=subject, metric=metric)
    milestone = next(a for kind, a in relations if kind == "MILESTONE")
    assert quantity in milestone["quantity"]


def test_milestone_date_is_taken_when_stated(rnlp):
    text = (
        "Halden Motors launched the Halden Vireo. Deliveries of the Halden Vireo reached 100 "
        "cars last month."
    )
    milestone = next(a for kind, a in found(rnlp, text) if kind == "MILESTONE")
    assert milestone["date"] and "last month" in milestone["date"]


@pytest.mark.parametrize(
    ("text", "org", "date"),
    [
        ("Founded in 1994 and headquartered in Toulouse, Falken Aerospace SAS designs aircraft.",
         "Falken Aerospace", "1994"),
        ("Caledon Networks Limited was founded in Glasgow in 2014.", "Caledon Networks", "2014"),
        ("NMKV Co., Ltd., established in June 2011, plans the cars.", "NMKV", "2011"),
        ("Halden Motors and Orvane Robotics established a joint venture, Kestrel Energy, in March "
         "2023.", "Kestrel Energy", "2023"),
    ],
)  # fmt: skip
def test_founded_shapes(rnlp, text, org, date):
    relations = found(rnlp, text)
    founded = [a for kind, a in relations if kind == "FOUNDED" and a["org"] == org]
    assert founded and date in founded[0]["date"]


@pytest.mark.parametrize(
    "text",
    [
        INTRO + "The 180-seat Halden Vireo and its shorter sibling, the 150-seat Orvane Kite, "
        "share a wing.",
        INTRO + "The Orvane Kite model shares the Halden Vireo's platform and drivers.",
        INTRO + "The Orvane Kite is a rebadged version of the Halden Vireo.",
        INTRO + "In Japan, the Halden Vireo has also been sold since 2015 as the Orvane Kite.",
        INTRO + "The two models share their platform.",
        INTRO + "Apart from the grille, the models are identical.",
        "Halden Motors and Orvane Robotics make cars, namely the Halden Vireo and Orvane Kite "
        "twins.",
    ],
)
def test_sibling_model_shapes(rnlp, text):
    assert has(found(rnlp, text), "SIBLING_MODEL", products=("Halden Vireo", "Orvane Kite"))


# --- negated, hypothetical, failed and former facts --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Halden Motors and Orvane Robotics were supposed to form a joint venture called Kestrel "
        "Energy, but plans fell through last year.",
        "Plans for Kestrel Energy, a joint venture between Halden Motors and Orvane Robotics, fell "
        "through.",
        "Halden Motors is considering a joint venture called Kestrel Energy with Orvane Robotics.",
        "Halden Motors was considering whether to form a joint venture called Kestrel Energy with "
        "Orvane Robotics.",
        "Halden Motors and Orvane Robotics would form a joint venture called Kestrel Energy if "
        "regulators agree.",
    ],
)
def test_failed_and_hypothetical_joint_ventures_are_left_out(rnlp, text):
    relations = found(rnlp, text)
    assert not any(kind in {"JOINT_VENTURE", "PARTNERSHIP"} for kind, _ in relations), relations


@pytest.mark.parametrize(
    "text",
    [
        "Halden Motors and Orvane Robotics were supposed to build a pick-up together under a "
        "supply agreement, but plans fell through.",
        "Halden Motors and Orvane Robotics did not sign a supply agreement.",
        "Halden Motors held talks with Orvane Robotics about a possible supply agreement.",
        "Halden Motors called off its supply agreement with Orvane Robotics.",
        "Halden Motors and Orvane Robotics no longer have an alliance.",
    ],
)
def test_failed_and_hypothetical_partnerships_are_left_out(rnlp, text):
    assert not any(kind == "PARTNERSHIP" for kind, _ in found(rnlp, text))


def test_cancelled_matches_are_reported_with_their_cue(rnlp):
    doc = rnlp("Halden Motors is considering a supply agreement with Orvane Robotics.")
    cancelled = doc.user_data[CANCELLED_KEY]
    assert cancelled and cancelled[0]["cue"] == "considering"
    assert cancelled[0]["category"] == "HYPOTHETICAL"


def test_planned_deals_count(rnlp):
    relations = found(
        rnlp, "Halden Motors plans to invest $300 million in its Smyrna Plant next year."
    )
    assert has(relations, "INVESTMENT", investor="Halden Motors", target="Smyrna Plant")


def test_former_and_future_roles_are_left_out(rnlp):
    former = found(
        rnlp,
        '"No," said Jane Doe. Jane Doe, former chief executive of Halden Motors, declined. '
        "Jane Doe previously served as Chief Financial Officer of Orvane Robotics.",
    )
    assert not any(kind == "HOLDS_ROLE" for kind, _ in former)


def test_a_cue_in_an_apposition_does_not_cancel_the_main_fact(rnlp):
    text = (
        '"Good," said Hiroshi Ueda. Hiroshi Ueda, previously head of sales at Orvane Robotics, '
        "has been appointed President of Kestrel Energy."
    )
    assert has(found(rnlp, text), "HOLDS_ROLE", person="Hiroshi Ueda", org="Kestrel Energy")


# --- references --------------------------------------------------------------------------------


def test_the_two_companies_needs_a_sentence_with_exactly_two(rnlp):
    two = found(
        rnlp,
        "Halden Motors and Orvane Robotics met in Tokyo. The two companies signed a supply "
        "agreement.",
    )
    assert has(two, "PARTNERSHIP", parties=("Halden Motors", "Orvane Robotics"))
    three = found(
        rnlp,
        "Halden Motors, Orvane Robotics and Kestrel Energy met in Tokyo. The two companies "
        "signed a supply agreement.",
    )
    assert not any(kind == "PARTNERSHIP" for kind, _ in three)


def test_the_joint_venture_names_the_only_venture(rnlp):
    text = (
        "Halden Motors and Orvane Robotics formed a joint venture called Kestrel Energy. "
        "The joint venture will operate the Smyrna Plant."
    )
    assert has(found(rnlp, text), "OPERATES", org="Kestrel Energy", facility="Smyrna Plant")
    without_venture = found(rnlp, "The joint venture will operate the Smyrna Plant.")
    assert not any(kind == "OPERATES" for kind, _ in without_venture)


def test_the_company_is_the_organisation_just_named(rnlp):
    text = "Halden Motors opened a hub in Tennessee. The company invested $85 million in it."
    assert has(found(rnlp, text), "INVESTMENT", investor="Halden Motors")


def test_it_needs_a_single_candidate(rnlp):
    one = found(rnlp, "Halden Motors will invest $120 million to expand its Smyrna Plant.")
    assert has(one, "OPERATES", org="Halden Motors", facility="Smyrna Plant")
    two = found(
        rnlp,
        "Halden Motors and Orvane Robotics signed a deal. Its Smyrna Plant will build the parts.",
    )
    assert not any(kind == "OPERATES" for kind, _ in two)


def test_it_may_name_a_product(rnlp):
    text = (
        "Halden Motors launched the Halden Vireo in 2018. Since its launch, the Halden Vireo has "
        "sold well. In September, it won the 2019 Lone Star Innovation Award."
    )
    assert has(found(rnlp, text), "WON_AWARD", recipient="Halden Vireo")


def test_he_and_she_name_the_only_person_of_the_paragraph(rnlp):
    one = (
        "Rangi Whitcombe, Chief Executive of Tasman Dairy Co-operative, spoke first. "
        '"Our farmers produce efficient milk," he said.'
    )
    assert has(found(rnlp, one), "QUOTE", speaker="Rangi Whitcombe")
    two = (
        '"Yes," said Rangi Whitcombe. "Fine," said Jane Doe. Both spoke. '
        '"Our farmers produce efficient milk," he said.'
    )
    assert not has(found(rnlp, two), "QUOTE", quote="Our farmers produce efficient milk")


# --- the building blocks -----------------------------------------------------------------------


def test_passages_continue_over_paragraphs_only_when_left_open():
    text = '"One," said A. "Two.\n\n"Three."\n\n"Four."'
    passages = find_passages(text)
    assert [p.text for p in passages] == ["One,", "Two.", "Three.", "Four."]
    assert [p.continues for p in passages] == [False, False, True, False]
    turns = link(text, passages, [Attribution(7, 13, "A")])
    assert [[p.text for p in t.passages] for t in turns] == [["One,", "Two.", "Three."], ["Four."]]
    assert turns[0].quote == "One"


def test_attribution_does_not_reach_across_a_paragraph():
    text = '"One."\n\nSaid A.'
    assert link(text, find_passages(text), [Attribution(8, 15, "A")]) == []


def test_cue_scopes_stop_at_terminators_unless_sentence_wide():
    nlp = build_nlp()
    cues = [
        Cue("would", "HYPOTHETICAL"),
        Cue("fell through", "FAILED", "BACKWARD", "sentence"),
        Cue("but", "TERMINATE"),
    ]
    matcher = CueMatcher(nlp.vocab, cues)
    doc = nlp("Halden would build it, but Orvane signed a deal.")
    hits = matcher(doc)
    signed = [t.i for t in doc if t.text == "signed"]
    build = [t.i for t in doc if t.text == "build"]
    assert cancelling_cue(hits, "PARTNERSHIP", build) is not None
    assert cancelling_cue(hits, "PARTNERSHIP", signed) is None
    doc = nlp("Halden signed a deal, but plans fell through.")
    signed = [t.i for t in doc if t.text == "signed"]
    assert cancelling_cue(matcher(doc), "PARTNERSHIP", signed) is not None
    assert cancelling_cue(matcher(doc), "QUOTE", signed) is None


def test_one_sentence_one_alliance_of_every_party(rnlp):
    """One rule reads (issuer, first partner), another (first, second partner): one alliance of
    three, across an "X-based" description of the last."""
    text = (
        "Solvang Lading AS announced an alliance with carmaker Brenner Autowerke AG and "
        "Munich-based utility Kessel Energie GmbH to build charging stations."
    )
    relations = found(rnlp, text)
    partnerships = [args for kind, args in relations if kind == "PARTNERSHIP"]
    assert len(partnerships) == 1
    assert has(
        relations,
        "PARTNERSHIP",
        parties=("Solvang Lading AS", "Brenner Autowerke", "Kessel Energie"),
    )


def test_coordination_skips_a_bracketed_aside(rnlp):
    text = (
        "Karrawong Resources Ltd. and Shiroyama Trading Corporation signed. Tindale Iron Pty "
        "Ltd is an unincorporated joint venture between Karrawong (70%) and Shiroyama Trading "
        "Corporation (30%)."
    )
    assert has(
        found(rnlp, text),
        "JOINT_VENTURE",
        venture="Tindale Iron",
        partners=("Karrawong Resources", "Shiroyama Trading"),
    )


def test_a_possessive_after_a_comma_describes_rather_than_joins(rnlp):
    text = (
        "Solmara Airlines S.A. flies to Porto. The Cabin Leader of the Year award went to "
        "Sofia Tavares, Solmara's head of cabin services."
    )
    awards = [args for kind, args in found(rnlp, text) if kind == "WON_AWARD"]
    assert awards == [{"recipient": "Sofia Tavares", "award": "Cabin Leader of the Year"}]
