"""TIMEX3 values from the words of a date expression: pure functions, no spaCy.

Extraction and normalisation are apart, as in HeidelTime: the date component hands over the words
of a match, its label (DATE, DURATION, SET), the publication date and whether the sentence speaks
of the future; this module gives back a ``Timex``, or None when the words make no date after all
("the first year", "every years", "between March and"). Rules:

- never invent precision: "June 2011" is ``2011-06``, "2011" is ``2011``, "the 1990s" is ``199``;
- expressions without a year ("March", "last year", "on Tuesday", "the fourth quarter") are
  resolved against the publication date at their own precision and marked relative; without a
  publication date their value is None. A month or weekday alone is the latest one up to the
  publication date, or the next one from it when the sentence speaks of the future;
- ranges are ISO 8601 intervals, each side at its own precision, the left side borrowing a year
  the text gives only once ("between March and May 2024" is ``2024-03/2024-05``);
- fiscal years stay fiscal (``FY2024``); halves and quarters are ``2025-H1``, ``2024-Q3``;
- "currently", "recently", "in the future" are PRESENT_REF, PAST_REF, FUTURE_REF; they speak
  from the publication date, so they are relative too, but keep their value without one;
- a modifier in the token itself sets ``mod`` ("mid-2025" is 2025 with MID); modifiers in front
  ("by the end of") are the date component's business;
- dateparser only normalises complete day-precision strings ("Nov. 2, 2023", "06/15/2024"),
  told the language, once per (expression, anchor).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from pipeline.dateline import MONTHS
from pipeline.lexicons import read_tsv

LEXICON_DIR = Path(__file__).resolve().parent.parent / "patterns" / "lexicons"

DATE, DURATION, SET = "DATE", "DURATION", "SET"
#: Which mods make sense for which type ("more than 2025" and "by three years" do not).
ALLOWED_MODS = {
    DATE: frozenset({"START", "MID", "END", "BEFORE", "AFTER", "APPROX"}),
    DURATION: frozenset({"APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"}),
    SET: frozenset(),
}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_ORDINAL_RE = re.compile(r"^(\d+(st|nd|rd|th)|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth)$")
#: "last year" is -1, "next spring" +1; "this" and "current" are 0.
RELATIVE_WORDS = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1}
DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
REF_WORDS = {
    "currently": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "moment": "PRESENT_REF", "present": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "future": "FUTURE_REF",
}  # fmt: skip
#: "today's" before these nouns is the generic present, not the day of the release.
GENERIC_TODAY = frozenset(
    {"world", "market", "markets", "economy", "environment", "society", "consumers",
     "landscape", "era", "age", "climate", "businesses", "standards", "technology"}
)  # fmt: skip
SET_WORDS = {
    "annually": "P1Y", "annual": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W",
    "daily": "P1D", "quarterly": "P3M", "hourly": "PT1H", "biannual": "P6M",
    "biannually": "P6M", "semiannual": "P6M", "semiannually": "P6M", "biennial": "P2Y",
    "biennially": "P2Y",
}  # fmt: skip
#: Words that open a duration span ("the next three years") and ask for a number when ordinal.
SPAN_WORDS = frozenset({"past", "last", "next", "coming", "first", "final", "following"})
CONNECTORS = frozenset({"to", "and", "through", "until", "till", "-", "–", "—", "/"})
FISCAL_WORDS = frozenset({"fiscal", "financial", "fy"})
FILLER = frozenset({",", "of", "the", "on", "from", "between", "in", "year"})
#: Unit codes of time_unit.tsv: how many of which ISO designator one unit is.
UNIT_SCALE = {
    "Y": (1, "Y"), "DE": (10, "Y"), "CE": (100, "Y"), "Q": (3, "M"), "M": (1, "M"),
    "W": (1, "W"), "D": (1, "D"), "H": (1, "H"), "MI": (1, "MI"), "S": (1, "S"),
}  # fmt: skip
#: A fractional amount moves to the next smaller unit: 1.5 years is P18M.
SMALLER = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MI"), "MI": (60, "S")}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

YEAR_RE = re.compile(r"^(19\d\d|20\d\d|2100)$")
DAY_RE = re.compile(r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$")
YEAR_RANGE_RE = re.compile(r"^((?:19|20)\d\d)[–—/-]((?:19|20)\d\d|\d\d)$")
YEAR_TOKEN_RE = re.compile(r"^(?:(early|mid|late)-)?((?:19|20)\d\d)$")
DECADE_RE = re.compile(r"^(?:(early|mid|late)-)?((?:19|20)\d)0s$")
FY_RE = re.compile(r"^fy['’]?((?:19|20)\d\d|\d\d)(?:[/–-]((?:19|20)\d\d|\d\d))?$")
PERIOD_RE = re.compile(r"^(?:([qh])([1-4])|([1-4])([qh]))(?:['’-]?(fy)?((?:19|20)\d\d|\d\d))?$")
TWO_DIGITS_RE = re.compile(r"^\d\d$")
ISO_DAY_RE = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)$")
NUMERIC_DAY_RE = re.compile(r"^\d{1,2}/\d{1,2}/(?:19|20)\d\d$")
TOKEN_MODS = {"early": "START", "mid": "MID", "late": "END"}


@dataclass(frozen=True)
class Timex:
    """One TIMEX3 annotation as the record contract writes it."""

    type: str
    value: str | None
    mod: str | None = None
    relative: bool = False

    def as_dict(self) -> dict[str, str | bool | None]:
        return {"type": self.type, "value": self.value, "mod": self.mod, "relative": self.relative}


#: Said by a form's parser when the words are of its form but make no date ("the second half of
#: the game"): interpretation stops there instead of trying the next form.
NOT_A_DATE = Timex(DATE, None, mod="INVALID")


@dataclass(frozen=True)
class Tables:
    """Closed classes from the lexicon files, lower-cased: the same files the tagger reads."""

    units: Mapping[str, str]
    seasons: Mapping[str, str]
    weekdays: Mapping[str, int]
    modifiers: Mapping[str, str]
    #: Words in the longest modifier phrase ("no later than" is 3), and the last words of all.
    longest_modifier: int = 0
    modifier_ends: frozenset[str] = frozenset()


@cache
def load_tables(lexicon_dir: Path = LEXICON_DIR) -> Tables:
    """Units, seasons, weekdays and modifiers with their canonical codes, read once per folder."""

    def table(name: str) -> dict[str, str]:
        path = lexicon_dir / f"{name}.tsv"
        rows = read_tsv(path) if path.is_file() else []
        return {term.lower(): (canonical or term) for term, canonical in rows}

    day_names = [name.lower() for name in calendar.day_name]
    weekdays = {term: day_names.index(name.lower()) for term, name in table("weekday").items()}
    modifiers = table("date_modifier")
    longest = max((len(phrase.split()) for phrase in modifiers), default=0)
    ends = frozenset(phrase.split()[-1] for phrase in modifiers)
    return Tables(table("time_unit"), table("season"), weekdays, modifiers, longest, ends)


@dataclass(frozen=True)
class Point:
    """A calendar point at the precision the text gives: a year, a month or a day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 0, self.day or 0)


# --- small parsers ---------------------------------------------------------------------------


def parse_number(word: str) -> float | None:
    """A cardinal written in digits ("1,200", "2.5") or words ("five"); ordinals are None."""
    word = word.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def is_ordinal(word: str) -> bool:
    return word.lower() in ORDINALS or _ORDINAL_RE.match(word.lower()) is not None


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "Nov"), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def full_year(text: str, century_from: int | None = None) -> int:
    """A four-digit year; two digits take the century of ``century_from`` (else 2000)."""
    value = int(text)
    if value >= 100:
        return value
    base = (century_from // 100) * 100 if century_from else 2000
    return base + value


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def duration_value(amount: float, unit: str) -> str | None:
    """ISO 8601 duration of ``amount`` units (unit codes of time_unit.tsv): P10Y, P18M, PT5M."""
    if unit not in UNIT_SCALE or amount <= 0:
        return None
    scale, designator = UNIT_SCALE[unit]
    amount *= scale
    while amount != int(amount) and designator in SMALLER:
        factor, designator = SMALLER[designator]
        amount *= factor
    if designator in {"H", "MI", "S"}:
        return f"PT{_number_text(amount)}{designator[0]}"
    return f"P{_number_text(amount)}{designator}"


@lru_cache(maxsize=4096)
def parse_day(expression: str, anchor: dt.date | None) -> dt.date | None:
    """A complete calendar date ("Nov. 2, 2023", "7 November 2024", "06/15/2024") via dateparser,
    or None when it names no real day or lacks a part: dateparser must not fill one in."""
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(anchor, dt.time()) if anchor else dt.datetime(2000, 1, 1)
    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RELATIVE_BASE": base,
            "DATE_ORDER": "MDY",
            "PREFER_DATES_FROM": "past",
        },
    )
    data = parser.get_date_data(expression)
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


# --- resolution against the publication date --------------------------------------------------


def shift_month(anchor: dt.date, delta: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + delta
    return index // 12, index % 12 + 1


def nearest_month(anchor: dt.date, month: int, future: bool) -> int:
    """The year of the month named alone: the latest one up to the anchor, or the next one."""
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def nearest_day(anchor: dt.date, month: int, day: int, future: bool) -> int:
    """The year of a month and day named without one, like ``nearest_month``."""
    if future:
        return anchor.year if (month, day) >= (anchor.month, anchor.day) else anchor.year + 1
    return anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1


def nearest_weekday(anchor: dt.date, weekday: int, future: bool) -> dt.date:
    """The named weekday strictly before the anchor, or strictly after it for the future."""
    if future:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)


def season_value(anchor: dt.date, code: str, delta: int | None, future: bool) -> str:
    """TIMEX3 season (``2026-SP``) named relative to the anchor; a winter is the year of its
    December. ``delta`` is +1 for "next", -1 for "last", 0 for "this", None when unsaid."""
    if delta is None:
        delta = 1 if future else 0
    start_month = SEASON_START[code]
    this_year = anchor.year - 1 if code == "WI" and anchor.month <= 2 else anchor.year
    if delta == 0:
        return f"{this_year}-{code}"
    if delta > 0:
        starts = dt.date(anchor.year, start_month, 1)
        return f"{anchor.year + 1 if starts <= anchor else anchor.year}-{code}"
    ends = dt.date(*shift_month(dt.date(this_year, start_month, 1), 3), 1)
    return f"{this_year if ends <= anchor else this_year - 1}-{code}"


def shift_unit(anchor: dt.date, unit: str, delta: int) -> str | None:
    """The calendar unit ``delta`` steps from the anchor's, at that unit's precision."""
    if unit == "Y":
        return f"{anchor.year + delta:04d}"
    if unit == "M":
        year, month = shift_month(anchor, delta)
        return f"{year:04d}-{month:02d}"
    if unit == "Q":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + delta
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "W":
        year, week, _ = (anchor + dt.timedelta(weeks=delta)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "DE":
        return f"{anchor.year // 10 + delta:03d}"
    if unit == "CE":
        return f"{anchor.year // 100 + delta:02d}"
    if unit == "D":
        return (anchor + dt.timedelta(days=delta)).isoformat()
    return None


def ago_value(anchor: dt.date, amount: float, unit: str) -> str | None:
    """ "three years ago": the anchor moved back, at the unit's precision."""
    if amount != int(amount):
        return None
    n = int(amount)
    if unit in {"H", "MI", "S"}:
        return anchor.isoformat()
    if unit == "DE":
        return shift_unit(anchor, "Y", -10 * n)
    if unit == "CE":
        return shift_unit(anchor, "Y", -100 * n)
    return shift_unit(anchor, unit, -n)


# --- interpretation --------------------------------------------------------------------------


def interpret(
    words: Sequence[str],
    label: str,
    anchor: dt.date | None,
    tables: Tables,
    *,
    future: bool = False,
    following: Sequence[str] = (),
    text: str | None = None,
) -> Timex | None:
    """The TIMEX3 of a matched expression, or None when its words make no date.

    ``future`` says the sentence speaks of the future (for "March", "on Tuesday");
    ``following`` are the next words of the text ("today" before "'s world" is generic);
    ``text`` is the expression as written, for dateparser.
    """
    lower = [w.lower() for w in words if w.strip()]
    if not lower:
        return None
    if label == SET:
        return _set(lower, tables)
    if label == DURATION:
        return _duration(lower, tables, [f.lower() for f in following])
    if label == DATE:
        return _date(lower, anchor, tables, future, [f.lower() for f in following], text)
    return None


def _unit_of(word: str, tables: Tables) -> tuple[str, bool] | None:
    """(unit code, plural) of a unit word, or None."""
    code = tables.units.get(word)
    if code is None:
        return None
    return code, word.endswith("s")


def _duration(lower: list[str], tables: Tables, following: list[str]) -> Timex | None:
    units = [(i, _unit_of(w, tables)) for i, w in enumerate(lower)]
    found = [(i, u) for i, u in units if u is not None]
    if not found:
        return None
    index, (unit, plural) = found[-1]
    before = [w for w in lower[:index] if w not in {"-", "the"}]
    amount: float | None = None
    if before and before[-1] not in SPAN_WORDS:
        word = before[-1]
        if is_ordinal(word):
            return None
        amount = parse_number(word)
        if amount is None:
            return None
        if word in {"a", "an"} and plural:
            return None
        if word in {"a", "an"} and unit == "Q" and following[:1] == ["of"]:
            return None  # "a quarter of the market"
    else:
        span_word = before[-1] if before else None
        if plural or span_word in {"first", "final"}:
            return None  # "the coming months", "the first year"
        amount = 1.0
    if unit in {"Y", "DE", "CE"} and amount >= 1000:
        return None  # "2024 year-end"
    value = duration_value(amount, unit)
    return Timex(DURATION, value) if value else None


def _set(lower: list[str], tables: Tables) -> Timex | None:
    if lower[-1] in SET_WORDS:
        return Timex(SET, SET_WORDS[lower[-1]])
    unit_info = _unit_of(lower[-1], tables)
    if unit_info is None or len(lower) < 2:
        return None
    unit, plural = unit_info
    head = lower[0]
    amount = 1.0
    if len(lower) == 3:
        number = parse_number(lower[1])
        if head not in {"every", "each"} or number is None or is_ordinal(lower[1]):
            return None
        amount = number
    if plural != (amount > 1):
        return None
    value = duration_value(amount, unit)
    return Timex(SET, value) if value else None


def _date(
    lower: list[str],
    anchor: dt.date | None,
    tables: Tables,
    future: bool,
    following: list[str],
    text: str | None,
) -> Timex | None:
    last = lower[-1]
    if last in REF_WORDS and (len(lower) == 1 or lower[0] in {"in", "at"}):
        return Timex(DATE, REF_WORDS[last], relative=True)
    if len(lower) == 1 and last in DAY_WORDS:
        possessive = following[:1] in (["'s"], ["’s"])
        if last == "today" and possessive and following[1:2] and following[1] in GENERIC_TODAY:
            return Timex(DATE, "PRESENT_REF", relative=True)
        day = anchor + dt.timedelta(days=DAY_WORDS[last]) if anchor else None
        return Timex(DATE, day.isoformat() if day else None, relative=True)
    if last == "ago":
        return _ago(lower, anchor, tables)
    if len(lower) == 5 and ISO_DAY_RE.match("".join(lower)):
        return _absolute_day("".join(lower), anchor)
    if len(lower) == 1 and NUMERIC_DAY_RE.match(last):
        return _numeric_day(last, anchor)
    range_value = _range(lower, anchor, tables, future)
    if range_value is not None:
        return range_value
    for parse in (_fiscal, _period, _season, _relative, _weekday):
        found = parse(lower, anchor, tables, future)
        if found is not None:
            return None if found is NOT_A_DATE else found
    return _point(lower, anchor, tables, future, text or " ".join(lower))


def _ago(lower: list[str], anchor: dt.date | None, tables: Tables) -> Timex | None:
    if len(lower) != 3:
        return None
    amount = parse_number(lower[0])
    unit_info = _unit_of(lower[1], tables)
    if amount is None or is_ordinal(lower[0]) or unit_info is None:
        return None
    if unit_info[1] != (amount > 1):
        return None
    value = ago_value(anchor, amount, unit_info[0]) if anchor else None
    return Timex(DATE, value, relative=True)


def _absolute_day(expression: str, anchor: dt.date | None) -> Timex | None:
    day = parse_day(expression, anchor)
    return Timex(DATE, day.isoformat()) if day else None


def _numeric_day(word: str, anchor: dt.date | None) -> Timex | None:
    """ "06/15/2024" month first as US releases write it, "15/06/2024" when the day shows."""
    first, second, year = word.split("/")
    if int(first) > 12:
        word = f"{second}/{first}/{year}"
    return _absolute_day(word, anchor)


def _range(lower: list[str], anchor: dt.date | None, tables: Tables, future: bool) -> Timex | None:
    """ "from 2011 to 2013", "2022-2023", "between March and May 2024", "June 1-3, 2024"."""
    if len(lower) == 1:
        match = YEAR_RANGE_RE.match(lower[0])
        if not match:
            return None
        return _range_value(Point(int(match[1])), Point(full_year(match[2], int(match[1]))))
    opener = lower[0] if lower[0] in {"from", "between"} else None
    body = lower[1:] if opener else lower
    cuts = [i for i, w in enumerate(body) if w in CONNECTORS]
    if len(cuts) != 1 or cuts[0] == 0:
        return None
    cut = cuts[0]
    if body[cut] == "and" and opener != "between":
        return None  # "2011 and 2013" lists two years
    left, right = _parts(body[:cut]), _parts(body[cut + 1 :])
    if left is None or right is None or left == Point() or right == Point():
        return None
    # "June 1-3": the right side is a day of the left side's month
    if right.month is None and right.day is None and right.year is not None and right.year < 100:
        if left.day is not None:
            right = Point(None, left.month, right.year)
        elif left.year is not None and left.month is None:
            right = Point(full_year(str(right.year), left.year))
        else:
            return None
    if right.month is None and right.day is not None:
        right = replace(right, month=left.month)
    if left.year is None:
        left = replace(left, year=right.year)
    if right.year is None:
        right = replace(right, year=left.year)
    relative = False
    if left.year is None:
        if left.month is None or right.month is None:
            return None
        if anchor is None:
            return Timex(DATE, None, relative=True)
        year = nearest_month(anchor, left.month, future)
        left, right = replace(left, year=year), replace(right, year=year)
        if right.key() < left.key():
            right = replace(right, year=year + 1)
        relative = True
    found = _range_value(left, right)
    return replace(found, relative=relative) if found else None


def _range_value(left: Point, right: Point) -> Timex | None:
    if not _valid(left) or not _valid(right) or right.key() <= left.key():
        return None
    return Timex(DATE, f"{left.iso()}/{right.iso()}")


def _valid(point: Point) -> bool:
    if point.year is None:
        return False
    if point.day is None:
        return True
    try:
        dt.date(point.year, point.month or 1, point.day)
    except ValueError:
        return False
    return True


def _parts(words: Sequence[str]) -> Point | None:
    """Year, month and day among a few words, or None when a word is none of them.

    A bare number of one or two digits is read as a day next to a month, else kept in ``year``
    for the range code to place."""
    year = month = day = None
    numbers = []
    for word in words:
        if word in FILLER:
            continue
        if YEAR_RE.match(word):
            year = int(word)
        elif month_number(word) is not None:
            month = month_number(word)
        elif DAY_RE.match(word) or TWO_DIGITS_RE.match(word):
            numbers.append(int(re.sub(r"\D", "", word)))
        else:
            return None
    if len(numbers) > 1:
        return None
    if numbers:
        if month is not None or year is not None:
            day = numbers[0]
        else:
            return Point(numbers[0])  # placed by the caller
    return Point(year, month, day)


def _fiscal(lower: list[str], anchor: dt.date | None, tables: Tables, future: bool) -> Timex | None:
    """FY2024, "fiscal year 2023", "the 2024 financial year", "FY2024/25"."""
    for word in lower:
        match = FY_RE.match(word)
        if match:
            first = full_year(match[1])
            if match[2]:
                return Timex(DATE, f"FY{first}/FY{full_year(match[2], first)}")
            return Timex(DATE, f"FY{first}")
    if not FISCAL_WORDS & set(lower) or any(w in {"quarter", "half"} for w in lower):
        return None
    for word in lower:
        span = YEAR_RANGE_RE.match(word)
        if span:  # "fiscal 2023/24"
            first = int(span[1])
            return Timex(DATE, f"FY{first}/FY{full_year(span[2], first)}")
    years = [int(w) for w in lower if YEAR_RE.match(w)]
    return Timex(DATE, f"FY{years[0]}") if len(years) == 1 else NOT_A_DATE


def _period(lower: list[str], anchor: dt.date | None, tables: Tables, future: bool) -> Timex | None:
    """Quarters and halves: "the third quarter of 2025", "H2 2025", "3Q24", "in the first half"."""
    kind = number = None
    year: int | None = None
    fiscal = bool(FISCAL_WORDS & set(lower))
    for i, word in enumerate(lower):
        code = PERIOD_RE.match(word)
        if code and not YEAR_RE.match(word):
            letter = code[1] or code[4]
            kind, number = letter.upper(), int(code[2] or code[3])
            if code[6]:
                year, fiscal = full_year(code[6]), fiscal or bool(code[5])
        elif word in {"quarter", "half"} and i > 0:
            ordinal = [w for w in lower[:i] if w in ORDINALS]
            if not ordinal:
                return None
            kind, number = word[0].upper(), ORDINALS[ordinal[-1]]
        else:
            match = re.match(r"^(fy)?((?:19|20)\d\d)$", word)
            if match:
                year, fiscal = int(match[2]), fiscal or bool(match[1])
    if kind is None:
        return None
    if number > (4 if kind == "Q" else 2):
        return NOT_A_DATE
    relative = False
    if year is None:
        tail = lower[lower.index("of") + 1 :] if "of" in lower else []
        delta = 0
        if tail:
            if (
                tail[-1] != "year"
                or len(tail) != 2
                or tail[0] not in {"this", "next", "last", "the"}
            ):
                return NOT_A_DATE  # "the second half of the game"
            delta = RELATIVE_WORDS.get(tail[0], 0)
        if anchor is None:
            return Timex(DATE, None, relative=True)
        year, relative = anchor.year + delta, True
    prefix = f"FY{year}" if fiscal else f"{year:04d}"
    return Timex(DATE, f"{prefix}-{kind}{number}", relative=relative)


def _season(lower: list[str], anchor: dt.date | None, tables: Tables, future: bool) -> Timex | None:
    seasons = [tables.seasons[w] for w in lower if w in tables.seasons]
    if not seasons:
        return None
    years = [int(w) for w in lower if YEAR_RE.match(w)]
    if years:
        return Timex(DATE, f"{years[0]}-{seasons[0]}")
    delta = next((RELATIVE_WORDS[w] for w in lower if w in RELATIVE_WORDS), None)
    if anchor is None:
        return Timex(DATE, None, relative=True)
    return Timex(DATE, season_value(anchor, seasons[0], delta, future), relative=True)


def _relative(
    lower: list[str], anchor: dt.date | None, tables: Tables, future: bool
) -> Timex | None:
    """ "last year", "this month", "next week", "last Tuesday", "next March"."""
    if len(lower) != 2 or lower[0] not in RELATIVE_WORDS:
        return None
    delta, word = RELATIVE_WORDS[lower[0]], lower[1]
    unit_info = _unit_of(word, tables)
    weekday = tables.weekdays.get(word)
    month = month_number(word)
    if unit_info is None and weekday is None and month is None:
        return NOT_A_DATE
    if unit_info is not None and (unit_info[1] or unit_info[0] in {"D", "H", "MI", "S"}):
        return NOT_A_DATE  # "last days", "this hour"
    if anchor is None:
        return Timex(DATE, None, relative=True)
    if unit_info is not None:
        return Timex(DATE, shift_unit(anchor, unit_info[0], delta), relative=True)
    if weekday is not None:
        ahead = future if delta == 0 else delta > 0
        return Timex(DATE, nearest_weekday(anchor, weekday, ahead).isoformat(), relative=True)
    assert month is not None
    if delta == 0:
        year = anchor.year
    elif delta > 0:
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year if month < anchor.month else anchor.year - 1
    return Timex(DATE, f"{year:04d}-{month:02d}", relative=True)


def _weekday(
    lower: list[str], anchor: dt.date | None, tables: Tables, future: bool
) -> Timex | None:
    weekdays = [tables.weekdays[w] for w in lower if w in tables.weekdays]
    if not weekdays or any(month_number(w) for w in lower):
        return None
    if anchor is None:
        return Timex(DATE, None, relative=True)
    return Timex(DATE, nearest_weekday(anchor, weekdays[0], future).isoformat(), relative=True)


def _point(
    lower: list[str], anchor: dt.date | None, tables: Tables, future: bool, text: str
) -> Timex | None:
    """A year, a month, a day, a decade: "June 1, 2021", "June 2011", "mid-2025", "March"."""
    words = [w for w in lower if w not in FILLER and w not in tables.weekdays]
    if len(words) == 1:
        token = YEAR_TOKEN_RE.match(words[0])
        if token:
            return Timex(DATE, token[2], mod=TOKEN_MODS.get(token[1] or ""))
        decade = DECADE_RE.match(words[0])
        if decade:
            return Timex(DATE, decade[2], mod=TOKEN_MODS.get(decade[1] or ""))
    point = _parts(words)
    if point is None or point == Point():
        return None
    if point.month is None:
        small = point.year is not None and point.year < 100
        return Timex(DATE, point.iso()) if point.day is None and not small else None
    if point.year is not None:
        if point.day is None:
            return Timex(DATE, point.iso())
        return _full_day(point, text, anchor)
    if anchor is None:
        return Timex(DATE, None, relative=True)
    if point.day is None:
        year = nearest_month(anchor, point.month, future)
        return Timex(DATE, f"{year:04d}-{point.month:02d}", relative=True)
    resolved = replace(point, year=nearest_day(anchor, point.month, point.day, future))
    return Timex(DATE, resolved.iso(), relative=True) if _valid(resolved) else None


def _full_day(point: Point, text: str, anchor: dt.date | None) -> Timex | None:
    """A complete date: dateparser reads the text as written; the token parts check it, so a
    misreading never passes, and stand in when dateparser gives up."""
    day = parse_day(text, anchor)
    if day is not None and (day.year, day.month, day.day) == point.key():
        return Timex(DATE, day.isoformat())
    return Timex(DATE, point.iso()) if _valid(point) else None
