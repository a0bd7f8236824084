"""Reading releases: decoding, front matter, HTML extraction, titles and clear input errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.dateline import find_dateline
from pipeline.reader import InputError, Release, iter_release_paths, read_release

BODY = "Nissan and Mitsubishi Motors announced a new joint project today."


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    """A file in folder holding content (text is encoded with encoding)."""
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def read_error(path: Path) -> InputError:
    """The InputError that reading path raises."""
    with pytest.raises(InputError) as caught:
        read_release(path)
    return caught.value


# ---------------------------------------------------------------- bad input

BAD_INPUTS = [
    ("empty.txt", b"", "file is empty"),
    ("bom_only.txt", b"\xef\xbb\xbf", "file is empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "only whitespace"),
    ("nul.txt", b"Nissan\x00\x00\x01 announces", "binary content, not text"),
    ("png.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content, not text"),
    ("one_nul.txt", b"Nissan announces a plan. " * 20 + b"\x00", "binary content, not text"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + b"text", "binary content"),
    ("garbled.txt", bytes(range(0x80, 0x100)) * 2, "cannot decode text"),
    ("slides.pdf", b"%PDF-1.4", "unsupported file type"),
    ("noext", b"Nissan announces", "unsupported file type"),
    ("open.md", b"---\ntitle: Never closed\n\nBody text.\n", "no closing '---'"),
    ("syntax.md", b"---\ntitle: ok\npublished: [2010\n---\nBody text.\n", "not valid YAML"),
    ("list.md", b"---\n- one\n- two\n---\nBody text.\n", "not a mapping but a list"),
    ("scalar.md", b"---\njust a string\n---\nBody text.\n", "not a mapping but a str"),
    ("baddate.md", b"---\npublished: 2024-02-30\n---\nBody.\n", "day is out of range"),
    ("nobody.md", b"---\ntitle: Only meta\n---\n\n  \n", "no text after front matter"),
    (
        "chrome.html",
        b"<html><head><title>T</title><script>x()</script></head><body><nav>Home</nav>"
        b"<footer>(c) 2024</footer></body></html>",
        "no article text in HTML",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_an_input_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = write(tmp_path, name, content)
    error = read_error(path)
    message = str(error)
    assert reason in error.reason
    assert message == f"{path.as_posix()}: {error.reason}"
    assert name in message
    assert "\n" not in message
    assert error.path == path


def test_yaml_error_gives_the_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.md", "---\ntitle: ok\nsource: x\nkey: [unclosed\n---\nBody.\n")
    error = read_error(path)
    assert "not valid YAML at line " in error.reason
    line = int(error.reason.split("at line ")[1].split(":")[0])
    assert 4 <= line <= 5  # the '[' is on line 4; PyYAML notices it at the fence on line 5


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    assert "no such file" in read_error(tmp_path / "gone.txt").reason
    (tmp_path / "dir.txt").mkdir()
    assert "not a file" in read_error(tmp_path / "dir.txt").reason
    with pytest.raises(InputError, match="not a folder"):
        iter_release_paths(tmp_path / "nowhere")


def test_input_error_survives_pickling() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(InputError(Path("a/b.txt"), "file is empty")))
    assert str(error) == "a/b.txt: file is empty"
    assert error.reason == "file is empty"


# ---------------------------------------------------------------- decoding


def test_release_identity_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "001_abc.txt", f"Headline here\n\n{BODY}\n")
    release = read_release(path)
    assert isinstance(release, Release)
    assert release.doc_id == "001_abc"
    assert release.source == path.as_posix()
    assert release.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert release.body == f"Headline here\n\n{BODY}"
    assert release.front_matter == {}
    assert release.html_title is None


def test_utf8_bom_is_stripped_and_front_matter_still_found(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.md", "\ufeff---\ntitle: With BOM\n---\nCafé déjà vu.\n")
    release = read_release(path)
    assert release.title == "With BOM"
    assert release.body == "Café déjà vu."
    assert "\ufeff" not in release.body


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Nissan\u2019s \u20ac50 million plant in K\u00f6ln \u2013 \u201ca new era\u201d. " * 3,
            "cp1252",
        ),
        ("Caf\u00e9 cr\u00e8me \u00e0 Gen\u00e8ve: la soci\u00e9t\u00e9 annonce. " * 3, "latin-1"),
    ],
)
def test_legacy_single_byte_text_is_decoded(tmp_path: Path, text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the case under test: not UTF-8
    release = read_release(write(tmp_path, "legacy.txt", raw))
    assert release.body == text.strip()
    assert release.encoding != "utf-8"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    release = read_release(write(tmp_path, "wide.txt", f"Title\n\n{BODY}", encoding="utf-16"))
    assert release.body == f"Title\n\n{BODY}"


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    release = read_release(write(tmp_path, "crlf.txt", b"Title\r\n\r\nFirst.\rSecond.\r\n"))
    assert release.body == "Title\n\nFirst.\nSecond."
    assert "\r" not in release.body


def test_leading_blank_lines_and_trailing_space_are_trimmed(tmp_path: Path) -> None:
    release = read_release(write(tmp_path, "pad.txt", "\n  \n  Indented headline\n\nText.  \n\n"))
    assert release.body == "  Indented headline\n\nText."
    assert release.title == "Indented headline"


# ---------------------------------------------------------------- front matter


def test_front_matter_keys_are_kept_and_json_safe(tmp_path: Path) -> None:
    front = (
        "---\n"
        "title: Nissan and Mitsubishi Motors expand cooperation\n"
        "published: 2010-12-16\n"
        "updated: 2010-12-17 09:30:00\n"
        "source_url: https://example.com/release\n"
        "tags: [kei, ev]\n"
        "extra:\n  checked: 2011-01-02\n"
        "---\n"
    )
    release = read_release(write(tmp_path, "fm.md", front + "\n" + BODY + "\n"))
    meta = release.front_matter
    assert meta["published"] == "2010-12-16"
    assert meta["updated"] == "2010-12-17T09:30:00"
    assert meta["source_url"] == "https://example.com/release"
    assert meta["tags"] == ["kei", "ev"]
    assert meta["extra"] == {"checked": "2011-01-02"}
    assert json.loads(json.dumps(meta)) == meta
    assert release.title == "Nissan and Mitsubishi Motors expand cooperation"
    assert release.body == BODY


def test_empty_front_matter_is_an_empty_mapping(tmp_path: Path) -> None:
    release = read_release(write(tmp_path, "e.md", "---\n---\nHeadline\n\nText.\n"))
    assert release.front_matter == {}
    assert release.body == "Headline\n\nText."


def test_front_matter_only_at_the_very_top(tmp_path: Path) -> None:
    text = "Headline\n\n---\ntitle: not front matter\n---\nText.\n"
    release = read_release(write(tmp_path, "late.md", text))
    assert release.front_matter == {}
    assert release.body == text.strip()
    assert release.title == "Headline"


def test_front_matter_in_html_is_plain_text(tmp_path: Path) -> None:
    html = "---\ntitle: ignored\n---\n<p>Real paragraph.</p>"
    release = read_release(write(tmp_path, "fm.html", html))
    assert release.front_matter == {}
    assert "title: ignored" in release.body
    assert release.body.endswith("Real paragraph.")


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            "Nissan Mitsubishi NMKV\n\nThe cumulative production reached 50,000 units.",
            "Nissan Mitsubishi NMKV",
        ),
        ("\n\n  Sakura wins Car of the Year!\n\nText.", "Sakura wins Car of the Year!"),
        ("# Sakura production  reaches 50,000\n\nText.", "Sakura production reaches 50,000"),
        ("## Heading with closing marks ##\n\nText.", "Heading with closing marks"),
        ("#1 in kei car sales\n\nText.", "#1 in kei car sales"),
        ("Nissan and Mitsubishi sign an agreement today.\nMore.", None),
        ("A" * 201 + "\n\nText.", None),
        ("TOKYO, June 1, 2021 - (JCN Newswire) - Nissan announced a plan\n\nText.", None),
        ("June 1, 2021\n\nText.", None),
        ("2024\n\nText.", None),
    ],
)
def test_title_from_first_line_when_it_reads_as_a_headline(
    tmp_path: Path, body: str, title: str | None
) -> None:
    release = read_release(write(tmp_path, "t.md", body))
    assert release.title == title


def test_markdown_marks_stay_in_the_body(tmp_path: Path) -> None:
    release = read_release(write(tmp_path, "md.md", "# Big news\n\nText."))
    assert release.title == "Big news"
    assert release.body.startswith("# Big news")


def test_front_matter_title_wins_over_first_line(tmp_path: Path) -> None:
    text = "---\ntitle: '  From   front matter '\n---\nFirst line headline\n\nText."
    assert read_release(write(tmp_path, "t.md", text)).title == "From front matter"


def test_blank_front_matter_title_falls_back_to_first_line(tmp_path: Path) -> None:
    text = "---\ntitle:\n---\nFirst line headline\n\nText."
    assert read_release(write(tmp_path, "t.md", text)).title == "First line headline"


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><title>Newsroom  &amp; Press | Example</title>
<style>p { color: red }</style><script>track("x < y");</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div id="cookie-consent">We use cookies. <button>Accept</button></div>
<div class="breadcrumbs">Home &gt; News</div>
<article>
  <header><h1>Nissan &amp; Mitsubishi
      expand   cooperation</h1></header>
  <p>TOKYO, June 1, 2021 &ndash; (JCN Newswire) &ndash; Nissan <b>and</b>
     Mitsubishi&nbsp;Motors today announced a plan.</p>
  <div>Loose div text<p>Nested paragraph.</p>after</div>
  <blockquote>&ldquo;We are proud,&rdquo; said the CEO.</blockquote>
  <ul><li>First point</li><li>Second<br>point</li></ul>
  <table><tr><th>Model</th><th>Units</th></tr><tr><td>Sakura</td><td>50,000</td></tr></table>
  <div class="social-share">Share on X</div>
  <div style="display: none">Hidden text</div>
  <aside>Related stories</aside>
  <div class="related-articles"><p>More stories</p></div>
  <!-- an HTML comment -->
</article>
<div class="sidebar"><p>Most read</p></div>
<footer>&copy; 2024 Example</footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Release:
    """The sample page read as a release."""
    return read_release(write(tmp_path, "page.html", PAGE))


def test_html_paragraphs_are_kept_one_per_block(page: Release) -> None:
    assert page.body.split("\n\n") == [
        "Nissan & Mitsubishi expand cooperation",
        "TOKYO, June 1, 2021 \u2013 (JCN Newswire) \u2013 Nissan and Mitsubishi Motors today "
        "announced a plan.",
        "Loose div text",
        "Nested paragraph.",
        "after",
        "\u201cWe are proud,\u201d said the CEO.",
        "First point",
        "Second\npoint",
        "Model | Units",
        "Sakura | 50,000",
    ]


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Home",
        "cookies",
        "Accept",
        "Share on",
        "Hidden",
        "Related",
        "More stories",
        "Most read",
        "2024 Ex",
    ],
)
def test_html_boilerplate_is_removed(page: Release, boilerplate: str) -> None:
    assert boilerplate not in page.body


def test_html_has_no_markup_left(page: Release) -> None:
    for leftover in ("<", ">", "&amp;", "&nbsp;", "\xa0", "track(", "color:"):
        assert leftover not in page.body


def test_html_titles(page: Release) -> None:
    assert page.html_title == "Newsroom & Press | Example"
    assert page.title == "Nissan & Mitsubishi expand cooperation"
    assert page.front_matter == {}


def test_html_offsets_point_into_the_body(page: Release) -> None:
    found = find_dateline(page.body)
    assert found is not None
    assert page.body[found.date_start : found.date_end] == "June 1, 2021"
    assert page.body[found.place_start : found.place_end] == "TOKYO"
    assert page.body.index("Mitsubishi Motors") > found.end


def test_html_without_article_uses_body_and_first_line_title(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Site</title></head><body><nav>Menu</nav>"
        "<div class='content'><p>Plain headline</p><p>First paragraph.</p></div></body></html>"
    )
    release = read_release(write(tmp_path, "plain.htm", html))
    assert release.body == "Plain headline\n\nFirst paragraph."
    assert release.title == "Plain headline"
    assert release.html_title == "Site"


def test_html_prefers_article_over_the_rest_of_the_page(tmp_path: Path) -> None:
    html = "<body><p>Outside teaser.</p><article><p>Article text.</p></article></body>"
    assert read_release(write(tmp_path, "art.html", html)).body == "Article text."


def test_html_prefers_main_over_the_rest_of_the_page(tmp_path: Path) -> None:
    html = "<body><div>Teaser outside</div><main><p>Main text.</p></main></body>"
    release = read_release(write(tmp_path, "main.html", html))
    assert release.body == "Main text."
    assert release.title is None


def test_boilerplate_class_on_a_wrapper_keeps_the_article(tmp_path: Path) -> None:
    html = "<body class='has-sidebar'><div class='menu-open'><article><p>Kept.</p></article></div>"
    assert read_release(write(tmp_path, "wrap.html", html)).body == "Kept."


def test_boilerplate_class_on_the_body_itself_is_ignored(tmp_path: Path) -> None:
    html = "<body class='has-sidebar'><p>Body text.</p><div class='sidebar'>Side</div></body>"
    assert read_release(write(tmp_path, "body.html", html)).body == "Body text."


def test_class_words_are_matched_whole(tmp_path: Path) -> None:
    html = "<article><div class='shareholders'>Dividend raised.</div></article>"
    assert read_release(write(tmp_path, "sh.html", html)).body == "Dividend raised."


def test_html_in_legacy_encoding(tmp_path: Path) -> None:
    html = "<article><p>K\u00f6ln plant \u2013 \u20ac50 million investment announced.</p></article>"
    release = read_release(write(tmp_path, "legacy.html", html * 3, encoding="cp1252"))
    assert (
        release.body.split("\n\n")[0]
        == "K\u00f6ln plant \u2013 \u20ac50 million investment announced."
    )


# ---------------------------------------------------------------- folders


def test_iter_release_paths_lists_supported_files_by_name(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.html", "d.htm", "E.TXT", ".hidden.txt", "notes.pdf", "x"):
        write(tmp_path, name, "Text.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "nested.txt", "Text.")
    (tmp_path / "folder.txt").mkdir()
    names = [path.name for path in iter_release_paths(tmp_path)]
    assert names == ["E.TXT", "a.md", "b.txt", "c.html", "d.htm"]


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    html = "<article><p>Start.</p>" + "<div><span>" * 2000 + "Deep text" + "</span></div>" * 2000
    release = read_release(write(tmp_path, "deep.html", html + "</article>"))
    assert release.body == "Start.\n\nDeep text"


def test_business_wire_dateline_splits_into_words(nlp):
    """'--' joins the parts of a Business Wire dateline; the company after it is a word of its
    own, not '-Cobalt'."""
    doc = nlp.make_doc(
        "JOHOR BAHRU, Malaysia--(BUSINESS WIRE)--March 4, 2025--Cobalt Ridge Inc. said."
    )
    words = [t.text for t in doc]
    assert words[3:10] == ["Malaysia", "--", "(", "BUSINESS", "WIRE", ")", "--"]
    assert words[14:16] == ["--", "Cobalt"]
    assert [t.text for t in nlp.make_doc("a 10-year deal in 1990-2000")][1:4] == ["10", "-", "year"]
