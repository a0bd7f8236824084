"""Quoted speech: passages between double quotation marks, grouped into speaker turns.

Press releases quote people in a few fixed shapes, and the quote is often longer than a sentence:
a paragraph may open a quotation and not close it, which means (by the English convention) that
the speaker goes on in the next paragraph, which again opens with a quotation mark. So quotes
are found on the text, paragraph by paragraph, not on sentences.

Who speaks is decided elsewhere (the QUOTE rules find attributions such as "said NAME",
"NAME added:", "according to NAME"); this module only links an attribution to the passage it
touches and spreads the speaker to the passages of the same turn:

- a passage right before an attribution (``"...," said X``) or right after one
  (``X said: "..."``) is X's;
- other passages of the same paragraph are the speaker's of the nearest attributed passage there
  (``"...," said X. "More."``);
- a paragraph that continues an unclosed quotation is the same turn;
- a paragraph that opens with a quotation mark and has no attribution of its own is the speaker's
  of the quotation paragraph right before it, as a turn of its own.

A turn is reported once, with its first passage: the contract checks that the predicted quote
contains the expected beginning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

OPENING = frozenset('"“„')
CLOSING = frozenset('"”')
#: What may stand between a passage and its attribution, on one line: ",", ":", spaces, a dash.
_ATTRIBUTION_GAP = re.compile(r"^[ \t,;:.\u2013\u2014-]{0,6}$")
_PARAGRAPH = re.compile(r"[^\n]+")
#: Markdown or list decoration that may precede a paragraph's opening quotation mark.
_LEAD = re.compile(r"^[\s>*_#-]*")


@dataclass(frozen=True)
class Passage:
    """Quoted text: ``start``/``end`` include the quotation marks (``end`` is the paragraph's
    end when the quotation is not closed in it)."""

    start: int
    end: int
    text: str
    paragraph: int
    closed: bool
    continues: bool = False
    opens_paragraph: bool = False


@dataclass(frozen=True)
class Attribution:
    """Who said it and where the words saying so are (character offsets)."""

    start: int
    end: int
    speaker: object
    rule: str = ""


@dataclass
class Turn:
    """Consecutive passages of one speaker; ``attribution`` is the one that named the speaker."""

    speaker: object
    attribution: Attribution
    passages: list[Passage] = field(default_factory=list)

    @property
    def quote(self) -> str:
        """The first passage without quotation marks and trailing commas."""
        return self.passages[0].text.strip().rstrip(",").strip()

    @property
    def start(self) -> int:
        return min(self.passages[0].start, self.attribution.start)

    @property
    def end(self) -> int:
        return max(self.passages[0].end, self.attribution.end)


def find_passages(text: str) -> list[Passage]:
    """Every double-quoted passage of ``text``, paragraph by paragraph (a line is a paragraph)."""
    passages: list[Passage] = []
    previous_unclosed = False
    for number, para in enumerate(_PARAGRAPH.finditer(text)):
        base, body = para.start(), para.group()
        lead = _LEAD.match(body).end()
        opens_paragraph = lead < len(body) and body[lead] in OPENING
        found = _passages_in(body, base, number)
        if found and opens_paragraph and found[0].start == base + lead:
            found[0] = _replace(found[0], opens_paragraph=True, continues=previous_unclosed)
        passages.extend(found)
        previous_unclosed = bool(found) and not found[-1].closed
    return passages


def _replace(p: Passage, **changes: bool) -> Passage:
    values = dict(p.__dict__)
    values.update(changes)
    return Passage(**values)


def _passages_in(body: str, base: int, number: int) -> list[Passage]:
    found = []
    open_at: int | None = None
    for i, char in enumerate(body):
        if open_at is None:
            if char in OPENING:
                open_at = i
        elif char in CLOSING or (char == '"' and body[open_at] == '"'):
            found.append(Passage(base + open_at, base + i + 1, body[open_at + 1 : i], number, True))
            open_at = None
    if open_at is not None:
        found.append(Passage(base + open_at, base + len(body), body[open_at + 1 :], number, False))
    return [p for p in found if p.text.strip()]


def _touches(text: str, left: int, right: int) -> bool:
    return left <= right and _ATTRIBUTION_GAP.match(text[left:right]) is not None


def link(text: str, passages: list[Passage], attributions: Iterable[Attribution]) -> list[Turn]:
    """Group passages into turns, each with the attribution that names its speaker."""
    attributions = sorted(attributions, key=lambda a: a.start)
    own: list[Attribution | None] = []
    for p in passages:
        after = [a for a in attributions if _touches(text, p.end, a.start)]
        before = [a for a in attributions if _touches(text, a.end, p.start)]
        own.append(after[0] if after else (before[-1] if before else None))
    spoken = _spread_in_paragraphs(passages, own)
    turns: list[Turn] = []
    for k, (p, attribution) in enumerate(zip(passages, spoken, strict=True)):
        previous = turns[-1] if turns else None
        prev_passage = passages[k - 1] if k else None
        if (
            attribution is None
            and p.opens_paragraph
            and previous is not None
            and prev_passage is not None
            and (prev_passage.paragraph == p.paragraph - 1 or p.continues)
        ):
            attribution = previous.attribution  # an unattributed quotation paragraph
        if attribution is None:
            continue
        same_turn = (
            previous is not None
            and prev_passage is not None
            and previous.passages[-1] is prev_passage
            and previous.speaker == attribution.speaker
            and (prev_passage.paragraph == p.paragraph or p.continues)
        )
        if same_turn:
            previous.passages.append(p)
        else:
            turns.append(Turn(attribution.speaker, attribution, [p]))
    return turns


def _spread_in_paragraphs(
    passages: list[Passage], own: list[Attribution | None]
) -> list[Attribution | None]:
    """Unattributed passages take the attribution of the nearest attributed passage of their
    paragraph (earlier first), or of the passage they continue."""
    result = list(own)
    for k, p in enumerate(passages):
        if result[k] is not None:
            continue
        if p.continues and k and result[k - 1] is not None:
            result[k] = result[k - 1]
            continue
        same = [j for j, q in enumerate(passages) if q.paragraph == p.paragraph and own[j]]
        earlier = [j for j in same if j < k]
        later = [j for j in same if j > k]
        if earlier:
            result[k] = own[earlier[-1]]
        elif later:
            result[k] = own[later[0]]
    return result
