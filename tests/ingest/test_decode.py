"""decode_bytes: BOMs, declared charsets, detection of legacy encodings, and refusals."""

from __future__ import annotations

import codecs

import pytest

from eventwire.errors import BadInput
from eventwire.ingest.decode import decode_bytes

RU = "В Казани загорелся склад. По словам представителей МЧС, никто не пострадал."
RU_SHORT = "Привет, как дела? Всё хорошо."  # charset-normalizer alone reads the koi8-r bytes as Shift-JIS
UK = "Унаслідок нічного обстрілу в Харкові поранено чотирьох людей, повідомив голова обласної адміністрації."
FR = "La grève des cheminots a fortement perturbé le trafic ferroviaire mercredi, a indiqué la SNCF."
FR_SHORT = "Réunion à Genève : déjà prévue."  # charset-normalizer alone says cp1250: "Genčve"
DE = "Die Bürgermeisterin äußerte sich am Dienstag zu den Überschwemmungen in Köln."
EL = "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία και την ασφάλεια."
ES = "El Gobierno aprobó el miércoles las ayudas. ¿Llegarán a tiempo? Los sindicatos de España dicen que no."
PL = "Rząd przyjął w środę pakiet działań. W Krakowie i Gdańsku odbyły się demonstracje."
CS = "Vláda ve středu schválila balíček opatření. V Brně a Ostravě se konaly demonstrace."
TR = "Hükümet çarşamba günü yeni önlemler açıkladı. İstanbul ve İzmir'de gösteriler düzenlendi."


def html(body: bytes, head: bytes = b"") -> bytes:
    return b"<html><head>" + head + b"<title>t</title></head><body><p>" + body + b"</p></body></html>"


# --- undeclared legacy encodings come out right ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RU, "cp1251", "cp1251"),
        (RU_SHORT, "cp1251", "cp1251"),
        (RU, "koi8-r", "koi8-r"),
        (RU_SHORT, "koi8-r", "koi8-r"),
        (UK, "cp1251", "cp1251"),
        (UK, "koi8-u", "koi8-u"),
        (RU, "iso8859-5", "iso8859-5"),
        (RU, "cp866", "cp866"),
        (FR, "latin-1", "cp1252"),  # identical for these letters; windows-1252 is the web's reading of latin-1
        (FR_SHORT, "latin-1", "cp1252"),
        (FR_SHORT, "cp1252", "cp1252"),
        (DE, "cp1252", "cp1252"),
        (FR * 10, "cp1252", "cp1252"),  # charset-normalizer alone says cp1250 for this one too
        (ES, "cp1252", "cp1252"),
        (PL, "cp1250", "cp1250"),
        (PL, "iso8859-2", "iso8859-2"),
        (CS, "cp1250", "cp1250"),
        (TR, "cp1254", "cp1254"),
        (EL, "cp1253", "cp1253"),  # Greek words are not forced into a Cyrillic codec
    ],
)
@pytest.mark.parametrize("as_html", [False, True])
def test_undeclared_legacy_encoding(text: str, codec: str, expected: str, as_html: bool) -> None:
    data = text.encode(codec)
    decoded, encoding = decode_bytes(html(data) if as_html else data)
    assert text in decoded
    assert encoding == expected


def test_short_cp1251_paragraph_is_not_read_as_another_cyrillic_codec() -> None:
    data = "Сегодня в Москве прошёл митинг.".encode("cp1251")
    assert decode_bytes(data) == ("Сегодня в Москве прошёл митинг.", "cp1251")


def test_russian_in_koi8u_reads_as_koi8r_which_is_the_same_text() -> None:
    assert decode_bytes(RU.encode("koi8-u")) == (RU, "koi8-r")


# --- UTF-8, BOMs and UTF-16 ------------------------------------------------------------------------


def test_utf8_without_declaration() -> None:
    assert decode_bytes(f"{RU} {FR} {EL}".encode()) == (f"{RU} {FR} {EL}", "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, codec: str, name: str) -> None:
    # The BOM beats a contradicting meta charset.
    page = f'<meta charset="windows-1251"><p>{UK}</p>'
    assert decode_bytes(bom + page.encode(codec)) == (page, name)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(codec: str) -> None:
    page = f"<html><body><p>{FR}</p></body></html>"
    assert decode_bytes(page.encode(codec)) == (page, codec)


def test_invalid_utf8_still_decodes_as_utf8_with_replacement() -> None:
    data = f"{FR} {RU}".encode() + b"\xff\xfe broken tail"
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text.startswith(f"{FR} {RU}")  # the good part is intact, not mojibake
    assert text.endswith("\ufffd\ufffd broken tail")


# --- declared charsets -----------------------------------------------------------------------------


def test_declared_http_charset_is_used() -> None:
    assert decode_bytes(RU.encode("cp1251"), declared="windows-1251") == (RU, "cp1251")


@pytest.mark.parametrize(
    "head",
    [
        b'<meta charset="koi8-r">',
        b"<meta charset=koi8-r>",
        b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">',
    ],
)
def test_meta_charset_is_used(head: bytes) -> None:
    text, encoding = decode_bytes(html(RU_SHORT.encode("koi8-r"), head))
    assert (RU_SHORT in text, encoding) == (True, "koi8-r")


def test_xml_declaration_encoding_is_used() -> None:
    data = b'<?xml version="1.0" encoding="ISO-8859-5"?>\n<html><body>' + RU.encode("iso8859-5") + b"</body></html>"
    text, encoding = decode_bytes(data)
    assert (RU in text, encoding) == (True, "iso8859-5")


def test_http_charset_comes_before_meta() -> None:
    data = html(RU.encode("cp1251"), b'<meta charset="koi8-r">')
    text, encoding = decode_bytes(data, declared="windows-1251")
    assert (RU in text, encoding) == (True, "cp1251")


def test_declared_charset_that_does_not_fit_is_ignored() -> None:
    # Declared UTF-8, bytes are cp1251 (0xC2 0xEE is not a valid UTF-8 pair): detection takes over.
    text, encoding = decode_bytes(html(RU.encode("cp1251"), b'<meta charset="utf-8">'))
    assert (RU in text, encoding) == (True, "cp1251")


def test_latin1_label_on_utf8_bytes_does_not_make_mojibake() -> None:
    text, encoding = decode_bytes(FR.encode("utf-8"), declared="iso-8859-1")
    assert (text, encoding) == (FR, "utf-8")


def test_cp1251_label_on_utf8_bytes_does_not_make_mojibake() -> None:
    text, encoding = decode_bytes(html(RU.encode("utf-8"), b'<meta charset="windows-1251">'))
    assert (RU in text, "РЎ" not in text, encoding) == (True, True, "utf-8")


def test_latin1_label_with_windows_quotes_reads_as_cp1252() -> None:
    data = b"\x93Nous restons mobilis\xe9s\x94, a d\xe9clar\xe9 le syndicat \x96 sans plus de d\xe9tails."
    assert decode_bytes(data, declared="ISO-8859-1") == (
        "“Nous restons mobilisés”, a déclaré le syndicat – sans plus de détails.",
        "cp1252",
    )


@pytest.mark.parametrize("label", ["x-bogus-charset", "utf-16", "utf-7", ""])
def test_unknown_or_unsafe_labels_are_ignored(label: str) -> None:
    assert decode_bytes(FR.encode("utf-8"), declared=label) == (FR, "utf-8")


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_empty_or_whitespace_is_refused(data: bytes) -> None:
    with pytest.raises(BadInput) as info:
        decode_bytes(data)
    assert (info.value.message, info.value.code) == ("empty document", "E100")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip data"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"<html>\x00\x00\x00\x01\x02</html>", "NUL bytes"),
        (bytes(range(1, 9)) * 20 + b"some text", "control characters"),
    ],
)
def test_binary_data_is_refused_with_its_kind(data: bytes, kind: str) -> None:
    with pytest.raises(BadInput) as info:
        decode_bytes(data)
    assert info.value.message == f"binary data ({kind}), not text or HTML"


def test_bytes_no_encoding_reads_are_refused() -> None:
    noise = bytes((n * 167 + 13) % 128 + 128 for n in range(3000))  # high bytes with no pattern, some undefined
    with pytest.raises(BadInput) as info:
        decode_bytes(b"text " + noise)
    assert info.value.message == "cannot decode: not UTF-8 and no known encoding fits the bytes"


def test_escape_sequences_and_form_feeds_are_still_text() -> None:
    data = b"Page 1\x0cPage 2 \x1b[1mbold\x1b[0m\n"
    assert decode_bytes(data) == (data.decode("ascii"), "utf-8")
