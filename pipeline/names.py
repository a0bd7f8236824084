"""Name comparison as the record contract defines it (section 3).

Two names denote the same thing when they are equal after case folding, Unicode NFKC, dropping a
possessive, a leading "the" and a trailing legal-form suffix, and collapsing white space. The
pipeline builds canonical names with the same suffix list, so what it writes and what the scorer
compares cannot drift apart. The list lives in ``data/legal_suffixes.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

SUFFIX_FILE = Path(__file__).parent / "data" / "legal_suffixes.txt"

#: "Nissan's", "Nissan’s", and the bare apostrophe of "Mitsubishi Motors'".
_POSSESSIVE = re.compile(r"(?:['’][sS]|(?<=[sS])['’])$")
_LEADING_THE = re.compile(r"^the\s+(?=\S)", re.IGNORECASE)


@cache
def legal_suffixes() -> tuple[str, ...]:
    """The contract's legal-form suffixes, as written in company names (loaded once)."""
    lines = SUFFIX_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(s for line in lines if (s := line.strip()) and not s.startswith("#"))


def _suffix_regex(spelling: str) -> str:
    """Regex for one suffix: its dots optional ("Inc", "LP", "SpA"), any run of white space, and
    each word of a suffix listed without dots may carry one ("Pte. Ltd.", "Sdn. Bhd.")."""
    parts = []
    for i, char in enumerate(spelling):
        if char == ".":
            parts.append(r"\.?")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
            word_ends = i + 1 == len(spelling) or spelling[i + 1].isspace()
            if word_ends and " " in spelling and char.isalpha():
                parts.append(r"\.?")
    return "".join(parts)


def _spellings(suffix: str) -> set[str]:
    """Case variants a suffix is written in: as listed, upper case ("CO., LTD.") and title case."""
    return {suffix, suffix.upper(), suffix[:1].upper() + suffix[1:]}


@cache
def _suffix_pattern(ignore_case: bool) -> re.Pattern[str]:
    """One trailing suffix after a comma or white space, with at least one character before it.

    Case-aware matching (for canonical names) keeps "Nissan Leaf Se" intact; the scorer compares
    case-folded names, so it matches in any case.
    """
    if ignore_case:
        spellings = set(legal_suffixes())
    else:
        spellings = {v for s in legal_suffixes() for v in _spellings(s)}
    alternatives = "|".join(_suffix_regex(s) for s in sorted(spellings, key=lambda s: (-len(s), s)))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<=[^\s,])(?:\s*,\s*|\s+)(?:{alternatives})\s*$", flags)


def _strip(name: str, ignore_case: bool) -> str:
    """Drop trailing possessives and legal-form suffixes until none is left."""
    text = name.strip()
    pattern = _suffix_pattern(ignore_case)
    while True:
        previous = text
        text = _POSSESSIVE.sub("", text).rstrip(" ,")
        stripped = pattern.sub("", text)
        if stripped.strip().casefold() not in {"", "the"}:  # "The Company" keeps its only word
            text = stripped
        if text == previous:
            return text


def strip_legal_suffix(name: str) -> str:
    """The name without trailing legal-form suffixes and possessives, in its own case.

    "Nissan Motor Co., Ltd." -> "Nissan Motor"; "Toyota Motor Corp.'s" -> "Toyota Motor";
    "Mitsubishi Motors'" -> "Mitsubishi Motors". Holdings, Group and Motors are never stripped.
    """
    return _strip(name, ignore_case=False)


def normalize_name(name: str) -> str:
    """The form in which the contract compares names.

    "The Nissan Motor Co., Ltd.'s" -> "nissan motor", so every way of writing a name meets.
    """
    text = " ".join(unicodedata.normalize("NFKC", name).split())
    text = _strip(text, ignore_case=True)
    text = _LEADING_THE.sub("", text)
    return " ".join(text.casefold().split())
