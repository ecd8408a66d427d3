"""Near-duplicates at scale: the LSH banding of ``eventwire.stories.duplicates``, run by Spark as a join.

Single-process, ``DuplicateIndex`` finds the articles that share a band (``b`` slices of ``r``
MinHash values, as datasketch's ``MinHashLSH`` cuts them) with a new one, keeps those whose estimated Jaccard is at
least ``DUPLICATE_JACCARD``, and links the article to the most similar (ties: the greater id).
It only remembers the last ``MAX_MEMBERS`` articles it was given, and never empty signatures.

Here the same signatures are cut into the same bands (``b`` and ``r`` are read from datasketch for
the same threshold, so the candidates are the same), band equality is a Spark join, and each
article keeps its best earlier candidate within the same window of ranks: the answer
``DuplicateIndex.find`` gives when articles are placed in input order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.stories.duplicates import DUPLICATE_JACCARD, MAX_MEMBERS, NUM_PERM, banding

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# The signature of a text without words (``duplicates.is_empty``): it never matches anything.
EMPTY_VALUE = 2**32 - 1


def earlier_duplicates(signatures: DataFrame, *, window: int = MAX_MEMBERS) -> DataFrame:
    """For each article with a near-duplicate placed before it: ``(article_id, duplicate_of, similarity)``.

    Args:
        signatures: ``article_id``, ``file_no``, ``member_no`` (input order) and ``minhash``
            (``NUM_PERM`` values) of the articles that take part in stories, one row per article.
        window: how many earlier articles are remembered (``DuplicateIndex``'s capacity).
    """
    from pyspark.sql import functions as F

    ranked = _ranked(signatures.where(~F.forall("minhash", lambda v: v == F.lit(EMPTY_VALUE))))
    bands, rows = banding()
    slices = F.transform(F.sequence(F.lit(0), F.lit(bands - 1)), lambda i: F.slice("minhash", i * rows + 1, rows))
    banded = ranked.select("article_id", "rank", F.posexplode(slices).alias("band", "band_values"))
    a, b = banded.alias("a"), banded.alias("b")
    same_band = (F.col("a.band") == F.col("b.band")) & (F.col("a.band_values") == F.col("b.band_values"))
    # ``b`` was remembered when ``a`` came: placed before it, at most ``window`` places back.
    remembered = (F.col("a.rank") > F.col("b.rank")) & (F.col("a.rank") - F.col("b.rank") <= window)
    pairs = (
        a.join(b, same_band & remembered)
        .select(F.col("a.article_id").alias("article_id"), F.col("b.article_id").alias("other"))
        .distinct()
    )
    mine = ranked.select("article_id", F.col("minhash").alias("mine"))
    theirs = ranked.select(F.col("article_id").alias("other"), F.col("minhash").alias("theirs"))
    equal = F.zip_with("mine", "theirs", lambda x, y: x == y)
    scored = (
        pairs.join(mine, "article_id")
        .join(theirs, "other")
        .select("article_id", "other", (F.size(F.filter(equal, lambda e: e)) / F.lit(NUM_PERM)).alias("similarity"))
    )
    best = (
        scored.where(F.col("similarity") >= DUPLICATE_JACCARD)
        .groupBy("article_id")
        .agg(F.max(F.struct("similarity", "other")).alias("best"))
    )
    return best.select(
        "article_id", F.col("best.other").alias("duplicate_of"), F.col("best.similarity").alias("similarity")
    )


def _ranked(signatures: DataFrame) -> DataFrame:
    """``article_id``, ``rank`` (0, 1, 2... in input order) and ``minhash``; ranks are consecutive, as
    the window of remembered articles counts them."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    ordered = signatures.orderBy("file_no", "member_no").select("article_id", "minhash")
    indexed = ordered.rdd.zipWithIndex().map(lambda pair: (pair[0][0], pair[1], pair[0][1]))
    schema = StructType([
        StructField("article_id", StringType()), StructField("rank", LongType()),
        StructField("minhash", ArrayType(LongType())),
    ])  # fmt: skip
    return signatures.sparkSession.createDataFrame(indexed, schema)
