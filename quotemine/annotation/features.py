"""Morphological features of a token, read through a cache.

``token.morph.get("Case")`` parses the token's feature string anew on every call and
cost more than a microsecond, more than all the rest of a token's attributes together;
the finder, attribution and entities ask it tens of thousands of times per megabyte.
A token's morph is a hash of its feature string (``Case=Gen|Gender=Masc|...``), the
same in every vocabulary, so each distinct string is split once per process.
"""

from __future__ import annotations

from spacy.tokens import Token

# A language has a few thousand feature strings; the bound only guards odd input.
MAX_CACHED = 100_000
_parsed: dict[int, dict[str, tuple[str, ...]]] = {}


def feature(token: Token, field: str) -> tuple[str, ...]:
    """The values of ``field`` on ``token`` (``("Gen",)``), empty when it has none:
    ``token.morph.get(field)``, as a tuple."""
    morph = token.morph
    values = _parsed.get(morph.key)
    if values is None:
        if len(_parsed) >= MAX_CACHED:
            _parsed.clear()
        values = _parsed[morph.key] = _split(str(morph))
    return values.get(field, ())


def case_of(token: Token) -> str:
    """The token's case (``Gen``), or ``""`` when it has none."""
    case = feature(token, "Case")
    return case[0] if case else ""


def _split(features: str) -> dict[str, tuple[str, ...]]:
    parsed: dict[str, tuple[str, ...]] = {}
    for pair in features.split("|"):
        field, _, values = pair.partition("=")
        if values:
            parsed[field] = tuple(values.split(","))
    return parsed
