"""Find and read records by doc_id or path, failing with one line a user can act on.

``show``, ``render`` and ``table`` read records that may be stale, hand-edited or from another
schema version. Validating them with the contract's models names a bad record and its first
problem, instead of a KeyError deep inside a renderer.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from pipeline.record import Record


class RecordError(Exception):
    """A record that cannot be found or read; ``str()`` is one line."""


def resolve(ref: str, outputs: Path) -> Path:
    """The record file ``ref`` names: a path to a file, else ``outputs/<ref>.json``."""
    path = Path(ref)
    if path.is_file():
        return path
    candidate = outputs / f"{ref}.json"
    if candidate.is_file():
        return candidate
    if path.is_dir():
        raise RecordError(f"{ref}: is a folder, not a record")
    raise RecordError(f"{ref}: no such record (no file {ref}, no {candidate})")


def load(path: Path) -> Record:
    """The validated record in ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecordError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RecordError(f"{path}: not a record: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise RecordError(
            f"{path}: not a record: invalid JSON at line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}"
        ) from None
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        raise RecordError(f"{path}: not a valid record: {_first_problem(exc)}") from None


def load_ref(ref: str, outputs: Path) -> Record:
    """The record a doc_id or path names."""
    return load(resolve(ref, outputs))


def record_paths(outputs: Path) -> list[Path]:
    """Every record file in ``outputs``, in doc_id order."""
    if not outputs.is_dir():
        raise RecordError(f"{outputs}: no such folder")
    paths = sorted(outputs.glob("*.json"))
    if not paths:
        raise RecordError(f"{outputs}: no records (*.json) in this folder")
    return paths


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return " ".join(f"{where}: {first['msg']}{more}".split())
