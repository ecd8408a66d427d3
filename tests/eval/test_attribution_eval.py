"""Attribution scoring on the PolNeAR development half: eventwire must beat the baseline, with floors."""

from __future__ import annotations

from pathlib import Path

from eventwire.eval.attribution import Attr, _Counts, evaluate_attribution, read_ann

# Floors a little below the figures measured on the dev half (baseline in brackets):
# speaker-given-content F1 0.885 (0.515), end-to-end speaker F1 0.686 (0.250), content F1 0.757 (0.505).
# Before the stance-verb/noun cues and per-paragraph parsing: 0.826, 0.553, 0.649.
SPEAKER_GIVEN_CONTENT_FLOOR = 0.87
SPEAKER_F1_FLOOR = 0.67
CONTENT_F1_FLOOR = 0.74


def test_matching_rule() -> None:
    counts = _Counts()
    gold = [Attr([(0, 10)], [(20, 25)]), Attr([(30, 40)], [])]
    pred = [Attr([(5, 8)], [(22, 24)]), Attr([(50, 60)], [(1, 2)])]
    counts.add(gold, pred)
    assert (counts.matched, counts.src_ok, counts.gold_src, counts.pred_src) == (1, 1, 1, 2)


def test_read_ann(tmp_path: Path) -> None:
    ann = tmp_path / "x_1.ann"
    ann.write_text("T1\tSource 0 2\the\nT2\tCue 3 7\tsaid\nT3\tContent 8 12;13 15\tfoo bar\n"
                   "E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3\n", "utf-8")  # fmt: skip
    [attr] = read_ann(ann)
    assert attr.source == [(0, 2)] and attr.content == [(8, 12), (13, 15)]


def test_dev_floor(shared_data: Path) -> None:
    rows = {r["system"]: r for r in evaluate_attribution(shared_data / "attribution")}
    ours, base = rows["eventwire"], rows["baseline"]
    assert ours["speaker_given_content_f1"] >= SPEAKER_GIVEN_CONTENT_FLOOR
    assert ours["content_f1"] >= CONTENT_F1_FLOOR
    assert ours["speaker_f1"] >= SPEAKER_F1_FLOOR
    assert ours["speaker_f1"] > base["speaker_f1"]
