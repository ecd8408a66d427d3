"""Scorers of ``eventwire eval stories`` on tiny partitions checked by hand, the baseline, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.eval.stories import adjusted_rand, average_link, baseline_labels, bcubed, load, tfidf_matrix

ARTICLES = Path(__file__).with_name("articles.jsonl")


def test_bcubed_by_hand() -> None:
    # gold A A A B B, predicted {0,1} {2,3,4}.
    # precision per article: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
    scores = bcubed(["A", "A", "A", "B", "B"], [1, 1, 2, 2, 2])
    assert scores["precision"] == pytest.approx(11 / 15)
    assert scores["recall"] == pytest.approx(11 / 15)
    assert scores["f1"] == pytest.approx(11 / 15)


def test_bcubed_extremes() -> None:
    gold = ["A", "A", "B", "C"]
    assert bcubed(gold, ["x", "x", "y", "z"]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    singletons = bcubed(["A"] * 4, [0, 1, 2, 3])
    assert singletons["precision"] == 1.0 and singletons["recall"] == pytest.approx(0.25)
    lumped = bcubed(gold, [0, 0, 0, 0])
    assert lumped["recall"] == 1.0 and lumped["precision"] == pytest.approx((0.5 + 0.5 + 0.25 + 0.25) / 4)
    with pytest.raises(ValueError):
        bcubed(gold, [0])


def test_adjusted_rand_by_hand() -> None:
    # Pairs together in both: (0,1) and (3,4) = 2; gold pairs 3 + 1 = 4; predicted pairs 1 + 3 = 4; all pairs 10.
    # expected = 4 * 4 / 10 = 1.6; ARI = (2 - 1.6) / (4 - 1.6) = 1/6.
    assert adjusted_rand(["A", "A", "A", "B", "B"], [1, 1, 2, 2, 2]) == pytest.approx(1 / 6)
    assert adjusted_rand(["A", "A", "B"], [7, 7, 3]) == pytest.approx(1.0)
    # Label names do not matter, only the partition.
    assert adjusted_rand(["A", "B", "B", "C"], ["z", "y", "y", "x"]) == pytest.approx(1.0)
    assert adjusted_rand(["A", "A", "B", "B"], [0, 1, 0, 1]) < 0


def test_average_link_merges_while_mean_similarity_reaches_the_threshold() -> None:
    sim = np.array(
        [
            [1.0, 0.9, 0.5, 0.0],
            [0.9, 1.0, 0.1, 0.0],
            [0.5, 0.1, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )
    # {0,1} merge at 0.9; then {0,1} vs 2 averages (0.5 + 0.1) / 2 = 0.3.
    assert len(set(average_link(sim, 0.35))) == 3
    labels = average_link(sim, 0.3)
    assert labels[0] == labels[1] == labels[2] != labels[3]
    assert len(set(average_link(sim, 0.95))) == 4


def test_tfidf_rows_are_unit_length_and_shared_words_score() -> None:
    m = tfidf_matrix(["missile strike on Kharkiv", "strike on Kharkiv kills six", "football final in Istanbul", ""])
    norms = np.linalg.norm(m, axis=1)
    assert norms[:3] == pytest.approx([1.0, 1.0, 1.0]) and norms[3] == 0.0
    sim = m @ m.T
    assert sim[0, 1] > 0.3 and sim[0, 2] == 0.0


def test_baseline_groups_english_reports_of_one_event() -> None:
    rows = {r["dId"]: r for r in load(ARTICLES)}
    picked = [rows[k] for k in ("f1", "f3", "g1", "g2", "j1")]
    labels = baseline_labels(picked)
    assert labels[0] == labels[1]  # the syndicated copy
    assert labels[2] == labels[3]  # Morocco, two outlets
    assert labels[4] not in labels[:4]


def test_load_refuses_unlabelled_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"dId": "1", "text": "x", "event_id": 1}\n\n{"dId": "2", "text": "y"}\n', "utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3: no event_id"):
        load(path)


def test_command_prints_eventwire_and_baseline(tmp_path: Path) -> None:
    rows = {r["dId"]: r for r in load(ARTICLES)}
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(rows[k]) + "\n" for k in ("g1", "g2", "j1", "j2")), "utf-8")
    result = CliRunner().invoke(app, ["eval", "stories", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "eventwire" in result.stdout and "tf-idf" in result.stdout
    assert "4 articles, 3 events, 0 failed" in " ".join(result.stdout.split())


def test_command_reports_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"dId": "1", "text": "no label"}\n', "utf-8")
    result = CliRunner().invoke(app, ["eval", "stories", str(path)])
    assert result.exit_code == 2
    assert "no event_id" in " ".join(result.output.split())  # rich wraps at the terminal's width
