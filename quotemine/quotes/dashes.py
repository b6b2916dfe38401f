"""Direct speech marked by dashes, not quotation marks (GUIDELINES.md, ``direct``).

Two shapes: a paragraph that opens with a dash (interviews, press conferences:
``- Трудно что-либо комментировать, - сказал Х.``), and a paragraph whose words
run up to ``, —`` and a speech verb with no marks at all
(``Отдельно подчеркну ..., - заявил Х.``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

import regex
from spacy.tokens import Doc

from ..attribution.cues import announcing_verb
from ..textspan import DASHES, MARKS, SENTENCE_END, Reach, doc_arrays, doc_text, sent_bounds, token_at
from .classify import speaker_pattern_follows
from .found import Found

# The end of the words and the dash before the attribution: «..., — сказал», «...! — воскликнул»:
# a comma, or one of the stops (seen by a lookbehind), a run of the spaces, a dash, spaces
# again. The dash patterns here, finder's ``INNER_ATTRIBUTION`` and the pretest
# ``may_hold_attribution_dash`` are all made from these.
DASH_CHARS = "".join(sorted(DASHES))
DASH_SPACES = " \t"
SPEECH_STOPS = "".join(sorted(SENTENCE_END - {"."}))
SPACED_DASH = rf"[{DASH_SPACES}]+[{regex.escape(DASH_CHARS)}][{DASH_SPACES}]+"
ATTRIBUTION_DASH_PATTERN = rf"(?:,|(?<=[{SPEECH_STOPS}])){SPACED_DASH}"
ATTRIBUTION_DASH = regex.compile(ATTRIBUTION_DASH_PATTERN)
OPENING_DASH = regex.compile(rf"[{DASH_SPACES}]*[{regex.escape(DASH_CHARS)}][{DASH_SPACES}]+")
_DASH_OR_SPACE = frozenset(DASH_CHARS + DASH_SPACES)  # what an OPENING_DASH match starts with
# A sentence's start after a quote's attribution: after a word's full stop, not an initial's
# («вице-адмирал А. Иванов»).
SENTENCE_START = regex.compile(r"(?<=\p{L}\p{L})[.!?…][ \t]+(?=\p{Lu})")
# After the attribution, «. — » reopens the speech: «..., — сказал он. — ...».
CONTINUATION_DASH = regex.compile(rf"[.]{SPACED_DASH}")


def may_hold_attribution_dash(text: str, start: int, end: int) -> bool:
    """May ``text[start:end]`` hold an attribution dash (``, — сказал``, ``! — ``): a dash
    with a space or tab after it and a run of them before it, the run following a comma
    or one of ``!?…``? Every attribution dash pattern needs one; ``str.find`` answers for
    most paragraphs and quotes, where a ``regex`` scan costs microseconds even when
    nothing matches. (A run reaching ``start`` counts whatever precedes it, as a
    lookbehind may see before ``start``.)"""
    for dash in DASH_CHARS:
        i = text.find(dash, start + 1, end - 1)
        while i != -1:
            if text[i + 1] in DASH_SPACES:
                j = i - 1
                while j >= start and text[j] in DASH_SPACES:
                    j -= 1
                if j < i - 1 and j >= 0 and (text[j] == "," or text[j] in SPEECH_STOPS):
                    return True
            i = text.find(dash, i + 1, end - 1)
    return False


def attribution_dashes(
    text: str, start: int, end: int, pattern: regex.Pattern = ATTRIBUTION_DASH
) -> Iterable[regex.Match]:
    """``pattern``'s matches in ``text[start:end]``, a pattern that needs an attribution
    dash: none at once where ``may_hold_attribution_dash`` says there is none (most
    paragraphs and quotes), without a regex scan."""
    if not may_hold_attribution_dash(text, start, end):
        return ()
    return pattern.finditer(text, start, end)


def dash_quotes(doc: Doc, taken: list[tuple[int, int]]) -> Iterator[Found]:
    """Dash speech in paragraphs that hold no direct speech already found (``taken``)."""
    text = doc_text(doc)
    start = 0
    paragraphs = []
    for line in text.split("\n"):
        paragraphs.append((start, start + len(line)))
        start += len(line) + 1
    # (the first character tested before the regex, whose call costs more than the test)
    opens = [b > a and text[a] in _DASH_OR_SPACE and bool(OPENING_DASH.match(text, a, b)) for a, b in paragraphs]
    overlaps = Reach(taken)
    ends = sorted(end for _, end in taken)
    for index, (a, b) in enumerate(paragraphs):
        if overlaps.beyond(b, a):  # some taken span starts before b and ends after a
            # «...», — подчеркнул он. Все корабли вернутся к маю, — уточнил командующий.
            if overlaps.beyond(b, b):
                continue  # the taken speech runs on past the paragraph
            last = max(ends[bisect_right(ends, b) - 1], a)
            # the first dash past the quote's own attribution («», — подчеркнул он.»)
            dash = next((m for m in attribution_dashes(text, last, b) if m.start() > last + 1), None)
            if dash is not None:
                first, _ = sent_bounds(doc, token_at(doc, dash.start()))
                start = doc_arrays(doc).starts[first]
                if start <= last:  # the splitter joined it to the quote's sentence
                    after = SENTENCE_START.search(text, last, dash.start())
                    start = after.end() if after is not None else b
                if start < b and not any(mark in text[start:b] for mark in MARKS):
                    yield from _trailing_dash(doc, start, b)
            continue
        if opens[index]:
            # a dialogue, or an interview's answer to the question paragraph before it
            dialogue = (index > 0 and (opens[index - 1] or _is_question(text, *paragraphs[index - 1]))) or (
                index + 1 < len(opens) and opens[index + 1]
            )
            yield from _opening_dash(doc, a, b, dialogue)
        else:
            yield from _trailing_dash(doc, a, b)


def _is_question(text: str, a: int, b: int) -> bool:
    return text[a:b].rstrip().endswith("?")


def _opening_dash(doc: Doc, a: int, b: int, dialogue: bool) -> Iterator[Found]:
    text = doc_text(doc)
    dash = OPENING_DASH.match(text, a, b)
    start = dash.end()
    for match in attribution_dashes(text, start, b):
        if speaker_pattern_follows(doc, match.start()):
            yield Found(start, match.start(), "direct", dash.start(), match.start(), "dash")
            cont = CONTINUATION_DASH.search(text, match.end(), b)
            if cont and cont.end() < b:
                yield Found(cont.end(), _trim_end(text, cont.end(), b), "direct",
                            cont.start(), b, "dash")
            return
    if dialogue or announcing_verb(doc, a) is not None:
        yield Found(start, _trim_end(text, start, b), "direct", dash.start(), b, "dash")


def _trailing_dash(doc: Doc, a: int, b: int) -> Iterator[Found]:
    text = doc_text(doc)
    for match in attribution_dashes(text, a, b):
        if match.start() - a < 10:
            continue
        if speaker_pattern_follows(doc, match.start()):
            start = a + len(text[a:b]) - len(text[a:b].lstrip())
            yield Found(start, match.start(), "direct", start, match.start(), "dash")
        return


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
