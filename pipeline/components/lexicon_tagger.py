"""A rule-based tagger: sets ``Token.tag_`` to the token's word class, for patterns to read.

``TAG`` is free in a blank pipeline, and the Matcher compares it natively, which is many times
faster than testing custom ``_`` attributes. The classes are:

- a closed class from the lexicons (``TITLE``, ``LEGAL``, ``ORG_HEAD``, ``GPE_CITY``, ``MONTH``...):
  when several apply, the longest phrase wins, then the earlier class in ``TAG_PRIORITY``;
- ``NAME``: a word that can be part of an invented name (capitalised, mixed case such as "eK",
  all caps, or letters with digits such as "NV200") and is in no closed class and no everyday word
  opening a sentence ("Today", "Looking");
- ``JOIN``: a small word that names may contain ("of", "&", "(", "-": "Hall of Fame (JAHFA)");
- ``_`` (CoNLL-U's "unspecified") for every other token: a tag on every token tells spaCy's
  Matcher that the doc is tagged, so TAG patterns run on a text with no class word at all
  ("the deal closed.") instead of raising E155.

Every lexicon phrase is also kept in ``doc.spans["lexicon"]`` with its canonical form as
``kb_id_``, so "Calif." can become "California" later.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from pipeline.lexicons import load_lexicons
from pipeline.rules import PATTERNS_DIR

#: A capitalised sentence-initial word this frequent in English ("Today", "Looking") is no name.
SENTENCE_START_ZIPF = 4.0
#: In a title-cased headline only words rarer than this count as names ("Aurion", not "Launches").
HEADLINE_WORD_ZIPF = 3.0
HEADLINE_MIN_WORDS = 3
#: Small words that may join two title words into one title ("President and CEO").
TITLE_JOINERS = frozenset({"and", "&", "of", "for", ","})
#: Small words and marks that may stand inside a name.
NAME_JOINERS = frozenset({"of", "&", "(", ")", "-", "for", "de", "du", "von", "van", "der"})
#: Which class a token gets when it is in several (after the longest phrase).
TAG_PRIORITY = (
    "LEGAL", "HONORIFIC", "GENERIC", "DEMONYM", "MONTH", "FAC_HEAD", "ORG_HEAD", "TITLE",
    "LOC_HEAD", "GPE_HEAD", "GPE_COUNTRY", "GPE_SUBDIVISION", "LOC_REGION", "GPE_CITY", "US_POSTAL",
)  # fmt: skip
NAME = "NAME"
JOIN = "JOIN"
OTHER = "_"
LEGAL = "LEGAL"
#: Title words may join across these classes: "Chief Technology Officer".
TITLE_INNER = frozenset({"ORG_HEAD", "FAC_HEAD", NAME})


_DIGIT_AFTER_LETTER = re.compile(r"^[^\W\d_].*\d")


def looks_like_name(token: Token) -> bool:
    """Capitals anywhere ("eK", "NMKV", "Sakura") or a letter first and a digit later ("NV200")."""
    text = token.text
    return text.lower() != text or _DIGIT_AFTER_LETTER.match(text) is not None


@Language.factory("pressfacts_lexicon", default_config={"lexicon_dir": None})
def make_lexicon_tagger(nlp: Language, name: str, lexicon_dir: str | None) -> LexiconTagger:
    folder = Path(lexicon_dir) if lexicon_dir else PATTERNS_DIR / "lexicons"
    return LexiconTagger(nlp, name, folder)


class LexiconTagger:
    """One PhraseMatcher over every lexicon, one pass per document."""

    def __init__(self, nlp: Language, name: str, lexicon_dir: Path):
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.canonical: dict[tuple[str, str], str] = {}
        self.rank: dict[str, int] = {}
        for lexicon in load_lexicons(lexicon_dir):
            phrases = []
            for term, canonical in lexicon.items():
                self.canonical[(lexicon.tag, term)] = canonical
                phrases.append(nlp.make_doc(term))
            self.matcher.add(lexicon.tag, phrases)
            self.rank[lexicon.tag] = (
                TAG_PRIORITY.index(lexicon.tag)
                if lexicon.tag in TAG_PRIORITY
                else len(TAG_PRIORITY)
            )
        self._everyday: dict[str, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        best: dict[int, tuple[int, int, str]] = {}
        spans = []
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            tag = strings[match_id]
            span = Span(doc, start, end, label=tag)
            span.kb_id_ = self.canonical.get((tag, span.text), span.text)
            spans.append(span)
            key = (end - start, -self.rank[tag], tag)
            for i in range(start, end):
                if i not in best or key > best[i]:
                    best[i] = key
        headline_tokens = title_cased_tokens(doc)
        for token in doc:
            if token.i in best:
                token.tag_ = best[token.i][2]
            elif self._is_name(token, token.i in headline_tokens):
                token.tag_ = NAME
            elif token.text in NAME_JOINERS:
                token.tag_ = JOIN
            else:
                token.tag_ = OTHER
        join_titles(doc)
        doc.spans["lexicon"] = spans
        return doc

    def _is_name(self, token: Token, in_headline: bool) -> bool:
        if not looks_like_name(token):
            return False
        if token.is_stop and token.is_title and not _follows_name(token):
            # "The", "We", "Our" after an opening quote open no name; "Pinecrest Go" goes on one
            return False
        if in_headline:
            return zipf_frequency(token.lower_, "en") < HEADLINE_WORD_ZIPF
        if token.is_sent_start and not token.is_upper and self._is_everyday(token.lower_):
            # "Looking ahead", "Today, ..." are no names; "Maria Lopez said" is one
            following = token.nbor(1) if token.i + 1 < len(token.doc) else None
            return bool(
                following is not None
                and not token.is_stop
                and following.text[:1].isupper()
                and following.is_alpha
            )
        return True

    def _is_everyday(self, word: str) -> bool:
        known = self._everyday.get(word)
        if known is None:
            known = self._everyday[word] = zipf_frequency(word, "en") >= SENTENCE_START_ZIPF
        return known


def _follows_name(token: Token) -> bool:
    return token.i > 0 and looks_like_name(token.doc[token.i - 1])


def title_cased_tokens(doc: Doc) -> set[int]:
    """Tokens of sentences written in title case ("Aurion Launches Sonata H9 Headphones"), where
    capitals say nothing about names."""
    found: set[int] = set()
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha and not t.is_stop and len(t) > 2]
        last = next((t for t in reversed(sent) if not t.is_space), None)
        if last is None or last.text in {".", "!", "?"}:
            continue
        if any(t.is_space and "\n" in t.text for t in sent if t.i < last.i):
            continue  # a headline is one line; "Media Contact:" and the name below are not
        if len(words) >= HEADLINE_MIN_WORDS and all(t.text[:1].isupper() for t in words):
            found.update(t.i for t in sent)
    return found


def join_titles(doc: Doc) -> None:
    """Make a title one run of TITLE tokens: "President and Chief Technology Officer"."""
    i = 0
    n = len(doc)
    while i < n:
        if doc[i].tag_ != "TITLE":
            i += 1
            continue
        j = i + 1
        while (
            j < n
            and (doc[j].text in TITLE_JOINERS or doc[j].tag_ in TITLE_INNER)
            and doc[j].text != ","
        ):
            j += 1
        if (
            j < n
            and j > i + 1
            and doc[j].tag_ == "TITLE"
            and doc[j].text[:1].isupper() == doc[i].text[:1].isupper()
        ):
            for k in range(i + 1, j):
                doc[k].tag_ = "TITLE"
        i = j if j > i + 1 and j < n and doc[j].tag_ == "TITLE" else i + 1
