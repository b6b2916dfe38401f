"""What the quote finder hands to attribution: a span, its kind, and where its marks are."""

from __future__ import annotations

from typing import Literal

import attrs

Source = Literal["marks", "dash", "indirect"]


@attrs.frozen
class Found:
    """A span of speech before attribution.

    ``open_at``/``close_at`` are the offsets of the opening and closing mark (for
    dash speech: the opening dash, and the comma or end before the attribution
    dash); attribution looks for the cue just outside them. ``inner_cue`` is the
    character range of an attribution that stands inside the marks of a split
    quote (``"Q1, — сказал он. — Q2"``): both halves share it. ``cue`` is the token
    range of a cue the finder already knows (indirect speech is found from its cue).
    """

    start: int
    end: int
    kind: str
    open_at: int
    close_at: int
    source: Source = "marks"
    inner_cue: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
