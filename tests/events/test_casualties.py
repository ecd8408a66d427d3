"""Casualty figures from wire sentences: a scored set in three languages plus one test per rule."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from eventwire.events.casualties import MAX_PLAUSIBLE, casualties
from eventwire.events.numbers import VAGUE_LOWER_BOUNDS, find_quantities, tokenize

SET = Path(__file__).with_name("casualty_sentences.jsonl")
# Share of min/max cells (4 per sentence) that must be right over the set.
MIN_CELL_ACCURACY = 0.95


def _rows() -> list[dict]:
    return [json.loads(line) for line in SET.read_text("utf-8").splitlines() if line.strip()]


def _bounds(count) -> tuple[int | None, int | None]:
    return (count.min, count.max) if count else (None, None)


def test_set_has_the_agreed_shape() -> None:
    rows = _rows()
    langs = [row["lang"] for row in rows]
    assert len(rows) >= 150
    assert langs.count("en") >= 60 and langs.count("uk") >= 45 and langs.count("ru") >= 45


def test_cell_accuracy_over_the_set() -> None:
    right = total = 0
    failures = []
    for row in _rows():
        fatalities, injuries, _ = casualties(row["text"], language=row["lang"])
        for name, got in (("fatalities", fatalities), ("injuries", injuries)):
            expected = row[name] or {"min": None, "max": None}
            for bound, value in zip(("min", "max"), _bounds(got), strict=True):
                total += 1
                if value == expected[bound]:
                    right += 1
                else:
                    failures.append(
                        f"[{row['lang']}] {name}.{bound}: expected {expected[bound]}, got {value}: {row['text']}"
                    )
    accuracy = right / total
    print(f"casualty cells right: {right}/{total} = {accuracy:.1%}")
    for failure in failures:
        print("  FAIL", failure)
    assert accuracy >= MIN_CELL_ACCURACY


def _kill(text: str, language: str | None = None) -> tuple[int | None, int | None]:
    return _bounds(casualties(text, language=language)[0])


def _hurt(text: str, language: str | None = None) -> tuple[int | None, int | None]:
    return _bounds(casualties(text, language=language)[1])


# -- bounds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least three people were killed.", (3, None)),
        ("Up to 12 people were killed.", (None, 12)),
        ("The strike killed 5.", (5, 5)),
        ("Between 10 and 15 people were killed.", (10, 15)),
        ("More than 20 people were killed.", (21, None)),
        ("Nearly 30 people were killed.", (None, 30)),
        ("Almost 30 people were killed.", (None, 30)),
        ("About 30 people were killed.", (30, 30)),
        ("Fewer than 10 people were killed.", (None, 9)),
        ("Two or three people were killed.", (2, 3)),
        ("Щонайменше 5 людей загинули.", (5, None)),
        ("Погибли не менее 10 человек.", (10, None)),
        ("Загинули до 12 людей.", (None, 12)),
        ("Понад 20 людей загинули.", (21, None)),
        ("Погибли от 10 до 15 человек.", (10, 15)),
    ],
)
def test_bounds(text: str, expected: tuple) -> None:
    assert _kill(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dozens of people were killed.", 24),
        ("Scores of people were killed.", 40),
        ("Hundreds of people were killed.", 200),
        ("Several people were killed.", 3),
        ("A few people were killed.", 2),
        ("Десятки людей загинули.", 20),
        ("Погибли сотни человек.", 200),
        ("Кілька людей загинули.", 2),
    ],
)
def test_vague_words_are_lower_bounds(text: str, expected: int) -> None:
    assert _kill(text) == (expected, None)


def test_vague_table_is_one_place() -> None:
    assert VAGUE_LOWER_BOUNDS[("dozens",)] == 24 and VAGUE_LOWER_BOUNDS[("scores",)] == 40
    assert VAGUE_LOWER_BOUNDS[("hundreds",)] == 200 and VAGUE_LOWER_BOUNDS[("several",)] == 3
    assert VAGUE_LOWER_BOUNDS[("a", "few")] == 2


# -- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty-one", 21),
        ("1,200", 1200),
        ("12 000", 12000),
        ("two hundred and fifty", 250),
        ("троє", 3),
        ("трьох", 3),
        ("п'ятеро", 5),
        ("п’ятьох", 5),
        ("двоє", 2),
        ("двох", 2),
        ("пятерых", 5),
        ("двадцять п'ять", 25),
        ("дві тисячі триста", 2300),
        ("3,5 тис.", 3500),
        ("1.2 million", 1_200_000),
        ("a family of four", 4),
        ("half a dozen", 6),
    ],
)
def test_number_words(text: str, expected: int) -> None:
    quantities = find_quantities(tokenize(text))
    assert [q.value for q in quantities] == [expected]


def test_digit_and_word_figures_in_sentences() -> None:
    assert _kill("Twenty-one people were killed.") == (21, 21)
    assert _kill("The quake killed 1,200 people.") == (1200, 1200)
    assert _kill("The quake killed 12 000 people.") == (12000, 12000)
    assert _kill("Загинули троє людей.") == (3, 3)
    assert _kill("Вбито трьох людей.") == (3, 3)
    assert _kill("П'ятеро людей загинули.") == (5, 5)
    assert _hurt("Поранено двоє дітей.") == (2, 2)
    assert _hurt("Ранены двое детей.") == (2, 2)


# -- sums, corrections, killed vs injured -----------------------------------------------


def test_noun_groups_are_summed() -> None:
    assert _kill("Two soldiers and a civilian were killed.") == (3, 3)
    assert _kill("The strike killed three soldiers and a civilian.") == (4, 4)
    assert _kill("A family of four was killed.") == (4, 4)
    assert _kill("Загинули двоє військових і один цивільний.") == (3, 3)


def test_latest_figure_and_rising_toll_win() -> None:
    assert _kill("The toll rose to 14.") == (14, 14)
    assert _kill("Five people were killed, and later the death toll rose to 14.") == (14, 14)
    assert _kill("Кількість загиблих зросла до 14.") == (14, 14)
    assert _kill("Число погибших возросло до 14.") == (14, 14)


def test_killed_and_injured_are_separated() -> None:
    fatalities, injuries, _ = casualties("The attack killed three and wounded 12.")
    assert _bounds(fatalities) == (3, 3) and _bounds(injuries) == (12, 12)
    fatalities, injuries, _ = casualties("Загинули троє людей, ще п'ятеро поранені.")
    assert _bounds(fatalities) == (3, 3) and _bounds(injuries) == (5, 5)


def test_subsets_do_not_add() -> None:
    assert _hurt("12 injured, including 3 children.") == (12, 12)
    assert _hurt("Поранено 12 людей, серед них троє дітей.") == (12, 12)
    assert _kill("Among the dead were three children.") == (3, None)  # a subset alone is a floor


def test_missing_and_arrested_are_not_casualties() -> None:
    fatalities, injuries, _ = casualties("Three people are missing and 14 were arrested.")
    assert fatalities is None and injuries is None
    assert _hurt("Трое пропали без вести, пятеро травмированы.") == (5, 5)


def test_killed_or_injured_together_is_not_split() -> None:
    fatalities, injuries, warnings = casualties("Troops killed and wounded more than 30 civilians.")
    assert fatalities is None and injuries is None
    assert any("together" in warning for warning in warnings)


# -- negation and hypotheticals -----------------------------------------------------------


def test_a_stated_zero_is_zero() -> None:
    assert _kill("No one was killed in the attack.") == (0, 0)
    for text in ("There were no casualties.", "Ніхто не постраждав."):
        fatalities, injuries, _ = casualties(text)
        assert _bounds(fatalities) == _bounds(injuries) == (0, 0)
    assert _kill("Обійшлося без жертв.") == (0, 0)
    assert _hurt("Никто не пострадал.") == (0, 0)


def test_no_reports_is_not_zero() -> None:
    assert casualties("There were no immediate reports of casualties.")[:2] == (None, None)
    assert casualties("Інформації про загиблих наразі немає.")[:2] == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "A strike on the dam could kill thousands.",
        "The militants threatened to kill 10 hostages.",
        "The attack could have killed dozens.",
        "Officials fear the death toll could rise to 50.",
        "Удар по греблі може вбити тисячі людей.",
        "Боевики угрожали убить заложников.",
        "He was not injured in the attack.",
    ],
)
def test_hypotheticals_and_negated_verbs_give_nothing(text: str) -> None:
    assert casualties(text)[:2] == (None, None)


# -- distractors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A 45-year-old man from Route 66 was killed.",
        "In 2022, one person was killed.",
        "At 3 am one person was killed.",
        "Russia launched 3 drones and 5 missiles; one person was killed.",
        "The 93rd brigade said one soldier was killed.",
        "Загинув 45-річний чоловік.",
        "Погиб 45-летний мужчина.",
    ],
)
def test_ages_years_times_labels_and_things_are_not_counts(text: str) -> None:
    assert _kill(text) == (1, 1)


def test_unit_counts_are_never_casualties() -> None:
    assert casualties("Russia launched 48 drones and 5 missiles overnight, injuring no one.")[0] is None
    assert _kill("Russia launched 30 drones overnight, killing 3 people.") == (3, 3)
    assert _kill("У 2022 році загинули 300 людей.") == (300, 300)


# -- bad input ---------------------------------------------------------------------------


def test_implausible_figure_is_dropped_with_a_warning() -> None:
    fatalities, _, warnings = casualties("The strike killed 10,000,000 people.")
    assert fatalities is None
    assert warnings and str(f"{MAX_PLAUSIBLE:,}") in warnings[0]


@pytest.mark.parametrize(
    "text",
    ["", " ", ".", "killed", "killed killed killed", "12345678901234567890 killed", "—", "\x00\ufeff", "1" * 5000],
)
def test_bad_input_does_not_crash(text: str) -> None:
    fatalities, injuries, warnings = casualties(text)
    for count in (fatalities, injuries):
        assert count is None or (count.min or 0) <= MAX_PLAUSIBLE
    assert isinstance(warnings, list)


def test_a_ten_thousand_word_sentence_is_handled_quickly() -> None:
    words = ("the strike killed 5 people and 3 drones hit 2022 buildings near Route 66 and " * 700).split()
    text = " ".join(words[:10_000])
    start = time.perf_counter()
    fatalities, _, _ = casualties(text)
    assert time.perf_counter() - start < 5
    assert fatalities is None or fatalities.min <= MAX_PLAUSIBLE


@pytest.mark.parametrize("tail", ["hundreds", "dozens", "several", "a few"])
def test_a_vague_figure_ending_a_headline(tail: str) -> None:
    """A vague figure as the last token once ran past the sentence end (IndexError on this headline)."""
    _, injuries, _ = casualties(f"Quake kills nine, injures {tail}", language="en")
    assert injuries is not None and injuries.text == f"injures {tail}"
    assert [q.last for q in find_quantities(tokenize(f"injures {tail}"))] == [len(tokenize(f"injures {tail}"))]


def test_headline_present_tense_kills() -> None:
    fatalities, injuries, _ = casualties("Quake kills nine, injures hundreds", language="en")
    assert _bounds(fatalities) == (9, 9) and _bounds(injuries) == (200, None)


def test_a_sentence_without_verbs() -> None:
    assert casualties("Kharkiv, Sumy, Odesa: 12, 14, 15.")[:2] == (None, None)


def test_sentences_without_casualty_words_are_fast() -> None:
    text = "Russian forces launched 48 drones and 5 missiles overnight on Kharkiv, the air force said on Sunday."
    casualties(text)
    start = time.perf_counter()
    for _ in range(1000):
        casualties(text)
    assert (time.perf_counter() - start) / 1000 < 0.0002
