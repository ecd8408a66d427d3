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
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict

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


def _sketch(values: np.ndarray) -> MinHash:
    return MinHash(hashvalues=np.asarray(values, dtype=np.uint64).astype(np.uint32), scheme=_SCHEME)


class DuplicateIndex:
    """Signatures of recent articles; ``find`` returns the closest near-duplicate of a new one."""

    def __init__(self, capacity: int = MAX_MEMBERS) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
        self._values: OrderedDict[str, np.ndarray] = OrderedDict()
        self._capacity = capacity

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._values

    def add(self, article_id: str, values: np.ndarray) -> str | None:
        """Remember an article's signature (empty signatures and known ids are ignored).

        Returns:
            The id of the oldest article, forgotten to make room, or None.
        """
        if article_id in self._values or is_empty(values):
            return None
        forgotten = None
        if len(self._values) >= self._capacity:
            forgotten, _ = self._values.popitem(last=False)
            self._lsh.remove(forgotten)
        values = np.asarray(values, dtype=np.uint64)
        self._values[article_id] = values
        self._lsh.insert(article_id, _sketch(values))
        return forgotten

    def find(self, values: np.ndarray, exclude: str | None = None) -> tuple[str, float] | None:
        """(article id, estimated Jaccard) of the most similar remembered article at or above
        ``DUPLICATE_JACCARD``, or None. ``exclude`` is the article's own id (never its own copy)."""
        if is_empty(values) or not self._values:
            return None
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(_sketch(values)):
            if candidate == exclude:
                continue
            similarity = jaccard(values, self._values[candidate])
            if similarity >= DUPLICATE_JACCARD and (best is None or (similarity, candidate) > (best[1], best[0])):
                best = (candidate, similarity)
        return best
