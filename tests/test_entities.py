"""Entity rules: every rule's examples fire it, counter-examples do not, and the core
behaviours (canonical names, brands, overlap policy) hold on sentences written for the test."""

from __future__ import annotations

import pytest

from pipeline.components.canonical import canonical_names
from pipeline.rules import load_group

RULES = [item.rule for item in load_group("entities")]


def _ents(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(e.text, e.label_, e.id_) for e in doc.ents]


@pytest.mark.parametrize("rule", [r for r in RULES if r.examples()], ids=lambda r: r.id)
def test_rule_example_fires_the_rule(nlp, rule):
    for example in rule.examples():
        fired = {rule_id for _, _, rule_id in _ents(nlp, example)}
        assert rule.id in fired, f"{rule.id} did not fire on {example!r}: {_ents(nlp, example)}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.counter_examples()], ids=lambda r: r.id)
def test_rule_counter_example_does_not_fire(nlp, rule):
    for example in rule.counter_examples():
        fired = {rule_id for _, _, rule_id in _ents(nlp, example)}
        assert rule.id not in fired, f"{rule.id} fired on {example!r}"


def _canonicals(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {e.text: (e.label_, e._.canonical) for e in nlp(text).ents}


def test_short_forms_and_possessives_share_the_fullest_name(nlp):
    text = (
        "Orvane Robotics Co., Ltd. and Teliska Systems Corporation signed an agreement. "
        "Orvane will build the arms, and Teliska's engineers will write the software."
    )
    found = _canonicals(nlp, text)
    assert found["Orvane Robotics Co., Ltd."] == ("ORG", "Orvane Robotics")
    assert found["Orvane"] == ("ORG", "Orvane Robotics")
    assert found["Teliska"] == ("ORG", "Teliska Systems")


@pytest.mark.parametrize(
    ("names", "complete", "expected"),
    [
        # a short name joins the nearest longer one it begins, not its joint venture's
        (
            ["Sarathi Motors", "Sarathi Hanbit Mobility", "Sarathi"],
            set(),
            {"Sarathi": "Sarathi Motors", "Sarathi Hanbit Mobility": "Sarathi Hanbit Mobility"},
        ),
        # chains end at the fullest name
        (
            ["Mitsubishi", "Mitsubishi Motors", "Mitsubishi Motors Europe"],
            set(),
            {
                "Mitsubishi": "Mitsubishi Motors Europe",
            },
        ),
        # a name written with a legal form is whole: its subsidiary is another company
        (
            ["Pampas Auto", "Pampas Auto North America", "Pampas"],
            {"Pampas Auto"},
            {"Pampas": "Pampas Auto", "Pampas Auto": "Pampas Auto"},
        ),
        # initials of the whole name or of its first words; names differing only in case meet
        (
            ["Sarathi Hanbit Mobility Private", "SHM"],
            set(),
            {
                "SHM": "Sarathi Hanbit Mobility Private",
            },
        ),
        (["velmitamab", "Velmitamab"], set(), {"Velmitamab": "velmitamab"}),
    ],
)
def test_canonical_names(names, complete, expected):
    mapping = canonical_names(names, "ORG", frozenset(complete))
    assert {name: mapping[name] for name in expected} == expected


def test_person_surname_joins_full_name(nlp):
    text = (
        '"We are ready," said Amara Okonkwo, chief executive of Brevik Foods. '
        "Ms. Okonkwo added more."
    )
    found = _canonicals(nlp, text)
    assert found["Amara Okonkwo"] == ("PERSON", "Amara Okonkwo")
    assert found["Okonkwo"] == ("PERSON", "Amara Okonkwo")


def test_branded_product_carries_its_maker_and_short_form(nlp):
    text = "Halden Motors Inc. launched the Halden Vireo. The Vireo goes on sale in Norway."
    doc = nlp(text)
    products = [e for e in doc.ents if e.label_ == "PRODUCT"]
    assert [p.text for p in products] == ["Halden Vireo", "Vireo"]
    assert {p._.canonical for p in products} == {"Halden Vireo"}
    assert {p._.brand for p in products} == {"Halden Motors"}


def test_places_get_their_full_and_usual_names(nlp):
    found = _canonicals(
        nlp, "SAN JOSE, Calif., March 3, 2022 -- The plant in Okayama Prefecture, Japan"
    )
    assert found["Calif."] == ("GPE", "California")
    assert found["Okayama Prefecture"] == ("GPE", "Okayama Prefecture")
    assert found["Japan"] == ("GPE", "Japan")


def test_entities_never_overlap(nlp):
    doc = nlp("the 2022-2023 Japan Car of the Year award went to the Nissan Motor Co., Ltd. Sakura")
    taken: set[int] = set()
    for ent in doc.ents:
        assert taken.isdisjoint(range(ent.start, ent.end))
        taken.update(range(ent.start, ent.end))
    assert ("2022-2023 Japan Car of the Year", "AWARD") in {(e.text, e.label_) for e in doc.ents}


def test_demonyms_and_generic_nouns_are_not_entities(nlp):
    doc = nlp(
        "Japanese automakers said the company and its Board of Directors approved the EV plan."
    )
    assert [e.text for e in doc.ents] == []


def test_text_without_any_class_word_runs(nlp):
    """No lexicon class, no name: the TAG patterns must still run (spaCy raises E155 on a doc
    with no tag at all), and nothing is found."""
    doc = nlp("the deal closed after a long wait.")
    assert list(doc.ents) == []
    assert list(doc.spans["dates"]) == list(doc.spans["quantities"]) == []
    assert doc.user_data["relations"] == []


def test_a_product_never_opens_a_company_or_facility_name(nlp):
    """brand + name rules would read "Sula Vind" as the brand "Sula" and a model; the document
    names the company "Sula Vind AS"."""
    text = (
        "Havbris Energy ASA and Zeeland Stroom B.V. own Sula Vind AS. Sula Vind will invest "
        "NOK 9.6 billion in the Tindale South Processing Plant. Tindale South opens in 2027."
    )
    labels = {(e.text, e.label_) for e in nlp(text).ents}
    assert ("Sula Vind", "PRODUCT") not in labels
    assert ("Tindale South", "PRODUCT") not in labels
    assert ("Tindale South Processing Plant", "FAC") in labels


def test_contact_name_on_the_line_below_its_label(nlp):
    """'Media Contact:' leads into the next line, which is no headline: the name is a PERSON."""
    doc = nlp("Acme Corp. opened a plant.\n\nMedia Contact:\nJane Whitaker\n+1 555 0100")
    assert ("Jane Whitaker", "PERSON") in {(e.text, e.label_) for e in doc.ents}
