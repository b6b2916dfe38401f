"""Documents in: plain text files, JSONL files and stdin, read lazily.

JSONL is read line by line from a binary stream, so a 10 GB file costs one line of
memory, and each line is decoded on its own: a bad byte is reported with its
offset and line. Lines are split on ``\\n`` only (JSON strings may hold raw
U+2028). Texts are kept exactly as decoded (no newline translation), so quote
offsets index the file's own characters.

A line or file that cannot be read raises ``InputError``; given ``on_error``,
``read_documents`` hands the error to it instead and goes on with the next one.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from ..errors import InputError
from ..quote import Quote

JSONL_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".ndjson"})
DIRECTORY_SUFFIXES: frozenset[str] = frozenset({".txt"}) | JSONL_SUFFIXES
STDIN = "-"
STDIN_NAME = "<stdin>"
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20

OnError = Callable[[InputError], None]


@attrs.frozen
class Document:
    """One input text. ``extra`` keeps a JSONL line's other fields, so output can carry them on."""

    id: str
    text: str
    extra: dict[str, Any] = attrs.field(factory=dict)


# --------------------------------------------------------------------------- paths


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def expand_paths(
    paths: Sequence[str], suffixes: Iterable[str] = DIRECTORY_SUFFIXES
) -> list[str]:
    """Check every path before any is read, so a typo fails before hours of work.

    A directory stands for its files with one of ``suffixes``, sorted; ``-`` (stdin)
    passes through.
    """
    wanted = {suffix.lower() for suffix in suffixes}
    expanded: list[str] = []
    for raw in paths:
        if raw == STDIN:
            expanded.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            inside = sorted(
                str(child)
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in wanted
            )
            if not inside:
                listed = " or ".join(sorted(wanted))
                raise InputError(f"{raw}: directory has no {listed} files")
            expanded += inside
        elif path.exists():
            expanded.append(raw)
        else:
            raise InputError(f"no such file: {raw}")
    return expanded


def _open_binary(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})") from None


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes, name: str, base_offset: int = 0, line_no: int | None = None) -> str:
    """UTF-8 text, or an InputError that says where the first bad byte is."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte offset {base_offset + exc.start}"
        if line_no is not None:
            where += f", line {line_no}"
        raise InputError(f"{name} is not UTF-8 text ({where})") from None


def _read_text(name: str, data: bytes) -> str:
    offset = 0
    if data.startswith(_BOM):
        data, offset = data[len(_BOM) :], len(_BOM)
    return _decode(data, name, offset)


# --------------------------------------------------------------------------- JSONL


def _json_lines(
    lines: Iterable[bytes], name: str, on_error: OnError | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; blank lines are skipped.

    A bad line raises ``InputError``, or with ``on_error`` is reported and skipped.
    """
    offset = 0
    for line_no, raw in enumerate(lines, start=1):
        start = offset
        offset += len(raw)
        if line_no == 1 and raw.startswith(_BOM):
            raw, start = raw[len(_BOM) :], start + len(_BOM)
        try:
            line = _decode(raw, name, start, line_no)
            if not line.strip():  # blank, whatever the whitespace (NBSP, U+2028, ...)
                continue
            data = _json_object(line, name, line_no)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        yield line_no, data


def json_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSONL file: the one reader
    of JSONL files, for documents, predictions and gold alike. A missing or unreadable
    file, a line that is not UTF-8 or not a JSON object raises ``InputError``."""
    name = os.fspath(path)
    with _open_binary(name) as handle:
        yield from _json_lines(handle, name)


def _json_object(line: str, name: str, line_no: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}:{line_no}: not a JSON object ({exc.msg} at column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(f"{name}:{line_no}: not a JSON object (nested too deeply)") from None
    if not isinstance(data, dict):
        raise InputError(f"{name}:{line_no}: not a JSON object (got {type(data).__name__})")
    return data


def _document_id(data: dict[str, Any], where: str, default: str) -> str:
    value = data.get("id")
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{where}: \"id\" must be a string, got {type(value).__name__}")
    return str(value)


def _jsonl_documents(
    lines: Iterable[bytes], name: str, stem: str, on_error: OnError | None = None
) -> Iterator[Document]:
    for line_no, data in _json_lines(lines, name, on_error):
        try:
            yield _jsonl_document(data, f"{name}:{line_no}", f"{stem}:{line_no}")
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)


def _jsonl_document(data: dict[str, Any], where: str, default_id: str) -> Document:
    text = data.get("text")
    if not isinstance(text, str):
        problem = "no \"text\" field" if text is None else (
            f"\"text\" must be a string, got {type(text).__name__}"
        )
        raise InputError(f"{where}: {problem}")
    doc_id = _document_id(data, where, default_id)
    extra = {key: value for key, value in data.items() if key not in ("id", "text")}
    return Document(id=doc_id, text=text, extra=extra)


# --------------------------------------------------------------------------- sources


def _file_documents(path: str, on_error: OnError | None = None) -> Iterator[Document]:
    stem = Path(path).stem
    try:
        handle = _open_binary(path)
        if not _is_jsonl(Path(path)):
            with handle:
                text = _read_text(path, handle.read())
    except InputError as exc:
        if on_error is None:
            raise
        on_error(exc)
        return
    if _is_jsonl(Path(path)):
        with handle:
            yield from _jsonl_documents(handle, path, stem, on_error)
    else:
        yield Document(id=stem, text=text)


def _binary_lines(stream: IO[Any]) -> Iterator[bytes]:
    """stdin as bytes lines: its buffer when it has one (a real stdin), else encoded text."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        yield from buffer
    else:
        for line in stream:
            yield line.encode("utf-8", "surrogateescape")


def _stdin_documents(stream: IO[Any], on_error: OnError | None = None) -> Iterator[Document]:
    """JSONL when the first non-blank character is ``{``, else one document called ``stdin``."""
    lines = _binary_lines(stream)
    head: list[bytes] = []
    for raw in lines:
        head.append(raw if head else raw.removeprefix(_BOM))
        if head[-1].strip():
            break
    if not head:
        return
    first = head[-1]
    if first.lstrip().startswith(b"{"):
        yield from _jsonl_documents(itertools.chain(head, lines), STDIN_NAME, "stdin", on_error)
    else:
        data = b"".join(itertools.chain(head, lines))
        if data.strip():
            try:
                text = _read_text(STDIN_NAME, data)
            except InputError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                return
            yield Document(id="stdin", text=text)


def read_documents(
    paths: Sequence[str], stdin: IO[Any] | None = None, on_error: OnError | None = None
) -> Iterator[Document]:
    """Documents from files (``-`` or no paths: stdin), in order, one at a time.

    Paths are checked now, so a missing file raises here, before any work; the
    files themselves are opened and read only as the iterator advances.
    ``stdin`` defaults to ``sys.stdin`` at call time. A file or JSONL line that
    cannot be read raises ``InputError`` as the iterator reaches it; with
    ``on_error``, the error goes to that callback and reading goes on.
    """
    sources = expand_paths(paths) if paths else [STDIN]
    stream = stdin if stdin is not None else sys.stdin

    def generate() -> Iterator[Document]:
        for source in sources:
            if source == STDIN:
                yield from _stdin_documents(stream, on_error)
            else:
                yield from _file_documents(source, on_error)

    return generate()


def _count_lines(path: str) -> int:
    """Newline count plus an unterminated last line; blank lines count too (a cheap estimate)."""
    count = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def count_documents(paths: Sequence[str]) -> int | None:
    """How many documents ``read_documents`` will yield, for a progress bar total.

    One per text file, one per line of JSONL (blank lines included, so it may
    overshoot a little); ``None`` for stdin or anything unreadable.
    """
    if not paths:
        return None
    try:
        sources = expand_paths(paths)
        total = 0
        for source in sources:
            if source == STDIN:
                return None
            total += _count_lines(source) if _is_jsonl(Path(source)) else 1
    except (InputError, OSError):
        return None
    return total


# --------------------------------------------------------------------------- predictions


def read_predictions(
    paths: Sequence[str], stdin: IO[Any] | None = None
) -> dict[str, list[Quote]]:
    """Quotes by document id from JSONL in the ``extract`` format, for scoring without the model."""
    predictions: dict[str, list[Quote]] = {}
    seen: dict[str, str] = {}
    for source in expand_paths(paths, JSONL_SUFFIXES) if paths else [STDIN]:
        if source == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            name, handle = STDIN_NAME, None
            lines: Iterable[bytes] = _binary_lines(stream)
        else:
            name, handle = source, _open_binary(source)
            lines = handle
        try:
            for line_no, data in _json_lines(lines, name):
                where = f"{name}:{line_no}"
                if data.get("id") is None:
                    raise InputError(f"{where}: no \"id\" field")
                doc_id = _document_id(data, where, "")
                if doc_id in seen:
                    raise InputError(
                        f"{where}: duplicate document id {doc_id!r} (first at {seen[doc_id]})"
                    )
                seen[doc_id] = where
                predictions[doc_id] = _read_quotes(data.get("quotes", []), where)
        finally:
            if handle is not None:
                handle.close()
    return predictions


def _read_quotes(raw: Any, where: str) -> list[Quote]:
    if not isinstance(raw, list):
        raise InputError(f"{where}: \"quotes\" must be a list, got {type(raw).__name__}")
    quotes = []
    for number, item in enumerate(raw, start=1):
        try:
            if not isinstance(item, dict):
                raise TypeError(f"expected an object, got {type(item).__name__}")
            quotes.append(Quote.from_dict(item))
        except KeyError as exc:
            raise InputError(f"{where}: quote {number}: missing field {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise InputError(f"{where}: quote {number}: {exc}") from None
    return quotes
