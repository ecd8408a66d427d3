"""HTML main-text extraction: boilerplate removal, metadata, listing detection, hostile input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree
from trafilatura.utils import load_html

from eventwire.errors import BadInput
from eventwire.extract.html_blocks import Block
from eventwire.extract.html_body import HtmlExtraction, _needs_fallback, extract_html
from eventwire.extract.html_boilerplate import is_dateline
from eventwire.extract.html_parse import parse_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article() -> HtmlExtraction:
    return extract_html(_fixture("article_boilerplate.html"), url="https://example.org/news/bridge")


def test_article_keeps_every_body_paragraph(article: HtmlExtraction) -> None:
    assert article.text.startswith("The town council voted on Monday night")
    assert "Opponents warned that the cost" in article.text
    assert "public exhibition in the town library" in article.text
    assert article.text.count("\n\n") == 4  # five paragraphs, blank-line separated


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Sign up for our free morning newsletter",
        "Follow us on Twitter",
        "Market street shops struggle",  # "Related" link list
        "Great news at last",  # comment thread
        "All rights reserved",
        "artist's impression",  # figure caption
        "By Jane Carter",
        "Home",
    ],
)
def test_article_drops_boilerplate(article: HtmlExtraction, boilerplate: str) -> None:
    assert boilerplate not in article.text


def test_article_metadata(article: HtmlExtraction) -> None:
    assert article.title == "Council approves new river bridge"
    assert article.published == "2019-11-18"
    assert article.sitename == "The Valley Courier"
    assert article.method == "precision"
    assert not article.is_listing
    assert any("newsletter" in r for r in article.removed)


def test_title_strips_site_name() -> None:
    page = (
        "<html><head><title>Storm closes coastal road - Daily Gazette</title></head><body>"
        + "<p>The coastal road was closed on Tuesday after the storm washed part of the sea wall away.</p>" * 5
        + "</body></html>"
    )
    assert extract_html(page).title == "Storm closes coastal road"


def test_no_date_when_page_has_none() -> None:
    page = (
        "<html><body>"
        + "<p>Plain words without any date in them at all, repeated for length.</p>" * 6
        + "</body></html>"
    )
    assert extract_html(page).published is None


def test_listing_page_is_flagged() -> None:
    result = extract_html(_fixture("listing_page.html"))
    assert result.is_listing


def test_dateline_detection() -> None:
    assert is_dateline("Nov. 18, 2019 at 3:41 pm ET")
    assert is_dateline("segunda-feira, 22 de janeiro de 2018 às 0:13")
    assert not is_dateline("We met in 2019 at noon")
    assert not is_dateline("Prices rose 3% in 2019")


@pytest.mark.parametrize("html", ["", "   \n ", "<html></html>", "<p>", "<<<>>>", "</div></div></body>"])
def test_empty_or_trivial_input_gives_empty_text(html: str) -> None:
    result = extract_html(html)
    assert result.text == ""
    assert not result.is_listing


def test_random_bytes_never_crash() -> None:
    rng = random.Random(7)
    for _ in range(20):
        garbage = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000))).decode("utf-8", errors="replace")
        try:
            result = extract_html(garbage)
        except BadInput as err:
            assert "binary" in str(err)
        else:
            assert isinstance(result.text, str)


def test_binary_input_raises_bad_input() -> None:
    with pytest.raises(BadInput, match="binary"):
        extract_html("\x00\x01\x02\ufffd" * 500)


def test_non_str_input_raises_bad_input() -> None:
    with pytest.raises(BadInput, match="str"):
        extract_html(b"<html></html>")  # type: ignore[arg-type]


def test_truncated_html_still_extracts() -> None:
    page = _fixture("article_boilerplate.html")
    cut = page[: page.index("Opponents warned") + 40]
    result = extract_html(cut)
    assert "The town council voted" in result.text


def test_deep_nesting_is_handled() -> None:
    page = "<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000 + "</body></html>"
    result = extract_html(page)
    assert isinstance(result.text, str)


def test_duplicate_long_paragraph_kept_once_short_repeats_kept() -> None:
    para = (
        "<p>This long paragraph explains in detail how the regional water authority plans to replace "
        "the ageing pipes under the high street over the next three summers, street by street, while keeping "
        "every shop open and rerouting buses around the works so that nobody loses access to the town centre.</p>"
    )
    other = "<p>Another distinct paragraph with plenty of words so the page reads as a real article here.</p>"
    page = f"<html><body><article>{para}{other * 3}{para}</article></body></html>"
    text = extract_html(page).text
    assert text.count("ageing pipes") == 1


def _prose_page(article_paragraphs: int, aside_paragraphs: int) -> str:
    story = "<p>The harbour authority approved the new ferry timetable after months of talks with island residents.</p>"
    aside = "<p>Readers also asked how the winter schedule will change for schools and the weekly market boats.</p>"
    return (
        "<html><body><article>"
        + story * article_paragraphs
        + "</article><div class='other'>"
        + aside * aside_paragraphs
        + "</div></body></html>"
    )


def test_fallback_trigger_uses_general_signals() -> None:
    tree = parse_html(_prose_page(4, 1))
    body = etree.fromstring("<body>" + "<p>x</p>" * 4 + "</body>")
    four = [Block("p", "y" * 100)] * 4
    assert not _needs_fallback(tree, body, four)  # result covers the page's prose
    assert _needs_fallback(tree, body, four[:2])  # short result
    assert _needs_fallback(tree, None, four)  # nothing extracted
    assert _needs_fallback(tree, etree.fromstring("<body><table/></body>"), four)  # no paragraph
    assert _needs_fallback(parse_html(_prose_page(4, 20)), body, four)  # page prose far beyond the result


def test_parser_matches_trafilatura_loader() -> None:
    for page in (_fixture("article_boilerplate.html"), _fixture("listing_page.html"), _prose_page(3, 3)):
        assert etree.tostring(parse_html(page)) == etree.tostring(load_html(page))


def test_block_counts_words_once() -> None:
    assert Block("p", "Two words, then 3 more!").words == 5
