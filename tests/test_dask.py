"""Extraction over dask collections: a LocalCluster of two worker processes gives what one process gives."""

from __future__ import annotations

import os
import pickle

import dask
import dask.bag as db
import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

import quotemine
import quotemine.dask as qdask
from quotemine.frame import to_frame

TEXTS = [
    "Глава МИД Сергей Лавров заявил коллеге Антони Блинкену: «Мы ждём ответа». "
    "«Ответ будет скоро», — пообещал Блинкен.",
    "«Переговоры продолжатся», — сказал Лавров. Он добавил, что встреча пройдёт в Женеве.",
    "В Москве весь день шёл снег.",
    "Пресс-секретарь президента Дмитрий Песков назвал доклад «сырым».",
    "По словам мэра Казани Ильсура Метшина, новый мост откроют в декабре.",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local(miner) -> list[list[quotemine.Quote]]:
    """What one process finds, the reference for every distributed run."""
    results = list(miner.pipe(TEXTS))
    assert sum(map(len, results)) >= 5  # enough quotes for the comparison to mean something
    return results


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def _loaded_pipelines():
    """On a worker: its pid and the pipelines it loaded (none if it got no partition)."""
    import quotemine.api

    return os.getpid(), list(quotemine.api._SHARED)


def test_a_bag_on_two_worker_processes_equals_one_process(client, local):
    bag = db.from_sequence(TEXTS, npartitions=3)
    quotes = qdask.extract(bag, model="natasha")
    assert isinstance(quotes, db.Bag)
    assert quotes.compute() == local

    # one pipeline per worker process, loaded there, none shipped from here
    loaded = client.run(_loaded_pipelines)
    assert len(loaded) == 2
    assert all(pid != os.getpid() for pid, _ in loaded.values())
    assert all(keys in ([], [("natasha", None)]) for _, keys in loaded.values())
    assert any(keys == [("natasha", None)] for _, keys in loaded.values())


def test_a_dataframe_column_gives_quote_lists_on_the_same_index(client, local):
    frame = pd.DataFrame({"source": list("abcde"), "text": TEXTS}, index=[10, 20, 30, 40, 50])
    ddf = dd.from_pandas(frame, npartitions=2)
    series = qdask.extract(ddf, model="natasha")
    computed = series.compute()
    assert computed.index.tolist() == [10, 20, 30, 40, 50]
    assert computed.tolist() == local
    # a text column (a dask Series) works the same
    assert qdask.extract(ddf["text"], model="natasha").compute().tolist() == local


def test_a_dask_frame_of_quotes_matches_to_frame(client, local):
    ddf = dd.from_pandas(pd.DataFrame({"body": TEXTS}, index=[10, 20, 30, 40, 50]), npartitions=2)
    rows = qdask.to_frame(ddf, model="natasha", column="body").compute().reset_index(drop=True)
    expected = to_frame(zip([10, 20, 30, 40, 50], local, strict=True))
    pd.testing.assert_frame_equal(rows, expected, check_dtype=False)
    assert rows["doc_id"].dtype == "int64"


def test_kinds_limit_what_workers_return(local):
    bag = db.from_sequence(TEXTS, npartitions=2)
    direct = qdask.extract(bag, model="natasha", kinds=["direct"]).compute(scheduler="synchronous")
    assert direct == [[q for q in quotes if q.kind == "direct"] for quotes in local]
    assert any(q.kind == "indirect" for quotes in local for q in quotes)  # so the filter did something


def test_results_pickle_as_they_travel_between_processes(local):
    assert pickle.loads(pickle.dumps(local)) == local


def test_what_is_not_a_collection_of_texts_is_refused():
    with pytest.raises(TypeError, match="dask bag, dataframe or series"):
        qdask.extract(TEXTS, model="natasha")  # a list: use qm.pipe
    ddf = dd.from_pandas(pd.DataFrame({"body": TEXTS}), npartitions=1)
    with pytest.raises(ValueError, match="no 'text' column"):
        qdask.extract(ddf, model="natasha")


def test_quotemine_dask_is_reachable_from_the_package():
    assert quotemine.dask is qdask
    assert dask.__name__ == "dask"  # the real dask, not shadowed by quotemine/dask.py
