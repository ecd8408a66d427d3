"""Event dates resolved against the published date, in English, Ukrainian and Russian."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from eventwire.events.when import event_date

SUN = date(2025, 4, 20)  # a Sunday
WED = date(2025, 4, 23)
NEW_YEAR = date(2025, 1, 5)
D = date

# (sentence, published, start, end, precision); start None means no date.
CASES = [
    # English: weekdays
    ("Russia attacked Sumy on Sunday.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("Russia attacked Sumy on Sunday.", WED, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("A drone hit a bus on Monday, officials said.", WED, D(2025, 4, 21), D(2025, 4, 21), "day"),
    ("The strike on Wednesday killed five people.", WED, D(2025, 4, 23), D(2025, 4, 23), "day"),
    ("Last Sunday's attack killed 35 people.", SUN, D(2025, 4, 13), D(2025, 4, 13), "day"),
    ("Saturday's shelling damaged a school.", SUN, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("Talks will resume next Sunday.", SUN, None, None, None),
    # English: days
    ("The attack happened yesterday.", SUN, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("Russia launched 48 drones overnight.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("Explosions were heard in Kyiv last night.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("The day before yesterday a missile hit Odesa.", SUN, D(2025, 4, 18), D(2025, 4, 18), "day"),
    ("Two days ago a missile hit Odesa.", SUN, D(2025, 4, 18), D(2025, 4, 18), "day"),
    ("A drone struck a car this morning.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("The bridge was hit a week ago.", SUN, D(2025, 4, 13), D(2025, 4, 13), "day"),
    # English: weeks, months, years
    ("Last week, Russian forces advanced near Pokrovsk.", SUN, D(2025, 4, 7), D(2025, 4, 13), "week"),
    ("Earlier this week a strike hit Kharkiv.", WED, D(2025, 4, 21), D(2025, 4, 23), "week"),
    ("Three weeks ago the village fell.", SUN, D(2025, 3, 24), D(2025, 3, 30), "week"),
    ("Earlier this month, a strike hit Kryvyi Rih.", SUN, D(2025, 4, 1), D(2025, 4, 20), "month"),
    ("Last month the plant was shelled.", SUN, D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("Last month the plant was shelled.", NEW_YEAR, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("In February 2022, Russia invaded Ukraine.", SUN, D(2022, 2, 1), D(2022, 2, 28), "month"),
    ("In May the offensive began.", SUN, D(2024, 5, 1), D(2024, 5, 31), "month"),
    ("In March the offensive began.", SUN, D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("In 2022, Russia launched its full-scale invasion.", SUN, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("Last year the dam was destroyed.", SUN, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("Earlier this year the dam was shelled.", SUN, D(2025, 1, 1), D(2025, 4, 20), "year"),
    # English: absolute dates
    ("On 12 March, a strike hit Kryvyi Rih.", SUN, D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("On 25 December, a strike hit Kharkiv.", NEW_YEAR, D(2024, 12, 25), D(2024, 12, 25), "day"),
    ("On April 21, a strike hit Kharkiv.", SUN, D(2025, 4, 21), D(2025, 4, 21), "day"),
    ("On April 25, a strike hit Kharkiv.", SUN, D(2024, 4, 25), D(2024, 4, 25), "day"),
    ("On 12 March 2024, a strike hit Kryvyi Rih.", SUN, D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("On March 12, 2024, a strike hit Kryvyi Rih.", SUN, D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The report dated 12.03.2024 lists the victims.", SUN, D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The strike (2024-03-12) killed two.", SUN, D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The attack on Sunday, April 13, 2025, killed 35.", SUN, D(2025, 4, 13), D(2025, 4, 13), "day"),
    ("The governor said on Monday that the strike on Saturday killed 3.", WED, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("In 2150, robots will fight the wars.", SUN, None, None, None),
    ("On 12 March 2150 the treaty expires.", SUN, None, None, None),
    ("Russian forces shelled the town, killing two.", SUN, None, None, None),
    ("You may march on.", SUN, None, None, None),
    # Ukrainian
    ("У неділю росіяни атакували Суми.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("У понеділок ворог обстріляв Херсон.", WED, D(2025, 4, 21), D(2025, 4, 21), "day"),
    ("Минулої неділі ворог обстріляв Херсон.", SUN, D(2025, 4, 13), D(2025, 4, 13), "day"),
    ("В ніч на суботу росіяни запустили 40 дронів.", SUN, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("У п’ятницю ракета влучила в будинок.", SUN, D(2025, 4, 18), D(2025, 4, 18), "day"),
    ("Вчора ввечері ворог обстріляв Херсон.", SUN, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("Учора ворог атакував Одесу.", SUN, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("Позавчора ворог атакував Одесу.", SUN, D(2025, 4, 18), D(2025, 4, 18), "day"),
    ("Вночі росіяни атакували Київ дронами.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("Сьогодні вранці пролунали вибухи.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("Два дні тому ракета влучила в школу.", SUN, D(2025, 4, 18), D(2025, 4, 18), "day"),
    ("Минулого тижня окупанти просунулися.", SUN, D(2025, 4, 7), D(2025, 4, 13), "week"),
    ("Цього місяця ворог посилив обстріли.", SUN, D(2025, 4, 1), D(2025, 4, 20), "month"),
    ("12 березня ворог завдав удару по Кривому Рогу.", SUN, D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("У лютому 2022 року Росія розпочала вторгнення.", SUN, D(2022, 2, 1), D(2022, 2, 28), "month"),
    ("У 2022 році Росія розпочала вторгнення.", SUN, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("Торік ворог зруйнував греблю.", SUN, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("Серед загиблих — двоє дітей.", SUN, None, None, None),
    # Russian
    ("Вчера вечером ВСУ атаковали Белгород.", SUN, D(2025, 4, 19), D(2025, 4, 19), "day"),
    ("В воскресенье беспилотник атаковал автобус.", WED, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("В среду произошел взрыв.", WED, D(2025, 4, 23), D(2025, 4, 23), "day"),
    ("Среда обитания пострадала от разлива нефти.", WED, None, None, None),
    ("Позавчера обломки упали на дом.", SUN, D(2025, 4, 18), D(2025, 4, 18), "day"),
    ("Три дня назад был обстрелян Донецк.", SUN, D(2025, 4, 17), D(2025, 4, 17), "day"),
    ("Два часа назад раздались взрывы.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("Сегодня ночью беспилотники атаковали Курск.", SUN, D(2025, 4, 20), D(2025, 4, 20), "day"),
    ("На прошлой неделе был обстрелян Белгород.", SUN, D(2025, 4, 7), D(2025, 4, 13), "week"),
    ("В прошлом месяце погибли 12 человек.", SUN, D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("В феврале 2022 года началась война.", SUN, D(2022, 2, 1), D(2022, 2, 28), "month"),
    ("В мае наступление остановилось.", SUN, D(2024, 5, 1), D(2024, 5, 31), "month"),
    ("12 марта был нанесен удар.", SUN, D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("25 декабря был нанесен удар.", NEW_YEAR, D(2024, 12, 25), D(2024, 12, 25), "day"),
    ("В 2023 году погибли 300 человек.", SUN, D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("В прошлом году погибли 300 человек.", SUN, D(2024, 1, 1), D(2024, 12, 31), "year"),
]


@pytest.mark.parametrize(("sentence", "published", "start", "end", "precision"), CASES)
def test_event_date(
    sentence: str, published: date, start: date | None, end: date | None, precision: str | None
) -> None:
    found = event_date(sentence, published=published)
    if start is None:
        assert found is None
        return
    assert found is not None
    assert (found.start, found.end, found.precision) == (start, end, precision)


def test_table_size() -> None:
    assert len(CASES) >= 60


def test_published_datetime_is_read_as_its_date() -> None:
    found = event_date("The attack happened yesterday.", published=datetime(2025, 4, 20, 8, 30))
    assert found is not None and found.start == D(2025, 4, 19)


@pytest.mark.parametrize(
    "sentence", ["Russia attacked Sumy on Sunday.", "yesterday", "Last week", "Вчора", "В прошлом месяце", "In May"]
)
def test_relative_dates_need_a_published_date(sentence: str) -> None:
    assert event_date(sentence, published=None) is None


def test_absolute_dates_resolve_without_published() -> None:
    found = event_date("On 12 March 2024, a strike hit Kryvyi Rih.", published=None)
    assert found is not None and (found.start, found.precision) == (D(2024, 3, 12), "day")
    found = event_date("У лютому 2022 року", published=None)
    assert found is not None and found.precision == "month"
    assert event_date("12 березня", published=None) is None  # no year, nothing to take it from


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        " ",
        "31 February 2024",
        "On 99 March 2024",
        "0000-00-00",
        "In 9999",
        "in 2150",
        "\x00\ufeff",
        "Sunday " * 5000,
        "12.13.2024",
        "2024-02-30",
    ],
)
def test_bad_input_does_not_crash(sentence: str) -> None:
    found = event_date(sentence, published=SUN)
    assert found is None or (found.start is not None and found.start <= D(2025, 4, 21))


def test_sentences_without_date_words_are_fast() -> None:
    sentence = "Russian forces shelled the town, killing two people and wounding three, police said."
    event_date(sentence, published=SUN)
    start = time.perf_counter()
    for _ in range(1000):
        event_date(sentence, published=SUN)
    assert (time.perf_counter() - start) / 1000 < 0.0002
