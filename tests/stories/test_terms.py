"""The words of an article for lexical story scoring: language-aware, bounded, carried in the keys."""

from __future__ import annotations

import json
import math

import pytest

from eventwire.stories import terms
from eventwire.stories.terms import article_terms, text_language, words


def test_english_words_are_folded_and_function_words_figures_and_possessives_go() -> None:
    found = words("Kharkiv's mayor said 200 workers and the Epicentr store were hit on 25 May 2024.", "en")
    assert found == ["kharkiv", "mayor", "workers", "epicentr", "store", "hit", "may"]


def test_ukrainian_and_russian_words_meet_in_their_lemmas() -> None:
    # "Харкові" has a rarer pymorphy3 reading ("харко"): the frequent lemma wins.
    assert words("У Харкові, з Харкова, Харків", "uk") == ["харків", "харків", "харків"]
    assert words("П'ятеро загиблих, п’ятеро поранених", "uk") == ["пятеро", "загиблий", "пятеро", "поранений"]
    assert words("Число погибших в Харькове", "ru") == ["число", "погибнуть", "харьков"]


def test_cyrillic_text_is_read_by_its_letters_whatever_the_detector_said() -> None:
    ukrainian = "Прокуратура повідомила про підозру двом російським льотчикам, які скинули бомби на «Епіцентр»."
    assert text_language(ukrainian, "kk") == "uk"
    assert text_language("Суд продлил арест обвиняемым в теракте в «Крокус Сити Холле».", "uk") == "ru"
    assert text_language("Russian bombs hit a Kharkiv store", "en") == "en"
    assert text_language("Russian bombs hit a Kharkiv store", None) == "und"
    keys = article_terms("Удар по «Епіцентру» в Харкові", ukrainian, "kk")
    assert "w:uk:епіцентр" in keys and "w:uk:харків" in keys


def test_article_terms_weigh_counts_and_keep_the_most_telling_words(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "The bridge fell. Bridge crews and divers searched the Patapsco, Homendy said. Bridge work again, city people."
    )
    found = article_terms("Key Bridge", text, "en")
    assert found["w:en:bridge"] == round(1 + math.log(4), 4)  # four times: 1 + ln 4
    assert found["w:en:patapsco"] == 1.0
    monkeypatch.setattr(terms, "MAX_ARTICLE_TERMS", 4)
    kept = article_terms("Key Bridge", text, "en")
    assert set(kept) == {"w:en:bridge", "w:en:patapsco", "w:en:homendy", "w:en:divers"}  # not "city", "again"
    assert json.loads(json.dumps(kept)) == kept  # JSON-safe, as the store keeps story keys


def test_a_text_without_words_has_no_terms() -> None:
    assert article_terms(None, "", "en") == {}
    assert article_terms("", "12 34 — 2024", None) == {}
