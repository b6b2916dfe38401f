"""Lemmas from pymorphy3, choosing the dictionary parse that agrees with the tagger.

pymorphy3 alone cannot tell ``Песков`` (a surname) from ``песков`` (genitive of
``песок``); the slovnet tagger's UD pos and feats can. This is the idea of
natasha/morph/lemma.py ``best_form``, with the OpenCorpora -> UD tables of
natasha/morph/vocab.py (https://github.com/kmike/russian-tagsets), for pymorphy3.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse
from pymorphy3.tagset import OpencorporaTag

CACHE_SIZE = 100_000
# pymorphy3's parses are the heaviest entries (about 2.4 KB a word, 7 parses for an
# unknown one); every caller caches what it derives from them, so a small cache will do.
PARSES_CACHE_SIZE = 20_000

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# pymorphy3's grammemes of a person's name: first name, surname, patronymic.
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})

OC_UD_POS = {
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "ADVB": "ADV",
    "COMP": "ADV",
    "PRED": "ADV",
    "VERB": "VERB",
    "GRND": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "NOUN": "NOUN",
    "NPRO": "PRON",
    "NUMR": "NUM",
    "CONJ": "CCONJ",
    "INTJ": "INTJ",
    "PRCL": "PART",
    "PREP": "ADP",
}

# OpenCorpora grammeme -> UD features it implies.
OC_UD_FEATS = {
    oc: tuple(tuple(item.split("=")) for item in ud.split())
    for oc, ud in (
        line.split(None, 1)
        for line in """
            anim Animacy=Anim
            inan Animacy=Inan
            impf Aspect=Imp
            perf Aspect=Perf
            nomn Case=Nom
            voct Case=Nom
            gent Case=Gen
            gen1 Case=Gen
            gen2 Case=Gen
            datv Case=Dat
            accs Case=Acc
            ablt Case=Ins
            loct Case=Loc
            loc2 Case=Loc
            COMP Degree=Cmp
            Supr Degree=Sup
            masc Gender=Masc
            femn Gender=Fem
            neut Gender=Neut
            impr Mood=Imp
            indc Mood=Ind
            sing Number=Sing
            plur Number=Plur
            1per Person=1
            incl Person=1
            2per Person=2
            excl Person=2
            3per Person=3
            pres Tense=Pres
            past Tense=Past
            futr Tense=Fut
            ADJS Variant=Brev
            PRTS Variant=Brev VerbForm=Part
            PRTF VerbForm=Part
            GRND VerbForm=Conv
            INFN VerbForm=Inf
            VERB VerbForm=Fin
            actv Voice=Act
            pssv Voice=Pass
        """.strip().splitlines()
    )
}

# Tagger and dictionary disagree on these distinctions; they do not decide a lemma.
SIMILAR_POS = {"PROPN": "NOUN", "AUX": "VERB", "SCONJ": "CCONJ", "DET": "ADJ"}
# Features that decide between parses (Animacy, Voice, ... do not).
KEY_FEATS = {
    "Case",
    "Gender",
    "Number",
    "Aspect",
    "NumForm",
    "Person",
    "Tense",
    "Variant",
    "VerbForm",
}
NAME_GRAMS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


@cache
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """One analyzer per process: loading the dictionaries takes a noticeable moment."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(PARSES_CACHE_SIZE)
def parses(word: str) -> tuple[Parse, ...]:
    """pymorphy3's parses of ``word``, best first (cached); none for a word it cannot read."""
    try:
        return tuple(morph_analyzer().parse(word))
    except ValueError:  # pymorphy3 asks unicodedata for each letter's name; U+17000 has none
        return ()


@cache
def pos_of(tag: OpencorporaTag) -> str:
    """``tag.POS`` as a plain string, ``""`` for none, worked out once per tag (a few
    hundred serve every word): pymorphy3 intersects the tag's grammemes on every access
    and returns a string whose every comparison runs a check in Python."""
    pos = tag.POS
    return "" if pos is None else str(pos)


Feats = frozenset[tuple[str, str]]  # UD features as (name, value) pairs


@cache
def _ud_tag(tag: OpencorporaTag) -> tuple[str, Feats, bool, Feats]:
    """UD pos, feats and "is a name" of an OpenCorpora tag, and those of its feats that
    decide between parses (``KEY_FEATS``), converted once per tag."""
    grams = tag.grammemes
    pos = OC_UD_POS.get(pos_of(tag), "X")
    if pos == "ADJ" and "Apro" in grams:
        pos = "DET"
    feats = frozenset({key: value for gram in grams for key, value in OC_UD_FEATS.get(gram, ())}.items())
    return pos, feats, not grams.isdisjoint(NAME_GRAMS), _key_feats(feats)


def _key_feats(feats: Feats) -> Feats:
    return frozenset(item for item in feats if item[0] in KEY_FEATS)


def best_lemma(word: str, pos: str, feats: Feats) -> str | None:
    """The lemma of the parse closest to (pos, feats): an exact match wins, else the top
    score, a point each for a like pos, a name read as a proper noun, and each key
    feature (``KEY_FEATS``) the parse shares with the tagger."""
    best, top = None, 0
    similar_pos = SIMILAR_POS.get(pos, pos)
    key_feats = None
    for parse in parses(word):
        form_pos, form_feats, is_name, form_key_feats = _ud_tag(parse.tag)
        if form_pos == pos and form_feats == feats:
            return parse.normal_form
        if key_feats is None:
            key_feats = _key_feats(feats)
        score = (
            (SIMILAR_POS.get(form_pos, form_pos) == similar_pos)
            + (is_name and pos == "PROPN")
            + len(form_key_feats & key_feats)
        )
        if score > top:
            best, top = parse.normal_form, score
    return best


@lru_cache(CACHE_SIZE)
def cached_lemma(word: str, pos: str, feats: Feats) -> str:
    if not CYRILLIC.search(word):
        return word
    return best_lemma(word, pos, feats) or word


def lemmatize(word: str, pos: str, feats: Mapping[str, str]) -> str:
    """Lower-case lemma of ``word`` read as UD ``pos`` + ``feats``; ``ё`` as the dictionary has it.

    Punctuation, numbers and Latin words come back lower-cased, unchanged otherwise.
    """
    return cached_lemma(word.lower(), pos, frozenset(feats.items()))
