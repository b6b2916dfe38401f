"""``python -m quotemine``: the same as the ``quotemine`` command."""

from .cli import main

raise SystemExit(main())
