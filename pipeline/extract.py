"""From a read press release and its spaCy doc to a validated record, written atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import SCHEMA_VERSION, __version__
from pipeline.dateline import find_dateline
from pipeline.reader import InputError, Release
from pipeline.record import Entity, PipelineInfo, Record
from pipeline.rules import patterns_digest

#: Front-matter keys that have a field of their own in the record; the rest goes to ``meta``.
OWN_FIELDS = ("title", "published")


@dataclass(frozen=True)
class Anchor:
    """The publication date and where it came from."""

    date: dt.date | None
    source: str | None


def _as_date(value: object, release: Release) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(
            release.source, f"front matter 'published' is not a date: {value!r}"
        ) from None


def publication_anchor(release: Release, option: dt.date | None) -> Anchor:
    """The option first, then front matter ``published``, then the dateline, else none."""
    if option is not None:
        return Anchor(option, "option")
    if release.front_matter.get("published") not in (None, ""):
        return Anchor(_as_date(release.front_matter["published"], release), "front_matter")
    dateline = find_dateline(release.body)
    if dateline is not None:
        return Anchor(dateline.date, "dateline")
    return Anchor(None, None)


def entities_of(doc: Doc) -> list[Entity]:
    return [
        Entity(
            id=f"E{i}",
            label=ent.label_,
            text=ent.text,
            start=ent.start_char,
            end=ent.end_char,
            canonical=ent._.canonical or ent.text,
            pattern=ent.id_,
            brand=ent._.brand if ent.label_ == "PRODUCT" else None,
        )
        for i, ent in enumerate(doc.ents, start=1)
    ]


def build_record(release: Release, doc: Doc, anchor: Anchor, patterns_dir: Path) -> Record:
    """Assemble and validate the record of one release."""
    return Record(
        schema_version=SCHEMA_VERSION,
        doc_id=release.doc_id,
        source=release.source,
        sha256=release.sha256,
        title=release.title,
        published=anchor.date.isoformat() if anchor.date else None,
        published_from=anchor.source,
        meta={k: v for k, v in release.front_matter.items() if k not in OWN_FIELDS},
        text=release.body,
        entities=entities_of(doc),
        dates=[],
        quantities=[],
        relations=[],
        pipeline=PipelineInfo(version=__version__, patterns_sha256=patterns_digest(patterns_dir)),
    )


def record_json(record: Record) -> str:
    """The record as the contract writes it: 2-space indent, UTF-8, no null ``brand`` keys."""
    data = record.model_dump(mode="json")
    for entity in data["entities"]:
        if entity.get("brand") is None:
            entity.pop("brand", None)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside ``path`` and rename it, so no half record is ever left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def extract_release(
    nlp: Language, release: Release, published: dt.date | None, patterns_dir: Path
) -> Record:
    """Run the pipeline with the publication date known to its components before they run."""
    anchor = publication_anchor(release, published)
    doc = nlp.make_doc(release.body)
    doc.user_data["published"] = anchor.date
    for _, component in nlp.pipeline:
        doc = component(doc)
    return build_record(release, doc, anchor, patterns_dir)
