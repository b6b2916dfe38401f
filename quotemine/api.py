"""The entry point for research code: ``quotemine.load()`` and ``QuoteMiner``."""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, nullcontext

import attrs
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_info, threadpool_limits

from .annotation.backends import load_nlp
from .io.writers import encodable, has_lone_surrogate
from .pipeline import PIPE_NAME, QUOTES_KEY, add_quotemine, check_kinds
from .quote import Quote

logger = logging.getLogger(__name__)

# ``pipe`` runs this many texts per spaCy memory zone: the strings and lexemes they add
# to the vocabulary are freed when the zone closes, so a long run stays in flat memory.
ZONE_TEXTS = 1_000
# With worker processes each zone starts its own workers (their vocabularies grow too).
ZONE_TEXTS_MULTIPROCESS = 10_000
# Run once in the parent before it forks workers, so that the models, word lists and
# caches every component loads on first use are loaded once and shared by the workers,
# which then start on their first batch at once, together.
WARM_UP = "«Да», — сказал он."


class QuoteMiner:
    """A base pipeline with the quotemine component on top; ``.nlp`` is the spaCy Language."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._warmed = False  # see ``warm_up``

    def __repr__(self) -> str:
        return f"QuoteMiner(pipes={self.nlp.pipe_names})"

    def __call__(self, text: str) -> Doc:
        """The annotated Doc (lone surrogates, which spaCy cannot store, read as U+FFFD)."""
        return self.nlp(encodable(_checked(text)))

    def extract(self, text: str) -> list[Quote]:
        """The quotes of one document, in text order."""
        return _restored(list(self(text)._.quotes), text)

    def pipe(
        self,
        texts: Iterable[str],
        *,
        n_process: int = 1,
        batch_size: int = 32,
    ) -> Iterator[list[Quote]]:
        """One list of quotes per text, in input order; batches through ``nlp.pipe``.

        Every ``ZONE_TEXTS`` texts run inside a ``nlp.memory_zone()``, so memory
        stays flat however many texts come. With ``n_process`` other than 1, the first
        such call runs one short text (``WARM_UP``) through the pipeline before it forks
        the workers, so that they share what its components load on first use.
        """
        if n_process != 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from self._forked_pipe(texts, n_process, batch_size)
            return
        source = iter(texts)
        size = ZONE_TEXTS if n_process == 1 else ZONE_TEXTS_MULTIPROCESS
        for first in source:
            originals: deque[str] = deque()

            def prepared(chunk: Iterable[str], originals: deque[str]) -> Iterator[str]:
                for text in chunk:
                    originals.append(_checked(text))
                    yield encodable(text)

            chunk = itertools.chain([first], itertools.islice(source, size - 1))
            with self._memory_zone():
                docs = self.nlp.pipe(prepared(chunk, originals), n_process=n_process, batch_size=batch_size)
                for doc in docs:
                    yield _restored(list(doc._.quotes), originals.popleft())

    def _forked_pipe(self, texts: Iterable[str], n_process: int, batch_size: int) -> Iterator[list[Quote]]:
        """Batches to forked workers that send back only the quotes' dicts.

        spaCy's own ``n_process`` ships every Doc back through msgpack, which cost more
        than the second core gave (docs/performance.md); a forked worker inherits the
        loaded pipeline and returns a few small dicts per text instead.
        """
        workers = n_process if n_process > 0 else _usable_cores()  # spaCy's -1: every core
        context = multiprocessing.get_context("fork")
        source = iter(texts)
        batch = [_checked(text) for text in itertools.islice(source, batch_size)]
        if not batch:
            return  # no text: no workers, nothing loaded
        self.warm_up()
        # Frozen objects are left out of the workers' garbage collections, which would
        # otherwise touch, and so copy, every page of the parent's models. The parent's
        # objects are thawed again once the workers are forked, unless the caller had
        # frozen some already: ``gc.unfreeze`` would thaw theirs too, so then all stay
        # frozen. Freezing is process-wide: one thread forks at a time.
        with _FORKING:
            thaw = gc.get_freeze_count() == 0
            gc.freeze()
            try:
                pool = context.Pool(workers, initializer=_adopt, initargs=(self, _blas_threads(workers)))
            finally:
                if thaw:
                    gc.unfreeze()
        with pool:
            pending: deque = deque()
            while True:
                if batch:
                    work = pool.apply_async(_quote_dicts, ([encodable(t) for t in batch],))
                    pending.append((batch, work))
                if pending and (not batch or len(pending) >= 2 * workers):
                    originals, work = pending.popleft()
                    for dicts, original in zip(work.get(), originals, strict=True):
                        yield _restored([Quote.from_dict(d) for d in dicts], original)
                if not batch and not pending:
                    return
                batch = [_checked(text) for text in itertools.islice(source, batch_size)]

    def warm_up(self) -> None:
        """Load now, once, what the components load on first use (models, word lists), by
        running ``WARM_UP`` through the pipeline: before forking workers, which then share
        it instead of loading it again each, or before freezing it out of the garbage
        collector (``gc.freeze()``, as the ``quotemine`` program does)."""
        if not self._warmed:
            with self._memory_zone():
                self.nlp(WARM_UP)
            self._warmed = True

    def _memory_zone(self):
        """A new zone, unless one is open already (zones must not nest)."""
        if self.nlp.vocab.in_memory_zone:
            return nullcontext()
        return self.nlp.memory_zone()


def load(model: str = "auto", *, kinds: Iterable[str] | None = None) -> QuoteMiner:
    """Build a QuoteMiner.

    ``model``: ``"auto"`` (an installed ru_core_news_lg/md/sm, else natasha),
    ``"natasha"`` (the embedded offline pipeline), or a spaCy package name or path.
    ``kinds``: which quote kinds to return, default all of direct, mixed, indirect.
    """
    nlp = load_nlp(model)
    add_quotemine(nlp, kinds=kinds)
    return QuoteMiner(nlp)


# ``shared_miner``'s pipelines, by model name and kinds.
_SHARED: dict[tuple[str, tuple[str, ...] | None], QuoteMiner] = {}
# Held while a shared pipeline loads or runs: its vocabulary and memory zones are not for
# two threads at once (``render()`` in one thread, a dask partition in another).
SHARED_LOCK = threading.RLock()


def shared_miner(model: str = "auto", kinds: Iterable[str] | None = None) -> QuoteMiner:
    """This process's pipeline for ``model``/``kinds``, loaded on first use and kept: for
    code called again and again with only a model's name (``render()`` in a loop, a dask
    worker's partitions), which must not load the models each time. Run it while holding
    ``SHARED_LOCK`` if other threads may use it too."""
    key = (model, None if kinds is None else check_kinds(kinds))
    with SHARED_LOCK:
        miner = _SHARED.get(key)
        if miner is None:
            miner = _SHARED[key] = load(model, kinds=key[1])
        return miner


def _checked(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"quotemine expects str texts, got {type(text).__name__}")
    return text


# Held while the parent freezes its objects and forks the workers (see ``_forked_pipe``).
_FORKING = threading.Lock()
_WORKER: QuoteMiner | None = None
# The worker's open memory zone and the texts run in it: a zone per batch cleared the
# annotator's word caches every 32 texts, which cost the workers a quarter more time.
_WORKER_ZONE: ExitStack | None = None
_WORKER_TEXTS = 0


def _blas_threads(workers: int) -> int:
    """BLAS threads per worker: the cores shared out, so that the workers' matrix products
    do not fight over them (OpenBLAS starts one thread per core in every process, and two
    workers on two cores then ran slower than one process)."""
    return max(1, _usable_cores() // workers)


def _usable_cores() -> int:
    """The cores this process may run on (``taskset``, a container's CPU set), not the
    machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _adopt(miner: QuoteMiner, blas_threads: int) -> None:
    """In a forked worker: the parent's pipeline, already loaded, becomes this process's,
    and each BLAS library keeps at most ``blas_threads`` threads (never more than it had:
    a user's ``OPENBLAS_NUM_THREADS=1`` stands)."""
    global _WORKER
    _WORKER = miner
    try:
        limits = {
            library["prefix"]: min(library["num_threads"], blas_threads)
            for library in threadpool_info()
            if library["user_api"] == "blas"
        }
        if limits:
            threadpool_limits(limits=limits)
    except Exception as exc:  # noqa: BLE001 - a speed-up only; an initializer that raises makes the pool respawn workers forever
        logger.warning("could not limit a worker's BLAS threads (%s); it runs with the library's own", exc)


def _quote_dicts(texts: list[str]) -> list[list[dict]]:
    """One batch in a worker; a memory zone spans ``ZONE_TEXTS`` texts, as in ``pipe``."""
    global _WORKER_ZONE, _WORKER_TEXTS
    if _WORKER_ZONE is None:
        _WORKER_ZONE = ExitStack()
        _WORKER_ZONE.enter_context(_WORKER._memory_zone())
    finished = False
    try:
        quotes = [list(doc.user_data.get(QUOTES_KEY, ())) for doc in _WORKER.nlp.pipe(texts)]
        finished = True
        return quotes
    finally:
        _WORKER_TEXTS += len(texts)
        if _WORKER_TEXTS >= ZONE_TEXTS or not finished:  # after an error, start a clean zone
            zone, _WORKER_ZONE, _WORKER_TEXTS = _WORKER_ZONE, None, 0
            zone.close()


def _restored(quotes: list[Quote], original: str) -> list[Quote]:
    """Quote and mention texts sliced from ``original`` again where ``encodable`` changed it."""
    if not has_lone_surrogate(original):
        return quotes

    def again(part):
        if part is None or part.start is None or part.end is None:
            return part
        field = "mention" if hasattr(part, "mention") else "text"
        return attrs.evolve(part, **{field: original[part.start : part.end]})

    return [
        attrs.evolve(
            quote,
            text=original[quote.start : quote.end],
            speaker=again(quote.speaker),
            cue=again(quote.cue),
            addressee=again(quote.addressee),
        )
        for quote in quotes
    ]


__all__ = ["PIPE_NAME", "QuoteMiner", "load"]
