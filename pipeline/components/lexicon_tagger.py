"""Tags tokens with the closed classes they belong to and whether they can be part of a name.

Sets ``Token._.lex`` (list of lexicon tags such as ``GPE_CITY`` or ``TITLE``) and ``Token._.nm``
(name-like: capitalised, mixed-case or alphanumeric like "NV200", and not an everyday word at the
start of a sentence) and ``Token._.open`` (name-like and in no closed class: the stuff of
invented names such as people, models and companies) and ``Token._.name_part`` (name-like or a
small joiner such as "of", "&", "(" that names may contain). Every lexicon phrase is also kept in ``doc.spans["lexicon"]`` with its
canonical form as ``kb_id_``, so "Calif." can become "California" later. Token patterns read
both attributes: ``{"_": {"lex": {"INTERSECTS": ["TITLE"]}}}``, ``{"_": {"nm": true}}``.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from wordfreq import zipf_frequency

from pipeline.lexicons import load_lexicons
from pipeline.rules import PATTERNS_DIR

#: A capitalised sentence-initial word this frequent in English ("Today", "Looking") is no name.
SENTENCE_START_ZIPF = 4.0
#: Small words that may join two title words into one title ("President and CEO").
TITLE_JOINERS = frozenset({"and", "&", "of", "for"})
NOT_NAME_TAGS = frozenset({"GENERIC", "HONORIFIC"})
#: Closed classes whose words are often also parts of invented names ("Sakura", "Austin").
AMBIGUOUS_TAGS = frozenset({"GPE_CITY"})

#: Small words and marks that may stand inside a name ("Hall of Fame (JAHFA)", "Frost & Sullivan").
NAME_JOINERS = frozenset({"of", "&", "(", ")", "-", "for", "de", "du", "von", "van", "der", "and"})

for _name, _default in (("lex", None), ("nm", False), ("open", False), ("name_part", False)):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)


def _looks_like_name(token: Token) -> bool:
    text = token.text
    if not any(ch.isalpha() for ch in text) or token.is_space:
        return False
    has_upper = any(ch.isupper() for ch in text)
    has_digit = any(ch.isdigit() for ch in text)
    return has_upper or (has_digit and text[:1].isalpha())


@Language.factory(
    "pressfacts_lexicon",
    default_config={"lexicon_dir": None},
)
def make_lexicon_tagger(nlp: Language, name: str, lexicon_dir: str | None) -> LexiconTagger:
    folder = Path(lexicon_dir) if lexicon_dir else PATTERNS_DIR / "lexicons"
    return LexiconTagger(nlp, name, folder)


class LexiconTagger:
    """PhraseMatcher over every lexicon; one pass per document."""

    def __init__(self, nlp: Language, name: str, lexicon_dir: Path):
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.canonical: dict[tuple[str, str], str] = {}
        for lexicon in load_lexicons(lexicon_dir):
            phrases = []
            for term, canonical in lexicon.items():
                self.canonical[(lexicon.tag, term)] = canonical
                phrases.append(nlp.make_doc(term))
            self.matcher.add(lexicon.tag, phrases)
        self._everyday: dict[str, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        tags: list[set[str]] = [set() for _ in doc]
        spans = []
        for match_id, start, end in self.matcher(doc):
            tag = doc.vocab.strings[match_id]
            span = Span(doc, start, end, label=tag)
            span.kb_id_ = self.canonical.get((tag, span.text), span.text)
            spans.append(span)
            for i in range(start, end):
                tags[i].add(tag)
        self._join_titles(doc, tags)
        for token, token_tags in zip(doc, tags, strict=True):
            token._.lex = sorted(token_tags)
            token._.nm = self._is_name_token(token, token_tags)
            token._.open = token._.nm and token_tags <= AMBIGUOUS_TAGS
            token._.name_part = token._.nm or token.text in NAME_JOINERS
        doc.spans["lexicon"] = spans
        doc.spans["lexicon_longest"] = filter_spans(spans)
        return doc

    @staticmethod
    def _join_titles(doc: Doc, tags: list[set[str]]) -> None:
        """Tag "and"/"of" between two title words as title, so a title is one run of tokens."""
        for i in range(1, len(doc) - 1):
            if doc[i].lower_ in TITLE_JOINERS and "TITLE" in tags[i - 1] and "TITLE" in tags[i + 1]:
                tags[i].add("TITLE")

    def _is_name_token(self, token: Token, tags: set[str]) -> bool:
        if tags & NOT_NAME_TAGS or not _looks_like_name(token):
            return False
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
