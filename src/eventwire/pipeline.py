"""Compose the stages: ``process(raw) -> Result`` and ``process_many(raws, workers)``.

Stages stay pure; this module owns batching, workers and the failure policy: a document
that fails becomes an :class:`ErrorRecord` saying which stage failed and why, and the
batch goes on (spaCy's ``pipe`` with an error handler, made explicit).
"""

from __future__ import annotations

import functools
import gc
import itertools
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable, Iterator

from eventwire.errors import W_NO_MODEL, EventwireError
from eventwire.extract import extract_with_warnings
from eventwire.model import ErrorRecord, RawDoc, Result

# Below this many documents a worker pool costs more to start than it saves.
MIN_BATCH_FOR_WORKERS = 24
# Documents handed to a worker at a time. One: a document costs ~100 ms against ~0.2 ms of pickling,
# and bigger chunks leave a worker idle at the end of a batch while the other finishes its chunk.
CHUNK_SIZE = 1
# Documents read ahead of the consumer, per worker: enough to keep every worker busy, few enough that a
# consumer slower than the workers (the store's writer beside them on a busy machine) holds a bounded
# backlog instead of every outcome the workers made (``_InFlight``).
IN_FLIGHT_PER_WORKER = 8
# Written for the warm-up before forking (no real event): words that reach every stage.
WARM_UP_TITLE = "Officials meet in Kyiv"
WARM_UP_TEXT = (
    "KYIV, April 20 (Reuters) - Officials from Ukraine and Poland met in Kyiv on Sunday, "
    'the foreign ministry said. "We discussed trade," Andrii Sybiha told reporters.'
)
# The same for the Cyrillic models (natasha's NER, pymorphy3's Ukrainian and Russian dictionaries):
# loaded once before forking instead of ~1 s in every worker that meets its first Cyrillic article.
WARM_UP_CYRILLIC = {
    "uk": "У Харкові в неділю зустрілися посадовці, повідомив Андрій Сибіга.",
    "ru": "В Харькове в воскресенье встретились чиновники, сообщил Андрей Сибига.",
}
# Languages the nlp stage has models and rules for.
NLP_LANGUAGES = frozenset({"en", "ru", "uk"})


def process(raw: RawDoc, *, article_only: bool = False, events: bool = True) -> Result:
    """Run every stage on one document (only the extract stage with ``article_only``; no events
    stage with ``events=False``: entities, places and quotes only).

    Raises:
        EventwireError: the document cannot be processed (bad input, not an article...).
    """
    article, warnings = extract_with_warnings(raw)
    result = Result(article=article, warnings=warnings)
    if article_only or article.page_kind != "article" or not article.text.strip():
        return result
    if article.language not in NLP_LANGUAGES:
        result.warnings.append(f"{W_NO_MODEL} no entity model for language {article.language!r}: article only")
        return result
    _analyse(result)
    if events:
        _find_events(result)
    return result


def _analyse(result: Result) -> None:
    """The nlp and geo stages: one model run shared by entities, places and quotes."""
    from eventwire.geo import geoparse_document
    from eventwire.nlp.entities import find_entities
    from eventwire.nlp.ner import analyse_together, ner_spans
    from eventwire.nlp.quotes import find_quotes

    article = result.article
    analyse_together([article.text, article.title or ""], article.language)
    spans = ner_spans(article.text, article.language)
    result.entities = find_entities(article.text, title=article.title, language=article.language, spans=spans)
    title_places, text_places = geoparse_document(
        article.text, language=article.language, spans=spans, title=article.title
    )
    people = [(start, end) for e in result.entities if e.label == "PERSON" for start, end in e.mentions]
    text_places = [p for p in text_places if not any(s <= p.start and p.end <= e for s, e in people)]
    result.places = [p.model_copy(update={"in_": "title"}) for p in title_places] + text_places
    result.quotes = find_quotes(article.text, result.entities, language=article.language)


def _find_events(result: Result) -> None:
    """The events stage: what happened, with evidence and flags."""
    from eventwire.events.assemble import find_events

    result.events, warnings = find_events(result.article, entities=result.entities, places=result.places)
    result.warnings.extend(warnings)


def process_safely(item: RawDoc | ErrorRecord, article_only: bool = False, events: bool = True) -> Result | ErrorRecord:
    """``process`` that never raises: a failure becomes an ErrorRecord for that document."""
    if isinstance(item, ErrorRecord):
        return item
    try:
        return process(item, article_only=article_only, events=events)
    except EventwireError as exc:
        return ErrorRecord(id=item.id, error=exc.message, code=exc.code, stage="extract", source=item.source)
    except RecursionError:
        return ErrorRecord(
            id=item.id, error="document is nested too deeply to parse", code="E101", stage="extract", source=item.source
        )
    except Exception as exc:  # a bug must not sink the batch; the record names it
        return ErrorRecord(
            id=item.id, error=f"internal error: {type(exc).__name__}: {exc}", code="E900", stage="extract",
            source=item.source,
        )  # fmt: skip


def _one_thread_per_worker() -> None:
    """Workers are the parallelism: a model's own thread pool per worker would only oversubscribe the cores."""
    os.environ["OMP_NUM_THREADS"] = "1"
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def preload_shared_models(events: bool) -> None:
    """Load spaCy, the gazetteer and (for the events stage) the sentence-embedding model before
    forking, so workers share them instead of each paying ~2.5 s (~4 s for torch) on its first
    document.  Torch is set to one thread first: a thread pool that has run does not survive a
    fork, and with one thread none is ever started (workers use one thread each anyway)."""
    from eventwire.geo.gazetteer import load
    from eventwire.nlp.models import spacy_english

    spacy_english()
    load()
    _load_extraction_tables()
    if events:
        import torch

        from eventwire.events.classify import weights
        from eventwire.events.embeddings import model

        torch.set_num_threads(1)
        model()
        weights()
    # One short article through every stage loads what the stages load lazily (language detector,
    # extraction tables, rule caches) once here instead of once per worker.
    process(RawDoc(id="warm-up", text=WARM_UP_TEXT, title=WARM_UP_TITLE, lang="en"), events=events)
    for language, text in WARM_UP_CYRILLIC.items():
        process(RawDoc(id=f"warm-up-{language}", text=text, lang=language), events=events)
    _freeze_loaded_objects()


def _load_extraction_tables() -> None:
    """The extract stage's lazily built tables: lingua's detector (the warm-up articles name their
    language, so detection never runs there) and trafilatura's justext stop list (~0.2 s, built on
    the first page that needs justext's rescue)."""
    from trafilatura import external

    from eventwire.extract.language import detector

    detector()
    if getattr(external, "JT_STOPLIST", True) is None:
        external.jt_stoplist_init()


def _freeze_loaded_objects() -> None:
    """Move everything loaded so far out of the garbage collector's sight (``gc.freeze``).

    The models and tables live as long as the process: a full collection would walk them again
    and again (~2 ms an article), and in forked workers its walk writes to every page holding
    them, copying pages the workers could have shared.
    """
    gc.collect()
    gc.freeze()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def process_many(
    items: Iterable[RawDoc | ErrorRecord],
    *,
    workers: int | None = None,
    article_only: bool = False,
    events: bool = True,
    read_ahead: int = 0,
) -> Iterator[Result | ErrorRecord]:
    """Process documents in input order, in parallel once the batch pays for it.

    Args:
        items: documents (and ingest errors, passed through in place).
        workers: processes to use; None = all cores when the batch has at least
            ``MIN_BATCH_FOR_WORKERS`` documents, else one.
        article_only: stop after the extract stage (clean articles, no entities or events).
        events: run the events stage (False: entities, places and quotes only).
        read_ahead: documents the workers may be ahead of the consumer, at least ``IN_FLIGHT_PER_WORKER``
            each: a consumer that takes outcomes in batches wants room for two, or the workers stop
            while it writes one.
    """
    iterator = iter(items)
    head = list(itertools.islice(iterator, MIN_BATCH_FOR_WORKERS))
    if workers is None:
        workers = default_workers() if len(head) >= MIN_BATCH_FOR_WORKERS else 1
    stream = itertools.chain(head, iterator)
    run = functools.partial(process_safely, article_only=article_only, events=events)
    if workers <= 1:
        yield from map(run, stream)
        return
    if not article_only:
        preload_shared_models(events)
    window = _InFlight(max(read_ahead, workers * IN_FLIGHT_PER_WORKER))
    with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread_per_worker) as pool:
        try:
            for outcome in pool.imap(run, window.feed(stream), chunksize=CHUNK_SIZE):
                window.taken()
                yield outcome
        finally:
            window.close()  # before the pool's exit joins the thread that feeds it


class _InFlight:
    """At most ``size`` documents between the input and the consumer.

    ``Pool.imap`` reads its input in a thread of its own as fast as the workers take it and keeps every
    outcome until the consumer asks for it: with a consumer slower than the workers, the outcomes
    waiting in the parent grew without bound (~190 MB at 1,500 documents of a traced ingest).  The
    feeding thread now waits for a free place; the consumer frees one per outcome it takes.
    """

    def __init__(self, size: int) -> None:
        self._free = threading.Semaphore(size)
        self._closed = threading.Event()

    def feed(self, items: Iterable[RawDoc | ErrorRecord]) -> Iterator[RawDoc | ErrorRecord]:
        for item in items:
            while not self._free.acquire(timeout=0.1):
                if self._closed.is_set():
                    return
            if self._closed.is_set():
                return
            yield item

    def taken(self) -> None:
        self._free.release()

    def close(self) -> None:
        self._closed.set()
