"""Reading press releases from disk: decoding, front matter, HTML to text, title (spec section 1).

Everything downstream works on ``Release.body``; all record offsets index into it. Bad input
never raises anything but ``InputError``, whose one-line message names the file and the reason,
so a batch run can report a broken file and go on with the next.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
)
from bs4.element import PageElement, ProcessingInstruction
from charset_normalizer import from_bytes

from pipeline.dateline import find_dateline, is_date_only

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

MAX_TITLE_CHARS = 200
# Share of control characters above which decoded "text" is taken for binary data.
MAX_CONTROL_SHARE = 0.05
# When charset-normalizer hesitates between single-byte code pages, prefer the Western legacy
# default (as browsers do) if it is about as clean: it is what English releases are written in.
LEGACY_DEFAULT = "cp1252"
LEGACY_CHAOS_MARGIN = 0.1

# HTML elements that never hold article text.
DROPPED_TAGS = (
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "template", "svg", "button", "select", "head",
)  # fmt: skip
# Class or id words that mark page furniture around an article.
BOILERPLATE_MARKERS = (
    "cookie", "banner", "menu", "breadcrumb", "share", "social", "newsletter", "sidebar",
    "related", "advert",
)  # fmt: skip
# Elements that each make their own paragraph.
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})
CONTAINERS = ("html", "body", "article", "main")
CELL_SEPARATOR = " | "

_BOILERPLATE_WORD = re.compile(
    rf"(?:{'|'.join(BOILERPLATE_MARKERS)})(?:s|bar|box|ing|isements?|ising)?"
)
_NAME_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_ATX_MARKS = re.compile(r"^#{1,6}(?:[ \t]+|$)|[ \t]+#+[ \t]*$")
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_FENCE = "---"
_FENCE_ENDS = ("---", "...")


class InputError(Exception):
    """A press release that cannot be read, with the file and a reason a user can act on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        reason = " ".join(str(reason).split())
        super().__init__(path, reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path.as_posix()}: {self.reason}"


@dataclass(frozen=True)
class Release:
    """One press release as the pipeline sees it: the body and what is known about it."""

    doc_id: str
    source: str
    sha256: str
    body: str
    front_matter: dict[str, Any]
    title: str | None
    html_title: str | None = None
    encoding: str = "utf-8"


# ---------------------------------------------------------------- files


def iter_release_paths(folder: Path) -> list[Path]:
    """The supported, non-hidden files directly in folder, sorted by name (a stable run order)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "not a folder")
    return sorted(
        (
            path
            for path in folder.iterdir()
            if not path.name.startswith(".")
            and path.suffix.lower() in SUPPORTED_SUFFIXES
            and path.is_file()
        ),
        key=lambda path: path.name,
    )


def read_release(path: Path) -> Release:
    """Read one press release; any problem with the file raises InputError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {path.suffix or '(none)'!r}")
    raw = _read_bytes(path)
    text, encoding = decode(raw, path)
    if suffix in HTML_SUFFIXES:
        body, html_title, h1 = html_to_text(text, path)
        front_matter: dict[str, Any] = {}
        title = h1 or headline(body)
    else:
        front_matter, body = split_front_matter(text, path)
        html_title = None
        title = _front_matter_title(front_matter) or headline(body)
    return Release(
        doc_id=path.stem,
        source=path.as_posix(),
        sha256=hashlib.sha256(raw).hexdigest(),
        body=body,
        front_matter=front_matter,
        title=title,
        html_title=html_title,
        encoding=encoding,
    )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; an unreadable or empty file is an InputError."""
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read file: {error.strerror or error}") from error
    if not raw:
        raise InputError(path, "file is empty")
    return raw


# ---------------------------------------------------------------- decoding


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding) of raw bytes: UTF-8 first, else a detected encoding; \\n line ends.

    Raises InputError for binary data, undecodable bytes and files without any text.
    """
    text, encoding = _decode_bytes(raw, path)
    text = _LINE_BREAKS.sub("\n", text)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(path, "binary content, not text")
    if not text:
        raise InputError(path, "file is empty")
    if not text.strip():
        raise InputError(path, "file contains only whitespace")
    return text, encoding


def _decode_bytes(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode by byte-order mark, then strict UTF-8, then charset-normalizer's best guess."""
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding, path), encoding
    if b"\x00" in raw or len(_BINARY_BYTES.findall(raw)) > MAX_CONTROL_SHARE * len(raw):
        raise InputError(path, "binary content, not text")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    encoding = _detect_encoding(raw)
    if encoding is None:
        raise InputError(
            path,
            f"cannot decode text: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no other encoding fits",
        )
    return _strict(raw, encoding, path), encoding


# UTF-32 first: its little-endian mark starts with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _strict(raw: bytes, encoding: str, path: Path) -> str:
    """raw decoded strictly, so that a wrong guess is an InputError, not mojibake."""
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(path, f"cannot decode text as {encoding}: {error}") from error


def _detect_encoding(raw: bytes) -> str | None:
    """charset-normalizer's guess, tilted toward the Western default among near-equal guesses."""
    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        fits = LEGACY_DEFAULT in (match.encoding, *match.could_be_from_charset)
        if fits and match.chaos <= best.chaos + LEGACY_CHAOS_MARGIN:
            return LEGACY_DEFAULT
    return best.encoding


def _control_share(text: str) -> float:
    """The share of characters that are control codes other than ordinary whitespace."""
    if not text:
        return 0.0
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    return controls / len(text)


# ---------------------------------------------------------------- front matter


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a text file; front matter only when the first line is '---'."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        return {}, _trim_body(text)
    closing = next(
        (index for index, line in enumerate(lines[1:], 1) if line.rstrip() in _FENCE_ENDS), None
    )
    if closing is None:
        raise InputError(path, "front matter starts with '---' but has no closing '---' line")
    front_matter = _parse_yaml("\n".join(lines[1:closing]), path)
    body = _trim_body("\n".join(lines[closing + 1 :]))
    if not body:
        raise InputError(path, "no text after front matter")
    return front_matter, body


def _parse_yaml(source: str, path: Path) -> dict[str, Any]:
    """The front matter mapping with JSON-safe values; line numbers in errors count in the file."""
    try:
        data = yaml.safe_load(source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = error.problem or error.context or "syntax error"
        raise InputError(path, f"front matter is not valid YAML{where}: {problem}") from error
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise InputError(path, f"front matter is not valid YAML: {error}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, f"front matter is not a mapping but a {type(data).__name__}")
    return {str(key): json_safe(value) for key, value in data.items()}


def json_safe(value: Any) -> Any:
    """value with YAML-only types made JSON-safe: dates to ISO strings, sets to lists, ..."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [json_safe(item) for item in items]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _front_matter_title(front_matter: dict[str, Any]) -> str | None:
    """front matter `title` when it is a non-empty scalar."""
    title = front_matter.get("title")
    if isinstance(title, str | int | float) and not isinstance(title, bool):
        text = " ".join(str(title).split())
        return text or None
    return None


def _trim_body(text: str) -> str:
    """text without leading blank lines and trailing white space (indentation is kept)."""
    return re.sub(r"\A(?:[^\S\n]*\n)+", "", text).rstrip()


# ---------------------------------------------------------------- title


def headline(body: str) -> str | None:
    """The body's first non-empty line when it reads as a headline, else None.

    A headline is short, has letters, does not end a sentence with a period and is neither a
    dateline nor a bare date; markdown '#' marks are dropped from the title (not the body).
    """
    first = next((line for line in body.split("\n") if line.strip()), "")
    title = _collapse(_ATX_MARKS.sub("", first.strip()))
    if not title or len(title) > MAX_TITLE_CHARS or title.endswith("."):
        return None
    if not any(char.isalpha() for char in title) or is_date_only(title):
        return None
    if find_dateline(first) is not None:
        return None
    return title


# ---------------------------------------------------------------- HTML


def html_to_text(html: str, path: Path) -> tuple[str, str | None, str | None]:
    """(body, <title>, first <h1>) of an HTML page, with page furniture removed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    html_title = _collapse(soup.title.get_text()) if soup.title else None
    _drop_boilerplate(soup)
    for container in _containers(soup):
        body = _block_text(container)
        if body:
            h1 = container.find("h1") or soup.find("h1")
            return body, html_title or None, _collapse(h1.get_text()) if h1 else None
    raise InputError(path, "no article text in HTML")


def _containers(soup: BeautifulSoup) -> list[Tag]:
    """Where the article text is, best first: the fullest <article>, <main>, <body>, the page."""
    articles = sorted(soup.find_all("article"), key=lambda tag: -len(tag.get_text(strip=True)))
    mains = soup.find_all("main")
    body = soup.find("body")
    return [*articles, *mains, *([body] if body else []), soup]


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    """Remove non-content nodes, navigation and elements marked as page furniture.

    Subtrees are extracted, not decomposed: extracting one again when an ancestor already went
    is harmless, while bs4's ``decomposed`` check costs a tree search per tag.
    """
    for node in soup.find_all(string=lambda s: isinstance(s, _NON_TEXT)):
        node.extract()
    for tag in soup.find_all(DROPPED_TAGS):
        if not _is_article_header(tag):
            tag.extract()
    for tag in soup.find_all(True):
        if _is_furniture(tag):
            tag.extract()


_NON_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def _is_article_header(tag: Tag) -> bool:
    """A <header> inside an <article> or <main> holds the headline, not site navigation."""
    return tag.name == "header" and tag.find_parent(["article", "main"]) is not None


def _is_furniture(tag: Tag) -> bool:
    """Hidden, or marked as boilerplate by its class or id, and not wrapping the article."""
    if tag.name in CONTAINERS:
        return False
    hidden = tag.has_attr("hidden") or _HIDDEN_STYLE.search(str(tag.get("style", "")))
    names = [*tag.get("class", []), str(tag.get("id", ""))]
    words = (word.lower() for name in names for word in _NAME_WORDS.findall(str(name)))
    marked = any(_BOILERPLATE_WORD.fullmatch(word) for word in words)
    return bool(hidden or marked) and tag.find(["article", "main"]) is None


def _block_text(root: Tag) -> str:
    """Plain text of root: one paragraph per block element, separated by a blank line.

    The walk uses an explicit stack, not recursion, so deeply nested pages cannot crash it;
    a None on the stack marks the end of a block element.
    """
    paragraphs: list[str] = []
    buffer: list[str] = []
    stack: list[PageElement | None] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if node is None:
            _flush(paragraphs, buffer)
        elif isinstance(node, NavigableString):
            if not isinstance(node, _NON_TEXT):
                buffer.append(_WHITESPACE.sub(" ", str(node)))
        elif isinstance(node, Tag):
            stack.extend(_visit(node, paragraphs, buffer))
    _flush(paragraphs, buffer)
    return "\n\n".join(paragraphs)


def _visit(tag: Tag, paragraphs: list[str], buffer: list[str]) -> list[PageElement | None]:
    """Handle one element; returns what still has to be walked, in stack order."""
    if tag.name == "br":
        buffer.append("\n")
        return []
    if tag.name in ("pre", "tr"):
        _flush(paragraphs, buffer)
        text = _pre_text(tag) if tag.name == "pre" else _row_text(tag)
        if text:
            paragraphs.append(text)
        return []
    children: list[PageElement | None] = list(reversed(tag.contents))
    if tag.name in BLOCK_TAGS:
        _flush(paragraphs, buffer)
        return [None, *children]
    return children


def _pre_text(tag: Tag) -> str:
    """Preformatted text as written, without its blank edges."""
    text = tag.get_text().strip("\n").rstrip()
    return text if text.strip() else ""


def _row_text(tag: Tag) -> str:
    """A table row on one line, its non-empty cells joined by CELL_SEPARATOR."""
    cells = (_collapse(cell.get_text(" ")) for cell in tag.find_all(CELL_TAGS))
    return CELL_SEPARATOR.join(cell for cell in cells if cell)


def _flush(paragraphs: list[str], buffer: list[str]) -> None:
    """Turn the buffered inline text into a paragraph (when it has any text) and clear it."""
    lines = (_collapse(line) for line in "".join(buffer).split("\n"))
    text = "\n".join(line for line in lines if line)
    if text:
        paragraphs.append(text)
    buffer.clear()


def _collapse(text: str) -> str:
    """text on one line with runs of white space (non-breaking ones too) as one space."""
    return " ".join(text.split())
