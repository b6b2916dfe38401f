"""Long runs: keep going past a document that breaks the pipeline, and pick up where a run stopped.

``process`` feeds documents to ``miner.pipe`` in one stream (so batching and worker
processes stay busy) and, when the stream raises, runs the documents it had read but
not answered again one at a time: only the document that really fails is given up,
as a ``Failed`` record, and a new stream carries on with the rest. Results come out
in input order whatever happens.

``completed_ids`` reads the ids an earlier ``extract --format jsonl`` run wrote, for
``--resume``; a last line cut short by a killed run is dropped from the file.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

import attrs

from ..errors import InputError
from ..quote import Quote
from .readers import Document


class Miner(Protocol):
    """The part of ``QuoteMiner`` a run uses; tests substitute a fake."""

    def pipe(
        self, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
    ) -> Iterator[list[Quote]]: ...


@attrs.frozen
class Failed:
    """A document the pipeline could not process, and why (one line)."""

    document: Document
    reason: str


def reason(exc: BaseException, limit: int = 300) -> str:
    """``TypeError: message`` on one line, at most ``limit`` characters."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def process(
    documents: Iterable[Document],
    miner: Miner,
    *,
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[tuple[Document, list[Quote]] | Failed]:
    """``(document, quotes)`` for each document in input order, ``Failed`` for one that raised.

    An error raised by ``documents`` itself (an unreadable input under
    ``--on-error fail``) is not a document's failure: it is raised again once every
    document read before it has been answered.
    """
    source = iter(documents)
    input_error: list[Exception] = []

    def texts(pending: deque[Document]) -> Iterator[str]:
        while True:
            try:
                document = next(source)
            except StopIteration:
                return
            except Exception as exc:  # the reader's, not the pipeline's: stop the stream
                input_error.append(exc)
                return
            pending.append(document)
            yield document.text

    while True:
        pending: deque[Document] = deque()
        try:
            for quotes in miner.pipe(texts(pending), n_process=n_process, batch_size=batch_size):
                yield pending.popleft(), quotes
        except Exception as exc:  # the batch in flight died: find the document that did it
            stream_error = exc
        else:
            if input_error:
                raise input_error[0]
            return
        if not pending:  # nothing in flight: the error cannot be pinned on a document
            raise stream_error
        for document in list(pending):
            try:
                (quotes,) = list(miner.pipe([document.text], n_process=1, batch_size=1))
            except Exception as exc:
                yield Failed(document, reason(exc))
            else:
                yield document, quotes
        if input_error:
            raise input_error[0]


# --------------------------------------------------------------------------- resume


@attrs.frozen
class Completed:
    """What ``--resume`` found in the output file."""

    ids: frozenset[str]
    dropped: int = 0  # bytes of a cut-off last line removed from the file


def completed_ids(path: str, warn: Callable[[str], None] | None = None) -> Completed:
    """Document ids already written to ``path`` (extract's JSONL); none when it does not exist.

    A last line without its newline, or that is not JSON, is what a killed run leaves:
    it is cut off the file (the document will be done again) and ``warn`` is told. A
    bad line anywhere else means the file is not extract's output: ``InputError``.
    """
    ids: set[str] = set()
    try:
        handle = open(path, "r+b")
    except FileNotFoundError:
        return Completed(frozenset())
    except OSError as exc:
        raise InputError(f"cannot resume from {path} ({exc.strerror})") from None
    with handle:
        good_end = 0  # offset just past the last complete, valid line
        bad: tuple[int, str] | None = None  # (line number, problem) of a bad line seen
        for line_no, raw in enumerate(handle, start=1):
            if bad is not None:  # a bad line with more after it: not a cut-off run
                raise InputError(
                    f"{path}:{bad[0]}: {bad[1]}; cannot tell which documents are done"
                )
            doc_id, problem = _read_line(raw)
            if problem is None and not raw.endswith(b"\n"):
                problem = "cut off (no newline)"
            if problem is None:
                if doc_id is not None:
                    ids.add(doc_id)
                good_end += len(raw)
            else:
                bad = (line_no, problem)
        dropped = handle.tell() - good_end
        if dropped:
            handle.truncate(good_end)
            if warn is not None:
                warn(
                    f"{path}: removed an incomplete last line ({dropped} bytes) left by an "
                    "interrupted run; its document will be processed again"
                )
    return Completed(frozenset(ids), dropped)


def _read_line(raw: bytes) -> tuple[str | None, str | None]:
    """``(id, None)`` for a line of extract output, ``(None, problem)`` otherwise; blank is fine."""
    if not raw.strip():
        return None, None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"not a JSON line ({exc.__class__.__name__})"
    if not isinstance(data, dict) or not isinstance(data.get("id"), (str, int)):
        return None, 'not a line of extract output (no "id")'
    return str(data["id"]), None


__all__ = ["Completed", "Failed", "completed_ids", "process", "reason"]

