"""Newswire datelines: the place and date that open a press release.

The dateline is the publication-date anchor of last resort (spec section 1), so it must be found
only where wires put it, at the start of one of the first lines, never in a later sentence.

Shape: ``[PLACE sep] [(] DATE [)] TAIL`` at the start of a line, where

- PLACE is one to four comma-separated capitalised segments ("SAN JOSE, Calif.", "Detroit, MI"),
- sep is a comma, dashes and/or a wire marker ("TOKYO--(BUSINESS WIRE)--"), or a space before
  a parenthesised date ("YOKOHAMA, Japan (May 30, 2023)"),
- DATE is month-day-year, day-month-year or ISO, with a 4-digit year,
- TAIL is a run of dashes and wire markers ("(JCN Newswire)", "/PRNewswire/") holding at least
  one dash or slash marker; a bare parenthesis ("June 1, 2021 (local time), the ...") is not one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# How far into the body a dateline may start.
MAX_LINES = 3
MAX_CHARS = 400


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a body; every offset is a Python string index into that body."""

    date: dt.date
    date_start: int
    date_end: int
    place_start: int | None
    place_end: int | None
    start: int
    end: int


def _month_numbers() -> dict[str, int]:
    """Lower-case month spellings to month numbers: full names and every prefix of 3+ letters.

    Prefixes cover the locale's abbreviations and wire styles such as "Sept." without a list.
    """
    numbers: dict[str, int] = {}
    for number, name in enumerate(calendar.month_name):
        for size in range(3, len(name) + 1):
            numbers[name[:size].lower()] = number
    for number, abbr in enumerate(calendar.month_abbr):
        if abbr:
            numbers[abbr.lower()] = number
    return numbers


MONTHS = _month_numbers()


def _alternation(words: list[str]) -> str:
    """A regex alternation, longest first so that "June" wins over "Jun"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_MONTH_NAMES = _alternation(list(MONTHS))
_WEEKDAY = _alternation(list(calendar.day_name) + list(calendar.day_abbr))


def _date_part(kind: str, n: int) -> str:
    """The regex for one date part, its group numbered n so that several orders can coexist."""
    if kind == "month":
        return rf"(?i:(?P<month{n}>{_MONTH_NAMES})\b\.?)"
    if kind == "day":
        return rf"(?P<day{n}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    return rf"(?P<year{n}>[12]\d{{3}})(?!\d)"


_MDY = rf"{_date_part('month', 1)}[ \t]+{_date_part('day', 1)},?[ \t]+{_date_part('year', 1)}"
_DMY = rf"{_date_part('day', 2)}[ \t]+{_date_part('month', 2)},?[ \t]+{_date_part('year', 2)}"
_ISO = r"(?P<year3>[12]\d{3})-(?P<month3>\d{2})-(?P<day3>\d{2})(?!\d)"
DATE = rf"(?:{_MDY}|{_DMY}|{_ISO})"
"""A full calendar date (named groups month1..3, day1..3, year1..3)."""

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_WORD = rf"[{_UPPER}][\w'\u2019.]*(?:-[\w'\u2019.]+)*"
_SEGMENT = rf"{_WORD}(?:[ \t]+(?:{_WORD}|[a-z]{{1,3}}(?=[ \t]+[{_UPPER}]))){{0,4}}"
_NOT_WEEKDAY = rf"(?!(?i:{_WEEKDAY})\b)"
_PLACE = rf"{_NOT_WEEKDAY}{_SEGMENT}(?:,[ \t]*{_NOT_WEEKDAY}{_SEGMENT}){{0,3}}"
_DASH = r"(?:-{1,3}(?!\d)|[\u2012\u2013\u2014\u2015]{1,2})"
_SLASH_MARK = r"/[^/\s][^/\n]{0,60}/"
_PAREN_MARK = r"\([^()\n]{1,60}\)"
_JOINER = rf"(?:{_DASH}|{_SLASH_MARK}|{_PAREN_MARK})"
_EMPHASIS = r"(?:\*\*|__|\*|_)?"
_PLACE_SEP = rf"(?:[ \t]*,[ \t]*|[ \t]*{_JOINER}(?:[ \t]*{_JOINER})*[ \t]*|[ \t]+(?=\())"
_TAIL = (
    rf"(?:[ \t]*{_PAREN_MARK})*[ \t]*(?:{_DASH}|{_SLASH_MARK})"
    rf"(?:[ \t]*(?:{_DASH}|{_SLASH_MARK}|{_PAREN_MARK}))*"
)

DATELINE_RE = re.compile(
    rf"""
    [ \t]*{_EMPHASIS}
    (?:(?P<place>{_PLACE}){_PLACE_SEP})?
    (?:(?i:{_WEEKDAY})\.?,?[ \t]+)?
    (?P<open>\()?(?P<date>{DATE})(?(open)\))
    {_EMPHASIS}
    (?P<tail>{_TAIL})
    """,
    re.VERBOSE,
)
DATE_RE = re.compile(DATE)


def date_value(match: re.Match[str]) -> dt.date | None:
    """The calendar date of a DATE match, or None when it names no real day (February 30)."""
    for n in (1, 2, 3):
        year = match.group(f"year{n}")
        if year is None:
            continue
        month_text = match.group(f"month{n}")
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
        try:
            return dt.date(int(year), month, int(match.group(f"day{n}")))
        except ValueError:
            return None
    return None


def _candidate_lines(body: str) -> list[tuple[int, int]]:
    """(start, end) of the first non-empty lines that start within the first MAX_CHARS."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line in body.split("\n"):
        if position >= MAX_CHARS or len(spans) == MAX_LINES:
            break
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _build(match: re.Match[str]) -> Dateline | None:
    """A Dateline from a DATELINE_RE match, or None when its date is not a real day."""
    value = date_value(match)
    if value is None:
        return None
    place_start, place_end = match.span("place") if match.group("place") else (None, None)
    start = place_start if place_start is not None else match.start("date")
    if match.group("open") and place_start is None:
        start = match.start("open")
    return Dateline(
        date=value,
        date_start=match.start("date"),
        date_end=match.end("date"),
        place_start=place_start,
        place_end=place_end,
        start=start,
        end=match.end("tail"),
    )


def find_dateline(body: str) -> Dateline | None:
    """The dateline that opens one of the body's first lines, or None.

    Only the first MAX_LINES non-empty lines starting in the first MAX_CHARS characters are
    looked at, and only at their start, so dates in ordinary sentences never count.
    """
    for line_start, line_end in _candidate_lines(body):
        match = DATELINE_RE.match(body, line_start, line_end)
        if match:
            found = _build(match)
            if found is not None:
                return found
    return None


def is_date_only(text: str) -> bool:
    """Whether text is nothing but a date, maybe in parentheses ("(June 1, 2021)")."""
    return DATE_RE.fullmatch(text.strip().strip("()").strip()) is not None
