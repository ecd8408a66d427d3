"""The vocabulary table: complete against ACLED, PLOVER and CASE 2021, and the docs table agrees with it."""

from __future__ import annotations

from pathlib import Path

from eventwire.events import typology
from eventwire.events.typology import (
    ACLED_SUB_EVENT_TYPES,
    CASE2021_LABELS,
    PLOVER_CATEGORIES,
    SUBTYPES,
    markdown_table,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "event-types.md"


def test_every_acled_sub_event_type_has_exactly_one_subtype() -> None:
    assert sum(len(v) for v in ACLED_SUB_EVENT_TYPES.values()) == 25
    assert len(ACLED_SUB_EVENT_TYPES) == 6
    mapped = [s.acled_sub_event_type for s in SUBTYPES if s.acled_sub_event_type]
    assert sorted(mapped) == sorted(sub for subs in ACLED_SUB_EVENT_TYPES.values() for sub in subs)


def test_acled_subtypes_carry_their_acled_event_type() -> None:
    for s in SUBTYPES:
        if s.acled_sub_event_type:
            assert s.acled_sub_event_type in ACLED_SUB_EVENT_TYPES[s.event_type], s.id
            assert s.acled_event_type == s.event_type
        else:
            assert s.acled_event_type is None


def test_every_case2021_label_is_reachable_and_nothing_else() -> None:
    assert len(CASE2021_LABELS) == 30
    assert {s.case2021 for s in SUBTYPES} == set(CASE2021_LABELS)


def test_case_labels_match_the_data_file_when_present(shared_data: Path) -> None:
    from eventwire.eval.case2021 import load

    gold = {label for _, _, label in load(shared_data / "event-types" / "case2021-task2.tsv")}
    assert gold == set(CASE2021_LABELS)


def test_plover_categories_are_plover_1_0_and_all_used() -> None:
    assert len(PLOVER_CATEGORIES) == 16
    used = {s.plover for s in SUBTYPES if s.plover}
    assert used <= set(PLOVER_CATEGORIES)
    assert used == set(PLOVER_CATEGORIES)


def test_ids_unique_snake_case_and_described() -> None:
    ids = [s.id for s in SUBTYPES]
    assert len(ids) == len(set(ids))
    for s in SUBTYPES:
        assert s.id == s.id.lower() and " " not in s.id
        assert s.description.endswith(".")
    assert typology.to_case2021("suicide_bomb") == "SUIC_BOMB"
    assert typology.get("consult").plover == "CONSULT"


def test_docs_table_agrees_with_typology() -> None:
    text = DOCS.read_text("utf-8")
    assert markdown_table() in text, "docs/event-types.md is stale: paste typology.markdown_table() into it"
