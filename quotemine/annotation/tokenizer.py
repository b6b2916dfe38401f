"""A spaCy tokenizer that follows razdel, the tokenizer the natasha models were trained on.

spaCy's stock Russian tokenizer cuts ``пресс-секретарь`` into three tokens; razdel keeps
it whole, as in the slovnet training data. The tokenizer also sets sentence starts
(newline, then ``razdel.sentenize``), so the parser never has to guess them.

razdel is quadratic on long runs without a split point (``т.е.т.е.…``, ``а-а-а-…``), so
the text is fed to it in bounded pieces; see ``text_pieces``. It is also slow, a few
microseconds a token, so each run of non-space characters is split by it once and
remembered, as spaCy's own tokenizer does; see ``razdel_spans``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import razdel
import regex
import spacy
from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import ATOM
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..textspan import remember_text

# Size in characters of the pieces given to razdel; a piece is at most twice this.
PIECE_SIZE = 10_000

SPACE = re.compile(r"\s")
# Inside a run of letters or digits: razdel would not split there either.
IN_WORD = re.compile(r"(?<=[а-яё])(?=[а-яё])|(?<=[a-z])(?=[a-z])|(?<=\d)(?=\d)", re.IGNORECASE)
NON_SPACE = re.compile(r"\S+")
# The characters str.splitlines() breaks on: each one ends a sentence.
PARAGRAPH = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
# Control characters that are not whitespace (NUL, BEL, DEL, C1): invisible noise that
# razdel glues to the word beside it (``сказал\x07``); each run becomes a token of its own.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]+")
# A likely sentence end, to cut a long paragraph where razdel would cut it anyway.
SENT_END = re.compile(r"[.!?…][\"»”')\]]*\s+(?=[«\"“(\[]*[A-ZА-ЯЁ0-9])")
# The characters on which razdel's rules look one atom further than the next (its
# ``Rule2112``: dash, underscore, float and fraction): a run of non-space characters
# that starts or ends with one is split according to the word beside it.
LOOKS_PAST = frozenset(DASHES + "_.,/\\")
# Runs of non-space characters whose razdel split is remembered (about 30 MB when full,
# in each process; then it starts again empty), and the longest run remembered.
WORD_CACHE = 100_000
WORD_CACHED_CHARS = 64


def text_pieces(
    text: str, start: int, stop: int, boundaries: tuple[re.Pattern[str], ...]
) -> Iterator[tuple[int, int, bool]]:
    """Cut ``text[start:stop]`` into (start, stop, glued) pieces of at most ``2 * PIECE_SIZE``.

    Each cut goes at the first match of ``boundaries[0]`` within ``PIECE_SIZE`` chars
    after the nominal cut, else of the next pattern, else right there. ``glued`` tells
    that a piece starts at a cut that is no true boundary (not ``boundaries[0]``).
    """
    size = PIECE_SIZE
    glued = False
    while stop - start > size:
        cut, end, forced = start + size, min(start + 2 * size, stop), True
        for boundary in boundaries:
            match = boundary.search(text, cut, end)
            if match:
                cut, forced = match.end(), boundary is not boundaries[0]
                break
        yield start, cut, glued
        start, glued = cut, forced
    if start < stop or not glued:
        yield start, stop, glued


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of razdel's tokens, in order, never overlapping."""
    spans: list[tuple[int, int]] = []
    for start, stop, glued in text_pieces(text, 0, len(text), (SPACE, IN_WORD)):
        first = True
        for begin, end in razdel_spans(text, start, stop):
            if glued and first and spans and spans[-1][1] == begin:
                begin = spans.pop()[0]  # a forced cut is not a token boundary
            first = False
            if end > begin and (not spans or begin >= spans[-1][1]):
                spans.append((begin, end))
    return split_controls(text, spans) if CONTROL.search(text) else spans


# (run, type of the atom before it, type of the atom after it) -> razdel's spans in it,
# as tuples, which the garbage collector stops tracking
_SPLITS: dict[tuple[str, str, str], tuple[tuple[int, int], ...]] = {}


def razdel_spans(text: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """``razdel.tokenize(text[start:stop])`` as (start, stop) spans in ``text``, each run
    of non-space characters split once per process.

    razdel never joins across whitespace, and splits a run the same wherever it stands,
    except that a run starting or ending with a ``LOOKS_PAST`` character also depends
    on the type (Russian, Latin, number, punctuation, other) of the atom across the
    whitespace beside it: that type is part of what is remembered."""
    spans: list[tuple[int, int]] = []
    runs = [match.span() for match in NON_SPACE.finditer(text, start, len(text) if stop is None else stop)]
    for k, (begin, end) in enumerate(runs):
        run = text[begin:end]
        # the characters across the space, where razdel's rules may look at them
        left = text[runs[k - 1][1] - 1] if k and run[0] in LOOKS_PAST else ""
        right = text[runs[k + 1][0]] if k + 1 < len(runs) and run[-1] in LOOKS_PAST else ""
        key = (run, _atom_type(left) if left else "", _atom_type(right) if right else "")
        split = _SPLITS.get(key)
        if split is None:
            before = left + " " if left else ""
            after = " " + right if right else ""
            split = tuple(
                (token.start - len(before), token.stop - len(before))
                for token in razdel.tokenize(before + run + after)
                if len(before) <= token.start < len(before) + len(run)
            )
            if len(run) <= WORD_CACHED_CHARS:
                if len(_SPLITS) >= WORD_CACHE:
                    _SPLITS.clear()
                _SPLITS[key] = split
        if len(split) == 1:
            spans.append((begin, end))  # most runs: one word
        else:
            spans.extend((begin + a, begin + b) for a, b in split)
    return spans


def _atom_type(char: str) -> str:
    """razdel's type of the atom ``char`` ends or starts (``RU``, ``LAT``, ``INT``,
    ``PUNCT``, ``OTHER``): one of its groups matches any non-space character."""
    return ATOM.match(char).lastgroup  # type: ignore[union-attr,return-value]


def split_controls(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut each run of ``CONTROL`` characters out of the tokens it sits in."""
    result: list[tuple[int, int]] = []
    for begin, end in spans:
        at = begin
        for match in CONTROL.finditer(text, begin, end):
            if match.start() > at:
                result.append((at, match.start()))
            result.append(match.span())
            at = match.end()
        if at < end:
            result.append((at, end))
    return result


# «...ликвидации возгорания.По данным министерства»: a sentence glued to the one before,
# which razdel keeps as one. A lower-case word of three letters or more, a full stop,
# then a capitalised word: not an initial (В.В.Путин) nor an abbreviation (т.е.).
GLUED_SENTENCE = regex.compile(r"(?<=\p{Ll}{3}[.!?])(?=\p{Lu}\p{Ll})")


def sent_start_chars(text: str) -> list[int]:
    """Offsets where sentences start: each line is split by ``razdel.sentenize``."""
    starts: list[int] = []
    for line in PARAGRAPH.finditer(text):
        for start, stop, glued in text_pieces(text, line.start(), line.end(), (SENT_END,)):
            sents = razdel.sentenize(text[start:stop])
            if glued:  # a forced cut, not a sentence end
                next(sents, None)
            starts.extend(start + sent.start for sent in sents)
    glued = [match.start() for match in GLUED_SENTENCE.finditer(text)]
    return sorted(set(starts).union(glued)) if glued else starts


class RazdelTokenizer:
    """``text -> Doc`` with razdel tokens, spaCy whitespace handling and sentence starts.

    ``doc.text == text`` for any input: a single space after a token is its
    ``whitespace_``; any other run of whitespace is a token of its own, as in spaCy.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = self.split(text)
        doc = Doc(
            self.vocab,
            words=words,
            spaces=spaces,
            sent_starts=self.sent_starts(text, words, spaces),
        )
        remember_text(doc, text, words)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    @staticmethod
    def split(text: str) -> tuple[list[str], list[bool]]:
        """Words and trailing-space flags whose concatenation is ``text``."""
        words: list[str] = []
        spaces: list[bool] = []

        def add_gap(gap: str) -> None:
            if not gap:
                return
            if not gap.isspace():  # razdel skipped something: keep it, as tokens
                pos = 0
                for match in NON_SPACE.finditer(gap):
                    add_gap(gap[pos : match.start()])
                    words.append(match.group())
                    spaces.append(False)
                    pos = match.end()
                add_gap(gap[pos:])
                return
            if words and not spaces[-1] and gap[0] == " ":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)

        pos = 0
        for start, stop in token_spans(text):
            add_gap(text[pos:start])
            words.append(text[start:stop])
            spaces.append(False)
            pos = stop
        add_gap(text[pos:])
        return words, spaces

    @staticmethod
    def sent_starts(text: str, words: list[str], spaces: list[bool]) -> list[bool]:
        """True on the first token, then on the first non-space token of each sentence.

        Whitespace stays with the sentence before it; leading whitespace opens the first.
        """
        chars = sorted(set(sent_start_chars(text)))
        starts = [False] * len(words)
        if not words:
            return starts
        starts[0] = True
        index, idx, seen_word = 0, 0, False
        for i, word in enumerate(words):
            if not word.isspace():
                new_sent = False
                while index < len(chars) and chars[index] <= idx:
                    new_sent, index = True, index + 1
                starts[i] = starts[i] or (new_sent and seen_word)
                seen_word = True
            idx += len(word) + spaces[i]
        return starts

    # Stateless: these exist so that nlp.to_disk() / spacy.load() round-trip.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> RazdelTokenizer:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "razdel.txt").write_text("razdel tokenizer: no state\n", encoding="utf8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RazdelTokenizer:
        return self


@spacy.registry.tokenizers("quotemine.razdel_tokenizer.v1")
def create_razdel_tokenizer() -> Callable[[Any], RazdelTokenizer]:
    """Config hook: ``[nlp.tokenizer] @tokenizers = "quotemine.razdel_tokenizer.v1"``."""

    def make(nlp: Any) -> RazdelTokenizer:
        return RazdelTokenizer(nlp.vocab)

    return make
