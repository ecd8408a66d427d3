"""The job's input: which files to read, in the order ``read_inputs`` reads them, and reading one on an executor.

The driver only lists files; executors read them with the ingest readers (``eventwire.ingest``),
one file per work item, so a folder of WARC archives is read in parallel and nothing is parsed
twice. A document's place in the input is ``(file_no, member_no)``: the file's rank in the listing
and the document's rank inside the file, the order one process would read them in.

Local paths are read where they are (every executor must see them: one machine, or a shared file
system); a Hadoop URI (``hdfs://``, ``s3a://``, ``file://``...) is listed through Spark's Hadoop file
system and its bytes reach the executor through Spark's ``binaryFile`` source.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from eventwire.errors import UnreadableSource
from eventwire.ingest import STDIN_PATH, read_file
from eventwire.ingest.document import STAGE, error_record
from eventwire.ingest.paths import doc_id, walk
from eventwire.model import ErrorRecord, RawDoc

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@dataclass(frozen=True)
class WorkItem:
    """One file to read (``error`` is set instead for a path that cannot be listed: kept in input order)."""

    file_no: int
    path: str
    base_id: str
    remote: bool = False
    error: str | None = None  # an ErrorRecord as JSON


def is_uri(path: str) -> bool:
    """A Hadoop file system URI (``scheme://...`` or ``file:/...``), not a local path."""
    scheme = urlsplit(path).scheme
    return len(scheme) > 1 and (path.startswith(f"{scheme}://") or scheme == "file")


def list_inputs(paths: Sequence[str], spark: SparkSession | None = None) -> list[WorkItem]:
    """Work items for ``paths`` in ``read_inputs`` order: folders walked recursively, sorted by name.

    Ids follow ``read_inputs``: a file given by name is named by its base name, a file in a folder by
    its path relative to that folder. Standard input cannot be spread over executors: it is an error item.
    """
    items: list[WorkItem] = []

    def add(path: str, base_id: str, *, remote: bool = False) -> None:
        items.append(WorkItem(len(items), path, base_id, remote))

    def fail(record: ErrorRecord) -> None:
        items.append(WorkItem(len(items), record.source or record.id, record.id, error=record.model_dump_json()))

    for given in paths:
        if given == STDIN_PATH:
            fail(error_record("stdin", "<stdin>", UnreadableSource("standard input cannot be read by a Spark job")))
        elif is_uri(given):
            if spark is None:
                raise ValueError("listing a Hadoop URI needs a SparkSession")
            for entry in _hadoop_files(spark, given):
                if isinstance(entry, ErrorRecord):
                    fail(entry)
                else:
                    add(entry[0], entry[1], remote=True)
        elif os.path.isdir(given):
            for entry in walk(given):
                if isinstance(entry, ErrorRecord):
                    fail(entry)
                else:
                    add(entry, doc_id(os.path.relpath(entry, given)))
        elif os.path.exists(given):
            add(given, doc_id(os.path.basename(given)))
        else:
            fail(
                ErrorRecord(
                    id=given, error=f"no such file or folder: {given}", code=UnreadableSource.code, stage=STAGE,
                    source=given,
                )
            )  # fmt: skip
    return items


def _hadoop_files(spark: SparkSession, uri: str) -> Iterator[tuple[str, str] | ErrorRecord]:
    """(file URI, document id) under ``uri``, sorted by path; hidden names (``.x``, ``_x``) skipped as Spark does."""
    jvm = spark.sparkContext._jvm
    root = jvm.org.apache.hadoop.fs.Path(uri)
    try:
        fs = root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        status = fs.getFileStatus(root)
    except Exception as exc:  # py4j wraps FileNotFoundException and friends
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield error_record(uri, uri, UnreadableSource(f"cannot read {uri}: {message}"))
        return
    if not status.isDirectory():
        path = status.getPath().toString()
        yield path, doc_id(posixpath.basename(path))
        return
    prefix = status.getPath().toString().rstrip("/") + "/"
    found = []
    listing = fs.listFiles(root, True)
    while listing.hasNext():
        path = listing.next().getPath().toString()
        relative = path[len(prefix) :] if path.startswith(prefix) else posixpath.basename(path)
        if not any(part.startswith((".", "_")) for part in relative.split("/")):
            found.append((relative.split("/"), path, relative))
    for _, path, relative in sorted(found):
        yield path, doc_id(relative)


def read_item(item: WorkItem, content: bytes | None = None) -> Iterator[RawDoc | ErrorRecord]:
    """The documents of one work item, read by the ingest readers (on an executor).

    A remote file's ``content`` is written to a local temporary file under its own name (the
    readers choose the format by name and seek in archives); sources then name the URI again.
    """
    if item.error is not None:
        yield ErrorRecord.model_validate_json(item.error)
    elif content is None:
        yield from read_file(item.path, item.base_id)
    else:
        with tempfile.TemporaryDirectory(prefix="eventwire-") as folder:
            local = os.path.join(folder, posixpath.basename(urlsplit(item.path).path) or "document")
            with open(local, "wb") as stream:
                stream.write(content)
            for doc in read_file(local, item.base_id):
                source = doc.source or ""
                if source.startswith(local):
                    doc = doc.model_copy(update={"source": item.path + source[len(local) :]})
                yield doc
