"""Quotes as pandas tables: one row per quote, and a per-speaker summary of a corpus.

pandas is an optional extra (``pip install quotemine[pandas]``); it is imported
only when one of these functions runs.

``results`` can be any of these (the quotes inside may be ``Quote`` objects or the
dicts of ``Quote.to_dict()``):

=====================================================  ==========================
results                                                document ids
=====================================================  ==========================
``qm.extract(text)``: a list of ``Quote``              ``0`` (one document)
``qm.pipe(texts)``: an iterable of quote lists         positions ``0, 1, 2, …``
``zip(ids, qm.pipe(texts))``: ``(id, quotes)`` pairs   the given ids
``{id: quotes}``, e.g. ``read_predictions(...)``       the keys
spaCy ``Doc`` objects from a quotemine pipeline        positions
JSONL records ``{"id": …, "quotes": […]}``             their ``id``, else position
a path to a JSONL file written by ``quotemine extract``  the ``id`` of each line
=====================================================  ==========================
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .quote import KINDS, ROW_COLUMNS, Quote

if TYPE_CHECKING:
    import pandas as pd

#: The columns of ``to_frame``, in order. Names follow the CSV writer's, with the
#: document id as ``doc_id`` and the cue's lemma and the addressee's details added.
COLUMNS: tuple[str, ...] = ("doc_id", *ROW_COLUMNS)
_TEXT_COLUMNS = (
    "kind",
    "text",
    "speaker",
    "speaker_mention",
    "speaker_type",
    "cue",
    "cue_lemma",
    "addressee",
    "addressee_mention",
    "addressee_type",
)
_OPTIONAL_OFFSETS = (
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "addressee_start",
    "addressee_end",
)

SUMMARY_COLUMNS: tuple[str, ...] = (
    "type",
    "quotes",
    *KINDS,
    "documents",
    "names",
    "examples",
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "quotemine's tables need pandas: pip install 'quotemine[pandas]'"
        ) from None
    return pandas


# --------------------------------------------------------------------------- inputs


def _quote(item: Any) -> Quote:
    if isinstance(item, Quote):
        return item
    if isinstance(item, Mapping):
        return Quote.from_dict(item)
    raise TypeError(f"expected a Quote or a quote dict, got {type(item).__name__}")


def _is_quote(item: Any) -> bool:
    return isinstance(item, Quote) or (isinstance(item, Mapping) and "start" in item and "kind" in item)


def _is_doc(item: Any) -> bool:
    try:
        from spacy.tokens import Doc
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return False
    return isinstance(item, Doc)


def _doc_quotes(doc: Any) -> list[Quote]:
    from .pipeline import QUOTES_KEY

    if QUOTES_KEY not in doc.user_data:
        raise ValueError(
            "a Doc without quotes: run it through a pipeline with the 'quotemine' component"
        )
    return list(doc._.quotes)


def _is_pair(item: Any) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and not _is_quote(item[0])
        and isinstance(item[0], Hashable)
        and not isinstance(item[1], (str, bytes))
        and isinstance(item[1], Iterable)
    )


def iter_documents(results: Any) -> Iterator[tuple[Hashable, list[Quote]]]:
    """``(doc_id, quotes)`` for each document in ``results`` (see the module doc for the forms)."""
    if isinstance(results, (str, os.PathLike)):
        from .io import read_predictions

        yield from read_predictions([os.fspath(results)]).items()
        return
    if isinstance(results, Mapping):
        if "quotes" in results and not _is_quote(results):  # one JSONL record
            results = [results]
        else:
            for doc_id, quotes in results.items():
                yield doc_id, [_quote(q) for q in quotes]
            return
    if _is_doc(results):
        results = [results]
    if isinstance(results, Quote) or not isinstance(results, Iterable):
        raise TypeError(
            f"cannot read quotes from {type(results).__name__}: pass a list of quotes, "
            "an iterable of quote lists, (id, quotes) pairs, a dict, Docs or JSONL records"
        )
    items = iter(results)
    first = next(items, _NOTHING)
    if first is _NOTHING:
        return
    if _is_quote(first):  # a flat list of quotes: one document
        yield 0, [_quote(first), *(_quote(q) for q in items)]
        return
    position = 0
    for item in _chain(first, items):
        if _is_doc(item):
            yield position, _doc_quotes(item)
        elif isinstance(item, Mapping) and "quotes" in item:
            doc_id = item.get("id")
            yield (position if doc_id is None else doc_id), [_quote(q) for q in item["quotes"]]
        elif _is_pair(item):
            doc_id, quotes = item
            yield doc_id, _doc_quotes(quotes) if _is_doc(quotes) else [_quote(q) for q in quotes]
        elif isinstance(item, Iterable) and not isinstance(item, (str, bytes, Mapping)):
            yield position, [_quote(q) for q in item]
        else:
            raise TypeError(
                f"item {position}: expected a list of quotes, an (id, quotes) pair, a Doc "
                f"or a JSONL record, got {type(item).__name__}"
            )
        position += 1


_NOTHING = object()


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


# --------------------------------------------------------------------------- one row per quote


def quote_row(doc_id: Hashable, quote: Quote) -> dict[str, Any]:
    """One quote flattened to ``COLUMNS`` (``None`` where a part is missing)."""
    return {"doc_id": doc_id, **quote.to_row()}


def to_frame(results: Any) -> pd.DataFrame:
    """A DataFrame with one row per quote and the columns in ``COLUMNS``.

    Rows keep the order of the documents and of the quotes in each. Offsets are
    character positions in the document's text; ``start``/``end`` are ``int64``, the
    speaker's, cue's and addressee's are nullable ``Int64`` (``<NA>`` when missing),
    ``confidence`` is a float. Documents without quotes give no row.
    """
    pd = _pandas()
    rows = [quote_row(doc_id, quote) for doc_id, quotes in iter_documents(results) for quote in quotes]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    dtypes = {"start": "int64", "end": "int64", "confidence": "float64"}
    dtypes.update({column: "Int64" for column in _OPTIONAL_OFFSETS})
    # Text columns get the same dtype whatever the values (a column of only missing
    # values too), so frames of different batches concatenate cleanly: pandas 3's
    # string dtype, or object on pandas 2 (whose astype(str) would write "None").
    text = "str" if int(pd.__version__.split(".")[0]) >= 3 else object
    dtypes.update({column: text for column in _TEXT_COLUMNS})
    return frame.astype(dtypes)


# --------------------------------------------------------------------------- per speaker


def name_key(name: str) -> str:
    """How names are compared: case, ``ё``/``е`` and spacing do not count."""
    return " ".join(name.split()).casefold().replace("ё", "е")


def _shorter_form_of(short: list[str], full: list[str]) -> bool:
    """``Песков`` or ``Д. Песков`` for ``Дмитрий Песков``: same surname, initials that agree."""
    if short == full or len(short) > len(full) or short[-1] != full[-1]:
        return False
    for part, whole in zip(short[:-1], full, strict=False):
        initial = part.rstrip(".")
        if not (part == whole or (part.endswith(".") and whole.startswith(initial))):
            return False
    return True


def merge_names(names: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """``name -> canonical name`` over a corpus, given ``(name, type)`` pairs.

    Names equal up to case, ``ё`` and spacing are one speaker. A person's shorter
    name (``Песков``, ``Д. Песков``) joins the full one (``Дмитрий Песков``) when
    exactly one full name in the corpus fits it; when two do (``Александр Новак``,
    ``Алексей Новак``), the short one stays apart. The canonical spelling is the
    fullest name that merged (most words), the most frequent spelling of it on a tie.
    """
    counts: Counter[str] = Counter()
    types: dict[str, set[str | None]] = {}
    for name, type_ in names:
        counts[name] += 1
        types.setdefault(name_key(name), set()).add(type_)
    group_of = {name: name_key(name) for name in counts}
    members: dict[str, list[str]] = {}
    for name, group in group_of.items():
        members.setdefault(group, []).append(name)
    persons = [key for key, kinds in types.items() if "PER" in kinds]
    by_surname: dict[str, list[str]] = {}  # a shorter form keeps the surname: look only there
    for key in persons:
        by_surname.setdefault(key.split()[-1], []).append(key)
    for key in persons:
        short = key.split()
        fuller = [other for other in by_surname[short[-1]] if _shorter_form_of(short, other.split())]
        # The fullest form among those that fit, and only if they all name one person.
        fullest = [f for f in fuller if not any(_shorter_form_of(f.split(), g.split()) for g in fuller)]
        if len(fullest) == 1 and key in members:
            moved = members.pop(key)
            members.setdefault(fullest[0], []).extend(moved)
            for name in moved:
                group_of[name] = fullest[0]
    order = {name: index for index, name in enumerate(counts)}
    best = {
        group: max(sorted(names, key=order.__getitem__), key=lambda n: (len(n.split()), counts[n], len(n)))
        for group, names in members.items()
    }
    return {name: best[group] for name, group in group_of.items()}


def speaker_summary(results: Any, *, examples: int = 3) -> pd.DataFrame:
    """How often each speaker is quoted across a corpus, one row per canonical speaker.

    ``results`` is anything ``to_frame`` takes, or a frame it made (filter it first,
    e.g. by confidence). The same person is one row across documents: names are
    merged as :func:`merge_names` says. Quotes without a speaker are left out.

    Columns: ``type`` (the speaker type seen most), ``quotes``, one count per kind
    (``direct``, ``mixed``, ``indirect``), ``documents`` (how many documents quote
    them), ``names`` (the spellings merged) and ``examples`` (up to ``examples`` quote
    texts, direct ones first). Rows are sorted by ``quotes``, most quoted first; the
    index is the canonical name.
    """
    pd = _pandas()
    frame = results if isinstance(results, pd.DataFrame) else to_frame(results)
    missing = {"doc_id", "kind", "text", "speaker", "speaker_type"} - set(frame.columns)
    if missing:
        raise ValueError(f"not a quotemine frame: no column {', '.join(sorted(missing))}")
    said = frame[frame["speaker"].notna()]
    names = list(zip(said["speaker"], said["speaker_type"], strict=True))
    canonical = merge_names((str(name), None if pd.isna(type_) else str(type_)) for name, type_ in names)
    rank = {kind: number for number, kind in enumerate(KINDS)}
    groups: dict[str, list[tuple[int, int, Any]]] = {}
    for order, row in enumerate(said.itertuples(index=False)):
        groups.setdefault(canonical[str(row.speaker)], []).append((rank.get(row.kind, len(KINDS)), order, row))
    records = []
    for name, members in groups.items():
        rows = [row for _, _, row in members]
        kinds = Counter(row.kind for row in rows)
        types = Counter(row.speaker_type for row in rows if not pd.isna(row.speaker_type))
        chosen: list[str] = []
        for _, _, row in sorted(members, key=lambda member: member[:2]):
            if len(chosen) >= examples:
                break
            if row.text not in chosen:
                chosen.append(row.text)
        records.append(
            {
                "speaker": name,
                "type": types.most_common(1)[0][0] if types else None,
                "quotes": len(rows),
                **{kind: kinds.get(kind, 0) for kind in KINDS},
                "documents": len({row.doc_id for row in rows}),
                "names": sorted({str(row.speaker) for row in rows}, key=lambda n: (-len(n), n)),
                "examples": chosen,
            }
        )
    summary = pd.DataFrame(records, columns=["speaker", *SUMMARY_COLUMNS])
    summary = summary.astype({"quotes": "int64", **{kind: "int64" for kind in KINDS}, "documents": "int64"})
    summary = summary.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable")
    return summary.set_index("speaker")


__all__ = [
    "COLUMNS",
    "SUMMARY_COLUMNS",
    "iter_documents",
    "merge_names",
    "name_key",
    "quote_row",
    "speaker_summary",
    "to_frame",
]
