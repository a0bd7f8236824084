"""Builds the pressfacts spaCy pipeline on ``spacy.blank("en")``: no model, nothing downloaded."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language

# importing the components registers their factories
from pipeline.components import (  # noqa: F401
    canonical,
    dates,
    entity_ruler,
    lexicon_tagger,
    quantities,
    relations,
    sentences,
)
from pipeline.lexicons import load_lexicons
from pipeline.pattern_check import validate_patterns
from pipeline.rules import PATTERNS_DIR

PIPE_NAMES = (
    "pressfacts_sentences",
    "pressfacts_lexicon",
    "pressfacts_entities",
    "pressfacts_canonical",
    "pressfacts_dates",
    "pressfacts_quantities",
    "pressfacts_relations",
)


def build_nlp(patterns_dir: Path = PATTERNS_DIR) -> Language:
    """A blank English pipeline with the pressfacts components, reading rules from patterns_dir.

    The whole pattern set is checked first, so a bad set fails with every problem as
    ``file:line id: reason`` (PatternError), not with the first component's or a traceback."""
    validate_patterns(patterns_dir)
    nlp = spacy.blank("en")
    split_slashes(nlp)
    keep_abbreviations(nlp, patterns_dir / "lexicons")
    nlp.add_pipe("pressfacts_sentences")
    nlp.add_pipe("pressfacts_lexicon", config={"lexicon_dir": str(patterns_dir / "lexicons")})
    nlp.add_pipe("pressfacts_entities", config={"patterns_dir": str(patterns_dir)})
    nlp.add_pipe("pressfacts_canonical")
    config = {"patterns_dir": str(patterns_dir)}
    nlp.add_pipe("pressfacts_dates", config=config)
    nlp.add_pipe("pressfacts_quantities", config=config)
    nlp.add_pipe("pressfacts_relations", config=config)
    return nlp


#: Newswire joints, tried before spaCy's own infixes: "Malaysia--(BUSINESS WIRE)--March 4,
#: 2025--Cobalt Ridge" is words, dashes and brackets, not "2025", "-", "-Cobalt".
NEWSWIRE_INFIXES = (r"-{2,}", r"(?<=-)\(", r"\)(?=-)")


def split_slashes(nlp: Language) -> None:
    """Split slashes off words as newswires write them ("/PRNewswire/" is three tokens), and
    double hyphens with the brackets they hold ("--(BUSINESS WIRE)--")."""
    prefixes = [*nlp.Defaults.prefixes, "/"]
    suffixes = [*nlp.Defaults.suffixes, "/"]
    infixes = [*NEWSWIRE_INFIXES, *nlp.Defaults.infixes]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


#: Lexicon classes whose abbreviations keep their period: "Pte." is not "Pte" + a full stop.
ABBREVIATION_TAGS = frozenset({"LEGAL", "TITLE", "HONORIFIC"})


def keep_abbreviations(nlp: Language, lexicon_dir: Path) -> None:
    """One token for each closed-class abbreviation the tokenizer would split ("Pte.", "Bhd.",
    "Pty."): split off, its period ends a sentence inside a company name."""
    for lexicon in load_lexicons(lexicon_dir):
        if lexicon.tag not in ABBREVIATION_TAGS:
            continue
        for term, _ in lexicon.items():
            for word in term.split():
                if word.endswith(".") and len(nlp.tokenizer(word)) > 1:
                    nlp.tokenizer.add_special_case(word, [{ORTH: word}])


@cache
def shared_nlp(patterns_dir: Path = PATTERNS_DIR) -> Language:
    """One pipeline per pattern folder per process: building it loads lexicons and rules."""
    return build_nlp(patterns_dir)
