"""Bad input never stops a batch: each bad document is one ErrorRecord with a clear message, then reading goes on."""

from __future__ import annotations

import gzip
import io
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import read_inputs
from eventwire.ingest.limits import MAX_DOC_BYTES
from eventwire.model import ErrorRecord, RawDoc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
WARC = FIXTURES / "crawl.warc.gz"
GOOD_HTML = b"<html><body><p>Rescuers reached the village on Monday.</p></body></html>"
RU = "Спасатели добрались до деревни в понедельник."


def read(*paths: Path | str, stdin: io.BytesIO | None = None) -> list[RawDoc | ErrorRecord]:
    return list(read_inputs([str(p) for p in paths], stdin=stdin))


def summary(items: list[RawDoc | ErrorRecord]) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.id) for i in items]


def errors(items: list[RawDoc | ErrorRecord]) -> dict[str, ErrorRecord]:
    return {i.id: i for i in items if isinstance(i, ErrorRecord)}


def gzip_bomb(path: Path, gib: int = 1) -> None:
    """``gib`` GiB of zeros in about 1 MB: 1 MiB members repeated (a multi-member gzip is one stream)."""
    member = gzip.compress(bytes(1 << 20), mtime=0)
    with path.open("wb") as out:
        for _ in range(1024 * gib):
            out.write(member)


def huge_file(path: Path, size: int) -> None:
    """A page of ``size`` bytes that starts like HTML; sparse, so the test writes almost nothing."""
    with path.open("wb") as out:
        out.write(b"<html><body><p>" + b"news " * 100)
        out.truncate(size)


# --- one folder full of bad files ------------------------------------------------------------------


def test_bad_files_in_a_folder_become_errors_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_good.html").write_bytes(GOOD_HTML)
    (tmp_path / "b_image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "c_empty.html").write_bytes(b"")
    (tmp_path / "d_blank.txt").write_bytes(b"  \n\n\t  \r\n")
    huge_file(tmp_path / "e_huge.html", 50_000_000)
    gzip_bomb(tmp_path / "f_bomb.html.gz")
    (tmp_path / "g_cut.html.gz").write_bytes(gzip.compress(GOOD_HTML * 50)[:60])
    (tmp_path / "h_nul.txt").write_bytes(b"Some text\x00\x00\x00with NUL bytes inside")
    (tmp_path / "i_manual").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>")
    (tmp_path / "j_not_gzip.txt.gz").write_bytes(b"plain text with a .gz name")
    (tmp_path / "z_last.txt").write_text("The last document is still read.", encoding="utf-8")

    items = read(tmp_path)

    assert summary(items) == [
        ("RawDoc", "a_good"),
        ("ErrorRecord", "b_image"),
        ("ErrorRecord", "c_empty"),
        ("ErrorRecord", "d_blank"),
        ("ErrorRecord", "e_huge"),
        ("ErrorRecord", "f_bomb"),
        ("ErrorRecord", "g_cut"),
        ("ErrorRecord", "h_nul"),
        ("ErrorRecord", "i_manual"),
        ("ErrorRecord", "j_not_gzip"),
        ("RawDoc", "z_last"),
    ]
    bad = errors(items)
    assert bad["b_image"].error == "binary data (PNG image), not text or HTML"
    assert bad["c_empty"].error == "empty document"
    assert bad["d_blank"].error == "empty document"
    assert bad["e_huge"].error == "document is 50.0 MB, over the 10 MiB limit"
    assert bad["f_bomb"].error.startswith("document is over the 10 MiB limit")
    assert bad["g_cut"].error.startswith("broken gzip data")
    assert bad["h_nul"].error == "binary data (NUL bytes), not text or HTML"
    assert bad["i_manual"].error == "binary data (PDF document), not text or HTML"
    assert bad["j_not_gzip"].error.startswith("broken gzip data: Not a gzipped file")
    assert {e.code for e in bad.values()} == {"E100"}
    assert {e.stage for e in bad.values()} == {"ingest"}
    assert bad["e_huge"].source == str(tmp_path / "e_huge.html")
    assert items[-1].text == "The last document is still read."


def test_huge_file_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    huge_file(tmp_path / "huge.html", 50_000_000)
    tracemalloc.start()
    try:
        (item,) = read(tmp_path / "huge.html")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, ErrorRecord)
    assert item.error == "document is 50.0 MB, over the 10 MiB limit"
    assert peak < 1_000_000


def test_gzip_bomb_is_stopped_at_the_cap_quickly_with_little_memory(tmp_path: Path) -> None:
    gzip_bomb(tmp_path / "bomb.html.gz")  # 1 GiB of zeros
    started = time.monotonic()
    tracemalloc.start()
    try:
        (item,) = read(tmp_path / "bomb.html.gz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, ErrorRecord)
    assert "over the 10 MiB limit" in item.error
    assert time.monotonic() - started < 10
    assert peak < 3 * MAX_DOC_BYTES  # about one capped document, not a gigabyte


def test_document_exactly_at_the_cap_is_read(tmp_path: Path) -> None:
    body = b"<html><body>" + b"a" * (MAX_DOC_BYTES - len(b"<html><body></body></html>")) + b"</body></html>"
    assert len(body) == MAX_DOC_BYTES
    (tmp_path / "edge.html.gz").write_bytes(gzip.compress(body, compresslevel=1))
    (doc,) = read(tmp_path / "edge.html.gz")
    assert isinstance(doc, RawDoc)
    assert len(doc.html) == MAX_DOC_BYTES


# --- encodings that are wrong but still readable ---------------------------------------------------


def test_invalid_utf8_in_a_text_file_still_gives_a_document(tmp_path: Path) -> None:
    data = "Les secours sont arrivés lundi à Besançon.".encode() + b" \xff\xfe " + b"Fin."
    (tmp_path / "broken.txt").write_bytes(data)
    (doc,) = read(tmp_path / "broken.txt")
    assert isinstance(doc, RawDoc)
    assert doc.encoding == "utf-8"
    assert doc.text == "Les secours sont arrivés lundi à Besançon. \ufffd\ufffd Fin."


def test_wrong_declared_charset_still_gives_the_right_text(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="utf-8"></head><body><p>{RU}</p></body></html>'
    (tmp_path / "lying.html").write_bytes(page.encode("cp1251"))
    (tmp_path / "unknown.html").write_bytes(page.replace("utf-8", "x-no-such-charset").encode("koi8-r"))
    lying, unknown = read(tmp_path)
    assert (lying.encoding, unknown.encoding) == ("cp1251", "koi8-r")
    assert RU in lying.html
    assert RU in unknown.html


# --- missing paths and standard input --------------------------------------------------------------


def test_missing_path_is_one_error_record_then_the_next_path_is_read(tmp_path: Path) -> None:
    (tmp_path / "ok.html").write_bytes(GOOD_HTML)
    missing = str(tmp_path / "nowhere" / "missing.html")
    items = read(missing, tmp_path / "ok.html")
    assert summary(items) == [("ErrorRecord", missing), ("RawDoc", "ok")]
    error = items[0]
    assert (error.code, error.stage, error.source) == ("E110", "ingest", missing)
    assert "no such file" in error.error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty document"),
        (b"\n \n", "empty document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "binary data (JPEG image), not text or HTML"),
        (gzip.compress(b"\x7fELF\x02\x01\x01" + bytes(64)), "binary data (ELF executable), not text or HTML"),
    ],
)
def test_bad_stdin_is_an_error_record_then_the_next_path_is_read(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "ok.txt").write_text("after stdin")
    items = read("-", tmp_path / "ok.txt", stdin=io.BytesIO(data))
    assert summary(items) == [("ErrorRecord", "stdin"), ("RawDoc", "ok")]
    assert (items[0].error, items[0].source) == (message, "<stdin>")


# --- JSONL -----------------------------------------------------------------------------------------


def test_jsonl_bad_lines_each_get_an_error_and_good_lines_still_come(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok-1", "text": "First."}).encode(),
        b'{"id": "cut-off", "text": "no closing brace"',
        json.dumps({"id": "wrong-type", "html": 5}).encode(),
        json.dumps({"id": "blank", "text": "   ", "html": None}).encode(),
        json.dumps({"title": "no id, no body"}).encode(),
        b"null",
        b'{"id": "legacy", "text": "' + RU.encode("cp1251") + b'"}',
        json.dumps({"id": "ok-2", "html": "<p>Last.</p>", "extra": {"ignored": True}}).encode(),
    ]
    (tmp_path / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    items = read(tmp_path / "mixed.jsonl")
    assert summary(items) == [
        ("RawDoc", "ok-1"),
        ("ErrorRecord", "mixed:2"),  # not parsed, so its id is unknown
        ("ErrorRecord", "wrong-type"),
        ("ErrorRecord", "blank"),
        ("ErrorRecord", "mixed:5"),
        ("ErrorRecord", "mixed:6"),
        ("RawDoc", "legacy"),
        ("RawDoc", "ok-2"),
    ]
    bad = errors(items)
    assert bad["mixed:2"].error.startswith("line 2: not valid JSON: ")
    assert bad["wrong-type"].error == "line 3: 'html' must be a string, not number"
    assert bad["blank"].error == "line 4: empty document ('html'/'text' is blank)"
    assert bad["mixed:5"].error == "line 5: has neither 'html' nor 'text'"
    assert bad["mixed:6"].error == "line 6: not a JSON object (got null)"
    assert bad["mixed:5"].source == f"{tmp_path / 'mixed.jsonl'}:5"
    legacy = items[6]
    assert (legacy.text, legacy.encoding) == (RU, "cp1251")


def test_jsonl_line_over_the_cap_is_refused_and_the_next_line_read(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": "x" * 10_500_000}).encode()
    with (tmp_path / "big.jsonl").open("wb") as out:
        out.write(json.dumps({"id": "before", "text": "a"}).encode() + b"\n")
        out.write(big + b"\n")
        out.write(json.dumps({"id": "after", "text": "b"}).encode() + b"\n")
    items = read(tmp_path / "big.jsonl")
    assert summary(items) == [("RawDoc", "before"), ("ErrorRecord", "big:2"), ("RawDoc", "after")]
    assert items[1].error == f"line 2: document is {(len(big) + 1) / 1e6:.1f} MB, over the 10 MiB limit"


def test_truncated_jsonl_gz_keeps_lines_read_before_the_break(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"doc-{n}", "text": f"Report number {n}. " * 40}) for n in range(200)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "next.txt").write_text("next file")
    items = read(tmp_path)
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert docs[-1].id == "next"
    read_before = docs[:-1]
    assert len(read_before) > 10
    assert [d.id for d in read_before] == [f"doc-{n}" for n in range(len(read_before))]
    (error,) = errors(items).values()
    assert error.id == f"cut:{len(read_before) + 1}"
    assert "stopped reading" in error.error
    assert "gzip" in error.error or "compressed" in error.error


# --- WARC ------------------------------------------------------------------------------------------


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _records(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each record, as warcio sees them."""
    archive = ArchiveIterator(io.BytesIO(data))
    return [(archive.get_record_offset(), archive.get_record_length()) for _ in archive]


GOOD_WARC_IDS = [_uuid(1), _uuid(4), _uuid(5), _uuid(6)]


def test_warc_gz_with_a_corrupt_record_in_the_middle(tmp_path: Path) -> None:
    data = WARC.read_bytes()
    offset, length = _records(data)[4]  # the cp1251 Kazan page
    middle = offset + length // 2
    (tmp_path / "damaged.warc.gz").write_bytes(data[:middle] + b"\xaa" * 24 + data[middle + 24 :])
    items = read(tmp_path / "damaged.warc.gz")
    assert summary(items) == [
        ("RawDoc", _uuid(1)),
        ("ErrorRecord", f"damaged@{offset}"),
        ("RawDoc", _uuid(5)),  # found again after the broken gzip member
        ("RawDoc", _uuid(6)),
    ]
    error = items[1]
    assert error.error == f"broken WARC record at byte {offset}: invalid WARC record"
    assert (error.code, error.source) == ("E100", f"{tmp_path / 'damaged.warc.gz'}@{offset}")


def test_warc_gz_truncated_in_the_middle_keeps_earlier_records(tmp_path: Path) -> None:
    data = WARC.read_bytes()
    offset, length = _records(data)[5]
    (tmp_path / "cut.warc.gz").write_bytes(data[: offset + length // 2])
    (tmp_path / "later.txt").write_text("after the archive")
    items = read(tmp_path)
    assert summary(items) == [
        ("RawDoc", _uuid(1)),
        ("RawDoc", _uuid(4)),
        ("ErrorRecord", f"cut@{offset}"),
        ("RawDoc", "later"),
    ]
    assert "truncated" in items[2].error


def test_plain_warc_with_a_broken_record_header(tmp_path: Path) -> None:
    data = gzip.decompress(WARC.read_bytes())
    offset, _ = _records(data)[4]
    header_end = data.index(b"\r\n\r\n", offset)
    broken = data[:offset] + b"WARC/1.0\r\nthis is not a header line\r\n" + data[header_end:]
    (tmp_path / "bad.warc").write_bytes(broken)
    items = read(tmp_path / "bad.warc")
    assert summary(items) == [
        ("RawDoc", _uuid(1)),
        ("ErrorRecord", f"bad@{offset}"),
        ("RawDoc", _uuid(5)),
        ("RawDoc", _uuid(6)),
    ]
    assert "lacks WARC-Type, WARC-Record-ID or Content-Length" in items[1].error


def test_plain_warc_truncated_inside_a_record_names_that_record(tmp_path: Path) -> None:
    data = gzip.decompress(WARC.read_bytes())
    offset, length = _records(data)[4]
    (tmp_path / "cut.warc").write_bytes(data[: offset + length - 100])
    items = read(tmp_path / "cut.warc")
    assert summary(items) == [("RawDoc", _uuid(1)), ("ErrorRecord", _uuid(4))]
    assert items[1].error.startswith("record is truncated: 100 of its")
    assert items[1].source == f"{tmp_path / 'cut.warc'}@{offset}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>This is a web page, not an archive.</body></html>", "not a readable WARC archive"),
        (b"", "empty WARC archive"),
    ],
)
def test_file_named_warc_that_is_not_one(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "fake.warc").write_bytes(content)
    (tmp_path / "real.warc.gz").write_bytes(WARC.read_bytes())
    items = read(tmp_path)
    assert summary(items) == [("ErrorRecord", "fake"), *[("RawDoc", i) for i in GOOD_WARC_IDS]]
    assert items[0].code == "E110"
    assert items[0].error.startswith(message)


def test_warc_record_over_the_cap_is_refused_and_the_next_record_read(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for n, body in enumerate([b"<html><body>" + b"x" * 11_000_000 + b"</body></html>", GOOD_HTML], start=1):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.com/{n}",
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{_uuid(n)}>"},
        )
        writer.write_record(record)
    (tmp_path / "big.warc.gz").write_bytes(buf.getvalue())
    items = read(tmp_path / "big.warc.gz")
    assert summary(items) == [("ErrorRecord", _uuid(1)), ("RawDoc", _uuid(2))]
    assert "over the 10 MiB limit" in items[0].error
    assert items[1].url == "https://example.com/2"
