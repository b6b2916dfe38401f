"""Choosing the base pipeline: the embedded natasha backend or an installed spaCy model.

Each call builds a fresh ``Language`` (callers add their own pipes to it); only the
heavy natasha models are cached, in ``natasha.natasha_models``.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import is_package

from ..errors import ModelNotFoundError
from . import natasha as _natasha  # noqa: F401  (registers the "quotemine_natasha" factory)
from . import tokenizer as _tokenizer  # noqa: F401  (registers "quotemine.razdel_tokenizer.v1")
from .lexemes import use_fast_like_num

NATASHA_MAX_LENGTH = 10_000_000  # characters; about 1 GB of memory at the most
SPACY_MODELS = ("ru_core_news_lg", "ru_core_news_md", "ru_core_news_sm")
MODEL_CHOICES = ("auto", "natasha", *reversed(SPACY_MODELS))

NOT_FOUND = (
    "unknown model {model!r}: use 'auto' (an installed ru_core_news_* pipeline, else natasha), "
    "'natasha' (embedded, offline), the name of an installed spaCy Russian pipeline such as "
    "ru_core_news_sm, or the path of a saved spaCy pipeline. To install ru_core_news_sm run "
    "`python -m spacy download ru_core_news_sm` (it downloads from GitHub releases; the PyPI "
    "package of that name is an empty placeholder, so `pip install ru_core_news_sm` from PyPI "
    "does not work)"
)


def natasha_pipeline() -> Language:
    """``spacy.blank("ru")`` with the razdel tokenizer and the natasha annotator."""
    nlp = spacy.blank(
        "ru", config={"nlp": {"tokenizer": {"@tokenizers": "quotemine.razdel_tokenizer.v1"}}}
    )
    nlp.add_pipe("quotemine_natasha")
    # spaCy's 1,000,000-character guard is for its own parser's memory; the natasha
    # annotator works in bounded blocks, so only the text itself limits a document.
    nlp.max_length = NATASHA_MAX_LENGTH
    return nlp


def installed_spacy_model() -> str | None:
    """The largest ``ru_core_news_*`` package installed, if any."""
    return next((name for name in SPACY_MODELS if is_package(name)), None)


def load_nlp(model: str = "auto") -> Language:
    """A base pipeline that sets pos_, morph, lemma_, dep_, head, ents and sentences.

    ``model`` is one of ``MODEL_CHOICES``, another installed spaCy package or a path;
    anything else raises ``ModelNotFoundError``.
    """
    if model == "auto":
        model = installed_spacy_model() or "natasha"
    if model == "natasha":
        nlp = natasha_pipeline()
    elif model.strip() and (is_package(model) or Path(model).exists()):
        try:
            nlp = spacy.load(model)
        except OSError as error:  # a path that holds no pipeline
            raise ModelNotFoundError(
                f"{NOT_FOUND.format(model=model)}; spaCy said: {error}"
            ) from error
    else:
        raise ModelNotFoundError(NOT_FOUND.format(model=model))
    use_fast_like_num(nlp)
    return nlp
