"""The writer on both databases: everything kept, once; versions; merged events; stories across runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from eventwire.model import ErrorRecord, Result
from eventwire.store import tables as t
from eventwire.store.engine import read_connection
from eventwire.store.identity import article_identity, article_key
from eventwire.store.queries import article_result, table_counts
from eventwire.store.rows import RawInfo
from eventwire.store.writer import IngestStats, StoreWriter


def _write(engine: Engine, outcomes: list[Result | ErrorRecord], *, batch_size: int = 50) -> IngestStats:
    with StoreWriter(engine, batch_size=batch_size) as writer:
        for outcome in outcomes:
            writer.add(outcome, RawInfo(source=f"/in/{getattr(outcome, 'id', None) or outcome.article.id}"))
    return writer.stats


def _key(result: Result) -> str:
    return article_key(article_identity(result))


def _counts(engine: Engine) -> dict[str, int]:
    with read_connection(engine) as conn:
        return table_counts(conn=conn)


def _rows(engine: Engine, table: type[t.Base], *where: Any) -> list[dict]:
    with read_connection(engine) as conn:
        return [dict(row) for row in conn.execute(select(table.__table__).where(*where)).mappings()]


def test_everything_the_pipeline_produced_is_kept(engine: Engine, result_factory) -> None:
    result = result_factory("doc-1", url="https://news.example.com/a/strike")
    failed = ErrorRecord(id="bad.bin", error="binary file", code="E100", stage="ingest", source="/in/bad.bin")
    stats = _write(engine, [result, failed])
    assert (stats.new, stats.errors) == (1, 1)
    with read_connection(engine) as conn:
        assert article_result(conn=conn, article_id=_key(result)) == result
    (article,) = _rows(engine, t.Article)
    assert article["removed"] == ["Share this article", "Most read"]
    assert article["warnings"] == result.warnings
    assert article["source_path"] == "/in/doc-1"
    assert article["story_id"] and article["minhash"] and article["vector"]
    (report,) = _rows(engine, t.EventSource)
    assert report["flags"] == ["reported"] and report["confidence"] == 0.8
    assert report["evidence"][0]["text"].startswith("A missile struck a market in Kharkiv")
    (error,) = _rows(engine, t.IngestError)
    assert (error["doc_id"], error["code"], error["stage"], error["source"]) == (
        "bad.bin",
        "E100",
        "ingest",
        "/in/bad.bin",
    )
    assert _counts(engine)["sources"] == 1


def test_writing_the_same_documents_again_changes_no_count(engine: Engine, result_factory) -> None:
    outcomes = [
        result_factory("a", url="https://one.example.com/a"),
        result_factory("b", url="https://two.example.com/b", town="Odesa", killed=3),
        result_factory("c", town="Sumy", killed=2),  # no URL: known by its content hash
        ErrorRecord(id="broken", error="not JSON", code="E100", stage="ingest", source="feed.jsonl:3"),
    ]
    _write(engine, outcomes, batch_size=2)
    before = _counts(engine)
    again = _write(engine, outcomes, batch_size=3)
    assert _counts(engine) == before
    assert (again.new, again.unchanged, again.versioned, again.events_new) == (0, 3, 0, 0)
    (error,) = _rows(engine, t.IngestError)
    assert error["times"] == 2


def test_tracking_parameters_fragment_and_trailing_slash_do_not_make_a_new_article(engine: Engine, result_factory):
    _write(engine, [result_factory("x", url="https://News.Example.com/a/strike/?utm_source=tw&fbclid=1#comments")])
    stats = _write(engine, [result_factory("y", url="https://news.example.com/a/strike")])
    assert stats.unchanged == 1
    (article,) = _rows(engine, t.Article)
    assert article["identity"] == "https://news.example.com/a/strike"


def test_a_changed_article_becomes_a_new_version_and_its_rows_are_replaced(engine: Engine, result_factory) -> None:
    url = "https://news.example.com/a/strike"
    first = result_factory("v1", url=url, killed=5)
    second = result_factory("v2", url=url, killed=7, extra="Rescuers were still searching the rubble.")
    _write(engine, [first])
    stats = _write(engine, [second])
    assert stats.versioned == 1
    (article,) = _rows(engine, t.Article)
    assert article["version"] == 2 and "Rescuers" in article["text"]
    (old,) = _rows(engine, t.ArticleVersion)
    assert old["version"] == 1 and Result.model_validate(old["result"]) == first
    (event,) = _rows(engine, t.Event)
    assert (event["n_sources"], event["fatalities_min"], event["fatalities_max"]) == (1, 7, 7)
    assert len(_rows(engine, t.EventSource)) == 1 and len(_rows(engine, t.Entity)) == 2
    with read_connection(engine) as conn:
        assert article_result(conn=conn, article_id=_key(second)) == second
    # The old text seen again (a stale copy) is recognised, not stored as a third version.
    assert _write(engine, [first]).unchanged == 1
    assert _rows(engine, t.Article)[0]["version"] == 2


def test_reports_of_one_event_from_two_outlets_become_one_event(engine: Engine, result_factory) -> None:
    early = result_factory("a", url="https://one.example.com/a", killed=5, published="2025-04-20")
    late = result_factory(
        "b", url="https://two.example.com/b", killed=9, published="2025-04-21",
        text="Rescuers in Kharkiv pulled more bodies from the market on Monday after a missile struck it on "
        "Sunday, regional governor Oleh Syniehubov said. \"The enemy hit the centre again,\" he wrote, as the "
        "toll rose to nine.",
    )  # fmt: skip
    threat = result_factory("c", url="https://three.example.com/c", flags=["hypothetical"], extra="Another may come.")
    stats = _write(engine, [early, late, threat], batch_size=1)
    assert (stats.events_new, stats.events_merged) == (2, 1)
    real = [e for e in _rows(engine, t.Event) if "hypothetical" not in e["flags"]]
    (event,) = real
    assert (event["n_sources"], event["n_independent"]) == (2, 2)
    assert (event["fatalities_min"], event["fatalities_max"], event["fatalities_latest"]) == (5, 9, 9)
    supporting = {row["article_id"] for row in _rows(engine, t.EventSource, t.EventSource.event_id == event["id"])}
    assert supporting == {_key(early), _key(late)}


def test_a_syndicated_copy_is_linked_across_runs_and_not_counted_as_independent(engine: Engine, result_factory):
    original = result_factory("wire", url="https://wire.example.com/strike")
    _write(engine, [original])
    copy = result_factory("copy", url="https://paper.example.org/world/strike")  # same wire text, other outlet
    stats = _write(engine, [copy])  # a new writer: its story index is rebuilt from the database
    assert (stats.new, stats.stories_new) == (1, 0)
    rows = {row["id"]: row for row in _rows(engine, t.Article)}
    assert rows[_key(copy)]["duplicate_of"] == _key(original)
    assert rows[_key(copy)]["story_id"] == rows[_key(original)]["story_id"]
    (event,) = _rows(engine, t.Event)
    assert (event["n_sources"], event["n_independent"]) == (2, 1)
    (story,) = _rows(engine, t.Story)
    assert story["size"] == 2


def test_an_article_the_database_refuses_does_not_sink_its_batch(engine: Engine, result_factory) -> None:
    good = result_factory("good", url="https://one.example.com/good")
    bad = result_factory("bad", url="https://two.example.com/bad", town="Odesa")
    bad.quotes[0].start = 2**70  # out of range for any integer column
    stats = _write(engine, [good, bad, result_factory("also-good", url="https://three.example.com/x", town="Sumy")])
    assert (stats.new, stats.errors) == (2, 1)
    assert {row["doc_id"] for row in _rows(engine, t.Article)} == {"good", "also-good"}
    (error,) = _rows(engine, t.IngestError)
    assert (error["doc_id"], error["stage"]) == ("bad", "store")
    assert not _rows(engine, t.Entity, t.Entity.article_id == _key(bad))


def test_text_no_database_could_hold_is_cleaned_the_same_on_both(engine: Engine, result_factory) -> None:
    result = result_factory("nul", url="https://one.example.com/nul", extra="Zero\x00byte and a lone \ud800 surrogate.")
    assert _write(engine, [result]).new == 1
    (article,) = _rows(engine, t.Article)
    assert "\x00" not in article["text"] and "Zerobyte and a lone ? surrogate." in article["text"]


def test_stories_an_article_joins_are_one_story_in_the_database(engine: Engine, result_factory, monkeypatch) -> None:
    """Two starts of one event, then a report that fits both: every article points at the surviving story,
    the other story's row is gone, and a second run (index rebuilt from the database) agrees."""
    import numpy as np

    from eventwire.store import writer as store_writer

    east, north = np.eye(384, dtype=np.float32)[:2]
    vectors = {"first": east, "second": north, "bridge": east + 0.9 * north, "later": east + 0.8 * north}
    real = store_writer.article_features_many

    def embedding_only(items):  # the real features; their embeddings and keys set so that only cosines decide
        computed = real(items)
        for (_, result), features in zip(items, computed, strict=True):
            vector = vectors[result.article.id]
            features.vector, features.keys = (vector / np.linalg.norm(vector)).astype(np.float32), {}
        return computed

    monkeypatch.setattr(store_writer, "article_features_many", embedding_only)
    bodies = {
        "first": 'A missile struck a market in Kharkiv on Sunday, governor Oleh Syniehubov said. "Again," he said.',
        "second": 'Rescuers in Kharkiv pulled survivors from the rubble overnight, Oleh Syniehubov said. "Hard," he said.',
        "bridge": 'The toll of the Kharkiv market strike rose to seven, Oleh Syniehubov said. "Seven," he wrote.',
        "later": 'Kharkiv mourned the victims of the market strike, Oleh Syniehubov said. "We remember," he said.',
    }
    results = {k: result_factory(k, url=f"https://news.example.com/{k}", text=v) for k, v in bodies.items()}
    stats = _write(engine, [results["first"], results["second"]])
    assert stats.stories_new == 2 and len(_rows(engine, t.Story)) == 2
    stats = _write(engine, [results["bridge"]])
    assert (stats.stories_new, stats.stories_merged) == (0, 1)
    (story,) = _rows(engine, t.Story)
    assert story["size"] == 3
    stories = {row["id"]: row["story_id"] for row in _rows(engine, t.Article)}
    assert set(stories.values()) == {story["id"]}
    stats = _write(engine, [results["later"], results["first"]])  # a new run: one more report, one already kept
    assert (stats.new, stats.unchanged, stats.stories_new, stats.stories_merged) == (1, 1, 0, 0)
    (story,) = _rows(engine, t.Story)
    assert story["size"] == 4 and {row["story_id"] for row in _rows(engine, t.Article)} == {story["id"]}
