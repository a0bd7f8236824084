"""Highlighted text drawn by displaCy's span renderer, which stacks overlapping spans.

Records overlap (a date inside an award name, a unit inside a quantity), which displaCy's
``ent`` style cannot draw, so the ``span`` style is used in manual mode. Its input is tokens
and token-indexed spans; the tokens here are cut at white space and at every mark boundary, so
the text reads as written rather than as some tokenizer splits it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from spacy import displacy
from spacy.displacy.templates import TPL_SPAN, TPL_SPAN_SLICE, TPL_SPAN_START

#: Appended to a token that displaCy must not follow with its usual space: "(" before a
#: highlighted "KHBS". Removed, with that space, from the markup.
_GLUE = "\u2060"


def _compact(template: str) -> str:
    """displaCy's template without the line breaks around the token, so "Tokyo," and
    "Nissan's" keep no space after the highlighted word."""
    return re.sub(r"\s*\n\s*", "", template)


_TEMPLATE = {
    "span": _compact(TPL_SPAN),
    "slice": _compact(TPL_SPAN_SLICE),
    "start": _compact(TPL_SPAN_START),
}


@dataclass(frozen=True)
class Mark:
    """A highlighted range of the text, with offsets into it.

    ``ref`` is shown after the label and links to ``href`` (an item's row in the page).
    """

    start: int
    end: int
    label: str
    ref: str = ""
    href: str = ""


def render_marks(text: str, marks: list[Mark], colors: dict[str, str]) -> str:
    """``text`` as displaCy span markup with ``marks`` underlined and labelled."""
    tokens, spans = _tokens_and_spans(text, marks)
    data = {"text": text, "tokens": tokens, "spans": spans}
    options = {"colors": colors, "template": _TEMPLATE}
    markup = displacy.render(data, style="span", manual=True, options=options, jupyter=False)
    return markup.replace(_GLUE + " ", "")


def _tokens_and_spans(text: str, marks: list[Mark]) -> tuple[list[str], list[dict]]:
    marks = [m for m in (_trim(text, m) for m in marks) if m is not None]
    cuts = {0, len(text)}
    for match in re.finditer(r"\s+", text):
        cuts.update(match.span())
    for mark in marks:
        cuts.update((mark.start, mark.end))
    bounds = sorted(cuts)
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    index = {start: i for i, (start, _) in enumerate(pieces)}
    index[len(text)] = len(pieces)
    spans = [_span(mark, index) for mark in marks]
    inside = set()
    for span in spans:
        inside.update(range(span["start_token"], span["end_token"]))
    tokens = []
    for i, (a, b) in enumerate(pieces):
        token = text[a:b]
        glued = i + 1 < len(pieces) and not token.isspace() and not text[b].isspace()
        tokens.append(token + _GLUE if glued and i not in inside else token)
    return tokens, spans


def _trim(text: str, mark: Mark) -> Mark | None:
    """The mark inside the text, without white space at its ends (displaCy draws no label on a
    white-space token); None when nothing is left."""
    start, end = max(0, mark.start), min(len(text), mark.end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Mark(start, end, mark.label, mark.ref, mark.href)


def _span(mark: Mark, index: dict[int, int]) -> dict:
    span = {
        "start_token": index[mark.start],
        "end_token": index[mark.end],
        "label": html.escape(mark.label),
    }
    if mark.ref:
        span["kb_id"] = html.escape(mark.ref)
        span["kb_url"] = html.escape(mark.href or "#", quote=True)
    return span
