"""Near-duplicates: a syndicated copy of a wire story is found; another outlet's own story is not."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eventwire.stories.duplicates import (
    DUPLICATE_JACCARD,
    DuplicateIndex,
    is_empty,
    jaccard,
    minhash_values,
    shingles,
)

ARTICLES = Path(__file__).with_name("articles.jsonl")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    rows = [json.loads(line) for line in ARTICLES.read_text("utf-8").splitlines() if line.strip()]
    return {row["dId"]: row["text"] for row in rows}


def _exact_jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_syndicated_copy_links_to_the_wire_story(texts: dict[str, str]) -> None:
    index = DuplicateIndex()
    index.add("a1", minhash_values(texts["a1"]))  # the wire story
    index.add("a2", minhash_values(texts["a2"]))  # another outlet's own report of the same strike
    # a1b: the same wire text with a new headline, the last sentence cut and a credit line added.
    found = index.find(minhash_values(texts["a1b"]))
    assert found is not None and found[0] == "a1"
    assert found[1] >= DUPLICATE_JACCARD
    assert abs(found[1] - _exact_jaccard(texts["a1"], texts["a1b"])) < 0.15  # the MinHash estimate is close


def test_copy_with_a_local_paragraph_instead_of_the_last_one(texts: dict[str, str]) -> None:
    index = DuplicateIndex()
    index.add("f1", minhash_values(texts["f1"]))
    found = index.find(minhash_values(texts["f3"]))
    assert found is not None and found[0] == "f1"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a1", "a2"),  # two outlets, one strike, each its own text
        ("a1", "b1"),  # one wire service, two strikes on the same city two days apart
        ("c1", "c2"),  # the same strike on Odesa, breaking news and the next day's follow-up
        ("f1", "f2"),  # the same earthquake, two outlets
    ],
)
def test_different_stories_on_one_topic_are_not_duplicates(texts: dict[str, str], first: str, second: str) -> None:
    assert _exact_jaccard(texts[first], texts[second]) < 0.1
    index = DuplicateIndex()
    index.add(first, minhash_values(texts[first]))
    assert index.find(minhash_values(texts[second])) is None


def test_normalisation_ignores_case_punctuation_and_layout() -> None:
    a = "Russian guided bombs struck a large hardware store in Kharkiv on Saturday, officials said."
    b = "RUSSIAN guided bombs struck a large hardware store in Kharkiv on Saturday -- officials said"
    assert jaccard(minhash_values(a), minhash_values(b)) == 1.0


def test_a_text_without_words_never_matches() -> None:
    empty = minhash_values("  ... \n")
    assert is_empty(empty)
    index = DuplicateIndex()
    index.add("blank", empty)
    assert len(index) == 0
    assert index.find(empty) is None
    assert jaccard(empty, empty) == 0.0


def test_own_id_is_excluded_and_capacity_forgets_the_oldest(texts: dict[str, str]) -> None:
    index = DuplicateIndex(capacity=2)
    values = minhash_values(texts["a1"])
    index.add("a1", values)
    assert index.find(values, exclude="a1") is None
    index.add("c1", minhash_values(texts["c1"]))
    index.add("d1", minhash_values(texts["d1"]))
    assert "a1" not in index and len(index) == 2
    assert index.find(values) is None
    assert index.find(minhash_values(texts["d1"]))[0] == "d1"


def test_signature_is_stable_across_runs_and_stored_as_uint64(texts: dict[str, str]) -> None:
    values = minhash_values(texts["a1"])
    assert values.dtype == np.uint64 and values.shape == (128,)
    restored = np.frombuffer(values.tobytes(), dtype=np.uint64)
    assert np.array_equal(restored, minhash_values(texts["a1"]))


def _stream_of_copies(count: int, seed: int) -> list[tuple[str, np.ndarray]]:
    """Signatures of random texts and of copies kept at 20-100 % of an earlier text (every Jaccard band)."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts: list[list[str]] = []
    for _ in range(count):
        if texts and rng.random() < 0.6:
            source = texts[rng.integers(len(texts))]
            kept = int(len(source) * rng.uniform(0.2, 1.0))
            start = int(rng.integers(0, len(source) - kept + 1))
            words = source[start : start + kept] + list(rng.choice(vocabulary, size=int(rng.integers(0, 30))))
        else:
            words = list(rng.choice(vocabulary, size=int(rng.integers(40, 200))))
        texts.append(words)
    return [(f"a{i:03d}", minhash_values(" ".join(words))) for i, words in enumerate(texts)]


def test_finds_what_datasketch_lsh_finds_window_included() -> None:
    """The ring's banding gives the answers of datasketch's in-memory MinHashLSH, forgetting the oldest the same way."""
    from collections import OrderedDict

    from datasketch import MinHash, MinHashLSH

    from eventwire.stories.duplicates import CANDIDATE_JACCARD, NUM_PERM

    def sketch(values: np.ndarray) -> MinHash:
        return MinHash(hashvalues=values.astype(np.uint32), scheme="affine32")

    capacity = 60
    index = DuplicateIndex(capacity=capacity)
    lsh, kept = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM), OrderedDict()
    found = 0
    for article_id, values in _stream_of_copies(300, seed=3):
        expected = None
        for candidate in lsh.query(sketch(values)):
            similarity = jaccard(values, kept[candidate])
            if similarity >= DUPLICATE_JACCARD and (expected is None or (similarity, candidate) > expected[::-1]):
                expected = (candidate, similarity)
        assert index.find(values) == expected, article_id
        found += expected is not None
        index.add(article_id, values)
        if len(kept) >= capacity:
            lsh.remove(kept.popitem(last=False)[0])
        kept[article_id] = values
        lsh.insert(article_id, sketch(values))
    assert len(index) == capacity
    assert found >= 30  # the stream has copies on both sides of the threshold (42 found)


def test_memory_is_fixed_by_the_capacity() -> None:
    """A full ring takes no more memory than an empty one: new members take the oldest slots."""
    index = DuplicateIndex(capacity=50)
    arrays = (index._values, index._keys)
    for article_id, values in _stream_of_copies(200, seed=5):
        index.add(article_id, values)
    assert len(index) == 50 and len(index._slots) == 50
    assert index._values is arrays[0] and index._keys is arrays[1]
    assert sum(a.nbytes for a in arrays) == 50 * (128 * 4 + 32 * 8)
