"""The entry point for research code: ``quotemine.load()`` and ``QuoteMiner``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .annotation.backends import load_nlp
from .pipeline import PIPE_NAME, add_quotemine
from .quote import Quote


class QuoteMiner:
    """A base pipeline with the quotemine component on top; ``.nlp`` is the spaCy Language."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __repr__(self) -> str:
        return f"QuoteMiner(pipes={self.nlp.pipe_names})"

    def __call__(self, text: str) -> Doc:
        return self.nlp(_checked(text))

    def extract(self, text: str) -> list[Quote]:
        """The quotes of one document, in text order."""
        return list(self(text)._.quotes)

    def pipe(
        self,
        texts: Iterable[str],
        *,
        n_process: int = 1,
        batch_size: int = 32,
    ) -> Iterator[list[Quote]]:
        """One list of quotes per text, in input order; batches through ``nlp.pipe``."""
        docs = self.nlp.pipe(
            (_checked(text) for text in texts), n_process=n_process, batch_size=batch_size
        )
        for doc in docs:
            yield list(doc._.quotes)


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


__all__ = ["QuoteMiner", "load", "PIPE_NAME"]
