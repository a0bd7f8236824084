"""Throughput of the pressfacts pipeline next to spaCy's blank English tokenizer on the same texts.

Prints figures; asserts nothing. Run: ``python scripts/benchmark.py [CORPUS] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from pipeline.extract import extract_release
from pipeline.nlp import build_nlp
from pipeline.reader import InputError, iter_release_paths, read_release
from pipeline.rules import PATTERNS_DIR


def _best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default="corpus", type=Path)
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per measurement; the best counts"
    )
    args = parser.parse_args()

    releases = []
    for path in iter_release_paths(args.corpus):
        try:
            releases.append(read_release(path))
        except InputError:
            continue
    texts = [r.body for r in releases]
    blank = spacy.blank("en")
    tokens = sum(len(blank.make_doc(t)) for t in texts)

    started = time.perf_counter()
    nlp = build_nlp()
    build_seconds = time.perf_counter() - started

    blank_s = _best_of(args.repeat, lambda: [blank.make_doc(t) for t in texts])
    full_s = _best_of(
        args.repeat, lambda: [extract_release(nlp, r, None, PATTERNS_DIR) for r in releases]
    )
    print(
        f"documents: {len(texts)}, tokens: {tokens}, pipeline build: {build_seconds:.2f} s (once)"
    )
    print(f"{'what':<36}{'docs/s':>10}{'tokens/s':>12}{'x blank':>9}")
    for name, seconds in (
        ("spacy.blank('en') tokenizer", blank_s),
        ("pressfacts extract (records)", full_s),
    ):
        print(
            f"{name:<36}{len(texts) / seconds:>10.1f}{tokens / seconds:>12.0f}"
            f"{seconds / blank_s:>9.1f}"
        )
    for pipe_name, component in nlp.pipeline:
        docs = [nlp.make_doc(t) for t in texts]
        for earlier, proc in nlp.pipeline:
            if earlier == pipe_name:
                break
            docs = [proc(d) for d in docs]
        seconds = _best_of(args.repeat, lambda c=component, ds=docs: [c(d) for d in ds])
        print(f"  component {pipe_name:<26}{tokens / seconds:>22.0f}")


if __name__ == "__main__":
    main()
