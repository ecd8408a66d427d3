"""The dashboard's pure helpers, run in the browser as the page loads them (ES modules from /static)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def page(browser: object, server: str) -> Iterator[object]:
    """One page for all: these tests only import modules into it."""
    context = browser.new_context(base_url=server)
    page = context.new_page()
    page.goto("/")
    yield page
    context.close()


def run(page: object, module: str, body: str, arg: object = None) -> object:
    """Import ``/static/js/<module>`` in the page and run ``body`` (a function of the module and ``arg``)."""
    return page.evaluate(
        f"async (arg) => {{ const m = await import('/static/js/{module}'); return ({body})(m, arg); }}", arg
    )


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # Offsets count code points (Python): the emoji is one, not two UTF-16 units.
        (
            "🔥 Fire. Strike hit.",
            [{"start": 8, "end": 19, "text": "Strike hit."}],
            [["🔥 Fire. ", False], ["Strike hit.", True]],
        ),
        # Overlapping and touching spans merge; the order of spans does not matter.
        (
            "abcdefgh",
            [{"start": 4, "end": 6}, {"start": 1, "end": 3}, {"start": 2, "end": 4}],
            [["a", False], ["bcdef", True], ["gh", False]],
        ),
        # Offsets past the end, reversed or not integers are dropped, not thrown.
        ("short", [{"start": 3, "end": 99}, {"start": 4, "end": 2}, {"start": "0", "end": 2}], [["short", False]]),
        # Offsets that do not hold the sentence: the sentence is found by its text.
        (
            "One. Two. Three.",
            [{"start": 0, "end": 4, "text": "Two."}],
            [["One. ", False], ["Two.", True], [" Three.", False]],
        ),
        ("", [{"start": 0, "end": 1}], []),
    ],
)
def test_text_is_cut_at_evidence_offsets(page: object, text: str, spans: list, expected: list) -> None:
    pieces = run(
        page,
        "highlight.js",
        "(m, a) => m.splitAtSpans(a.text, a.spans).map(p => [p.text, p.mark])",
        {"text": text, "spans": spans},
    )
    assert pieces == expected
    assert "".join(piece for piece, _ in pieces) == text


@pytest.mark.parametrize(
    ("url", "is_link"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("not a url", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(page: object, url: str | None, is_link: bool) -> None:
    tag = run(page, "dom.js", "(m, url) => m.safeLink(url, 'title').tagName", url)
    assert tag == ("A" if is_link else "SPAN")


def test_rings_across_the_antimeridian_are_drawn_in_one_piece(page: object) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            # Chukotka-like: crosses +180 and comes back.
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[170, 65], [-175, 65], [-175, 68], [170, 68], [170, 65]]],
                },
            },
            # Antarctica-like: goes round the south pole once (the closing step jumps from +180 to -180).
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [[[-180, -70], [0, -75], [180, -70], [-180, -70]]]},
            },
        ],
    }
    fixed = run(page, "antimeridian.js", "(m, c) => m.unwrapAntimeridian(c)", collection)
    chukotka = fixed["features"][0]["geometry"]["coordinates"][0]
    assert chukotka == [[170, 65], [185, 65], [185, 68], [170, 68], [170, 65]]
    antarctica = fixed["features"][1]["geometry"]["coordinates"][0]
    assert antarctica == [[-180, -70], [0, -75], [180, -70], [180, -90], [-180, -90], [-180, -70]]
