"""Errors a user can act on. The CLI prints their message on one line and exits 2."""


class QuotemineError(Exception):
    """Base class: anything quotemine raises on purpose."""


class ModelNotFoundError(QuotemineError, ValueError):
    """The named base pipeline is neither built in nor installed."""


class InputError(QuotemineError, ValueError):
    """A file or line that cannot be read as a document."""
