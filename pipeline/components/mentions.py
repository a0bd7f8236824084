"""Spreads known entities to their other mentions by tagging tokens, for second-stage rules.

After first-stage rules have found "Nissan Motor Co., Ltd." or "Hiroto Saikawa", the document also
says "Nissan" and "Saikawa". This module marks every mention of a known entity and of its short
forms with ``MENTION_<LABEL>`` (first token) and ``MENTION_<LABEL>_IN`` (following tokens) in
``Token._.lex``. Rules in ``patterns/entities`` decide what the tags become (an ORG mention, the
brand of a "Nissan Sakura"), so the behaviour stays in data and can be switched off there.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from pipeline.components.lexicon_tagger import AMBIGUOUS_TAGS
from pipeline.names import strip_legal_suffix

#: A short form more frequent than this in English is too ambiguous to stand for a name alone.
SHORT_FORM_MAX_ZIPF = 4.0
MENTION_PREFIX = "MENTION_"
PLACE_TAGS = frozenset({"GPE_COUNTRY", "GPE_CITY", "GPE_SUBDIVISION", "LOC_REGION", "TITLE"})


def tag_mentions(doc: Doc) -> None:
    """Tag every entity mention and every occurrence of an entity's short forms."""
    for token in doc:
        token._.lex = [t for t in token._.lex if not t.startswith(MENTION_PREFIX)]
        token._.open = token._.nm and set(token._.lex) <= AMBIGUOUS_TAGS
    taken = set()
    forms: dict[tuple[str, ...], str] = {}
    ents = sorted(doc.ents, key=lambda e: e.label_ != "ORG")  # brands are known before products
    for ent in ents:
        _tag(doc, ent.start, ent.end, ent.label_)
        if ent.label_ not in OPEN_MENTIONS:
            taken.update(range(ent.start, ent.end))
        brands = {f for f, label in forms.items() if label == "ORG"}
        for form in short_forms(doc, ent, brands):
            forms.setdefault(form, ent.label_)
    for start, end, label in find_forms(doc, forms, taken):
        _tag(doc, start, end, label)


#: Mentions of these labels stay open: a city name is often part of another name ("Nissan Sakura").
OPEN_MENTIONS = frozenset({"GPE"})


def _tag(doc: Doc, start: int, end: int, label: str) -> None:
    """Mark tokens as a mention; they stop being open, so no other name may absorb them."""
    if f"{MENTION_PREFIX}{label}" in doc[start]._.lex:
        return
    if label not in OPEN_MENTIONS:
        for i in range(start, end):
            doc[i]._.open = False
    doc[start]._.lex = [*doc[start]._.lex, f"{MENTION_PREFIX}{label}"]
    for i in range(start + 1, end):
        doc[i]._.lex = [*doc[i]._.lex, f"{MENTION_PREFIX}{label}_IN"]


def _usable_short_form(tokens: list[str], doc: Doc, ent: Span) -> bool:
    """A short form must be rare enough in English, and for organisations not a place
    ("Japan" of "Japan Airlines")."""
    if not tokens:
        return False
    head = doc[ent.start]
    if ent.label_ == "ORG" and not PLACE_TAGS.isdisjoint(head._.lex):
        return False
    text = " ".join(tokens)
    return len(tokens) > 1 or zipf_frequency(text.lower(), "en") < SHORT_FORM_MAX_ZIPF


def short_forms(doc: Doc, ent: Span, brands: set[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """Token tuples that refer to ``ent`` elsewhere in the same document."""
    words = [t.text for t in ent if not t.is_punct or t.text in {"&", "-"}]
    yield tuple(t.text for t in ent)
    if ent.label_ == "ORG":
        stripped = strip_legal_suffix(ent.text).split()
        if stripped and len(stripped) < len(words):
            yield tuple(stripped)
        if len(stripped) >= 2 and _usable_short_form(stripped[:1], doc, ent):
            yield (stripped[0],)
        acronym = _acronym_after(doc, ent)
        if acronym:
            yield (acronym,)
    elif ent.label_ == "PERSON" and len(words) >= 2:
        yield (words[-1],)
    elif ent.label_ == "PRODUCT":
        brand_end = ent.start + brand_length(ent, brands)
        if ent.start < brand_end < ent.end:
            model = [t.text for t in doc[brand_end : ent.end]]
            if _usable_short_form(model, doc, Span(doc, brand_end, ent.end, label=ent.label_)):
                yield tuple(model)


def _acronym_after(doc: Doc, ent: Span) -> str | None:
    """"Foo Bar Corp. (FBC)": the parenthesised upper-case word right after a name."""
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
    """Occurrences of the forms in tokens not already inside an entity, longest form first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for form in sorted(forms, key=len, reverse=True):
        by_first.setdefault(form[0], []).append(form)
    i = 0
    while i < len(doc):
        for form in by_first.get(doc[i].text, ()):
            end = i + len(form)
            if end <= len(doc) and tuple(t.text for t in doc[i:end]) == form and taken.isdisjoint(
                range(i, end)
            ):
                yield i, end, forms[form]
                i = end - 1
                break
        i += 1
