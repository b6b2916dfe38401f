"""Quote extraction over dask collections, for corpora that outgrow one machine.

Dask is an optional extra (``pip install 'quotemine[dask]'``)::

    import dask.bag as db
    from dask.distributed import Client
    import quotemine.dask

    client = Client("tcp://scheduler:8786")        # or a LocalCluster
    texts = db.read_text("news/*.txt", files_per_partition=50) ...
    quotes = quotemine.dask.extract(texts, model="natasha")   # a bag of quote lists
    quotes.compute()

Each worker process loads the pipeline once, the first time it gets a partition,
and keeps it for every partition after (a module-level cache keyed by model name
and kinds): only the model's *name* travels through the scheduler, never the
pipeline. The results are plain ``Quote`` records, which pickle cheaply.

One pipeline serves all threads of a worker, one partition at a time, so run
workers as processes with one thread each (``LocalCluster(processes=True,
threads_per_worker=1)``, ``dask worker --nthreads 1``) and scale by their number.
Every worker must have quotemine and the model installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .quote import Quote

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd

    from .api import QuoteMiner

def worker_miner(model: str = "auto", kinds: Sequence[str] | None = None) -> QuoteMiner:
    """This process's pipeline for ``model``/``kinds``, loaded on first use."""
    from .api import shared_miner

    return shared_miner(model, kinds)


def _extract_texts(
    texts: Iterable[Any], model: str, kinds: Sequence[str] | None, batch_size: int
) -> list[list[Quote]]:
    texts = list(texts)
    miner = worker_miner(model, kinds)
    from .api import SHARED_LOCK

    with SHARED_LOCK:  # one partition at a time through a worker's pipeline
        return list(miner.pipe(texts, batch_size=batch_size))


def _series_partition(
    series: pd.Series, model: str, kinds: Sequence[str] | None, batch_size: int
) -> pd.Series:
    import pandas as pd

    values = _extract_texts(series.tolist(), model, kinds, batch_size)
    result = pd.Series(index=series.index, dtype=object, name="quotes")
    for position, quotes in enumerate(values):
        result.iat[position] = quotes
    return result


def _frame_partition(
    series: pd.Series, model: str, kinds: Sequence[str] | None, batch_size: int
) -> pd.DataFrame:
    from .frame import to_frame

    values = _extract_texts(series.tolist(), model, kinds, batch_size)
    frame = to_frame(list(zip(series.index, values, strict=True)))
    return frame.astype({"doc_id": series.index.dtype})


def _text_series(collection: Any, column: str) -> Any:
    import dask.dataframe as dd

    if isinstance(collection, dd.DataFrame):
        if column not in collection.columns:
            raise ValueError(f"the dataframe has no {column!r} column (pass column=...)")
        return collection[column]
    if isinstance(collection, dd.Series):
        return collection
    return None


def extract(
    collection: dask.bag.Bag | dask.dataframe.DataFrame | dask.dataframe.Series,
    model: str = "auto",
    *,
    kinds: Sequence[str] | None = None,
    column: str = "text",
    batch_size: int = 32,
) -> Any:
    """Quotes for every text of a dask collection, lazily; call ``.compute()`` or persist.

    - a ``dask.bag.Bag`` of texts gives a bag of quote lists, one per text, in order;
    - a ``dask.dataframe.Series`` of texts, or a ``DataFrame`` and its text ``column``,
      gives a Series of quote lists with the same index and partitions, ready for
      ``df.assign(quotes=...)``.

    ``model`` and ``kinds`` are those of :func:`quotemine.load`; each worker loads
    the pipeline once. The result equals ``quotemine.load(model).pipe(texts)``.
    """
    import dask.bag as db

    if isinstance(collection, db.Bag):
        return collection.map_partitions(_extract_texts, model, kinds, batch_size)
    series = _text_series(collection, column)
    if series is None:
        raise TypeError(
            f"expected a dask bag, dataframe or series of texts, got {type(collection).__name__}"
        )
    return series.map_partitions(
        _series_partition, model, kinds, batch_size, meta=("quotes", object)
    )


def to_frame(
    collection: dask.dataframe.DataFrame | dask.dataframe.Series,
    model: str = "auto",
    *,
    kinds: Sequence[str] | None = None,
    column: str = "text",
    batch_size: int = 32,
) -> dask.dataframe.DataFrame:
    """A dask DataFrame with one row per quote, the columns of :func:`quotemine.to_frame`.

    ``doc_id`` is the index value of the text's row. Use it to join back to the input
    or to aggregate with dask (``.groupby("speaker").size()``); for the per-speaker
    summary with name merging, compute first and call :func:`quotemine.speaker_summary`.
    """
    series = _text_series(collection, column)
    if series is None:
        raise TypeError(
            f"expected a dask dataframe or series of texts, got {type(collection).__name__}"
        )
    from .frame import to_frame as local_to_frame

    meta = local_to_frame([])
    meta["doc_id"] = meta["doc_id"].astype(series._meta.index.dtype)
    return series.map_partitions(_frame_partition, model, kinds, batch_size, meta=meta)


__all__ = ["extract", "to_frame", "worker_miner"]
