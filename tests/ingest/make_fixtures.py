"""One-off script that wrote ``tests/fixtures/ingest``; kept so the fixtures can be rebuilt.

Run from anywhere: ``python tests/ingest/make_fixtures.py``. Output is
deterministic (fixed WARC ids, dates and gzip mtimes).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Floods force evacuation of 2,000 residents in Porto Alegre</title>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Floods force evacuation of 2,000 residents in Porto Alegre</h1>
<p class="byline">By Ana Souza, 6 May 2024</p>
<p>PORTO ALEGRE, Brazil (Reuters) - Heavy rain flooded low-lying districts of Porto Alegre on Sunday,
forcing about 2,000 residents from their homes, the civil defence agency said.</p>
<p>“The water rose faster than anyone expected,” said Mayor Sebastião Melo, adding that two people were
missing after a bridge collapsed near the Guaíba river.</p>
</article>
<footer>© 2024 Example News</footer>
</body>
</html>
"""

COMPRESSED_HTML = """<!doctype html>
<html><head><title>Strike closes port of Antwerp</title></head>
<body><p>Dockworkers in Antwerp walked out on Tuesday, halting container traffic at Europe's
second-busiest port, union officials said.</p></body></html>
"""

SCRAPED_TEXT = """Earthquake of magnitude 5.8 shakes central Turkey

Published: 12 March 2024 09:14 UTC

ANKARA (AP) — An earthquake of magnitude 5.8 struck central Turkey early on Tuesday, damaging
several buildings in Kahramanmaraş province, the disaster agency AFAD said. Three people were
injured, officials said.

Share this article: Facebook | Twitter | Email
"""

STORY_NO_EXTENSION = """
<html>
<head><title>Council approves new budget</title></head>
<body><p>The city council approved the 2025 budget by 31 votes to 12 on Thursday.</p></body>
</html>
"""

NESTED_HTM = """<html><body><h1>Wildfire near Athens</h1>
<p>Firefighters battled a wildfire north of Athens for a second day, the fire service said.</p>
</body></html>
"""

RU_CP1251_HTML = """<html>
<head><title>Пожар на складе в Казани</title></head>
<body>
<p>В Казани в понедельник загорелся склад площадью около тысячи квадратных метров.
По словам представителей МЧС, никто не пострадал, причины пожара выясняются.</p>
</body>
</html>
"""

RU_KOI8R_TEXT = """Наводнение в Оренбурге

Уровень воды в реке Урал поднялся ещё на сорок сантиметров, эвакуированы жители трёх районов.
"""

UK_CP1251_TEXT = """Обстріл Харкова

Унаслідок нічного обстрілу в Харкові поранено чотирьох людей, повідомив голова обласної адміністрації.
"""

FR_LATIN1_HTML = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Grève à la SNCF : trafic très perturbé</title>
</head>
<body>
<p>La grève des cheminots a fortement perturbé le trafic ferroviaire mercredi, a indiqué la SNCF.
Près d'un TGV sur deux a été supprimé, et les usagers ont dû se réorganiser à la dernière minute.</p>
</body>
</html>
"""

JSONL_LINES = [
    json.dumps(
        {
            "id": "afp-001",
            "url": "https://example.org/news/afp-001",
            "html": "<html><body><p>Protesters gathered in Nairobi on Tuesday.</p></body></html>",
            "title": "Protests in Nairobi",
            "published": "2024-06-25",
            "lang": "en",
        }
    ),
    "",
    json.dumps({"id": "ap-002", "text": "Two people died in a landslide in Kerala, officials said.", "source": "x"}),
    "{not json at all",
    json.dumps(["a", "list", "is", "not", "an", "object"]),
    json.dumps({"id": "no-body", "url": "https://example.org/empty", "title": "Headline only"}),
    json.dumps({"text": "Police in Lyon arrested four people after clashes, the prefecture said.", "lang": "fr"}),
    json.dumps(
        {"id": 42, "text": "Численность пострадавших выросла до пяти человек.", "lang": "ru"}, ensure_ascii=False
    ),
]


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _warc() -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    date = "2024-05-06T10:00:00Z"

    def response(n: int, url: str, body: bytes, status: str, content_type: str | None, **extra: str) -> None:
        headers = [("Content-Type", content_type)] if content_type else []
        headers += list(extra.items())
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>", "WARC-Date": date}
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers
        )
        writer.write_record(record)

    info = writer.create_warcinfo_record("fixture.warc.gz", {"software": "eventwire fixture"})
    info.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>")
    info.rec_headers.replace_header("WARC-Date", date)
    writer.write_record(info)
    response(1, "https://news.example.com/floods", ARTICLE_HTML.encode("utf-8"), "200 OK", "text/html; charset=utf-8")
    response(2, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "200 OK", "image/png")
    response(3, "https://news.example.com/old", b"<html>Moved</html>", "301 Moved Permanently", "text/html",
             Location="https://news.example.com/new")  # fmt: skip
    response(
        4, "https://ru.example.com/kazan", RU_CP1251_HTML.encode("cp1251"), "200 OK", "text/html; charset=windows-1251"
    )
    response(
        5,
        "https://news.example.com/antwerp",
        _gzip(COMPRESSED_HTML.encode("utf-8")),
        "200 OK",
        "text/html",
        **{"Content-Encoding": "gzip"},
    )
    resource = writer.create_warc_record(
        "https://news.example.com/athens",
        "resource",
        payload=io.BytesIO(NESTED_HTM.encode("utf-8")),
        warc_content_type="text/html",
        warc_headers_dict={"WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-000000000006>", "WARC-Date": date},
    )
    writer.write_record(resource)
    metadata = writer.create_warc_record(
        "https://news.example.com/floods",
        "metadata",
        payload=io.BytesIO(b"via: https://news.example.com/\n"),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-000000000007>", "WARC-Date": date},
    )
    writer.write_record(metadata)
    return buf.getvalue()


def main() -> None:
    pages = HERE / "pages"
    (pages / "sub").mkdir(parents=True, exist_ok=True)
    (pages / "article.html").write_bytes(ARTICLE_HTML.encode("utf-8"))
    (pages / "compressed.html.gz").write_bytes(_gzip(COMPRESSED_HTML.encode("utf-8")))
    (pages / "scraped.txt").write_bytes(SCRAPED_TEXT.encode("utf-8"))
    (pages / "story").write_bytes(STORY_NO_EXTENSION.encode("utf-8"))
    (pages / "sub" / "nested.htm").write_bytes(NESTED_HTM.encode("utf-8"))
    encoded = HERE / "encodings"
    encoded.mkdir(exist_ok=True)
    (encoded / "ru_cp1251.html").write_bytes(RU_CP1251_HTML.encode("cp1251"))
    (encoded / "ru_koi8r.txt").write_bytes(RU_KOI8R_TEXT.encode("koi8-r"))
    (encoded / "uk_cp1251.txt").write_bytes(UK_CP1251_TEXT.encode("cp1251"))
    (encoded / "fr_latin1.html").write_bytes(FR_LATIN1_HTML.encode("latin-1"))
    (HERE / "feed.jsonl").write_bytes(("\n".join(JSONL_LINES) + "\n").encode("utf-8"))
    (HERE / "crawl.warc.gz").write_bytes(_warc())


if __name__ == "__main__":
    main()
