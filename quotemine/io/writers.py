"""Quotes out: JSONL, CSV and a readable listing, one document at a time.

Every writer flushes after each document, so an interrupted or crashed run keeps
everything it finished. Writers never close the stream: the caller owns it.

Texts may hold lone surrogates (a JSON ``"\\ud800"`` escape decodes to one), which
UTF-8 cannot encode: JSONL writes such a line with ``\\u`` escapes, still valid
JSON that reads back to the same string; CSV and pretty show U+FFFD in their place.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

from ..quote import Quote
from .readers import Document

FORMATS: tuple[str, ...] = ("jsonl", "csv", "pretty")
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "start",
    "end",
    "kind",
    "text",
    "speaker",
    "speaker_mention",
    "speaker_type",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "addressee",
    "confidence",
)
_RESERVED = ("id", "text", "quotes")  # keys the JSONL line sets itself
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """A ``\\ud800`` escape read from JSON: UTF-8 (a file, spaCy's strings) cannot hold it."""
    return _SURROGATE.search(text) is not None


def encodable(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, one character for one, so
    that UTF-8 can hold it and offsets stay the same."""
    return _SURROGATE.sub("\ufffd", text)


def json_line(record: dict[str, Any]) -> str:
    """One JSON line, readable UTF-8 where it can be, ``\\u`` escapes where it must."""
    line = json.dumps(record, ensure_ascii=False)
    if has_lone_surrogate(line):
        line = json.dumps(record)
    return line + "\n"


class Writer(Protocol):
    """What the CLI needs of an output format."""

    def write(self, document: Document, quotes: Sequence[Quote]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """One line per document: id, the input's other fields, then the quotes (text left out: it is the input)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, document: Document, quotes: Sequence[Quote]) -> None:
        extra = {key: value for key, value in document.extra.items() if key not in _RESERVED}
        record = {"id": document.id, **extra, "quotes": [quote.to_dict() for quote in quotes]}
        self.stream.write(json_line(record))
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _cell(value: Any) -> Any:
    return encodable(value) if isinstance(value, str) else value


def csv_row(document_id: str, quote: Quote) -> list[Any]:
    """A quote flattened to ``CSV_COLUMNS``; missing parts are empty cells."""
    row = {**quote.to_row(), "id": document_id, "confidence": round(quote.confidence, 4)}
    return ["" if row[column] is None else row[column] for column in CSV_COLUMNS]


class CsvWriter:
    """One row per quote, for spreadsheets; a document without quotes writes no row."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._csv = csv.writer(stream, lineterminator="\n")
        self._header_written = False

    def _header(self) -> None:
        if not self._header_written:
            self._csv.writerow(CSV_COLUMNS)
            self._header_written = True

    def write(self, document: Document, quotes: Sequence[Quote]) -> None:
        self._header()
        for quote in quotes:
            self._csv.writerow([_cell(value) for value in csv_row(document.id, quote)])
        self.stream.flush()

    def close(self) -> None:
        """Writes the header even when no document came, so the file is still a valid table."""
        self._header()
        self.stream.flush()


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, the cut marked with ``…``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _speaker_label(quote: Quote) -> str:
    speaker = quote.speaker
    if speaker is None:
        return "(no speaker)"
    if speaker.mention and speaker.mention != speaker.name:
        return f"{speaker.name} ({speaker.mention})"
    return speaker.name


def pretty_line(quote: Quote, limit: int = 120) -> str:
    """``[kind] Name (mention) —cue→ «text»  @start:end``, plus the addressee when there is one."""
    arrow = f" —{quote.cue.text}→ " if quote.cue else " → "
    line = (
        f"[{quote.kind}] {_speaker_label(quote)}{arrow}«{shorten(quote.text, limit)}»"
        f"  @{quote.start}:{quote.end}"
    )
    if quote.addressee is not None:
        line += f"  to {quote.addressee.name}"
    return line


class PrettyWriter:
    """For reading in a terminal: a header per document, one line per quote."""

    def __init__(self, stream: TextIO, limit: int = 120) -> None:
        self.stream = stream
        self.limit = limit
        self._first = True

    def write(self, document: Document, quotes: Sequence[Quote]) -> None:
        count = f"{len(quotes)} quote" + ("" if len(quotes) == 1 else "s")
        lines = [] if self._first else [""]
        lines.append(f"== {document.id} ({count}) ==")
        lines += [f"  {pretty_line(quote, self.limit)}" for quote in quotes]
        self.stream.write(encodable("\n".join(lines) + "\n"))
        self.stream.flush()
        self._first = False

    def close(self) -> None:
        self.stream.flush()


_WRITERS: dict[str, type] = {"jsonl": JsonlWriter, "csv": CsvWriter, "pretty": PrettyWriter}


def make_writer(format: str, stream: TextIO) -> Writer:
    """The writer for a format name in ``FORMATS``."""
    try:
        factory = _WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r} (expected one of {', '.join(FORMATS)})") from None
    return factory(stream)
