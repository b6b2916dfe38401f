"""quotemine: who said what in Russian news.

    import quotemine
    qm = quotemine.load()            # embedded natasha pipeline, offline
    for q in qm.extract(text):
        print(q.speaker.name if q.speaker else None, q.kind, q.text)
"""

from typing import TYPE_CHECKING

from .errors import InputError, ModelNotFoundError, QuotemineError
from .quote import Cue, Mention, Quote, Speaker

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import QuoteMiner, load


def __getattr__(name: str):
    # spaCy and the models load only when a pipeline is asked for, so that
    # `import quotemine` stays cheap for code that only reads saved results.
    if name in ("load", "QuoteMiner"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'quotemine' has no attribute {name!r}")

__all__ = [
    "Cue",
    "InputError",
    "Mention",
    "ModelNotFoundError",
    "Quote",
    "QuoteMiner",
    "QuotemineError",
    "Speaker",
    "__version__",
    "load",
]
