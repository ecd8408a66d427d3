"""Each ingest reader on its checked-in fixture: ids, urls, dates, fields and order are exact."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

import pytest

from eventwire.ingest import read_inputs
from eventwire.model import ErrorRecord, RawDoc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PAGES = FIXTURES / "pages"
ENCODINGS = FIXTURES / "encodings"
WARC = FIXTURES / "crawl.warc.gz"
JSONL = FIXTURES / "feed.jsonl"
WARC_DATE = "2024-05-06T10:00:00Z"


def read(*paths: Path | str, stdin: io.BytesIO | None = None) -> list[RawDoc | ErrorRecord]:
    return list(read_inputs([str(p) for p in paths], stdin=stdin))


def only_doc(*paths: Path | str) -> RawDoc:
    (item,) = read(*paths)
    assert isinstance(item, RawDoc), item
    return item


# --- files -----------------------------------------------------------------------------------------


def test_html_file_becomes_html_doc_named_after_the_file() -> None:
    doc = only_doc(PAGES / "article.html")
    assert doc.id == "article"
    assert doc.source == str(PAGES / "article.html")
    assert doc.encoding == "utf-8"
    assert doc.text is None
    assert "forcing about 2,000 residents" in doc.html
    assert "Sebastião Melo" in doc.html  # UTF-8 decoded, not mojibake


def test_gzipped_html_id_drops_the_compound_extension() -> None:
    doc = only_doc(PAGES / "compressed.html.gz")
    assert doc.id == "compressed"
    assert doc.html.startswith("<!doctype html>")
    assert "Europe's\nsecond-busiest port" in doc.html


def test_txt_file_becomes_text_doc() -> None:
    doc = only_doc(PAGES / "scraped.txt")
    assert (doc.id, doc.html) == ("scraped", None)
    assert doc.text.startswith("Earthquake of magnitude 5.8 shakes central Turkey")
    assert "Kahramanmaraş" in doc.text


def test_file_without_extension_is_sniffed_as_html() -> None:
    doc = only_doc(PAGES / "story")
    assert doc.id == "story"
    assert doc.text is None
    assert "The city council approved the 2025 budget" in doc.html


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("notes", "Minutes of the meeting.\nNo decisions were taken.\n", "text"),
        ("page.php", "  \n<!DOCTYPE html><title>x</title><p>Body</p>", "html"),
        ("fragment.dat", "<div><p>One</p><p>Two <a href='/x'>link</a></p></div>", "html"),
        ("angle.dat", "if a < b and c > d then stop <- not markup", "text"),
    ],
)
def test_unknown_extension_sniffs_html_or_text(tmp_path: Path, name: str, content: str, field: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    doc = only_doc(tmp_path / name)
    assert getattr(doc, field) == content
    assert getattr(doc, "text" if field == "html" else "html") is None


def test_unknown_extension_is_dropped_from_id_but_not_a_date_part(tmp_path: Path) -> None:
    (tmp_path / "page.php").write_text("<html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "report-2024.05").write_text("plain words", encoding="utf-8")
    assert [d.id for d in read(tmp_path)] == ["page", "report-2024.05"]


def test_folder_is_walked_recursively_in_sorted_order_with_relative_ids() -> None:
    docs = read(PAGES)
    assert all(isinstance(d, RawDoc) for d in docs)
    assert [d.id for d in docs] == ["article", "compressed", "scraped", "story", "sub/nested"]
    assert docs[-1].source == str(PAGES / "sub" / "nested.htm")
    assert "Wildfire near Athens" in docs[-1].html


def test_folder_walk_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "b.txt").write_text("second")
    (tmp_path / "a.txt").write_text("first")
    assert [(d.id, d.text) for d in read(tmp_path)] == [("a", "first"), ("b", "second")]


def test_inputs_are_read_in_the_order_given() -> None:
    docs = read(PAGES / "scraped.txt", PAGES / "article.html", PAGES / "story")
    assert [d.id for d in docs] == ["scraped", "article", "story"]


def test_reading_is_lazy_one_document_at_a_time(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<html><body>first</body></html>")
    (tmp_path / "b.html").write_text("<html><body>second</body></html>")
    items = read_inputs([str(tmp_path)])
    first = next(items)
    assert first.id == "a"
    (tmp_path / "b.html").unlink()  # not read yet: deleting it now must show up as an error, not as a document
    (second,) = list(items)
    assert isinstance(second, ErrorRecord)
    assert (second.id, second.code) == ("b", "E110")
    assert "cannot read" in second.error


def test_path_objects_are_accepted() -> None:
    (doc,) = read_inputs([PAGES / "scraped.txt"])
    assert (doc.id, doc.source) == ("scraped", str(PAGES / "scraped.txt"))


def test_a_single_string_is_refused_rather_than_read_letter_by_letter() -> None:
    with pytest.raises(TypeError, match="list of paths"):
        list(read_inputs(str(PAGES)))  # type: ignore[arg-type]


# --- legacy encodings ------------------------------------------------------------------------------


def test_undeclared_cp1251_russian_page() -> None:
    doc = only_doc(ENCODINGS / "ru_cp1251.html")
    assert doc.encoding == "cp1251"
    assert "<title>Пожар на складе в Казани</title>" in doc.html
    assert "никто не пострадал, причины пожара выясняются" in doc.html


def test_undeclared_koi8r_russian_text() -> None:
    doc = only_doc(ENCODINGS / "ru_koi8r.txt")
    assert doc.encoding == "koi8-r"
    assert doc.text.startswith("Наводнение в Оренбурге\n")
    assert "поднялся ещё на сорок сантиметров" in doc.text


def test_undeclared_cp1251_ukrainian_text() -> None:
    doc = only_doc(ENCODINGS / "uk_cp1251.txt")
    assert doc.encoding == "cp1251"
    assert doc.text.startswith("Обстріл Харкова\n")
    assert "повідомив голова обласної адміністрації" in doc.text


def test_latin1_french_page_with_http_equiv_charset() -> None:
    doc = only_doc(ENCODINGS / "fr_latin1.html")
    assert doc.encoding == "iso8859-1"
    assert "<title>Grève à la SNCF : trafic très perturbé</title>" in doc.html
    assert "Près d'un TGV sur deux a été supprimé" in doc.html


# --- JSONL -----------------------------------------------------------------------------------------


def _summary(items: list[RawDoc | ErrorRecord]) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.id) for i in items]


def test_jsonl_good_and_bad_lines_in_order() -> None:
    items = read(JSONL)
    assert _summary(items) == [
        ("RawDoc", "afp-001"),
        ("RawDoc", "ap-002"),
        ("ErrorRecord", "feed:4"),  # line 2 is blank: skipped, but still counted
        ("ErrorRecord", "feed:5"),
        ("ErrorRecord", "no-body"),
        ("RawDoc", "feed:7"),
        ("RawDoc", "42"),
    ]
    afp, ap, not_json, not_object, no_body, no_id, numeric = items
    assert afp.url == "https://example.org/news/afp-001"
    assert (afp.title, afp.published, afp.lang) == ("Protests in Nairobi", "2024-06-25", "en")
    assert afp.html.startswith("<html><body><p>Protesters gathered in Nairobi")
    assert afp.text is None
    assert afp.source == f"{JSONL}:1"
    assert ap.text == "Two people died in a landslide in Kerala, officials said."
    assert ap.html is None
    assert not_json.error.startswith("line 4: not valid JSON: ")
    assert not_json.source == f"{JSONL}:4"
    assert not_object.error == "line 5: not a JSON object (got array)"
    assert no_body.error == "line 6: has neither 'html' nor 'text'"
    assert {e.code for e in (not_json, not_object, no_body)} == {"E100"}
    assert {e.stage for e in (not_json, not_object, no_body)} == {"ingest"}
    assert (no_id.lang, no_id.source) == ("fr", f"{JSONL}:7")
    assert numeric.text == "Численность пострадавших выросла до пяти человек."


@pytest.mark.parametrize("name", ["feed.jsonl.gz", "feed.ndjson"])
def test_jsonl_gz_and_ndjson_read_like_jsonl(tmp_path: Path, name: str) -> None:
    data = JSONL.read_bytes()
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert _summary(read(tmp_path / name)) == _summary(read(JSONL))


def test_jsonl_in_a_folder_names_idless_lines_after_its_relative_path(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "day1.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n')
    assert [d.id for d in read(tmp_path)] == ["feeds/day1:1", "feeds/day1:2"]


# --- WARC ------------------------------------------------------------------------------------------


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def test_warc_yields_html_records_only() -> None:
    docs = read(WARC)
    assert all(isinstance(d, RawDoc) for d in docs)
    # 0 warcinfo, 2 PNG, 3 redirect and 7 metadata are skipped silently.
    assert [d.id for d in docs] == [_uuid(1), _uuid(4), _uuid(5), _uuid(6)]
    assert [d.url for d in docs] == [
        "https://news.example.com/floods",
        "https://ru.example.com/kazan",
        "https://news.example.com/antwerp",
        "https://news.example.com/athens",
    ]
    assert {d.crawled for d in docs} == {WARC_DATE}
    assert {d.published for d in docs} == {None}  # the crawl date is never a publication date
    assert all(d.html and d.text is None for d in docs)
    assert all(d.source.startswith(f"{WARC}@") for d in docs)


def test_warc_decodes_with_http_charset_and_content_encoding() -> None:
    floods, kazan, antwerp, athens = read(WARC)
    assert floods.encoding == "utf-8"
    assert "Sebastião Melo" in floods.html
    assert kazan.encoding == "cp1251"
    assert "Пожар на складе в Казани" in kazan.html
    assert "Dockworkers in Antwerp walked out" in antwerp.html  # gzip Content-Encoding undone
    assert "Firefighters battled a wildfire" in athens.html  # a text/html resource record


def test_uncompressed_warc_reads_the_same(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress(WARC.read_bytes()))  # members concatenated: a valid plain WARC
    assert [(d.id, d.html) for d in read(plain)] == [(d.id, d.html) for d in read(WARC)]


# --- standard input --------------------------------------------------------------------------------


def test_stdin_jsonl() -> None:
    items = read("-", stdin=io.BytesIO(JSONL.read_bytes()))
    assert _summary(items)[:2] == [("RawDoc", "afp-001"), ("RawDoc", "ap-002")]
    assert _summary(items)[2] == ("ErrorRecord", "stdin:4")
    assert items[0].source == "<stdin>:1"


@pytest.mark.parametrize("gzipped", [False, True])
def test_stdin_single_html_document(gzipped: bool) -> None:
    data = (PAGES / "article.html").read_bytes()
    (doc,) = read("-", stdin=io.BytesIO(gzip.compress(data) if gzipped else data))
    assert (doc.id, doc.source, doc.encoding) == ("stdin", "<stdin>", "utf-8")
    assert doc.html == data.decode("utf-8")


def test_stdin_text_document_in_legacy_encoding() -> None:
    (doc,) = read("-", stdin=io.BytesIO((ENCODINGS / "ru_koi8r.txt").read_bytes()))
    assert doc.html is None
    assert doc.text.startswith("Наводнение в Оренбурге")


def test_stdin_warc() -> None:
    docs = read("-", stdin=io.BytesIO(WARC.read_bytes()))
    assert [d.id for d in docs] == [_uuid(1), _uuid(4), _uuid(5), _uuid(6)]
    assert docs[0].source.startswith("<stdin>@")


def test_stdin_between_files_keeps_the_order(tmp_path: Path) -> None:
    shutil.copy(PAGES / "scraped.txt", tmp_path / "z.txt")
    items = read(PAGES / "article.html", "-", tmp_path / "z.txt", stdin=io.BytesIO(b"hello from a pipe"))
    assert [(i.id, i.text) for i in items] == [("article", None), ("stdin", "hello from a pipe"), ("z", items[2].text)]
    assert items[2].text.startswith("Earthquake")
