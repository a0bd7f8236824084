"""Canonical names: one name shared by every mention of the same thing in a document.

The canonical is the fullest name the document uses, without legal-form suffix or possessive:
"Nissan Motor Co., Ltd.", "Nissan" and "Nissan's" all become "Nissan Motor". Short mentions join
the longest name that starts with them (ORG, PRODUCT, FAC, AWARD), ends with them (a person's
surname, a product written without its brand) or is spelled out by them (an acronym). Places take
the canonical form of their lexicon entry ("Calif." -> "California", "TOKYO" -> "Tokyo").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.lexicon_tagger import LEGAL
from pipeline.components.mentions import brand_length, short_forms
from pipeline.names import strip_legal_suffix

for _name in ("canonical", "brand"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

PLACE_LABELS = frozenset({"GPE", "LOC"})


def surface_name(ent: Span) -> str:
    """The mention's name without legal-form suffix, possessive and extra white space."""
    return " ".join(strip_legal_suffix(ent.text).split()) or ent.text


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _joins(short: list[str], long: list[str], label: str) -> bool:
    """True when the short name is a way of writing the long one."""
    n = len(short)
    if n >= len(long):
        return False
    if long[:n] == short:
        return True
    if label in {"PERSON", "PRODUCT"} and long[-n:] == short:
        return True
    if n != 1 or not short[0].isupper() or len(short[0]) < 2:
        return False
    # "SHM" for "Sarathi Hanbit Mobility Private Limited": the initials of the name or of its
    # first words (what a legal form or a descriptor adds is often left out)
    initials = _acronym(long)
    return initials == short[0] or (len(short[0]) >= 3 and initials.startswith(short[0]))


def canonical_names(
    names: list[str], label: str, complete: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Map each distinct name of one label to the fullest name it stands for. Names that differ
    only in case ("velmitamab", "Velmitamab" opening a sentence) are one name, spelled as first
    written. ``complete`` names were written with a legal form ("Pampas Auto S.A."): they are a
    company's whole name and join no longer one ("Pampas Auto North America")."""
    spelling: dict[str, str] = {}
    for name in names:
        spelling.setdefault(name.casefold(), name)
    distinct = list(spelling.values())
    mapping = _fullest_names(distinct, label, {spelling.get(n.casefold(), n) for n in complete})
    return {name: mapping[spelling[name.casefold()]] for name in names}


def _fullest_names(names: list[str], label: str, complete: set[str]) -> dict[str, str]:
    """Each short name joins the shortest longer name it is a way of writing, and that one the
    next, so chains end at the fullest name ("Mitsubishi" -> "Mitsubishi Motors" -> ...). Where
    a short name begins two unrelated names ("Sarathi": "Sarathi Motors", "Sarathi Hanbit
    Mobility", its joint venture), the nearer one is the company it stands for."""
    split = {name: name.split() for name in names}
    shortest_first = sorted(split, key=lambda n: (len(split[n]), names.index(n)))
    step: dict[str, str] = {}
    for name in shortest_first:
        if name in complete:
            continue
        target = next((t for t in shortest_first if _joins(split[name], split[t], label)), None)
        if target is not None:
            step[name] = target
    result = {}
    for name in names:
        end = name
        while end in step:
            end = step[end]
        result[name] = end
    return result


def lexicon_canonicals(doc: Doc) -> dict[tuple[int, int], str]:
    """The canonical form of every lexicon phrase, by its token range."""
    return {(span.start, span.end): span.kb_id_ for span in doc.spans.get("lexicon", [])}


def place_canonical(ent: Span, lexicon: dict[tuple[int, int], str]) -> str:
    known = lexicon.get((ent.start, ent.end))
    if known is not None:
        return known
    text = surface_name(ent)
    return text.title() if text.isupper() and len(text) > 3 else text


@Language.component("pressfacts_canonical")
def assign_canonical(doc: Doc) -> Doc:
    """Set ``Span._.canonical`` on every entity and ``Span._.brand`` on branded products."""
    by_label: dict[str, list[Span]] = {}
    for ent in doc.ents:
        by_label.setdefault(ent.label_, []).append(ent)
    org_canonical: dict[tuple[str, ...], str] = {}
    lexicon = lexicon_canonicals(doc)
    for label in ("ORG", *sorted(set(by_label) - {"ORG"})):
        ents = by_label.get(label, [])
        if label in PLACE_LABELS:
            for ent in ents:
                ent._.canonical = place_canonical(ent, lexicon)
            continue
        names = list(dict.fromkeys(surface_name(e) for e in ents))
        complete = frozenset(surface_name(e) for e in ents if e[-1].tag_ == LEGAL)
        mapping = canonical_names(names, label, complete)
        for ent in ents:
            ent._.canonical = mapping[surface_name(ent)]
            if label == "ORG":
                for form in short_forms(doc, ent, set()):
                    org_canonical.setdefault(form, ent._.canonical)
        if label == "PRODUCT":
            _assign_brands(ents, org_canonical)
    return doc


def _assign_brands(products: list[Span], org_canonical: dict[tuple[str, ...], str]) -> None:
    brands = set(org_canonical)
    for ent in products:
        n = brand_length(ent, brands)
        if n:
            ent._.brand = org_canonical[tuple(t.text for t in ent[:n])]
    # mentions without the brand share the brand of the full name they join
    by_canonical = {e._.canonical: e._.brand for e in products if e._.brand}
    for ent in products:
        if ent._.brand is None:
            ent._.brand = by_canonical.get(ent._.canonical)
