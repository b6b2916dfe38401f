"""HTML views of quotes, for Jupyter and for standalone pages.

Each quote is highlighted in its speaker's colour and tagged with the speaker's
name and the quote's kind; the words that name the speaker are boxed in the same
colour, the cue (``заявил``, ``по словам``) is underlined, and the addressee gets a
dashed box. A legend lists the speakers with how often each is quoted::

    import quotemine
    quotemine.render("«Решение пока не принято», — сказал Дмитрий Песков.")

The markup goes through spaCy's displaCy entity renderer (``manual=True``), which
keeps the text as written, escapes it and turns line breaks into ``<br>``. Marks can
nest or overlap (a speaker named inside someone else's quote), which displaCy's
flat entities cannot, so the text is first cut into pieces where the set of marks
changes, and each piece is one displaCy entity carrying the styles of every mark
over it. All styles are inline, so the markup looks the same in a notebook, in a
saved page and in an e-mail.

What comes back is a :class:`Rendered`: a ``str`` of HTML that Jupyter displays as
HTML (``_repr_html_``), with :meth:`Rendered.page` and :meth:`Rendered.save` for a
standalone page.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .errors import InputError
from .quote import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .api import QuoteMiner

# (background of the quote, strong colour for boxes, tags and the legend):
# pale enough to read black text on, distinct enough to tell eight speakers apart.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#ffe3b3", "#d9480f"),
    ("#c5e8ff", "#1864ab"),
    ("#d3f9d8", "#2b8a3e"),
    ("#f3d9fa", "#862e9c"),
    ("#ffd6d6", "#c92a2a"),
    ("#fff3bf", "#9c6b00"),
    ("#c3fae8", "#087f5b"),
    ("#e5dbff", "#5f3dc4"),
    ("#ffdeeb", "#a61e4d"),
    ("#d0ebff", "#0b7285"),
)
NO_SPEAKER: tuple[str, str] = ("#e9ecef", "#6c757d")
NO_SPEAKER_LABEL = "no speaker"

# One displaCy entity per piece; every field but `text` is filled from the piece's params.
_PIECE_TEMPLATE = '<mark class="{cls}" style="{style}" title="{tip}">{text}{tags}</mark>'
_MARK_BASE = (
    "color: inherit; padding: 0.2em 0; line-height: 1.9; background: transparent; "
    "-webkit-box-decoration-break: clone; box-decoration-break: clone;"  # boxes close on each line
)
_TAG_BASE = (
    "display: inline-block; font-size: 0.68em; font-weight: 700; line-height: 1.2; "
    "vertical-align: middle; border-radius: 0.3em; padding: 0.05em 0.4em; margin: 0 0.2em;"
    "font-family: system-ui, sans-serif; text-decoration: none; font-style: normal;"
)
_FONT = (
    "font-family: 'Noto Serif', 'PT Serif', Georgia, 'DejaVu Serif', serif; "
    "font-size: 17px; line-height: 1.9; max-width: 52em;"
)
_ROLES = ("quote", "speaker", "cue", "addressee")


# --------------------------------------------------------------------------- result


class Rendered(str):
    """HTML markup (a ``str``) that shows itself as HTML in Jupyter.

    ``str(rendered)`` is a fragment to put in a page of your own; :meth:`page` wraps it
    in a standalone UTF-8 document and :meth:`save` writes that to a file.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # the markup itself is print()'s business, not the REPL's
        return f"<quotemine.Rendered: {len(self)} characters of HTML; print() it or .save('page.html')>"

    def page(self, title: str = "quotemine") -> str:
        """A complete HTML page around this fragment."""
        return page(str(self), title=title)

    def save(self, path: str | os.PathLike[str], title: str = "quotemine") -> Path:
        """Write :meth:`page` to ``path`` (UTF-8) and return the path."""
        target = Path(path)
        target.write_text(self.page(title), encoding="utf-8")
        return target


def page(body: str, title: str = "quotemine") -> str:
    """A standalone HTML5 page (``lang="ru"``, UTF-8) around rendered markup."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        '<body style="margin: 2rem auto; padding: 0 1.5rem; max-width: 60em; '
        'font-family: system-ui, sans-serif; color: #212529;">\n'
        f"{body}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- entry points


def render(
    obj: str | Doc,
    quotes: Sequence[Quote] | None = None,
    *,
    model: str = "auto",
    miner: QuoteMiner | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Rendered:
    """Highlight the quotes of one document.

    ``obj`` is a text or a spaCy ``Doc`` that went through the ``quotemine``
    component. For a text, ``quotes`` (for example read back from a JSONL file) are
    drawn as given; without them the text is run through ``miner``, or through a
    pipeline loaded once per ``model`` name and kept for the next call.
    """
    text, quotes, doc_title = _text_and_quotes(obj, quotes, model=model, miner=miner)
    colours = speaker_colours([quotes])
    parts = []
    heading = title if title is not None else doc_title
    if heading:
        parts.append(_heading(heading, level=3))
    if legend:
        parts.append(_legend(colours, Counter(_speaker_key(q) for q in quotes)))
    parts.append(_body(text, quotes, colours))
    return Rendered(_wrap("".join(parts)))


def render_documents(
    documents: Iterable[tuple[str, str, Sequence[Quote]]],
    *,
    title: str | None = None,
    legend: bool = True,
) -> Rendered:
    """Several documents in one view: ``(heading, text, quotes)`` triples, in order.

    A speaker keeps one colour across all of them (by canonical name), and one legend
    at the top counts their quotes over the whole set.
    """
    documents = list(documents)
    colours = speaker_colours(quotes for _, _, quotes in documents)
    counts = Counter(_speaker_key(q) for _, _, quotes in documents for q in quotes)
    # One document under a title that is its own name: one heading, not two.
    alone = len(documents) == 1 and documents[0][0] == title
    parts = []
    if title:
        parts.append(_heading(title, level=2, note=_count(documents[0][2]) if alone else None))
    if legend:
        parts.append(_legend(colours, counts))
    for heading, text, quotes in documents:
        section_heading = "" if alone else _heading(f"{heading}", level=3, note=_count(quotes))
        parts.append(
            '<section style="margin: 1.5em 0 2.5em 0;">'
            + section_heading
            + _body(text, quotes, colours)
            + "</section>"
        )
    return Rendered(_wrap("".join(parts)))


def _count(quotes: Sequence[Quote]) -> str:
    return f"{len(quotes)} quote" + ("" if len(quotes) == 1 else "s")


# --------------------------------------------------------------------------- inputs

def _text_and_quotes(
    obj: Any, quotes: Sequence[Quote] | None, *, model: str, miner: QuoteMiner | None
) -> tuple[str, list[Quote], str | None]:
    if isinstance(obj, str):
        if quotes is None:
            if miner is None:
                from .api import SHARED_LOCK, shared_miner

                with SHARED_LOCK:
                    quotes = shared_miner(model).extract(obj)
            else:
                quotes = miner.extract(obj)
        return obj, _checked_quotes(obj, quotes), None
    try:
        from spacy.tokens import Doc
    except ImportError:  # pragma: no cover - spaCy is a dependency
        Doc = ()  # type: ignore[assignment,misc]
    if isinstance(obj, Doc):
        if quotes is None:
            from .pipeline import QUOTES_KEY

            if QUOTES_KEY not in obj.user_data:
                raise ValueError(
                    "this Doc has no quotes: run it through a pipeline with the "
                    "'quotemine' component (nlp.add_pipe('quotemine')) or pass quotes="
                )
            quotes = obj._.quotes
        title = obj.user_data.get("title")
        return obj.text, _checked_quotes(obj.text, quotes), title if isinstance(title, str) else None
    raise TypeError(f"render expects a str or a spaCy Doc, got {type(obj).__name__}")


def _checked_quotes(text: str, quotes: Iterable[Any]) -> list[Quote]:
    checked = []
    for quote in quotes:
        if isinstance(quote, Mapping):
            quote = Quote.from_dict(quote)
        if not isinstance(quote, Quote):
            raise TypeError(f"expected Quote objects, got {type(quote).__name__}")
        if quote.end > len(text):
            raise InputError(
                f"quote at {quote.start}:{quote.end} is past the end of the text "
                f"({len(text)} characters): are these the quotes of another document?"
            )
        checked.append(quote)
    return checked


# --------------------------------------------------------------------------- colours


def _speaker_key(quote: Quote) -> str | None:
    return quote.speaker.name if quote.speaker is not None else None


def speaker_colours(documents: Iterable[Iterable[Quote]]) -> dict[str | None, tuple[str, str]]:
    """``speaker name -> (background, strong)``, in order of first quote; ``None`` is grey.

    Past the palette's ten colours, speakers share colours again (the legend and the
    tags still name them).
    """
    colours: dict[str | None, tuple[str, str]] = {}
    for quotes in documents:
        for quote in quotes:
            key = _speaker_key(quote)
            if key in colours:
                continue
            if key is None:
                colours[None] = NO_SPEAKER
            else:
                named = sum(1 for name in colours if name is not None)
                colours[key] = PALETTE[named % len(PALETTE)]
    return colours


# --------------------------------------------------------------------------- marks


@attrs.frozen
class _Mark:
    start: int
    end: int
    role: str  # one of _ROLES
    colours: tuple[str, str]
    tag: str  # shown after the mark's last character; "" for none
    tip: str  # tooltip line


def _marks(text: str, quotes: Sequence[Quote], colours: Mapping[str | None, tuple[str, str]]) -> list[_Mark]:
    marks: list[_Mark] = []
    seen: set[tuple[int, int, str]] = set()

    def add(start: int | None, end: int | None, role: str, colour: tuple[str, str], tag: str, tip: str) -> None:
        if start is None or end is None or not 0 <= start < end <= len(text):
            return
        if (start, end, role) in seen:  # one mention naming the speaker of two quotes
            return
        seen.add((start, end, role))
        marks.append(_Mark(start, end, role, colour, tag, tip))

    for quote in quotes:
        colour = colours.get(_speaker_key(quote), NO_SPEAKER)
        speaker = quote.speaker
        who = speaker.name if speaker is not None else NO_SPEAKER_LABEL
        tip = f"{quote.kind} quote · {who} · confidence {quote.confidence:.2f}"
        if quote.cue is not None:
            tip += f" · cue {quote.cue.lemma or quote.cue.text}"
        if quote.addressee is not None:
            tip += f" · to {quote.addressee.name}"
        add(quote.start, quote.end, "quote", colour, f"{who} · {quote.kind}", tip)
        if speaker is not None:
            add(speaker.start, speaker.end, "speaker", colour, "speaker",
                f"speaker: {speaker.name} ({speaker.type})")
        if quote.cue is not None:
            # No tag: a dotted underline on a verb reads as the cue, and tags on every
            # заявил would crowd the text.
            add(quote.cue.start, quote.cue.end, "cue", colour, "",
                f"cue: {quote.cue.lemma or quote.cue.text}")
        if quote.addressee is not None:
            addressee = quote.addressee
            add(addressee.start, addressee.end, "addressee", colour, "addressee",
                f"addressee: {addressee.name} ({addressee.type})")
    return marks


def _pieces(text: str, marks: Sequence[_Mark]) -> list[tuple[int, int, list[_Mark]]]:
    """Cut the marked stretches where the set of marks changes and at line breaks.

    Returns ``(start, end, marks over it)`` for every piece under at least one mark,
    in order, never overlapping and never holding a ``\\n``: displaCy writes the
    text between pieces, with its line breaks as ``<br>``.
    """
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    for match in re.finditer("\n", text):
        cuts.update(match.span())
    by_start = sorted(range(len(marks)), key=lambda k: marks[k].start)
    opened = 0
    active: set[int] = set()  # the marks over the current piece, by their index in ``marks``
    pieces = []
    for start, end in itertools.pairwise(sorted(cuts)):
        # pieces are cut at every mark's ends: a mark is over a piece when it starts at or
        # before it and ends after its start
        while opened < len(by_start) and marks[by_start[opened]].start <= start:
            active.add(by_start[opened])
            opened += 1
        active = {k for k in active if marks[k].end > start}
        if active and text[start:end] != "\n":
            pieces.append((start, end, [marks[k] for k in sorted(active)]))
    return pieces


def _piece_params(text: str, start: int, end: int, over: list[_Mark]) -> dict[str, str]:
    """The inline style, tags and tooltip of one piece, from every mark over it."""
    style = [_MARK_BASE]
    roles = {mark.role for mark in over}
    quotes = [m for m in over if m.role == "quote"]
    if quotes:
        quote = min(quotes, key=lambda m: m.end - m.start)  # the innermost colours the text
        style.append(f"background: {quote.colours[0]};")
        left = any(m.start == start for m in quotes)
        right = any(m.end == end for m in quotes)
        if left:
            style.append("padding-left: 0.25em; border-top-left-radius: 0.3em; border-bottom-left-radius: 0.3em;")
        if right:
            style.append("padding-right: 0.15em; border-top-right-radius: 0.3em; border-bottom-right-radius: 0.3em;")
    for mark in over:
        strong = mark.colours[1]
        if mark.role == "speaker":
            style.append(f"box-shadow: inset 0 0 0 2px {strong}; font-weight: 700; padding-left: 0.15em; padding-right: 0.15em;")
            if not quotes:
                style.append(f"background: {mark.colours[0]};")
        elif mark.role == "cue":
            style.append(
                f"text-decoration: underline; text-decoration-style: dotted; "
                f"text-decoration-color: {strong}; text-decoration-thickness: 2px; "
                "text-underline-offset: 0.25em; font-style: italic;"
            )
        elif mark.role == "addressee":
            style.append(f"outline: 2px dashed {strong}; outline-offset: -1px; padding-left: 0.15em; padding-right: 0.15em;")
    tags = "".join(_tag(mark) for mark in over if mark.end == end and mark.tag)
    tips = "\n".join(dict.fromkeys(mark.tip for mark in over))
    classes = " ".join(f"qm-{role}" for role in _ROLES if role in roles)
    return {
        "cls": classes,
        "style": " ".join(style),
        "tags": tags,
        "tip": html.escape(tips, quote=True),
    }


def _tag(mark: _Mark) -> str:
    background, strong = mark.colours
    if mark.role == "quote":
        look = f"background: {strong}; color: #fff;"
    else:
        look = f"background: #fff; color: {strong}; border: 1px solid {strong}; text-transform: uppercase; letter-spacing: 0.03em;"
    return f'<span class="qm-tag qm-tag-{mark.role}" style="{_TAG_BASE} {look}">{html.escape(mark.tag)}</span>'


def _body(text: str, quotes: Sequence[Quote], colours: Mapping[str | None, tuple[str, str]]) -> str:
    from spacy import displacy

    pieces = _pieces(text, _marks(text, quotes, colours))
    ents = [
        {"start": start, "end": end, "label": "QUOTEMINE", "params": _piece_params(text, start, end, over)}
        for start, end, over in pieces
    ]
    markup = displacy.render(
        {"text": text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        jupyter=False,
        options={"template": _PIECE_TEMPLATE},
    )
    return f'<div class="qm-text" style="{_FONT}">{markup}</div>'


# --------------------------------------------------------------------------- framing


def _heading(text: str, level: int, note: str | None = None) -> str:
    extra = (
        f' <span style="font-size: 0.7em; font-weight: 400; color: #6c757d;">{html.escape(note)}</span>'
        if note
        else ""
    )
    return f'<h{level} style="margin: 0.6em 0 0.3em 0; font-family: system-ui, sans-serif;">{html.escape(text)}{extra}</h{level}>'


def _legend(colours: Mapping[str | None, tuple[str, str]], counts: Counter[str | None]) -> str:
    items = []
    for name, (background, strong) in colours.items():
        label = name if name is not None else NO_SPEAKER_LABEL
        n = counts.get(name, 0)
        items.append(
            '<span class="qm-legend-speaker" style="display: inline-block; margin: 0.15em 0.8em 0.15em 0;">'
            f'<span style="display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; '
            f'background: {background}; box-shadow: inset 0 0 0 2px {strong}; border-radius: 0.2em;"></span> '
            f"{html.escape(label)} <span style=\"color: #6c757d;\">({n})</span></span>"
        )
    if not items:
        items.append('<span style="color: #6c757d;">no quotes found</span>')
    key = (
        '<span style="color: #6c757d; display: inline-block; margin-top: 0.2em;">'
        '<b style="box-shadow: inset 0 0 0 2px #495057; padding: 0 0.2em;">speaker</b> '
        '<i style="text-decoration: underline dotted #495057 2px; text-underline-offset: 0.25em;">cue</i> '
        '<span style="outline: 2px dashed #495057; outline-offset: -1px; padding: 0 0.2em;">addressee</span>'
        "</span>"
    )
    return (
        '<div class="qm-legend" style="font-family: system-ui, sans-serif; font-size: 14px; '
        'margin: 0.3em 0 0.8em 0; padding: 0.5em 0.7em; border: 1px solid #dee2e6; border-radius: 0.4em;">'
        + "".join(items)
        + "<br>"
        + key
        + "</div>"
    )


def _wrap(content: str) -> str:
    return f'<div class="quotemine">{content}</div>'


__all__ = ["PALETTE", "Rendered", "page", "render", "render_documents", "speaker_colours"]
