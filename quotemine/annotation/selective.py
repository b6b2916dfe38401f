"""Which sentences the natasha models need to see for quote finding and attribution.

The neural annotation is nearly all of quotemine's cost, and in a news article most
sentences hold no quote and no speech: nothing in them is ever read, or only their
names are. ``select`` keeps the sentences where quotemine looks for quotes and
speakers, judged from the word forms alone (no model):

- a quotation mark of any kind (``«»„“”"``);
- a dash opening the sentence (dialogue and interview paragraphs: ``— Трудно сказать``);
- a speech cue: a word one of whose pymorphy3 normal forms is in the lexicon's speech,
  citing, credit or impersonal verbs or speech nouns (``заявил``, ``заявлении``,
  ``говорится``), or a cue phrase (``по словам``, ``по последним данным``).

and the context attribution reads around them: the sentence before and after each one
(``Об этом заявил X`` names the speaker of the sentence before; a speaker is often
introduced just before his words), every sentence that may name a person (a
capitalised word read as a first name, surname or patronymic, or unknown to the
dictionary: speakers are introduced there, and the canonical name, a pronoun's
antecedent or a role like ``министр`` is resolved from there), and the first sentence
of the document (the headline or lead).

The tests are deliberately broader than the finder's: a word counts as a cue with any
of its readings, not only the one the tagger would pick, so a sentence quotemine could
take a quote from is never left out. Un-selected sentences get no tags at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from ..lexicon import cue_phrases_by_first_word, lexicon, normal
from ..quotes.marks import MARKS
from .lemmas import CYRILLIC, NAME_GRAMMEMES, morph_analyzer, parses

# Sentences around each cue sentence that are annotated too (before, after).
CONTEXT = (1, 1)
# Words a cue phrase may hold after its first word: «по последним официальным данным».
PHRASE_GAP = 3
# Every quotation mark the finder pairs (``quotes.marks.MARKS``), and a few more.
QUOTE_MARKS = frozenset(MARKS) | frozenset("‟❝❞〝〞＂")
DASHES = frozenset("—–-―‒")
WORD_CACHE = 100_000  # words whose cue and name tests are remembered


@cache
def cue_lemmas() -> frozenset[str]:
    words = lexicon()
    return (
        words.speech_verbs
        | words.citing_verbs
        | words.credit_verbs
        | words.impersonal_verbs
        | words.speech_nouns
    )


@cache
def cue_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The rest of each cue phrase of two or more words, by its first word."""
    return {
        first: tuple(phrase[1:] for phrase in phrases if len(phrase) > 1)
        for first, phrases in cue_phrases_by_first_word().items()
    }


@lru_cache(maxsize=20_000)
def word_forms(word: str) -> frozenset[str]:
    """The word lower-cased (ё as е) and every pymorphy3 normal form of it and of the part
    after its last hyphen (``Telegram-канале`` → ``канал``)."""
    lower = normal(word)
    forms = {lower}
    tail = lower.rsplit("-", 1)[-1]
    forms.add(tail)
    for part in {lower, tail}:
        if CYRILLIC.search(part):
            forms.update(normal(parse.normal_form) for parse in parses(part))
    return frozenset(forms)


def is_cue_word(word: str) -> bool:
    return not word_forms(word).isdisjoint(cue_lemmas())


def has_cue_phrase(words: Sequence[str], start: int) -> bool:
    """A multi-word cue phrase starts at ``words[start]``, maybe with a few words inside
    (``по последним данным``, ``по словам самого министра``)."""
    rests = cue_phrases().get(normal(words[start]))
    if not rests:
        return False
    for rest in rests:
        for gap in range(PHRASE_GAP + 1):
            at = start + 1 + gap
            if at + len(rest) <= len(words) and all(
                word in word_forms(words[at + k]) for k, word in enumerate(rest)
            ):
                return True
    return False


def is_name_word(word: str) -> bool:
    """A capitalised Russian word that may be a person's name: one of its readings is a
    first name, surname or patronymic, or the dictionary does not know it (``Ринкевич``)."""
    if not (word[:1].isupper() and CYRILLIC.match(word)) or (word.isupper() and len(word) > 1):
        return False
    lower = word.lower()
    if any(not NAME_GRAMMEMES.isdisjoint(parse.tag.grammemes) for parse in parses(lower)):
        return True
    return not morph_analyzer().word_is_known(lower)


# What one word can tell, as bits: the tests below look each word up once.
MARK, CUE, PHRASE, NAME = 1, 2, 4, 8


@lru_cache(maxsize=WORD_CACHE)
def word_flags(word: str) -> int:
    flags = 0
    if not QUOTE_MARKS.isdisjoint(word):
        flags |= MARK
    if word[:1].isalpha():
        if is_cue_word(word):
            flags |= CUE
        if normal(word) in cue_phrases():
            flags |= PHRASE
        if is_name_word(word):
            flags |= NAME
    return flags


def names_person(words: Sequence[str]) -> bool:
    """Whether a sentence may name a person: where speakers are introduced."""
    return any(word_flags(word) & NAME for word in words)


def is_cue_sentence(words: Sequence[str]) -> bool:
    """Whether the words of one sentence (no whitespace tokens) may hold speech."""
    if not words:
        return False
    if words[0] in DASHES:
        return True
    for i, word in enumerate(words):
        flags = word_flags(word)
        if flags & (MARK | CUE) or (flags & PHRASE and has_cue_phrase(words, i)):
            return True
    return False


def select(sentences: Sequence[Sequence[str]]) -> list[bool]:
    """Which sentences to annotate, given the words of each sentence of one document."""
    size = len(sentences)
    chosen = [False] * size
    before, after = CONTEXT
    for index, words in enumerate(sentences):
        if is_cue_sentence(words):
            for k in range(max(0, index - before), min(size, index + after + 1)):
                chosen[k] = True
    if size:
        chosen[0] = True  # the headline or lead: who the article is about
    for index, words in enumerate(sentences):  # speakers are introduced where people are named
        chosen[index] = chosen[index] or names_person(words)
    return chosen
