"""The word lists behind the rules, read once from ``quotemine/data``.

Editing a list is the way to teach quotemine a new speech verb or name trigger;
see docs/lexicon.md. Lines starting with ``#`` are comments.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import attrs


def _lines(name: str) -> list[str]:
    text = resources.files("quotemine").joinpath("data", name).read_text(encoding="utf-8")
    rows = (line.strip() for line in text.splitlines())
    return [row for row in rows if row and not row.startswith("#")]


def _words(name: str) -> frozenset[str]:
    return frozenset(row.lower().replace("ё", "е") for row in _lines(name))


def _phrases(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normal(row).split()) for row in _lines(name))


@attrs.frozen
class Lexicon:
    speech_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    impersonal_verbs: frozenset[str]
    not_speech_verbs: frozenset[str]
    credit_verbs: frozenset[str]
    credit_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    anaphoric_openers: tuple[tuple[str, ...], ...]
    name_triggers: frozenset[str]
    scare_markers: tuple[tuple[str, ...], ...]
    pronouns: dict[str, tuple[str, str]]
    # (case, gender) -> [(ending, nominative ending)], longest ending first
    surname_endings: dict[tuple[str, str], list[tuple[str, str]]]
    org_nouns: frozenset[str]
    source_nouns: frozenset[str]
    occasion_nouns: frozenset[str]
    channel_nouns: frozenset[str]
    country_qualifiers: frozenset[str]
    acronym_skip: frozenset[str]

    def is_speech_verb(self, lemma: str) -> bool:
        return normal(lemma) in self.speech_verbs


def normal(word: str) -> str:
    """Lower case with ё folded to е: how every list is keyed."""
    return word.lower().replace("ё", "е")


@cache
def lexicon() -> Lexicon:
    pronouns = {}
    for row in _lines("pronouns.txt"):
        lemma, gender, number = row.split("\t")
        pronouns[lemma] = (gender, number)
    endings: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in _lines("surname_endings.tsv"):
        case, gender, ending, nominative = row.split("\t")
        endings.setdefault((case, gender), []).append((ending, nominative))
    for rows in endings.values():
        rows.sort(key=lambda pair: -len(pair[0]))
    return Lexicon(
        speech_verbs=_words("speech_verbs.txt"),
        citing_verbs=_words("citing_verbs.txt"),
        impersonal_verbs=_words("impersonal_verbs.txt"),
        not_speech_verbs=_words("not_speech_verbs.txt"),
        credit_verbs=_words("credit_verbs.txt"),
        credit_nouns=_words("credit_nouns.txt"),
        speech_nouns=_words("speech_nouns.txt"),
        cue_phrases=_phrases("cue_phrases.txt"),
        anaphoric_openers=_phrases("anaphoric_openers.txt"),
        name_triggers=_words("name_triggers.txt"),
        scare_markers=_phrases("scare_markers.txt"),
        pronouns=pronouns,
        surname_endings=endings,
        org_nouns=_words("org_nouns.txt"),
        source_nouns=_words("source_nouns.txt"),
        occasion_nouns=_words("occasion_nouns.txt"),
        channel_nouns=_words("channel_nouns.txt"),
        country_qualifiers=_words("country_qualifiers.txt"),
        acronym_skip=_words("acronym_skip.txt"),
    )


def _by_word(phrases: tuple[tuple[str, ...], ...], at: int) -> dict[str, list[tuple[str, ...]]]:
    """The phrases grouped by their word at position ``at``, in file order."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[at], []).append(phrase)
    return index


@cache
def cue_phrases_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The cue phrases keyed by their first word, longest first: one dict lookup per token."""
    return {
        word: tuple(sorted(group, key=len, reverse=True))
        for word, group in _by_word(lexicon().cue_phrases, 0).items()
    }


@cache
def scare_markers_by_last_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The scare markers keyed by their last word: one lookup rules most quoted spans out."""
    return {word: tuple(group) for word, group in _by_word(lexicon().scare_markers, -1).items()}


@cache
def anaphoric_openers_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The anaphoric openers keyed by their first word: a sentence starting with any
    other word opens none (most sentences, ruled out by one lookup)."""
    return {word: tuple(group) for word, group in _by_word(lexicon().anaphoric_openers, 0).items()}
