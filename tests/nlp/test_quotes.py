"""Quotes: the sample's golden quotes, partial quotes, apostrophes, uk/ru cues, hostile input."""

from __future__ import annotations

import pytest

from eventwire.nlp.entities import find_entities
from eventwire.nlp.quotemarks import find_quoted
from eventwire.nlp.quotes import find_quotes


@pytest.fixture(scope="module")
def sample_article():
    """The sample as the pipeline reads it: the extracted article text and title, not the raw page."""
    from tests.conftest import SAMPLES

    from eventwire.extract import extract_article
    from eventwire.model import RawDoc

    raw = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    return extract_article(RawDoc(id="s", text=raw))


@pytest.fixture(scope="module")
def sample_quotes(sample_article):
    text, title = sample_article.text, sample_article.title
    return find_quotes(text, find_entities(text, title=title, language="en"), language="en")


def _speaker_of(quotes, prefix):
    return next(q.speaker for q in quotes if q.text.startswith(prefix))


def test_sample_direct_quotes(sample_quotes) -> None:
    q = sample_quotes
    assert _speaker_of(q, "We undoubtedly record positive dynamics in our relationships") == "Kirill Dmitriyev"
    assert _speaker_of(q, "I think we need a long") == "Kirill Dmitriyev"
    assert any(x.text == "We undoubtedly record positive dynamics in our relationships" for x in q)


def test_sample_partial_quotes(sample_quotes) -> None:
    assert _speaker_of(sample_quotes, "angry") == "Donald Trump"
    assert _speaker_of(sample_quotes, "solve questions") == "Kirill Dmitriyev"


def test_sample_indirect_speech(sample_quotes) -> None:
    indirect = [q for q in sample_quotes if not q.direct]
    assert any(q.speaker == "Kirill Dmitriyev" and "prospect of peace" in q.text for q in indirect)
    assert any(q.speaker == "Reuters" and "play crucial" in q.text for q in indirect)


def test_offsets_point_into_text(sample_article, sample_quotes) -> None:
    for q in sample_quotes:
        assert sample_article.text[q.start : q.end] == q.text


def test_quote_text_is_trimmed_and_within_a_paragraph(sample_quotes) -> None:
    for q in sample_quotes:
        assert q.text == q.text.strip()
        assert q.direct or "\n\n" not in q.text, q.text


def test_apostrophes_are_not_quotes() -> None:
    text = "Putin’s aides didn’t say the players' union was 'finished' or ‘doomed’."
    assert [q.text for q in find_quoted(text)] == ["finished", "doomed"]


def test_english_he_said() -> None:
    text = "Sergey Lavrov met reporters in Moscow. “We are ready for talks,” he said. He added that sanctions must end."
    quotes = find_quotes(text, find_entities(text, title=None, language="en"), language="en")
    assert quotes[0].text == "We are ready for talks" and quotes[0].speaker == "Sergey Lavrov"
    assert any(not q.direct and q.speaker == "Sergey Lavrov" for q in quotes)


@pytest.mark.parametrize(
    ("language", "text", "speaker_part"),
    [
        ("uk", "«Ми не віддамо жодного міста», — заявив Володимир Зеленський.", "Зеленськ"),
        ("uk", "Андрій Сибіга сказав, що переговори тривають уже тиждень.", "Сибіг"),
        ("ru", "Дмитрий Песков заявил: «Мы не видим прогресса».", "Песков"),
        ("ru", "По словам Сергея Лаврова, Россия готова к переговорам без условий.", "Лавров"),
    ],
)
def test_slavic_cues(language, text, speaker_part) -> None:
    quotes = find_quotes(text, find_entities(text, title=None, language=language), language=language)
    assert quotes and any(q.speaker and speaker_part in q.speaker for q in quotes), quotes


@pytest.mark.parametrize("language", ["en", "ru", "uk", None, "xx"])
def test_hostile_inputs(language) -> None:
    assert find_quotes("", [], language=language) == []
    for text in (
        "“" * 500 + "”" * 3,
        " ".join(f"Name{i} said" for i in range(3000)),
        "Путин said «yes» — заявил 'he' „nein“ \u200b 北京",
    ):
        quotes = find_quotes(text, find_entities(text, title=None, language=language), language=language)
        assert all(0 <= q.start <= q.end <= len(text) for q in quotes)


def _attributions(text):
    from eventwire.nlp.quotes import find_attributions

    return find_attributions(text, find_entities(text, title=None, language="en"), language="en")


def _source_text(text, attribution):
    return text[attribution.source[0] : attribution.source[1]] if attribution.source else None


@pytest.mark.parametrize(
    ("text", "content_part", "source"),
    [
        ("Senator John Smith wants to extend paid leave to new mothers across the country.", "extend paid leave",
         "Senator John Smith"),
        ("Mayor Jane Doe criticized the party's lack of environmental awareness on Tuesday.", "lack of environmental",
         "Mayor Jane Doe"),
        ("Governor Tom Hill called for a full investigation into the shooting.", "full investigation",
         "Governor Tom Hill"),
        ("Many voters believe that the election was decided long before the debates began.", "election was decided",
         "Many voters"),
        ("The report was published by the Tax Policy Center, which found that taxes would rise for most families.",
         "taxes would rise", "which"),
    ],
)  # fmt: skip
def test_stance_and_belief_cues(text, content_part, source) -> None:
    found = [a for a in _attributions(text) if content_part in text[a.content[0] : a.content[1]]]
    assert found and _source_text(text, found[0]) == source, _attributions(text)


def test_quote_with_dash_signature_and_according_to() -> None:
    text = "“He can’t even answer a question without scaring people.” ― Esther Tapia\n\n" \
           "According to Rush Limbaugh, “the moderator ought to have no role in it.”"  # fmt: skip
    found = {text[a.content[0] : a.content[1]][:12]: _source_text(text, a) for a in _attributions(text)}
    assert found["He can’t eve"] == "Esther Tapia"
    assert found["the moderato"] == "Rush Limbaugh"


def test_partial_quote_inside_reported_speech_is_one_attribution() -> None:
    text = "Donald Trump said he was “angry” at Vladimir Putin over the pace of the talks."
    [a] = _attributions(text)
    assert text[a.content[0] : a.content[1]].startswith("he was") and a.quotes and a.speaker == "Donald Trump"
    quotes = find_quotes(text, find_entities(text, title=None, language="en"), language="en")
    assert {(q.text, q.direct) for q in quotes} >= {("angry", True)}


def test_nested_attribution_keeps_the_outer_source() -> None:
    text = "Sergey Lavrov said Moscow wants to see sanctions lifted before any talks begin."
    found = _attributions(text)
    assert len(found) == 1 and found[0].speaker == "Sergey Lavrov"
