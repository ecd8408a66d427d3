"""Near-duplicates: syndicated copies of one wire story, found with MinHash LSH (datasketch).

A syndicated copy keeps most of the wire text and changes little: a new headline, a trimmed
last paragraph, a local sentence. Word 5-gram shingles of the normalised text make such a copy
share most shingles with its original (a copy that drops a quarter of a 400-word story and edits
three sentences keeps a Jaccard similarity near 0.65), while two outlets writing their own stories
about the same event share almost no five-word run (under 0.1, even with a quoted sentence in
common: a 40-word quote in two 400-word stories gives about 0.05). ``DUPLICATE_JACCARD`` sits
between the two: a copy must keep about half of the text, which a light edit always does.

LSH finds candidates (banding tuned by datasketch for ``CANDIDATE_JACCARD``, below the decision
threshold so that borderline copies are not missed); each candidate is then checked against the
MinHash estimate of the Jaccard similarity (standard error about 0.04 at 0.5 with 128 permutations).

The index holds its members in fixed arrays (a ring of ``MAX_MEMBERS`` signatures and their band
keys) instead of datasketch's in-memory LSH: datasketch kept a set per band key, ~9 KB an article,
so a long ingest grew by ~90 MB every 10,000 articles; the ring takes ~1.3 KB a member at most and
never more than its capacity's.  The candidates are the ones datasketch's banding gives (same
``b`` and ``r``; a band key is a 64-bit hash of the band's values, and a hash collision could only
add a candidate, which the Jaccard check then judges).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
# A copy keeps at least this share of shingles (see the module docstring).
DUPLICATE_JACCARD = 0.5
# LSH is asked for candidates from this similarity on; each is then checked with DUPLICATE_JACCARD.
CANDIDATE_JACCARD = 0.4
# Articles remembered for duplicate search; the oldest are forgotten first. Copies of a wire story run
# within days of it, and 20,000 articles are days of a busy set of feeds at ~2 KB of index each.
MAX_MEMBERS = 20_000
# datasketch's default scheme: 32-bit values, stored as uint64 (the contract's blob type).
_SCHEME = "affine32"
_EMPTY = np.uint64(np.iinfo(np.uint32).max)
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Normalised words: NFKC, case-folded, punctuation and layout dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the normalised text (the whole text as one shingle when shorter)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash_values(text: str) -> np.ndarray:
    """MinHash signature of ``text`` as uint64 values, ``NUM_PERM`` long (all "empty" for no words)."""
    sketch = MinHash(num_perm=NUM_PERM, scheme=_SCHEME)
    sketch.update_batch([s.encode("utf-8") for s in shingles(text)])
    return sketch.hashvalues.astype(np.uint64)


def is_empty(values: np.ndarray) -> bool:
    """True for the signature of a text without words: it must never match anything."""
    return bool(np.all(values == _EMPTY))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures (0 when either is empty)."""
    if is_empty(a) or is_empty(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


@cache
def banding() -> tuple[int, int]:
    """(bands, rows per band) datasketch uses for ``CANDIDATE_JACCARD`` with ``NUM_PERM`` permutations."""
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


# Odd 64-bit multipliers, one per row of a band: a band key is the sum of its values times these (mod 2**64).
_BAND_MULTIPLIERS = np.random.default_rng(20250420).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)


def band_keys(values: np.ndarray) -> np.ndarray:
    """One 64-bit key per LSH band of each signature (``values``: one signature or a matrix of them)."""
    bands, rows = banding()
    values = np.asarray(values, dtype=np.uint64)
    banded = values[..., : bands * rows].reshape(*values.shape[:-1], bands, rows)
    with np.errstate(over="ignore"):
        return (banded * _BAND_MULTIPLIERS[:rows]).sum(axis=-1, dtype=np.uint64)


class DuplicateIndex:
    """Signatures of recent articles; ``find`` returns the closest near-duplicate of a new one.

    A ring of ``capacity`` slots: a new member takes the oldest one's slot once the ring is full.
    """

    def __init__(self, capacity: int = MAX_MEMBERS) -> None:
        self._capacity = max(1, capacity)
        self._values = np.zeros((self._capacity, NUM_PERM), dtype=np.uint32)
        self._keys = np.zeros((self._capacity, banding()[0]), dtype=np.uint64)
        self._ids: list[str | None] = [None] * self._capacity
        self._slots: dict[str, int] = {}
        self._next = 0  # the slot the next member takes (the oldest member's, once the ring is full)

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._slots

    def add(self, article_id: str, values: np.ndarray) -> str | None:
        """Remember an article's signature (empty signatures and known ids are ignored).

        Returns:
            The id of the oldest article, forgotten to make room, or None.
        """
        if article_id in self._slots or is_empty(values):
            return None
        slot = self._next
        forgotten = self._ids[slot]
        if forgotten is not None:
            del self._slots[forgotten]
        values = np.asarray(values, dtype=np.uint64)
        self._values[slot] = values
        self._keys[slot] = band_keys(values)
        self._ids[slot] = article_id
        self._slots[article_id] = slot
        self._next = (slot + 1) % self._capacity
        return forgotten

    def find(self, values: np.ndarray, exclude: str | None = None) -> tuple[str, float] | None:
        """(article id, estimated Jaccard) of the most similar remembered article at or above
        ``DUPLICATE_JACCARD``, or None. ``exclude`` is the article's own id (never its own copy)."""
        if is_empty(values) or not self._slots:
            return None
        used = len(self._slots)  # slots fill from 0 and are never freed: the used ones are the first ``used``
        sharing = np.flatnonzero((self._keys[:used] == band_keys(values)).any(axis=1))
        best: tuple[str, float] | None = None
        for slot in sharing:
            candidate = self._ids[slot]
            if candidate is None or candidate == exclude:
                continue
            similarity = jaccard(values, self._values[slot])
            if similarity >= DUPLICATE_JACCARD and (best is None or (similarity, candidate) > (best[1], best[0])):
                best = (candidate, similarity)
        return best
