"""The entry point for research code: ``quotemine.load()`` and ``QuoteMiner``."""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext

import attrs
from spacy.language import Language
from spacy.tokens import Doc

from .annotation.backends import load_nlp
from .pipeline import PIPE_NAME, add_quotemine
from .quote import Quote

# ``pipe`` runs this many texts per spaCy memory zone: the strings and lexemes they add
# to the vocabulary are freed when the zone closes, so a long run stays in flat memory.
ZONE_TEXTS = 1_000
# With worker processes each zone starts its own workers (their vocabularies grow too).
ZONE_TEXTS_MULTIPROCESS = 10_000


class QuoteMiner:
    """A base pipeline with the quotemine component on top; ``.nlp`` is the spaCy Language."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __repr__(self) -> str:
        return f"QuoteMiner(pipes={self.nlp.pipe_names})"

    def __call__(self, text: str) -> Doc:
        """The annotated Doc (lone surrogates, which spaCy cannot store, read as U+FFFD)."""
        return self.nlp(_encodable(_checked(text)))

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
        stays flat however many texts come.
        """
        source = iter(texts)
        size = ZONE_TEXTS if n_process == 1 else ZONE_TEXTS_MULTIPROCESS
        for first in source:
            originals: deque[str] = deque()

            def prepared(chunk: Iterable[str]) -> Iterator[str]:
                for text in chunk:
                    originals.append(_checked(text))
                    yield _encodable(text)

            chunk = itertools.chain([first], itertools.islice(source, size - 1))
            with self._memory_zone():
                docs = self.nlp.pipe(prepared(chunk), n_process=n_process, batch_size=batch_size)
                for doc in docs:
                    yield _restored(list(doc._.quotes), originals.popleft())

    def _memory_zone(self):
        """A new zone, unless one is open already (zones must not nest)."""
        if not hasattr(self.nlp, "memory_zone") or self.nlp.vocab.in_memory_zone:
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


def _checked(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"quotemine expects str texts, got {type(text).__name__}")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """Lone surrogates (from a JSON ``\\ud800`` escape) as U+FFFD: spaCy stores strings as
    UTF-8, which cannot hold them. One character for one, so offsets stay the same."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _restored(quotes: list[Quote], original: str) -> list[Quote]:
    """Quote and mention texts sliced from ``original`` again where ``_encodable`` changed it."""
    if not _SURROGATE.search(original):
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


__all__ = ["QuoteMiner", "load", "PIPE_NAME"]
