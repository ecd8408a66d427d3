"""Quotes: the sample's golden quotes, partial quotes, apostrophes, uk/ru cues, hostile input."""

from __future__ import annotations

import pytest

from eventwire.nlp.entities import find_entities
from eventwire.nlp.quotemarks import find_quoted
from eventwire.nlp.quotes import find_quotes


@pytest.fixture(scope="module")
def sample_quotes():
    from tests.conftest import SAMPLES

    text = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    return find_quotes(text, find_entities(text, title=None, language="en"), language="en")


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


def test_offsets_point_into_text(sample_quotes) -> None:
    from tests.conftest import SAMPLES

    text = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    for q in sample_quotes:
        assert text[q.start : q.end] == q.text


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
