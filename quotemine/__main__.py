"""``python -m quotemine``: the same as the ``quotemine`` command."""

from .cli import command

raise SystemExit(command())
