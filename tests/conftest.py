"""Shared fixtures: one pipeline per test session, built from the project's own patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.nlp import build_nlp

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def nlp():
    return build_nlp()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
