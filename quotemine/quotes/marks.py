"""Pair quotation marks by scanning characters, not tokens.

News text mixes «ёлочки», „лапки“, “English” and straight "" marks, nests them,
types them the wrong way round and leaves them open. The scanner keeps a stack per
paragraph, decides the direction of a straight or misplaced mark from its
neighbours, and bounds an unclosed quote at the end of its paragraph so one stray
mark cannot swallow the rest of the document. It runs in one pass: linear in the
length of the text whatever the marks.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import attrs

from ..textspan import doc_text, per_doc

# family -> (openers, closers); a mark may belong to both sides of one family.
FAMILIES: dict[str, tuple[str, str]] = {
    "angle": ("«‹", "»›"),
    "low": ("„‚", "“‘”’"),
    "curly": ("“‘", "”’"),
    "straight": ('"', '"'),
}
MARKS = frozenset("«»‹›„‚“”‘’\"")
# Finds the marks: the scanner looks at them only, not at every character of the text.
_MARK = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")
APOSTROPHES = frozenset("’‘")
# Characters that may stand before an opening mark and after a closing one.
_OPEN_LEFT = frozenset("([{«„“‘\"'—–-:/\u2026")
_CLOSE_RIGHT = frozenset(".,;:!?)]}»“”’\"'—–-/\u2026")


@attrs.frozen
class QuotedSpan:
    """The inside of one pair of marks: ``text[start:end]``, marks excluded.

    ``depth`` 0 is a top-level span; ``bounded`` says it was never closed and was
    cut at its paragraph's end (``end`` is then the paragraph end).
    """

    start: int
    end: int
    depth: int
    open_mark: str
    close_mark: str
    bounded: bool = False

    @property
    def open_at(self) -> int:
        return self.start - 1

    @property
    def close_at(self) -> int:
        """Index of the closing mark; for a bounded span, the paragraph end."""
        return self.end


@attrs.define
class _Open:
    at: int
    mark: str
    family: str


def _left_space(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_LEFT


def _right_space(text: str, i: int) -> bool:
    return i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] in _CLOSE_RIGHT


def _families(mark: str, side: int) -> tuple[str, ...]:
    return tuple(name for name, marks in FAMILIES.items() if mark in marks[side])


# mark -> the families it may open, and those it may close
_OPENS = {mark: _families(mark, 0) for mark in MARKS}
_CLOSES = {mark: _families(mark, 1) for mark in MARKS}


class _Stack:
    """Open marks of one paragraph, with a count per family so that a closing
    mark whose family is not open is turned away without a walk down the stack."""

    def __init__(self) -> None:
        self.items: list[_Open] = []
        self.counts: dict[str, int] = dict.fromkeys(FAMILIES, 0)

    def push(self, item: _Open) -> None:
        self.items.append(item)
        self.counts[item.family] += 1

    def find(self, families: tuple[str, ...]) -> int:
        if not any(self.counts[family] for family in families):
            return -1
        for index in range(len(self.items) - 1, -1, -1):
            if self.items[index].family in families:
                return index
        return -1

    def pop_to(self, index: int) -> _Open:
        # Marks opened inside the one being closed and never closed themselves are
        # dropped: they were stray, and the outer pair is what the writer meant.
        for item in self.items[index:]:
            self.counts[item.family] -= 1
        opened = self.items[index]
        del self.items[index:]
        return opened


def scan(text: str) -> list[QuotedSpan]:
    """Every quoted span of ``text``, sorted by start, with nesting depth."""
    spans: list[QuotedSpan] = []
    at = [found.start() for found in _MARK.finditer(text)]
    first = 0
    while first < len(at):  # paragraph by paragraph, those with marks only
        para_end = text.find("\n", at[first])
        if para_end == -1:
            para_end = len(text)
        last = bisect_left(at, para_end, first)
        spans.extend(_scan_paragraph(text, para_end, at[first:last]))
        first = last
    spans.sort(key=lambda span: (span.start, -span.end))
    return spans


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def _scan_paragraph(text: str, end: int, at: list[int]) -> list[QuotedSpan]:
    """The spans of the paragraph ending at ``end``, whose marks stand ``at``."""
    spans: list[QuotedSpan] = []
    stack = _Stack()

    def close(index: int, at: int, mark: str) -> None:
        opened = stack.pop_to(index)
        spans.append(QuotedSpan(opened.at + 1, at, len(stack.items), opened.mark, mark))

    for i in at:
        mark = text[i]
        if mark in APOSTROPHES and _inside_word(text, i):
            continue
        left, right = _left_space(text, i), _right_space(text, i)
        looks_open = left and not right
        looks_close = right and not left
        openers, closers = _OPENS[mark], _CLOSES[mark]
        open_index = stack.find(closers) if closers else -1
        if open_index >= 0 and not looks_open:
            close(open_index, i, mark)
        elif openers and not looks_close:
            stack.push(_Open(i, mark, openers[0]))
        elif open_index >= 0:
            close(open_index, i, mark)
        elif looks_open and closers:
            # A closing mark where an opening one belongs: »так« typed backwards.
            stack.push(_Open(i, mark, closers[-1]))
        elif looks_close and openers:
            mirrored = stack.find(openers)
            if mirrored >= 0:
                close(mirrored, i, mark)
    # Unclosed marks: bound the outermost at the paragraph end, drop the rest.
    if stack.items:
        opened = stack.items[0]
        spans.append(QuotedSpan(opened.at + 1, end, 0, opened.mark, "", bounded=True))
    return spans


def top_level(spans: list[QuotedSpan]) -> list[QuotedSpan]:
    """Spans not inside another span: nested marks belong to their outer quote."""
    result: list[QuotedSpan] = []
    reach = -1
    for span in spans:
        if span.start > reach:
            result.append(span)
            reach = span.end
    return result


def doc_spans(doc) -> list[QuotedSpan]:
    """``scan`` of the doc's text, once per doc: the finder, people and indirect speech all ask."""
    return per_doc(doc, "quotemine.spans", lambda: scan(doc_text(doc)))


def paired_marks(doc) -> frozenset[int]:
    """Offsets of every mark that opens or closes a span of the doc, once per doc."""
    return per_doc(
        doc,
        "quotemine.paired_marks",
        lambda: frozenset(at for span in doc_spans(doc) if not span.bounded for at in (span.open_at, span.close_at)),
    )
