"""Property-based: random bytes and random HTML never crash extraction."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import EventwireError
from eventwire.extract import extract_article
from eventwire.model import Article, RawDoc

TAGS = ["div", "p", "span", "a", "script", "style", "article", "main", "table", "td", "li", "ul", "h1", "br", "meta"]


@st.composite
def random_html(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.text(max_size=80)))
        else:
            parts.append(f'<{tag} class="{draw(st.text(max_size=8))}">{draw(st.text(max_size=40))}</{tag}>')
    return "".join(parts)


def _extract_or_clear_error(raw: RawDoc) -> None:
    try:
        article = extract_article(raw)
    except EventwireError as exc:  # a clear, coded error is an accepted outcome
        assert exc.code and exc.message
        return
    assert isinstance(article, Article)
    assert isinstance(article.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_as_html_and_text(data: bytes) -> None:
    decoded = data.decode("utf-8", errors="replace")
    _extract_or_clear_error(RawDoc(id="b-html", html=decoded))
    _extract_or_clear_error(RawDoc(id="b-text", text=decoded))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_html(), st.text(max_size=200))
def test_random_html(html: str, text: str) -> None:
    _extract_or_clear_error(RawDoc(id="h", html=f"<html><body>{html}</body></html>"))
    _extract_or_clear_error(RawDoc(id="t", text=text + html))
