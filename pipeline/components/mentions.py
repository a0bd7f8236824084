"""Spreads known entities to their other mentions: "Nissan" after "Nissan Motor Co., Ltd.".

Each entity yields short forms (an organisation without its legal suffix or by its first word, a
person's surname, a product without its brand, an acronym in brackets right after a name), and
every occurrence of a short form elsewhere in the document becomes a mention of the same label,
with the rule id ``<label>.mention``. Once mentions are entities, second-stage rules see them as
``ENT_TYPE`` and can build on them (the brand in "Nissan Sakura").
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from pipeline.components.lexicon_tagger import LEGAL
from pipeline.names import strip_legal_suffix

#: A short form more frequent than this in English is too ambiguous to stand for a name alone.
SHORT_FORM_MAX_ZIPF = 4.0
PLACE_TAGS = frozenset({"GPE_COUNTRY", "GPE_CITY", "GPE_SUBDIVISION", "LOC_REGION", "TITLE"})
#: Entities of these labels may be taken over by a mention ("Sakura" the city is the car here).
WEAK_LABELS = frozenset({"GPE"})


def mention_spans(doc: Doc) -> list[Span]:
    """Spans for every occurrence of a known entity's short forms outside other entities."""
    forms: dict[tuple[str, ...], str] = {}
    ents = sorted(doc.ents, key=lambda e: e.label_ != "ORG")  # brands are known before products
    brands: set[tuple[str, ...]] = set()
    taken: set[int] = set()
    for ent in ents:
        if ent.label_ not in WEAK_LABELS:
            taken.update(range(ent.start, ent.end))
        for form in short_forms(doc, ent, brands):
            forms.setdefault(form, ent.label_)
            if ent.label_ == "ORG":
                brands.add(form)
    spans = []
    for start, end, label in find_forms(doc, forms, taken):
        span = Span(doc, start, end, label=label)
        span.id_ = f"{label.lower()}.mention"
        spans.append(span)
    return spans


def _usable_short_form(tokens: list[str], first_tag: str, label: str) -> bool:
    """A short form must be rare enough in English, and for organisations not a place
    ("Japan" of "Japan Airlines")."""
    if not tokens or (label == "ORG" and first_tag in PLACE_TAGS):
        return False
    text = " ".join(tokens)
    return len(tokens) > 1 or zipf_frequency(text.lower(), "en") < SHORT_FORM_MAX_ZIPF


def short_forms(doc: Doc, ent: Span, brands: set[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """Token tuples that refer to ``ent`` elsewhere in the same document."""
    yield tuple(t.text for t in ent)
    if ent.label_ == "ORG":
        words = [t.text for t in ent if not t.is_punct or t.text in {"&", "-"}]
        stripped = strip_legal_suffix(ent.text).split()
        if stripped and len(stripped) < len(words):
            yield tuple(stripped)
        # a legal form of the lexicons beyond the contract's list ("Sula Vind AS")
        end = len(ent)
        while end > 1 and (ent[end - 1].tag_ == LEGAL or ent[end - 1].text == ","):
            end -= 1
        if end < len(ent) and [t.text for t in ent[:end]] != stripped:
            yield tuple(t.text for t in ent[:end])
        if len(stripped) >= 2 and _usable_short_form(stripped[:1], ent[0].tag_, "ORG"):
            yield (stripped[0],)
        acronym = _acronym_after(doc, ent)
        if acronym:
            yield (acronym,)
    elif ent.label_ == "PERSON" and len(ent) >= 2:
        yield (ent[-1].text,)
    elif ent.label_ == "PRODUCT":
        n = brand_length(ent, brands)
        if 0 < n < len(ent):
            model = [t.text for t in ent[n:]]
            if _usable_short_form(model, ent[n].tag_, "PRODUCT"):
                yield tuple(model)


def _acronym_after(doc: Doc, ent: Span) -> str | None:
    """ "Foo Bar Corp. (FBC)": the bracketed upper-case word right after a name."""
    if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
        word = doc[ent.end + 1]
        if word.is_upper and word.is_alpha and len(word) >= 2:
            return word.text
    return None


def brand_length(ent: Span, brands: set[tuple[str, ...]]) -> int:
    """Number of leading tokens of a product that name its maker ("Nissan" in "Nissan Sakura")."""
    texts = tuple(t.text for t in ent)
    return max((len(b) for b in brands if len(b) < len(texts) and texts[: len(b)] == b), default=0)


def find_forms(
    doc: Doc, forms: dict[tuple[str, ...], str], taken: set[int]
) -> Iterator[tuple[int, int, str]]:
    """Occurrences of the forms in tokens not already inside an entity, longest form first.
    Compares ORTH hashes from one array, so no Token object is made for the whole document."""
    strings = doc.vocab.strings
    by_first: dict[int, list[tuple[tuple[int, ...], str]]] = {}
    for form in sorted(forms, key=len, reverse=True):
        hashed = tuple(strings.add(word) for word in form)
        by_first.setdefault(hashed[0], []).append((hashed, forms[form]))
    orths = doc.to_array(ORTH)
    candidates = numpy.flatnonzero(numpy.isin(orths, list(by_first))).tolist()
    orths = orths.tolist()
    after = 0  # the first token a new occurrence may start at (occurrences do not overlap)
    for i in candidates:
        if i < after:
            continue
        for hashed, label in by_first[orths[i]]:
            end = i + len(hashed)
            if tuple(orths[i:end]) == hashed and taken.isdisjoint(range(i, end)):
                yield i, end, label
                after = end
                break
