"""The line-level boilerplate remover on scraped text pages in several languages."""

from __future__ import annotations

from eventwire.extract.textpage import clean_text_page

UKRAINIAN_PAGE = """Головна » Новини » Росіяни атакували Харків дронами
20 квітня 2025
Росіяни атакували Харків дронами

Уночі російські війська атакували Харків ударними безпілотниками, повідомив мер міста Ігор Терехов.

Реклама

За його словами, пошкоджено житловий будинок та автомобілі.
Читайте також: Вибухи в Одесі
Джерело: Укрінформ
"""

WRAPPED_PAGE = """Floods close roads in the north

Heavy rain closed dozens of roads across the northern region on Monday, and
officials warned that rivers could rise further overnight as more rain was
expected.

Share this article
"""


def test_ukrainian_page_chrome_removed() -> None:
    page = clean_text_page(UKRAINIAN_PAGE)
    assert page.title == "Росіяни атакували Харків дронами"
    assert page.paragraphs == [
        "Уночі російські війська атакували Харків ударними безпілотниками, повідомив мер міста Ігор Терехов.",
        "За його словами, пошкоджено житловий будинок та автомобілі.",
    ]
    assert page.date_lines == ["20 квітня 2025"]
    assert page.agency == "Ukrinform"
    assert {"Реклама", "Читайте також: Вибухи в Одесі", "Джерело: Укрінформ"} <= set(page.removed)


def test_wrapped_lines_become_one_paragraph() -> None:
    page = clean_text_page(WRAPPED_PAGE)
    assert page.title == "Floods close roads in the north"
    assert len(page.paragraphs) == 1
    assert page.paragraphs[0].startswith("Heavy rain closed dozens of roads")
    assert page.paragraphs[0].endswith("as more rain was expected.")
    assert "Share this article" in page.removed


def test_given_title_wins_and_repeats_are_dropped() -> None:
    page = clean_text_page("Body line one is here.\n\nBody line one is here.\n\nSecond line.", title="T")
    assert page.title == "T"
    assert page.paragraphs == ["Body line one is here.", "Second line."]
    assert page.removed == ["Body line one is here."]


def test_a_sentence_mentioning_advertising_is_kept() -> None:
    text = (
        "Ban on ads\n\nThe government banned advertising of gambling on television from next year, the minister said."
    )
    page = clean_text_page(text)
    assert page.paragraphs == [
        "The government banned advertising of gambling on television from next year, the minister said."
    ]
