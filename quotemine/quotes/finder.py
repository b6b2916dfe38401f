"""Find the direct and mixed quotes of a Doc: marked spans that are speech, and dash speech."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from spacy.tokens import Doc

from ..attribution.cues import is_speech_verb
from ..textspan import Reach, doc_arrays, doc_text, token_range
from . import classify
from .dashes import ATTRIBUTION_DASH_PATTERN, SPACED_DASH, attribution_dashes, dash_quotes
from .found import Found
from .indirect import indirect_quotes
from .marks import QuotedSpan, doc_spans, top_level

# «Q1, — сказал он. — Q2» inside one pair of marks.
INNER_ATTRIBUTION = regex.compile(
    ATTRIBUTION_DASH_PATTERN + r"(?P<cue>[^—–\n]{2,120}?)[.,:]" + SPACED_DASH
)
# HTML tags and entities: a quoted span of nothing else (``"«" + '"';</script>``) is no one's words.
MARKUP = regex.compile(r"<[^<>\n]*>|&#?\w+;")


def find_quotes(doc: Doc) -> list[Found]:
    """Every direct, mixed and indirect quote, in text order."""
    spans = top_level(doc_spans(doc))
    found = [quote for span in spans for quote in _from_marks(doc, span)]
    # Dash speech is looked for in paragraphs with no marked direct speech; names and
    # mixed quotes inside it belong to it («Никаких «договоренностей» не было, — заявил он»).
    marked = [(f.open_at, f.close_at + 1) for f in found if f.kind == "direct"]
    dashed = list(dash_quotes(doc, marked))
    in_dashed = Reach((d.start, d.end) for d in dashed)
    found = [f for f in found if not in_dashed.beyond(f.open_at + 1, f.close_at)]
    found.extend(dashed)
    # Reported content never overlaps direct speech; a mixed quote inside it stays both.
    direct = Reach((f.open_at, f.close_at + 1) for f in found if f.kind == "direct")
    found.extend(
        quote for quote in indirect_quotes(doc) if not direct.beyond(quote.end, quote.start)
    )
    found.sort(key=lambda f: f.start)
    return _uncrossed(found, doc_text(doc))


def _uncrossed(found: list[Found], text: str) -> list[Found]:
    """Quotes nest or stand apart. Where two cross (an unclosed mark runs on past reported
    speech: ``Мы готовы «к диалогу, сказал Иванов``), the less certain one is dropped:
    a span whose mark never closed, then mixed, indirect, direct. One sweep, a stack of
    the quotes open at each start."""

    def certainty(quote: Found) -> int:
        unclosed = quote.source == "marks" and (
            quote.close_at >= len(text) or text[quote.close_at] == "\n"
        )
        return 0 if unclosed else {"mixed": 1, "indirect": 2}.get(quote.kind, 3)

    dropped: set[int] = set()
    stack: list[Found] = []
    for quote in sorted(found, key=lambda f: (f.start, -f.end)):
        while stack and stack[-1].end <= quote.start:
            stack.pop()
        keep = True
        while stack and stack[-1].end < quote.end:  # starts before, ends inside: crossed
            if certainty(stack[-1]) >= certainty(quote):
                keep = False
                break
            dropped.add(id(stack.pop()))
        if keep:
            stack.append(quote)
        else:
            dropped.add(id(quote))
    return [quote for quote in found if id(quote) not in dropped] if dropped else found


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _from_marks(doc: Doc, span: QuotedSpan) -> Iterator[Found]:
    text = doc_text(doc)
    start, end = _strip(text, span.start, span.end)
    content = text[start:end]
    if "<" in content or "&" in content:  # no markup without them: most spans skip the regex
        content = MARKUP.sub("", content)
    if not any(char.isalpha() for char in content):
        return
    open_at, close_at = span.open_at, span.close_at
    if classify.is_scare_quote(doc, open_at) or classify.labels_speakers(doc, open_at, start, end):
        return
    if classify.is_term_adjective(doc, start, end, close_at):
        return
    left = classify.left_context(doc, open_at)
    right = "end" if span.bounded else classify.right_context(doc, close_at)
    attached = (right == "dash" and classify.speaker_pattern_follows(doc, close_at)) or (
        left == "colon"
    )
    if classify.capitalised(text[start:end]) and classify.has_name_trigger(doc, open_at) and not (
        attached and classify.is_statement(doc, start, end)  # asked only when it decides
    ):
        return
    if not attached and classify.looks_like_name(doc, start, end):
        return
    direct = (
        (left != "woven" and right in ("end", "dash"))
        or (right == "dash" and attached)
        or (left != "woven" and classify.is_sentences(text[start:end]))
    )
    if not direct:
        yield Found(start, end, "mixed", open_at, close_at)
        return
    yield from _split(doc, Found(start, end, "direct", open_at, close_at))


def _split(doc: Doc, quote: Found) -> Iterator[Found]:
    """Cut ``«Q1, — сказал X. — Q2»`` at its inner attribution into two quotes."""
    text = doc_text(doc)
    for match in attribution_dashes(text, quote.start, quote.end, INNER_ATTRIBUTION):
        cue_start, cue_end = match.span("cue")
        first, last = token_range(doc, cue_start, cue_end)
        if any(is_speech_verb(t) for t in doc_arrays(doc).tokens[first:last]):
            inner = (cue_start, cue_end)
            head_end = match.start()
            yield Found(quote.start, head_end, "direct", quote.open_at, quote.close_at,
                        inner_cue=inner)
            yield from _split(
                doc,
                Found(match.end(), quote.end, "direct", quote.open_at, quote.close_at,
                      inner_cue=inner),
            )
            return
    yield quote
