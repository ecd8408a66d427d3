"""Dates, agencies, cited outlets and machine-translation signals on real-style wire text."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from eventwire.extract import mt
from eventwire.extract.dates import find_date, is_date_line, parse_date
from eventwire.extract.language import detect_language
from eventwire.extract.sources import cited_sources, credit_line_agency, dateline_agency


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("avril 20, 2025", date(2025, 4, 20)),
        ("20 квітня 2025", date(2025, 4, 20)),
        ("20 апреля 2025 г.", date(2025, 4, 20)),
        ("20.04.2025", date(2025, 4, 20)),
        ("April 20th, 2025", date(2025, 4, 20)),
        ("2025-04-20T14:03", datetime(2025, 4, 20, 14, 3)),
        ("20. dubna 2025", date(2025, 4, 20)),
    ],
)
def test_parse_date_any_language(value: str, expected: date) -> None:
    assert parse_date(value) == expected


def test_incomplete_or_future_dates_are_not_publication_dates() -> None:
    assert parse_date("April 2025") is None
    assert parse_date("20 April 2999", today=date(2026, 1, 1)) is None
    assert find_date("The talks are planned for next spring.") is None


def test_date_lines_versus_sentences_with_dates() -> None:
    assert is_date_line("Sunday, 20 April 2025 14:03")
    assert is_date_line("Published on 20.04.2025")
    assert not is_date_line("He said it happened on 12 March 2024 in Kyiv")


@pytest.mark.parametrize(
    ("line", "agency"),
    [("(CTK)", "ČTK"), ("— AFP", "AFP"), ("/ТАСС/", "TASS"), ("Reuters/AP", "Reuters"), ("(Укрінформ)", "Ukrinform")],
)
def test_credit_lines_normalised(line: str, agency: str) -> None:
    assert credit_line_agency(line) == agency


def test_a_sentence_is_not_a_credit_line() -> None:
    assert credit_line_agency("Reuters could not verify the report independently.") is None


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("KYIV (Reuters) — Russian drones struck the city overnight.", "Reuters"),
        ("WASHINGTON (AP) - The Senate voted on Tuesday.", "AP"),
        ("МОСКВА, 20 апреля. /ТАСС/. Президент России заявил", "TASS"),
    ],
)
def test_dateline_agency(opening: str, agency: str) -> None:
    assert dateline_agency(opening) == agency


def test_cited_outlets_not_people() -> None:
    text = (
        "According to NBC News, the call was postponed. Reuters reported the figures on Monday, "
        "according to Dmitriyev. The minister told CNN that talks would go on. "
        "Як повідомляє Українська правда, вибухи пролунали вранці. Об этом сообщает РИА Новости."
    )
    assert cited_sources(text) == ["NBC News", "Reuters", "CNN", "Українська правда", "RIA Novosti"]


def test_unnamed_outlets_only_in_attribution() -> None:
    assert "state media" in cited_sources("The strike was confirmed by state media, which reported two deaths.")
    assert cited_sources("Local shops were closed.") == []


def test_mt_mending_changes_spacing_only() -> None:
    assert (
        mt.mend("a two -day visit and a long -term plan , he said .")
        == "a two-day visit and a long-term plan, he said."
    )
    assert mt.mend("prices rose - sharply") == "prices rose - sharply"


def test_mt_detection_needs_more_than_one_typo() -> None:
    human = "The two-day visit ended on Sunday, officials said."
    assert not mt.is_machine_translated(mt.signals(human, language="en"))
    translated = "During a two -day visit, « we need a long -term solution », he said."
    found = mt.signals(translated, language="en")
    assert mt.is_machine_translated(found)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Russian drones struck residential buildings in Kharkiv overnight, officials said.", "en"),
        ("Російські дрони вночі атакували житлові будинки у Харкові, повідомили посадовці.", "uk"),
        ("Российские беспилотники ночью атаковали жилые дома в Харькове, сообщили власти.", "ru"),
        ("Des drones russes ont frappé des immeubles résidentiels à Kharkiv pendant la nuit.", "fr"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_no_language_for_too_little_text() -> None:
    assert detect_language("12:30 —") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Plainly English (function words and "the" twice): no statistical guess needed.
        (
            "Photo: Reuters. The mayor of the city said on Monday that the water supply was restored to most "
            "districts, and that repairs to the main pipeline were expected to take two more weeks.",
            "en",
        ),
        # "the" is not English alone in these, and their function words are their own.
        (
            "Der Bürgermeister der Stadt sagte am Montag, dass die Wasserversorgung in den meisten Bezirken "
            "wiederhergestellt sei und die Reparaturen an der Hauptleitung zwei Wochen dauern würden.",
            "de",
        ),
        (
            "El alcalde de la ciudad dijo el lunes que el suministro de agua se había restablecido en la mayoría "
            "de los distritos y que las reparaciones de la tubería principal tardarían dos semanas más.",
            "es",
        ),
    ],
)
def test_language_of_longer_samples(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_plainly_english_needs_enough_words() -> None:
    from eventwire.extract.language import _plainly_english

    assert not _plainly_english("The end of the war")  # too few words to be sure
    assert _plainly_english(
        "The minister said that the talks with the delegation were held in a calm atmosphere and that "
        "the two sides had agreed to meet again in the spring."
    )
