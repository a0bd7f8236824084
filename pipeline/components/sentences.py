"""Sentence boundaries for press releases: terminal punctuation and line breaks (except after
a colon, which leads into the next line: "Media Contact:" then the name).

spaCy's sentencizer ignores line breaks, but headlines, datelines and list items in press releases
end at a newline without a period; without this, a headline would run into the first sentence.
Boundaries are written in one array call, which is several times faster than token by token.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = frozenset({".", "!", "?", "…"})
CLOSERS = frozenset({'"', "”", "’", "'", ")", "]"})
#: Lower-case abbreviations that keep their period inside a sentence ("vs. Acme").
INNER_ABBREVIATIONS = frozenset({"vs", "cf", "al"})
MAX_UNIT_ABBREVIATION = 3


def ends_with_unit_period(text: str) -> bool:
    """spaCy keeps the period on short lower-case words ("km/h.", "1.4 t."); before a capital
    that period ends the sentence. Capitalised ones ("J.", "Inc.") are initials and names."""
    word = text[:-1].rpartition("/")[2]
    return (
        text.endswith(".")
        and 0 < len(word) <= MAX_UNIT_ABBREVIATION
        and word.isalpha()
        and word.islower()
        and word not in INNER_ABBREVIATIONS
    )


def sentence_starts(doc: Doc) -> list[int]:
    """1 for a token that starts a sentence, -1 for any other (spaCy's SENT_START values)."""
    starts = []
    start_next = True
    colon = False  # the last word token was a colon: "Media Contact:" leads into the next line
    for token in doc:
        text = token.text
        if start_next and not token.is_space and text not in CLOSERS:
            starts.append(1)
            start_next = False
        else:
            starts.append(1 if not starts else -1)
        line_break = "\n" in token.whitespace_ or (token.is_space and "\n" in text)
        if not token.is_space:
            colon = text == ":"
        if (
            text in TERMINALS
            or (line_break and not colon)
            or (
                ends_with_unit_period(text) and token.i + 1 < len(doc) and doc[token.i + 1].is_title
            )
        ):
            start_next = True
    return starts


@Language.component("pressfacts_sentences")
def set_sentence_starts(doc: Doc) -> Doc:
    """Start a sentence after terminal punctuation (and its closing quotes) or a line break."""
    if len(doc):
        values = numpy.asarray(sentence_starts(doc), dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
    return doc
