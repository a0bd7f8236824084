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
from pipeline.components.quantities import SPANS_KEY as QUANTITIES_KEY
from pipeline.components.relations import RELATIONS_KEY
from pipeline.dateline import find_dateline
from pipeline.reader import InputError, Release
from pipeline.record import DateItem, Entity, PipelineInfo, Quantity, Record, Relation
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


def dates_of(doc: Doc) -> list[DateItem]:
    """The record items of ``doc.spans["dates"]``, numbered D1, D2... in text order."""
    return [
        DateItem(
            id=f"D{i}",
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            type=span._.timex["type"],
            value=span._.timex["value"],
            mod=span._.timex.get("mod"),
            relative=bool(span._.timex.get("relative")),
            pattern=span.id_,
        )
        for i, span in enumerate(doc.spans.get("dates", []), start=1)
    ]


def quantities_of(doc: Doc) -> list[Quantity]:
    """The record items of ``doc.spans["quantities"]``, numbered Q1, Q2... in text order."""
    items = []
    for number, span in enumerate(doc.spans.get(QUANTITIES_KEY, []), start=1):
        data = span._.quantity or {}
        items.append(
            Quantity(
                id=f"Q{number}",
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                kind=data["kind"],
                value=data["value"],
                unit=data["unit"],
                mod=data.get("mod"),
                pattern=span.id_,
            )
        )
    return items


def relations_of(
    doc: Doc, entities: list[Entity], dates: list[DateItem], quantities: list[Quantity]
) -> list[Relation]:
    """The relations of ``doc.user_data["relations"]`` with their arguments as record ids:
    entity indexes become ``E`` ids, ``("date", i)`` a ``D`` id, ``("quantity", i)`` a ``Q`` id."""
    ids = {"date": [d.id for d in dates], "quantity": [q.id for q in quantities]}

    def as_id(value: object) -> str | list[str] | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int):
            return entities[value].id
        if isinstance(value, tuple):
            kind, index = value
            return ids[kind][index]
        return [as_id(item) for item in value]

    return [
        Relation(
            id=f"R{i}",
            type=rel["type"],
            args={name: as_id(value) for name, value in rel["args"].items()},
            start=rel["start"],
            end=rel["end"],
            pattern=rel["pattern"],
        )
        for i, rel in enumerate(doc.user_data.get(RELATIONS_KEY, []), start=1)
    ]


def build_record(release: Release, doc: Doc, anchor: Anchor, patterns_dir: Path) -> Record:
    """Assemble and validate the record of one release."""
    entities = entities_of(doc)
    dates = dates_of(doc)
    quantities = quantities_of(doc)
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
        entities=entities,
        dates=dates,
        quantities=quantities,
        relations=relations_of(doc, entities, dates, quantities),
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
