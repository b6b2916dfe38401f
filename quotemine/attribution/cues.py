"""Recognising speech cues on tokens: verbs, citing verbs, utterance nouns, cue phrases.

A cue is matched on the token's lemma and, because base pipelines lemmatise
differently (natasha + pymorphy3, ru_core_news_*), on pymorphy3's normal forms
of the word too: ``завил`` (a typo the parser calls a noun) still counts when
one of its readings is a listed verb.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache, lru_cache

import regex
from spacy.attrs import LEMMA, ORTH, POS
from spacy.tokens import Doc, Token

from ..annotation.features import feature
from ..annotation.lemmas import parses, pos_of
from ..lexicon import anaphoric_openers_by_first_word, cue_phrases_by_first_word, lexicon, normal
from ..textspan import CLOSES, DASHES, by_word, doc_arrays, doc_text, first_word, sent_of, token_at, tokens_where


@lru_cache(maxsize=50_000)
def _verb_lemmas(word: str) -> frozenset[str]:
    return frozenset(
        normal(parse.normal_form)
        for parse in parses(word)
        if pos_of(parse.tag) in {"VERB", "INFN", "GRND", "PRTF", "PRTS"}
    )


def _has_lemma_in(token: Token, words: frozenset[str]) -> bool:
    """The token's lemma, or the lemma of one of its verb readings, is one of ``words``."""
    return normal(token.lemma_) in words or not _verb_lemmas(token.lower_).isdisjoint(words)


@by_word
def is_speech_verb(token: Token) -> bool:
    if not token.is_alpha or token.pos_ in {"PROPN", "ADP", "CCONJ", "SCONJ", "PUNCT"}:
        return False
    if normal(token.lemma_) in lexicon().not_speech_verbs:
        return False
    return _has_lemma_in(token, lexicon().speech_verbs)


def is_credit_verb(token: Token) -> bool:
    """``пишет``, ``сообщает``, ``передает``: an agency credit when an outlet is the subject."""
    return _credit_word(token) and "Perf" not in feature(token, "Aspect")


@by_word
def _credit_word(token: Token) -> bool:
    """The word part of ``is_credit_verb``; the aspect is read per token."""
    return _has_lemma_in(token, lexicon().credit_verbs)


def is_impersonal(token: Token) -> bool:
    """``говорится``, ``сказано``: a cue whose speaker is a statement's owner, never its subject."""
    if "Pass" in feature(token, "Voice") and token.pos_ in ("VERB", "AUX", "ADJ"):
        return _speech_lemma(token)
    return _impersonal_word(token)


@by_word
def _speech_lemma(token: Token) -> bool:
    """One of the token's lemmas is a speech verb (a passive's test in ``is_impersonal``)."""
    return _has_lemma_in(token, lexicon().speech_verbs)


@by_word
def _impersonal_word(token: Token) -> bool:
    """The lemma is a listed impersonal cue (``говорится``)."""
    return normal(token.lemma_) in lexicon().impersonal_verbs


@by_word
def is_citing_verb(token: Token) -> bool:
    """``цитирует Лаврова ТАСС``: the object is the speaker, the subject the medium."""
    return token.is_alpha and _has_lemma_in(token, lexicon().citing_verbs)


@lru_cache(maxsize=50_000)
def _noun_lemmas(word: str) -> frozenset[str]:
    # «Telegram-канале»: the part after the hyphen carries the noun
    tail = word.rsplit("-", 1)[-1]
    forms = {normal(p.normal_form) for p in parses(tail) if pos_of(p.tag) == "NOUN"}
    return frozenset(forms | {normal(word), normal(tail)})


@by_word
def is_speech_noun(token: Token) -> bool:
    """``заявление``, ``сообщение``, ``Telegram-канал``: a noun that stands for words said."""
    if not token.is_alpha and "-" not in token.text:
        return False
    forms = _noun_lemmas(token.lower_) | {normal(token.lemma_)}
    return not forms.isdisjoint(lexicon().speech_nouns)


# «..., — сказал он.» / «...» — добавил он: a sentence attributing a quote of its own.
ATTRIBUTION = regex.compile(r"[,!?…»\"“”]\s*[—–-]\s")


def announcing_verb(doc: Doc, paragraph_start: int) -> Token | None:
    """The speech verb of a paragraph that announces the next one's words:
    ``Тренер рассказал корреспонденту о своих впечатлениях.`` / ``Он заявил:``.
    A paragraph that carries speech of its own (marks, an opening dash) announces nothing."""
    if paragraph_start < 2:
        return None
    text = doc_text(doc)
    previous = text[text.rfind("\n", 0, paragraph_start - 1) + 1 : paragraph_start - 1]
    sent = sent_of(doc, token_at(doc, paragraph_start - 2))
    if previous.lstrip()[:1] in DASHES or ATTRIBUTION.search(sent.text):
        return None
    if sent.text.rstrip(" .\n")[-1:] in CLOSES:
        return None
    return next((t for t in reversed(list(sent)) if is_speech_verb(t)), None)


def reports_previous(words: Sequence[str]) -> bool:
    """``Об этом заявил X`` / ``Так X прокомментировал``: the sentence whose first words
    these are reports the sentence before it as someone's words."""
    opening = [normal(word) for word in words]
    return any(tuple(opening[: len(opener)]) == opener for opener in lexicon().anaphoric_openers)


def is_channel(token: Token) -> bool:
    """``Telegram-канал``, ``сайт``: where words are posted (``channel_nouns.txt``; the last
    part of a hyphenated word counts)."""
    return normal(token.lemma_).rsplit("-", 1)[-1] in lexicon().channel_nouns


def opens_with_report(texts: list[str], start: int, end: int) -> bool:
    """The sentence of tokens ``[start, end)`` (``texts``: the doc's token texts) opens with
    words that point back (``Об этом``, ``Так X заявил``); not ``Так,`` meaning "for
    example", which opens a new point of its own."""
    first = first_word(texts, start, end)
    if first is None or normal(texts[first]) not in anaphoric_openers_by_first_word():
        return False  # most sentences: one word looked at
    words = [first, *itertools.islice((i for i in range(first + 1, end) if texts[i].isalpha()), 2)]
    if len(words) < 3 or not reports_previous([texts[i] for i in words]):
        return False
    return not (words[0] + 1 < len(texts) and texts[words[0] + 1] == ",")


def cue_phrase_at(doc: Doc, i: int) -> int:
    """Length in tokens of the longest cue phrase starting at token ``i`` (0 when none)."""
    texts = doc_arrays(doc).texts
    phrases = cue_phrases_by_first_word().get(normal(texts[i]), ())
    if not phrases:
        return 0
    tokens = doc_arrays(doc).tokens
    forms: list[tuple[str, str]] = []  # the k-th word's text and lemma, made on first use
    for phrase in phrases:
        if i + len(phrase) > len(tokens):
            continue
        for k, word in enumerate(phrase):
            if k == len(forms):
                forms.append((normal(texts[i + k]), normal(tokens[i + k].lemma_)))
            if word not in forms[k]:
                break
        else:
            return len(phrase)
    return 0


# (orth, lemma, pos) ids -> may the token carry a cue; see ``cue_tokens``.
_MAY_CUE: dict[bytes, bool] = {}


def cue_tokens(doc: Doc) -> list[int]:
    """Indices of the tokens that may carry a speech cue: a speech verb or noun, or the
    longest word of a cue phrase. A sentence with none of them reports no speech, and
    the finders skip it (most sentences of an article). The test depends only on the
    token's text, lemma and part of speech, so it is made once per such triple."""
    return tokens_where(doc, (ORTH, LEMMA, POS), _may_cue, _MAY_CUE)


def _may_cue(token: Token) -> bool:
    words = _cue_phrase_keywords()
    return (
        normal(token.text) in words
        or normal(token.lemma_) in words
        or is_speech_verb(token)
        or is_speech_noun(token)
    )


@cache
def _cue_phrase_keywords() -> frozenset[str]:
    """The longest word of each cue phrase: no phrase matches without it."""
    return frozenset(max(phrase, key=len) for phrase in lexicon().cue_phrases)

