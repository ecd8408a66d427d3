"""Batching and failure policy: order kept, workers change nothing, one bad document never sinks a batch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.model import ErrorRecord, RawDoc, Result
from eventwire.pipeline import MIN_BATCH_FOR_WORKERS, process_many, process_safely


def _docs(n: int) -> list[RawDoc]:
    return [
        RawDoc(
            id=f"doc-{i}",
            text=f"Headline number {i} about the river\n\nOfficials in town {i} said the river rose by {i} centimetres "
            "overnight and that the bridge would stay closed until the water level fell again.",
        )
        for i in range(n)
    ]


def test_two_workers_give_the_same_results_in_the_same_order() -> None:
    docs = _docs(MIN_BATCH_FOR_WORKERS + 6)
    docs.insert(5, RawDoc(id="empty", text="   "))
    one = [r.model_dump() for r in process_many(docs, workers=1)]
    two = [r.model_dump() for r in process_many(docs, workers=2)]
    assert one == two
    ids = [r["id"] if "error" in r else r["article"]["id"] for r in one]
    assert ids == [d.id for d in docs]


def test_bad_documents_become_error_records_and_the_batch_goes_on() -> None:
    ingest_error = ErrorRecord(id="broken", error="binary data", code="E100", stage="ingest")
    deep = RawDoc(id="deep", html="<div>" * 100_000 + "text" + "</div>" * 100_000)
    docs = [_docs(1)[0], ingest_error, RawDoc(id="nothing"), deep, _docs(2)[1]]
    out = list(process_many(docs, workers=1))
    assert isinstance(out[0], Result) and isinstance(out[4], Result)
    assert out[1] is ingest_error
    assert isinstance(out[2], ErrorRecord) and out[2].code == "E100" and "neither html nor text" in out[2].error
    assert isinstance(out[3], (ErrorRecord, Result))  # a clear error or an empty article, never an exception
    if isinstance(out[3], Result):
        assert out[3].article.page_kind == "empty"


def test_process_safely_names_the_stage() -> None:
    record = process_safely(RawDoc(id="x"))
    assert isinstance(record, ErrorRecord)
    assert record.stage == "extract" and record.id == "x"


@pytest.mark.parametrize("read_ahead", [0, 40])
def test_workers_read_only_a_bounded_window_ahead_of_a_slow_consumer(read_ahead: int) -> None:
    """A consumer slower than the workers (the store's writer) holds a bounded backlog, not every outcome."""
    import time

    from eventwire.pipeline import IN_FLIGHT_PER_WORKER

    pulled = [0]

    def documents() -> Iterator[RawDoc]:
        for doc in _docs(200):
            pulled[0] += 1
            yield doc

    outcomes = process_many(documents(), workers=2, article_only=True, read_ahead=read_ahead)
    taken = [next(outcomes) for _ in range(MIN_BATCH_FOR_WORKERS + 6)]  # past the head read to choose workers
    time.sleep(1.0)  # the workers could have read all 200 by now
    window = max(read_ahead, 2 * IN_FLIGHT_PER_WORKER)
    assert len(taken) + window <= pulled[0] <= len(taken) + window + 1  # + the one waiting for a free place
    rest = list(outcomes)
    assert [r.article.id for r in taken + rest] == [d.id for d in _docs(200)]  # all of them, in order


def test_a_consumer_that_stops_early_does_not_hang_the_pool() -> None:
    outcomes = process_many(iter(_docs(200)), workers=2, article_only=True)
    assert next(outcomes).article.id == _docs(1)[0].id
    outcomes.close()  # the feeding thread stops waiting; the pool shuts down
