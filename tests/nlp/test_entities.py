"""Entities: the sample's golden people/organisations, uk/ru names, and hostile input."""

from __future__ import annotations

import pytest

from eventwire.nlp.actors import lookup
from eventwire.nlp.entities import find_entities
from eventwire.nlp.translit import skeleton

TITLE = "Ukraine Russia online: Russian drone attack on Kharkov killed at least three people"


@pytest.fixture(scope="module")
def sample_entities(request):
    from tests.conftest import SAMPLES

    text = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    return text, find_entities(text, title=TITLE, language="en")


def _by_canonical(entities):
    return {e.canonical: e for e in entities}


def test_sample_people(sample_entities) -> None:
    _, entities = sample_entities
    people = {e.canonical for e in entities if e.label == "PERSON"}
    assert {"Kirill Dmitriyev", "Vladimir Putin", "Donald Trump", "Steve Witkoff", "Joe Biden", "Elon Musk"} <= people
    assert "Vladimir Putin Kirill Dmitriyev" not in people
    assert not any("Kharkov" in p for p in people)


def test_sample_organisations(sample_entities) -> None:
    _, entities = sample_entities
    orgs = {e.canonical for e in entities if e.label == "ORG"}
    assert {"NBC News", "Reuters", "Kremlin"} <= orgs
    assert not any("Plenipotentiary" in o or o in ("Trump", "Dmitriyev") for o in orgs)


def test_sample_roles_and_coreference(sample_entities) -> None:
    text, entities = sample_entities
    by = _by_canonical(entities)
    dmitriyev = by["Kirill Dmitriyev"]
    assert any("plenipotentiary" in r and "Putin" in r for r in dmitriyev.roles)
    assert "former investment banker" in dmitriyev.roles
    mentioned = {text[s:e] for s, e in dmitriyev.mentions}
    assert {"Dmitriyev", "Kirill Dmitriyev", "Putin’s man"} <= mentioned
    assert any(r.startswith("Trump's") for r in by["Steve Witkoff"].roles)
    trump = {text[s:e] for s, e in by["Donald Trump"].mentions}
    assert trump == {"Trump"}


def test_actor_table_lookup() -> None:
    assert lookup("Trump’s").name == "Donald Trump"
    assert lookup("Зеленського").id == "zelensky"
    assert lookup("Дмитриев").id == lookup("Dmitriyev").id == "dmitriev"
    assert lookup("the Kremlin").kind == "government"
    assert lookup("Reuters").kind == "media"
    assert lookup("is") is None
    assert lookup("Dmitriyeva") is None  # a feminine surname is another person
    assert skeleton("Dmitriyev") == skeleton("Дмитриев") == skeleton("Dmitriev")


def test_russian_inflected_names() -> None:
    text = "По словам Зеленского, Украина не пойдет на уступки. Дмитрий Песков ответил Зеленскому."
    entities = find_entities(text, title=None, language="ru")
    people = {e.canonical: e for e in entities if e.label == "PERSON"}
    assert any(c in people for c in ("Зеленский", "Volodymyr Zelensky"))
    assert "Дмитрий Песков" in people
    zelensky = next(e for c, e in people.items() if c in ("Зеленский", "Volodymyr Zelensky"))
    assert len(zelensky.mentions) == 2


def test_ukrainian_names_and_roles() -> None:
    text = "Президент Володимир Зеленський заявив, що ЗСУ тримають оборону. Зеленського підтримали в Києві."
    entities = find_entities(text, title=None, language="uk")
    zelensky = next(e for e in entities if e.canonical == "Володимир Зеленський")
    assert zelensky.label == "PERSON" and len(zelensky.mentions) == 2
    assert any(e.text == "ЗСУ" and e.label == "ORG" for e in entities)


def test_cyrillic_gold_floor() -> None:
    from tests.nlp.cyrillic_gold import measure

    scores = measure()
    assert scores["uk"]["eventwire"][2] >= 0.70
    assert scores["ru"]["eventwire"][2] >= 0.80


@pytest.mark.parametrize("language", ["en", "ru", "uk", None, "xx"])
def test_empty_text(language) -> None:
    assert find_entities("", title=None, language=language) == []
    assert find_entities("   \n ", title="", language=language) == []


@pytest.mark.parametrize("language", ["en", "uk", "zz"])
def test_hostile_inputs(language) -> None:
    capitals = " ".join(f"Name{i % 97} Word" for i in range(5000))
    mixed = "Путин met Trump in Київ; 北京 ✓ Dmitriyev’s «мир» \x00\u200b ''' “” «»"
    for text in (capitals, mixed):
        entities = find_entities(text, title=text[:100], language=language)
        for e in entities:
            assert all(0 <= s < end <= len(text) for s, end in e.mentions)
