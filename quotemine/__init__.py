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
    from . import dask  # noqa: F401
    from .api import QuoteMiner, load
    from .frame import speaker_summary, to_frame

# Imported now, not lazily: the function shares its name with the module quotemine/render.py,
# and a first `import quotemine.render` anywhere would otherwise leave the package attribute
# `quotemine.render` bound to the module. The module is light (spaCy loads inside the call).
from .render import Rendered, render, render_documents

# Public names that import heavier modules (pandas, dask) on first use.
_LAZY = {
    "to_frame": "frame",
    "speaker_summary": "frame",
}


def __getattr__(name: str):
    # spaCy and the models load only when a pipeline is asked for, so that
    # `import quotemine` stays cheap for code that only reads saved results.
    if name in ("load", "QuoteMiner"):
        from . import api

        return getattr(api, name)
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if name == "dask":  # quotemine.dask without an import of its own; needs the dask extra
        from importlib import import_module

        return import_module(".dask", __name__)
    raise AttributeError(f"module 'quotemine' has no attribute {name!r}")

__all__ = [
    "Cue",
    "InputError",
    "Mention",
    "ModelNotFoundError",
    "Quote",
    "QuoteMiner",
    "QuotemineError",
    "Rendered",
    "Speaker",
    "__version__",
    "load",
    "render",
    "render_documents",
    "speaker_summary",
    "to_frame",
]
