"""Gold-standard documents: the JSONL files of GUIDELINES.md, read into offset-bearing records.

Gold files name each quote by its substring (plus ``occurrence``) rather than by
offsets, so annotators can write them by hand; the scorer needs character spans,
so ``read_gold`` locates every substring once, up front, and fails loudly (as
``InputError``, pointing at ``path:line``) when the file and the text disagree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from ..errors import InputError
from ..io.readers import json_lines
from ..quote import KINDS, Kind

PathLike = str | os.PathLike[str]


def _to_str_tuple(value: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(value) if value else ()


@attrs.frozen
class GoldQuote:
    """One annotated quote with its located span: ``text == document[start:end]``."""

    start: int
    end: int
    text: str
    kind: Kind = attrs.field(default="direct", validator=attrs.validators.in_(KINDS))
    speaker: str | None = None
    speaker_aliases: tuple[str, ...] = attrs.field(default=(), converter=_to_str_tuple)
    speaker_mention: str | None = None
    cue: str | None = None
    addressee: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad gold span {self.start}:{self.end}")

    def to_dict(self) -> dict[str, Any]:
        """The record with its offsets, for ``--json`` error listings."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_aliases": list(self.speaker_aliases),
            "speaker_mention": self.speaker_mention,
            "cue": self.cue,
            "addressee": self.addressee,
        }


@attrs.frozen
class GoldDocument:
    """A gold document. ``indirect_annotated`` says whether its indirect quotes were annotated
    at all; when false the scorer ignores indirect quotes in it (v1 gold makes them optional)."""

    id: str
    text: str
    quotes: tuple[GoldQuote, ...] = attrs.field(default=(), converter=tuple)
    indirect_annotated: bool = False


def find_occurrence(text: str, needle: str, occurrence: int = 1) -> int:
    """Start of the ``occurrence``-th (1-based) occurrence of ``needle`` in ``text``, or -1.

    Occurrences may overlap each other (the search restarts one character after the
    previous hit), which only matters for self-overlapping strings like ``ааа``.
    """
    if not needle or occurrence < 1:
        return -1
    index = -1
    for _ in range(occurrence):
        index = text.find(needle, index + 1)
        if index < 0:
            return -1
    return index


def _optional_str(value: Any, field: str, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"{where}: {field!r} must be a string or null, got {type(value).__name__}")


def _read_quote(raw: Any, number: int, doc_id: str, text: str, where: str) -> GoldQuote:
    """Turn one gold quote object into a located ``GoldQuote``."""
    here = f"{where}: document {doc_id!r}, quote {number}"
    if not isinstance(raw, dict):
        raise InputError(f"{here}: expected a JSON object, got {type(raw).__name__}")
    substring = raw.get("quote")
    if not isinstance(substring, str) or not substring:
        raise InputError(f'{here}: missing or empty "quote"')
    kind = raw.get("kind", "direct")
    if kind not in KINDS:
        raise InputError(f"{here}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    occurrence = raw.get("occurrence", 1)
    if occurrence is None:
        occurrence = 1
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise InputError(f'{here}: "occurrence" must be a positive integer, got {occurrence!r}')
    start = find_occurrence(text, substring, occurrence)
    if start < 0:
        shown = substring if len(substring) <= 60 else substring[:57] + "..."
        found = text.count(substring)
        if found == 0:
            raise InputError(f"{here} {shown!r}: does not occur in the document text")
        raise InputError(
            f"{here} {shown!r}: occurrence {occurrence} requested but the text has only {found}"
        )
    aliases = raw.get("speaker_aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError(f'{here}: "speaker_aliases" must be a list of strings')
    return GoldQuote(
        start=start,
        end=start + len(substring),
        text=substring,
        kind=kind,
        speaker=_optional_str(raw.get("speaker"), "speaker", here),
        speaker_aliases=tuple(aliases),
        speaker_mention=_optional_str(raw.get("speaker_mention"), "speaker_mention", here),
        cue=_optional_str(raw.get("cue"), "cue", here),
        addressee=_optional_str(raw.get("addressee"), "addressee", here),
    )


def _read_document(data: dict[str, Any], path: Path, line_no: int) -> GoldDocument:
    where = f"{path}:{line_no}"
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(f'{where}: the document has no "text" string')
    doc_id = data.get("id")
    if doc_id is None:
        doc_id = f"{path.name}:{line_no}"
    elif not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        raise InputError(f'{where}: "id" must be a string, got {type(doc_id).__name__}')
    doc_id = str(doc_id)
    raw_quotes = data.get("quotes") or []
    if not isinstance(raw_quotes, list):
        raise InputError(f'{where}: "quotes" must be a list')
    quotes = tuple(
        _read_quote(raw, number, doc_id, text, where)
        for number, raw in enumerate(raw_quotes, start=1)
    )
    return GoldDocument(
        id=doc_id,
        text=text,
        quotes=quotes,
        indirect_annotated=bool(data.get("indirect_annotated", False)),
    )


def read_gold(paths: PathLike | Iterable[PathLike]) -> list[GoldDocument]:
    """Read gold JSONL files (one path or several) into documents, in file and line order.

    Blank lines are skipped. Document ids must be unique across all files, because
    predictions are matched to gold documents by id.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    documents: list[GoldDocument] = []
    seen: dict[str, str] = {}
    for raw_path in paths:
        path = Path(raw_path)
        for line_no, data in json_lines(path):
            document = _read_document(data, path, line_no)
            where = f"{path}:{line_no}"
            if document.id in seen:
                raise InputError(
                    f"{where}: duplicate document id {document.id!r} (first at {seen[document.id]})"
                )
            seen[document.id] = where
            documents.append(document)
    return documents
