"""Amounts as press releases write them, made into values: pure functions, no spaCy.

The quantity component finds where an amount is written; this module says what it is worth, so
that the rules stay small and the arithmetic is tested on its own:

- numbers: "50,000", "12.5", "two", "fifty-two"; never a code, a phone number or a ratio
  ("0123", "+44", "50/50", "50:50" give None), never a rank ("first", "second" give None);
- scale words multiply: "1.52 million" is 1520000, "€500m" 5e8, "Rs 500 crore" 5e9, "a dozen" 12;
- ordinal milestones: "500th" is 500, "7 millionth" 7000000;
- glued forms the tokenizer leaves whole: "3bn", "HK$2", "1.5GW", "10,000m2";
- the counted noun of a COUNT in the singular: "jobs" is "job", "people" "person",
  "countries" "country", "aircraft" "aircraft";
- currencies as ISO 4217 codes (symbols and words from ``lexicons/currency_symbol.tsv``, codes
  from pycountry) and units as pint symbols (``lexicons/unit.tsv``).

Values are ``int`` when whole ("1.52 million" is 1520000) and ``float`` otherwise (38.5).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycountry

from pipeline.lexicons import read_tsv

LEXICON_DIR = Path(__file__).resolve().parent.parent / "patterns" / "lexicons"
#: Largest value kept as an ``int``; beyond it a float says the same with less noise.
MAX_INT = 10**15
#: Differences this small, relative to the value, are float noise ("1.52 million").
RELATIVE_NOISE = 1e-9

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_ORDINAL = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)$")
_GLUED = re.compile(
    r"^(?P<currency>[A-Z]{1,3}\$|Rs\.?|[$€£¥₩₹])?"
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<suffix>[A-Za-zµ][A-Za-zµ²³/\d]*)?$"
)
_POWER = re.compile(r"(?<=[A-Za-zµ])([23])$")
#: The tens words that a hyphen may join to a unit word: "fifty-two".
TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
#: Ordinal forms of scale words: "the 7 millionth vehicle".
SCALE_ORDINALS = {
    "hundredth": 100,
    "thousandth": 1_000,
    "millionth": 1_000_000,
    "billionth": 1_000_000_000,
}


@dataclass(frozen=True)
class Tables:
    """The closed classes that give amounts their values, read from the lexicon files."""

    words: dict[str, int]
    scales: dict[str, float]
    units: dict[str, str]
    currencies: dict[str, str]
    iso_codes: frozenset[str]
    modifiers: dict[str, str]


def _table(path: Path) -> dict[str, str]:
    return {term: canonical or term for term, canonical in read_tsv(path)} if path.is_file() else {}


@cache
def load_tables(lexicon_dir: Path = LEXICON_DIR) -> Tables:
    """Number words, scale words, units, currencies and modifiers, once per lexicon folder."""
    return Tables(
        words={k: int(v) for k, v in _table(lexicon_dir / "number_word.tsv").items()},
        scales={k: float(v) for k, v in _table(lexicon_dir / "scale.tsv").items()},
        units=_table(lexicon_dir / "unit.tsv"),
        currencies=_table(lexicon_dir / "currency_symbol.tsv"),
        iso_codes=frozenset(c.alpha_3 for c in pycountry.currencies),
        modifiers=_table(lexicon_dir / "quantity_modifier.tsv"),
    )


# --- numbers ------------------------------------------------------------------------------------


def as_value(number: float) -> int | float:
    """An ``int`` for a whole amount, so "50,000 units" is 50000 and not 50000.0, and without
    the noise of binary fractions: "1.52 million" is 1520000, not 1520000.0000000002."""
    rounded = round(number)
    if abs(number - rounded) <= RELATIVE_NOISE * max(1.0, abs(number)) and abs(rounded) < MAX_INT:
        return int(rounded)
    return float(f"{number:.12g}")


@lru_cache(maxsize=4096)
def parse_digits(text: str) -> float | None:
    """ "50,000", "1.52", "38.50": the value; None for codes and phone parts ("0123", "+44"),
    fractions and ratios ("50/50", "50:50") and misplaced separators ("1,5", "1,00")."""
    if not _DIGITS.match(text):
        return None
    whole = text.split(".", 1)[0]
    if len(whole) > 1 and whole.startswith("0"):
        return None
    return float(text.replace(",", ""))


def parse_number(text: str, tables: Tables) -> float | None:
    """Digits or a cardinal number word ("two", "Fifty"); None for anything else, ranks included."""
    value = parse_digits(text)
    if value is not None:
        return value
    word = tables.words.get(text.lower())
    return float(word) if word is not None else None


def scale_value(text: str, tables: Tables) -> float | None:
    """The multiplier of a scale word as written ("million", "bn", "m", "crore"), else None."""
    return tables.scales.get(text, tables.scales.get(text.lower()))


def combine(words: Sequence[str], tables: Tables) -> float | None:
    """The value of a run of number and scale words: ["fifty", "thousand"] is 50000,
    ["1.52", "million"] 1520000, ["two", "hundred", "fifty"] 250, ["fifty", "-", "two"] 52,
    ["a", "dozen"] 12. None when a word is neither, or when nothing is a number."""
    total = 0.0
    current: float | None = None
    seen = False
    previous = ""
    for position, word in enumerate(words):
        joined = word == "-" and previous.lower() in TENS
        previous = word
        if joined or (word == "and" and current is not None):
            continue
        if word.lower() in {"a", "an"} and position == 0:
            current = 1.0
            continue
        number = parse_number(word, tables)
        if number is not None:
            current = (current or 0.0) + number
            seen = True
            continue
        scale = scale_value(word, tables)
        if scale is None:
            return None
        base = 1.0 if current is None else current
        if scale < 1000:  # "hundred", "dozen" multiply the words before them only
            current = base * scale
        else:
            total += base * scale
            current = None
        seen = True
    if not seen:
        return None
    return total + (current or 0.0)


def parse_ordinal(text: str) -> float | None:
    """Ordinal milestones: "500th" is 500, "1,000th" 1000, "millionth" 1e6; word ranks ("first",
    "third") give None, as they are no amounts."""
    match = _ORDINAL.match(text.lower())
    if match:
        return parse_digits(match.group(1))
    scale = SCALE_ORDINALS.get(text.lower())
    return float(scale) if scale is not None else None


def is_year(text: str) -> bool:
    """A number written as a year is ("2024"), so a date rather than a count."""
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


@dataclass(frozen=True)
class Glued:
    """An amount the tokenizer left in one token: currency, number and suffix as written."""

    currency: str | None
    number: float
    suffix: str | None


def split_glued(text: str) -> Glued | None:
    """ "3bn" is (None, 3, "bn"), "HK$2" ("HK$", 2, None), "1.5GW" (None, 1.5, "GW")."""
    match = _GLUED.match(text)
    if not match:
        return None
    number = parse_digits(match.group("number"))
    if number is None:
        return None
    return Glued(match.group("currency"), number, match.group("suffix"))


# --- currencies and units -----------------------------------------------------------------------


def currency_code(text: str, tables: Tables) -> str | None:
    """ISO 4217 code of a symbol or currency word as written ("US$", "€", "yen", "Swiss francs"),
    or of an ISO code itself ("CHF"); None otherwise."""
    code = tables.currencies.get(text) or tables.currencies.get(text.lower())
    if code:
        return code
    return text if text in tables.iso_codes else None


def unit_symbol(text: str, tables: Tables) -> str | None:
    """The pint symbol of a unit as written ("tonnes" is "t", "square meters" "m2")."""
    return tables.units.get(text)


def pint_expression(unit: str) -> str:
    """What pint parses for a unit symbol: powers written with a trailing digit ("m2", "km2", as
    the record and UCUM write them) become exponents ("m**2"); the rest stays as is."""
    return _POWER.sub(r"**\1", unit)


# --- counted nouns ------------------------------------------------------------------------------

IRREGULAR_PLURALS = {
    "people": "person", "persons": "person", "men": "man", "women": "woman",
    "children": "child", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "criteria": "criterion", "phenomena": "phenomenon", "lives": "life", "wives": "wife",
    "knives": "knife", "leaves": "leaf", "halves": "half", "shelves": "shelf",
    "wolves": "wolf", "thieves": "thief", "calves": "calf", "indices": "index",
    "matrices": "matrix", "vertices": "vertex", "analyses": "analysis", "theses": "thesis",
    "crises": "crisis", "diagnoses": "diagnosis", "hypotheses": "hypothesis", "buses": "bus",
    "campuses": "campus", "bonuses": "bonus", "viruses": "virus", "statuses": "status",
    "censuses": "census", "surpluses": "surplus", "prospectuses": "prospectus",
    "circuses": "circus", "potatoes": "potato", "tomatoes": "tomato", "heroes": "hero",
    "echoes": "echo", "vetoes": "veto", "quizzes": "quiz", "niches": "niche",
    "caches": "cache", "headaches": "headache", "avalanches": "avalanche",
    "movies": "movie", "cookies": "cookie", "calories": "calorie", "selfies": "selfie",
    "feet": "foot",
}  # fmt: skip
#: Nouns whose plural is the singular: "24 aircraft", "500 staff".
INVARIANT_PLURALS = frozenset(
    {"aircraft", "spacecraft", "hovercraft", "watercraft", "sheep", "fish", "deer", "species",
     "series", "offspring", "headquarters", "staff", "personnel", "livestock", "cattle",
     "swine", "salmon", "means"}
)  # fmt: skip
#: Words that end in "s" and are no plurals.
NOT_PLURAL = frozenset(
    {"gas", "bias", "atlas", "canvas", "overseas", "lens", "news", "plus", "bus", "thus", "this",
     "its", "his", "has", "was", "is", "as", "us", "yes", "always", "perhaps", "whereas",
     "towards", "afterwards", "besides", "across", "unless", "sometimes", "nevertheless",
     "various", "previous", "numerous", "serious", "famous", "analysis", "basis", "status",
     "campus", "bonus", "virus", "census", "surplus", "chassis", "lotus", "corpus", "kudos",
     "chaos", "ethos", "cosmos", "less"}
)  # fmt: skip


def is_plural(word: str) -> bool:
    """Whether a lower-case noun reads as a plural: "units", "people", "aircraft"."""
    if word in IRREGULAR_PLURALS or word in INVARIANT_PLURALS:
        return True
    if word in NOT_PLURAL or len(word) < 3 or not word.endswith("s"):
        return False
    return not word.endswith(("ss", "us", "is", "ous"))


def singular(word: str) -> str:
    """The singular of a lower-case plural noun by a few English rules; other words unchanged.
    "units" is "unit", "countries" "country", "branches" "branch", "people" "person"."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in INVARIANT_PLURALS or not is_plural(word):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]
