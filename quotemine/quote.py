"""The results quotemine returns: frozen records with offsets into the original text.

``to_dict()`` gives the JSONL shape of the CLI, ``from_dict()`` reads it back, so a
run saved to disk can be loaded, scored or merged without the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import attrs

Kind = Literal["direct", "mixed", "indirect"]
KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")

SpeakerType = Literal["PER", "ORG", "DESC", "PRON"]
SPEAKER_TYPES: tuple[str, ...] = ("PER", "ORG", "DESC", "PRON")


def _check_span(instance: Any, attribute: attrs.Attribute, value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


@attrs.frozen
class Mention:
    """A stretch of the document: where a speaker, addressee or cue is written."""

    text: str
    start: int = attrs.field(validator=_check_span)
    end: int = attrs.field(validator=_check_span)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(text=data["text"], start=int(data["start"]), end=int(data["end"]))


@attrs.frozen
class Cue(Mention):
    """The speech verb or phrase that ties a quote to its speaker (`заявил`, `по словам`)."""

    lemma: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "lemma": self.lemma}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cue:
        return cls(
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            lemma=data.get("lemma", ""),
        )


@attrs.frozen
class Speaker:
    """Who spoke, or was spoken to: a canonical nominative name and the mention it hangs on.

    ``name`` is the fullest name the document gives (``Дмитрий Песков``); ``mention``
    is the words next to the quote (``Пескова``, ``он``). ``start``/``end`` are the
    mention's offsets; they are ``None`` only when the name was inferred without a
    mention in the text.
    """

    name: str
    mention: str
    start: int | None = None
    end: int | None = None
    type: SpeakerType = attrs.field(
        default="PER", validator=attrs.validators.in_(SPEAKER_TYPES)
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention,
            "start": self.start,
            "end": self.end,
            "type": self.type,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(
            name=data["name"],
            mention=data.get("mention") or data["name"],
            start=data.get("start"),
            end=data.get("end"),
            type=data.get("type") or "PER",
        )


@attrs.frozen
class Quote:
    """One attributed quote. ``text == document[start:end]``, quotation marks excluded."""

    start: int = attrs.field(validator=_check_span)
    end: int = attrs.field(validator=_check_span)
    text: str
    kind: Kind = attrs.field(default="direct", validator=attrs.validators.in_(KINDS))
    speaker: Speaker | None = None
    cue: Cue | None = None
    addressee: Speaker | None = None
    confidence: float = 0.0

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"quote end {self.end} is before its start {self.start}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "confidence": round(self.confidence, 4),
        }

    def to_row(self) -> dict[str, Any]:
        """The quote flattened to one level, ``None`` where a part is missing: the shape
        of a CSV row and of a DataFrame row (each picks its columns from it), keys in
        the order of ``ROW_COLUMNS``."""
        cue = self.cue
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
            **_speaker_row("speaker", self.speaker),
            "cue": cue.text if cue else None,
            "cue_lemma": (cue.lemma or None) if cue else None,
            "cue_start": cue.start if cue else None,
            "cue_end": cue.end if cue else None,
            **_speaker_row("addressee", self.addressee),
            "confidence": float(self.confidence),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        def optional(factory, key):
            value = data.get(key)
            return factory(value) if value else None

        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            kind=data.get("kind", "direct"),
            speaker=optional(Speaker.from_dict, "speaker"),
            cue=optional(Cue.from_dict, "cue"),
            addressee=optional(Speaker.from_dict, "addressee"),
            confidence=float(data.get("confidence", 0.0)),
        )


def _speaker_row(role: str, speaker: Speaker | None) -> dict[str, Any]:
    """``speaker``, ``speaker_mention``, ... of a row: the same five for the addressee."""
    if speaker is None:
        return dict.fromkeys((role, f"{role}_mention", f"{role}_type", f"{role}_start", f"{role}_end"))
    return {
        role: speaker.name,
        f"{role}_mention": speaker.mention,
        f"{role}_type": speaker.type,
        f"{role}_start": speaker.start,
        f"{role}_end": speaker.end,
    }


#: The keys of ``Quote.to_row``, in order: the columns of a DataFrame of quotes.
ROW_COLUMNS: tuple[str, ...] = tuple(Quote(start=0, end=0, text="").to_row())


def offset_problems(text: str, quotes: Iterable[Quote]) -> list[str]:
    """What is wrong with ``quotes`` as a result for ``text``, one line each; empty when
    it is sound: offsets inside the text and slicing it to each quote's, speaker's,
    addressee's and cue's own text, and no two quotes partly overlapping."""
    quotes = list(quotes)
    found = []
    for quote in quotes:
        if not 0 <= quote.start <= quote.end <= len(text):
            found.append(f"quote {quote.start}:{quote.end} outside a text of {len(text)}")
        elif text[quote.start : quote.end] != quote.text:
            found.append(f"quote {quote.start}:{quote.end} is {quote.text!r} in the text")
        for role, part, said in (
            ("speaker", quote.speaker, quote.speaker and quote.speaker.mention),
            ("addressee", quote.addressee, quote.addressee and quote.addressee.mention),
            ("cue", quote.cue, quote.cue and quote.cue.text),
        ):
            if part is None or part.start is None:
                continue
            if not 0 <= part.start <= part.end <= len(text):
                found.append(f"{role} {part.start}:{part.end} outside the text")
            elif text[part.start : part.end] != said:
                found.append(f"{role} {part.start}:{part.end} is not {said!r}")
    spans = sorted({(q.start, q.end) for q in quotes}, key=lambda span: (span[0], -span[1]))
    for i, (a, b) in enumerate(spans):
        for c, d in spans[i + 1 :]:
            if c >= b:
                break
            if d > b:  # c < b < d: starts inside, ends outside
                found.append(f"quotes {a}:{b} and {c}:{d} partly overlap")
    return found
