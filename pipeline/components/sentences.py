"""Sentence boundaries for press releases: terminal punctuation and line breaks.

spaCy's sentencizer ignores line breaks, but headlines, datelines and list items in press releases
end at a newline without a period; without this, a headline would run into the first sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = frozenset({".", "!", "?", "…"})
CLOSERS = frozenset({'"', "”", "’", "'", ")", "]"})


@Language.component("pressfacts_sentences")
def set_sentence_starts(doc: Doc) -> Doc:
    """Start a sentence after terminal punctuation (and its closing quotes) or a line break."""
    start_next = True
    for token in doc:
        if start_next and not token.is_space and token.text not in CLOSERS:
            token.is_sent_start = True
            start_next = False
        else:
            token.is_sent_start = not token.i
        if (
            token.text in TERMINALS
            or "\n" in token.text_with_ws[len(token.text) :]
            or (token.is_space and "\n" in token.text)
        ):
            start_next = True
    return doc
