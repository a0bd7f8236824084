"""Newswire datelines: every wire shape found with its date and offsets; sentences never."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from pipeline.dateline import MAX_CHARS, Dateline, find_dateline, is_date_only

REST = " Nissan Motor Co., Ltd. announced today that production has started."

# (dateline prefix, date, date text, place text or None)
SHAPES = [
    ("TOKYO, June 1, 2021 - (JCN Newswire) -", dt.date(2021, 6, 1), "June 1, 2021", "TOKYO"),
    ("December 16, 2010 (FPRC) --", dt.date(2010, 12, 16), "December 16, 2010", None),
    (
        "YOKOHAMA, Japan (May 30, 2023) \u2013",
        dt.date(2023, 5, 30),
        "May 30, 2023",
        "YOKOHAMA, Japan",
    ),
    (
        "SAN JOSE, Calif., March 3, 2022 /PRNewswire/ --",
        dt.date(2022, 3, 3),
        "March 3, 2022",
        "SAN JOSE, Calif.",
    ),
    (
        "MUNICH, Germany, 14 February 2024 \u2013",
        dt.date(2024, 2, 14),
        "14 February 2024",
        "MUNICH, Germany",
    ),
    (
        "Detroit, MI \u2014 Sept. 9, 2025 \u2014",
        dt.date(2025, 9, 9),
        "Sept. 9, 2025",
        "Detroit, MI",
    ),
    (
        "NAGOYA, Japan, Nov. 4, 2024 \u2013 (JCN Newswire) \u2013",
        dt.date(2024, 11, 4),
        "Nov. 4, 2024",
        "NAGOYA, Japan",
    ),
    (
        "TORONTO, Ontario (Nov. 2, 2023) \u2013",
        dt.date(2023, 11, 2),
        "Nov. 2, 2023",
        "TORONTO, Ontario",
    ),
    ("LONDON, 9 September 2024 \u2013", dt.date(2024, 9, 9), "9 September 2024", "LONDON"),
    ("2024-03-18 \u2014", dt.date(2024, 3, 18), "2024-03-18", None),
    (
        "TOKYO--(BUSINESS WIRE)--June 1, 2021--",
        dt.date(2021, 6, 1),
        "June 1, 2021",
        "TOKYO",
    ),
    (
        "Rio de Janeiro, Brazil, Monday, June 7, 2021 -",
        dt.date(2021, 6, 7),
        "June 7, 2021",
        "Rio de Janeiro, Brazil",
    ),
    (
        "WINSTON-SALEM, N.C., Jan 5th 2022 --",
        dt.date(2022, 1, 5),
        "Jan 5th 2022",
        "WINSTON-SALEM, N.C.",
    ),
    ("(May 30, 2023) \u2013", dt.date(2023, 5, 30), "May 30, 2023", None),
]


def check(body: str, date: dt.date, date_text: str, place: str | None, prefix: str) -> Dateline:
    """Assert that body has the dateline prefix with that date, date text and place."""
    found = find_dateline(body)
    assert found is not None, body
    assert found.date == date
    assert body[found.date_start : found.date_end] == date_text
    if place is None:
        assert found.place_start is None and found.place_end is None
    else:
        assert body[found.place_start : found.place_end] == place
    assert body[found.start : found.end] == prefix
    return found


@pytest.mark.parametrize(
    ("prefix", "date", "date_text", "place"), SHAPES, ids=[s[0] for s in SHAPES]
)
def test_dateline_shapes(prefix: str, date: dt.date, date_text: str, place: str | None) -> None:
    check(prefix + REST, date, date_text, place, prefix)


@pytest.mark.parametrize(("prefix", "date", "date_text", "place"), SHAPES[:4])
def test_dateline_after_a_headline_has_body_offsets(
    prefix: str, date: dt.date, date_text: str, place: str | None
) -> None:
    body = "Nissan and Mitsubishi expand cooperation\n\n" + prefix + REST
    found = check(body, date, date_text, place, prefix)
    assert found.start == body.index(prefix)


def test_dateline_on_the_third_line() -> None:
    body = "Headline\nSubheadline for the release\n\nLONDON, 9 September 2024 \u2013" + REST
    check(
        body, dt.date(2024, 9, 9), "9 September 2024", "LONDON", "LONDON, 9 September 2024 \u2013"
    )


def test_markdown_emphasis_around_the_dateline() -> None:
    found = find_dateline("**TOKYO, June 1, 2021** \u2013" + REST)
    assert found is not None
    assert found.date == dt.date(2021, 6, 1)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_spelling(month: int) -> None:
    spellings = {
        calendar.month_name[month],
        calendar.month_abbr[month] + ".",
        calendar.month_abbr[month],
    }
    for spelling in spellings | {calendar.month_name[month].upper()}:
        prefix = f"PARIS, {spelling} 2, 2020 \u2013"
        check(prefix + REST, dt.date(2020, month, 2), f"{spelling} 2, 2020", "PARIS", prefix)


@pytest.mark.parametrize(
    "body",
    [
        "On June 1, 2021, the company started production.",
        "June 1, 2021, was the day production started.",
        "June 1, 2021 (local time), the company started production.",
        "The plan was set on June 1, 2021 - and it worked.",
        "Nissan said that TOKYO, June 1, 2021 - was the date.",
        "Results for fiscal 2021-22 \u2014 strong growth",
        "June 1, 2021-22 was a record period.",
        "(May 30, 2023 \u2013 An unclosed parenthesis.",
        "TOKYO, February 30, 2021 \u2013 No such day.",
        "2024-13-01 \u2014 No such month.",
        "TOKYO, June 2021 \u2013 A month, not a day.",
        "TOKYO, June 1, 21 \u2013 A two-digit year.",
        "Nissan Mitsubishi NMKV\n\nThe cumulative production reached 50,000 units.",
        "",
    ],
)
def test_non_datelines_are_rejected(body: str) -> None:
    assert find_dateline(body) is None


def test_a_dateline_after_the_first_three_lines_is_ignored() -> None:
    body = "Headline\nSecond line\nThird line\n\nTOKYO, June 1, 2021 \u2013" + REST
    assert find_dateline(body) is None
    assert find_dateline(body.replace("Third line\n", "")) is not None  # the control case


def test_a_dateline_beyond_the_first_characters_is_ignored() -> None:
    body = "A" * MAX_CHARS + "\nTOKYO, June 1, 2021 \u2013" + REST
    assert find_dateline(body) is None
    assert find_dateline("A" * 100 + "\nTOKYO, June 1, 2021 \u2013" + REST) is not None


def test_a_later_date_in_the_text_is_not_a_dateline() -> None:
    body = "Nissan began production of the Sakura in 2022.\nThe plant, June 1, 2021 - opened."
    assert find_dateline(body) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("June 1, 2021", True), ("(May 30, 2023)", True), ("2024-03-18", True), ("June 2021", False)],
)
def test_is_date_only(text: str, expected: bool) -> None:
    assert is_date_only(text) is expected
