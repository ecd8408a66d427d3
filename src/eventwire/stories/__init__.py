"""The stories stage: near-duplicates, story clusters and cross-source event merge (pure logic, no SQL).

- ``duplicates``: MinHash LSH over word 5-gram shingles; a syndicated copy is linked to its original
  (``Placement.duplicate_of``) and does not count as an independent source.
- ``features`` / ``keys`` / ``terms``: what clustering needs of one article (title+lead embedding,
  identity keys, the words of the whole text).
- ``scoring`` / ``index``: incremental story clustering (``StoryIndex.place``), never reclustered.
- ``merge``: reports of one real-world event from many articles become one ``MergedEvent``.

The store (``eventwire.store``) persists ``StoryState`` and ``MergedEvent`` rows and calls these
functions during ingest; the names below are the contract between the two (``docs``: stories_api).
"""

from eventwire.stories.duplicates import NUM_PERM, DuplicateIndex, jaccard, minhash_values
from eventwire.stories.features import ArticleFeatures, article_features, article_features_many
from eventwire.stories.index import MergedStories, Placement, StoryIndex, StoryState
from eventwire.stories.merge import EventRecord, MergedEvent, absorb, event_record, matches, start_event

__all__ = [
    "NUM_PERM",
    "ArticleFeatures",
    "DuplicateIndex",
    "EventRecord",
    "MergedEvent",
    "MergedStories",
    "Placement",
    "StoryIndex",
    "StoryState",
    "absorb",
    "article_features",
    "article_features_many",
    "event_record",
    "jaccard",
    "matches",
    "minhash_values",
    "start_event",
]
