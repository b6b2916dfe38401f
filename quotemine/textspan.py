"""Moving between character offsets and tokens of a Doc, and the per-doc lookups the
stages share.

The quote finder works on characters (marks do not always fall on token
boundaries), attribution on tokens; these helpers connect the two in O(log n). The
text, token texts and offsets, sentences and entities are read once per doc and kept
in ``user_data`` while the quotemine component runs: spaCy rebuilds each on every
access, and the finders ask for them thousands of times.
"""

from __future__ import annotations

import itertools
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import cached_property, wraps
from typing import TypeVar

import numpy
from spacy.attrs import IDX, LEMMA, ORTH
from spacy.tokens import Doc, Span, Token

from .lexicon import normal

T = TypeVar("T")

DASHES = frozenset("—–-")
# The quotation marks the rules look for next to a token, opening and closing (strings,
# tested with ``token.text in OPENS``); quotes.marks pairs a few more on characters.
OPENS = "«\"„“"
CLOSES = "»\"”“"
MARKS = OPENS + "»"
SENTENCE_END = frozenset(".!?…")
# Per-doc caches in user_data while the quotemine component runs; it drops them when done.
TEXT_KEY = "quotemine.text"
SENTS_KEY = "quotemine.sent_starts"
ENTS_KEY = "quotemine.ents"
TEXTS_KEY = "quotemine.token_texts"
ARRAYS_KEY = "quotemine.arrays"
# Lemma ids already tested against a word list, per list (``tokens_with_lemma``).
_LEMMA_TESTS: dict[frozenset[str], dict[int, bool]] = {}
# Bound of each cache of ``tokens_where`` (distinct values tested), like the word caches.
MAX_TESTED = 100_000
# A tokenizer's text and words for the Docs it made (``remember_text``), until taken.
_HANDED_OVER: weakref.WeakKeyDictionary[Doc, tuple[str, list[str]]] = weakref.WeakKeyDictionary()


class Reach:
    """Character ranges, for the question "does one start before x and end after y?" in
    O(log n): sorted starts and the running maximum of the ends (a scan of every range
    for every quote made long documents quadratic)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def beyond(self, start_before: int, end_after: int) -> bool:
        i = bisect_left(self.starts, start_before) - 1
        return i >= 0 and self.reach[i] > end_after


def per_doc(doc: Doc, key: str, build: Callable[..., T], *args: object) -> T:
    """``build(*args)``, made once per doc: kept in ``user_data`` under ``key`` (a
    ``quotemine.`` key, which the component drops when done) with the doc's length,
    and made again if the doc has changed length since. The hot accessors pass a
    function and its arguments, not a new closure on every call."""
    cached = doc.user_data.get(key)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), build(*args))
        doc.user_data[key] = cached
    return cached[1]


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy rebuilds it from every token on each
    access, which made each quote cost the whole document (quadratic on long texts)."""
    return per_doc(doc, TEXT_KEY, _joined_text, doc)


def _joined_text(doc: Doc) -> str:
    return doc.text


def remember_text(doc: Doc, text: str, words: list[str]) -> None:
    """For a tokenizer that knows ``doc.text == text`` and the tokens' ``words``: kept
    beside the Doc, not in it, until the quotemine component takes them (``take_text``),
    so a Doc that never meets the component carries nothing extra."""
    _HANDED_OVER[doc] = (text, words)


def take_text(doc: Doc) -> None:
    """What the tokenizer handed over becomes the doc's ``doc_text`` and ``token_texts``:
    no join of the text, no lookup of every token's string."""
    handed = _HANDED_OVER.pop(doc, None)
    if handed is not None and len(handed[1]) == len(doc):
        text, words = handed
        doc.user_data[TEXT_KEY] = (len(doc), text)
        doc.user_data[TEXTS_KEY] = (len(doc), words)


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per doc: spaCy makes new Spans on every access, and
    people, organizations and the resolver each walk them."""
    return per_doc(doc, ENTS_KEY, lambda: doc.ents)


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, read once per doc: ``doc[i].text`` makes a Token
    object each time, and the finders test words by the thousand."""
    return per_doc(doc, TEXTS_KEY, doc_words, doc)


def doc_words(doc: Doc) -> list[str]:
    """The text of every token: the tokenizer's own list when it handed one over (see
    ``remember_text``), else read from the string ids in one pass; not cached."""
    handed = _HANDED_OVER.get(doc)
    if handed is not None and len(handed[1]) == len(doc):
        return handed[1]
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()]


class DocArrays:
    """The per-doc lists the rules index by token position, each read on first use.
    Functions that walk tokens take them all with one ``doc_arrays(doc)`` call, not one
    per-doc lookup per list, and index them instead of making a Token (``doc[i]``) and
    reading its text for every step. (Only lists that pay for themselves: a per-doc
    ``to_array`` of pos, heads or labels cost more than the few reads it saved.)"""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    @cached_property
    def tokens(self) -> list[Token]:
        """Every Token: ``doc[i]`` normalises the index in Python and makes a new Token
        on each call, and the rules ask for tens of thousands."""
        return list(self.doc)

    @cached_property
    def texts(self) -> list[str]:
        return token_texts(self.doc)

    @cached_property
    def starts(self) -> list[int]:
        """Start offsets of the tokens."""
        return self.doc.to_array(IDX).tolist()


def doc_arrays(doc: Doc) -> DocArrays:
    """The doc's ``DocArrays``, made once per doc."""
    return per_doc(doc, ARRAYS_KEY, DocArrays, doc)


def tokens_where(
    doc: Doc, attrs: tuple[int, ...], test: Callable[[Token], bool], tested: dict[object, bool]
) -> list[int]:
    """Indices of the tokens that pass ``test``, a test that depends only on the token
    attributes ``attrs`` (spaCy attribute ids): read in one ``to_array`` call and tested
    once per distinct value per process (``tested``, the caller's cache, bounded). A
    token's values are keyed by their id when there is one attribute, else by their
    bytes, one numpy row: no tuple per token. A doc whose values were all seen before
    is answered by C loops (``map``, ``compress``), no Python step per token."""
    if len(attrs) == 1:
        keys: list = doc.to_array(attrs[0]).tolist()
    else:
        values = numpy.ascontiguousarray(doc.to_array(list(attrs)), dtype=numpy.uint64)
        keys = values.view(numpy.dtype((numpy.void, 8 * len(attrs)))).ravel().tolist()
    if len(tested) > MAX_TESTED:
        tested.clear()
    try:
        return list(itertools.compress(itertools.count(), map(tested.__getitem__, keys)))
    except KeyError:  # values not seen before: tested on their first token
        for i, key in enumerate(keys):
            if key not in tested:
                tested[key] = test(doc[i])
        return [i for i, key in enumerate(keys) if tested[key]]


def by_word(test: Callable[[Token], bool]) -> Callable[[Token], bool]:
    """``test``, a test that depends only on the token's text, lemma and part of speech,
    answered once per such triple per process: the finders ask it thousands of times of
    a few hundred words, and each answer reads three strings and unions lemma sets. The
    key is the three ids, read without a string lookup."""
    answers: dict[tuple[int, int, int], bool] = {}

    @wraps(test)
    def cached(token: Token) -> bool:
        key = (token.orth, token.lemma, token.pos)
        answer = answers.get(key)
        if answer is None:
            if len(answers) >= MAX_TESTED:
                answers.clear()
            answer = answers[key] = test(token)
        return answer

    return cached


def tokens_with_lemma(doc: Doc, words: frozenset[str]) -> list[int]:
    """Indices of the tokens whose lemma, lower-cased with ё as е, is one of ``words``:
    walking ``Token`` objects to find the few ministries of a text cost more than
    finding its quotes."""
    return tokens_where(doc, (LEMMA,), lambda token: normal(token.lemma_) in words, _LEMMA_TESTS.setdefault(words, {}))


def sent_of(doc: Doc, i: int) -> Span:
    """``doc[i].sent`` in O(log n). spaCy finds a sentence's bounds by walking its tokens
    on every call: in a text of one endless sentence each quote cost the whole text."""
    return Span(doc, *sent_bounds(doc, i))


def sent_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Start and end of the sentence holding token ``i``, without building its Span."""
    starts = sent_starts(doc)
    k = max(bisect_right(starts, i) - 1, 0)
    return starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc)


def sent_starts(doc: Doc) -> list[int]:
    """The first token of every sentence, once per doc."""
    return per_doc(doc, SENTS_KEY, _sent_starts, doc)


def _sent_starts(doc: Doc) -> list[int]:
    return [sent.start for sent in doc.sents]


def first_word(texts: list[str], start: int, end: int) -> int | None:
    """The first token in ``[start, end)`` made of letters only (a plain loop: this runs
    for every sentence that may hold a cue)."""
    for i in range(start, end):
        if texts[i].isalpha():
            return i
    return None


def token_at(doc: Doc, char: int) -> int:
    """Index of the token holding ``char`` (or the last token starting before it)."""
    return max(bisect_right(doc_arrays(doc).starts, char) - 1, 0)


def token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The tokens that lie wholly inside ``[start, end)``, as indices ``(first, last)``."""
    arrays = doc_arrays(doc)
    starts, texts = arrays.starts, arrays.texts
    first = bisect_right(starts, start - 1)
    last = bisect_right(starts, end - 1)
    while last > first and starts[last - 1] + len(texts[last - 1]) > end:
        last -= 1
    return first, max(first, last)


def is_word(token: Token) -> bool:
    """Letters, or letters joined by hyphens (``Волга-Авиа``, ``Ракета-носитель``), which
    ``token.is_alpha`` turns away."""
    return token.is_alpha or all(part.isalpha() for part in token.text.split("-"))


def prev_char(text: str, at: int, stop: int = 0) -> tuple[str, int]:
    """The last non-space character before ``at`` (not before ``stop``), and its index."""
    i = at - 1
    while i >= stop and text[i].isspace() and text[i] != "\n":
        i -= 1
    return (text[i], i) if i >= stop else ("", -1)


def next_char(text: str, at: int) -> tuple[str, int]:
    """The first non-space character at or after ``at`` on the same line, and its index."""
    i = at
    while i < len(text) and text[i].isspace() and text[i] != "\n":
        i += 1
    return (text[i], i) if i < len(text) else ("", len(text))
