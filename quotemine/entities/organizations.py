"""The organizations of one document, so that ``МО``, ``Минобороны`` and ``министерство
обороны России`` are one speaker, named as fully as the document names it anywhere.

Two names are one organization when, after dropping a country qualifier (``России``,
``РФ``), they are equal, one is the other's acronym (``МЧС`` = ``Министерство по
чрезвычайным ситуациям``), or one is the other's ``Мин-`` contraction
(``Минобороны`` = ``министерство обороны``).
"""

from __future__ import annotations

from functools import lru_cache

import regex
from spacy.tokens import Doc

from ..annotation.features import feature
from ..lexicon import lexicon, normal
from ..textspan import doc_ents, tokens_with_lemma
from .names import nominative_phrase

CONTRACTION = regex.compile(r"^мин(\p{L}{3,})$")
WORD = regex.compile(r"[\p{L}\d-]+")
# Small words an acronym skips: «Министерство по чрезвычайным ситуациям» → МЧС.
ACRONYM_SKIP = frozenset({"по", "и", "в", "на", "для", "of", "and", "the"})


def _words(name: str) -> list[str]:
    return [normal(word) for word in WORD.findall(name)]


def _core(words: list[str]) -> list[str]:
    qualifiers = lexicon().country_qualifiers
    core = list(words)
    while len(core) > 1 and core[-1] in qualifiers:
        core.pop()
    return core


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isalpha() and word.upper() == word


@lru_cache(maxsize=50_000)
def same_organization(a: str, b: str) -> bool:
    a_core, b_core = _core(_words(a)), _core(_words(b))
    if not a_core or not b_core:
        return False
    if a_core == b_core:
        return True
    return _abbreviates(a, a_core, b_core) or _abbreviates(b, b_core, a_core)


def _abbreviates(name: str, short: list[str], full: list[str]) -> bool:
    if len(short) != 1 or len(full) < 2:
        return False
    original = WORD.findall(name)[0]
    if _is_acronym(original):
        initials = "".join(word[0] for word in full if word not in ACRONYM_SKIP)
        return initials == short[0]
    match = CONTRACTION.match(short[0])
    if match and full[0].startswith("министерств"):
        return full[1][:4] == match.group(1)[:4]
    return False


def _fullness(name: str) -> tuple[int, int]:
    """More words first, a contraction counting as two; an acronym loses ties."""
    words = WORD.findall(name)
    concepts = sum(2 if CONTRACTION.match(normal(w)) else 1 for w in words)
    return concepts, 0 if words and _is_acronym(words[0]) else 1


def is_dateline_credit(ent) -> bool:
    """``МОСКВА, 12 марта. /ТАСС/.``: the agency credited in a dateline speaks for nobody."""
    doc = ent.doc
    before = doc[ent.start - 1].text if ent.start > 0 else ""
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return "/" in before or "/" in after or "/" in ent.text


class Organizations:
    """Clusters of the document's organization names, each with its fullest form."""

    def __init__(self, doc: Doc) -> None:
        self.clusters: list[list[str]] = []
        for ent in doc_ents(doc):
            if ent.label_ == "ORG" and not is_dateline_credit(ent):
                end = ent.end
                # «министерстве обороны | России»: NER leaves the country as a LOC of its own
                while end < len(doc) and doc[end].ent_type_ in ("LOC", "ORG") and "Gen" in feature(doc[end], "Case"):
                    end += 1
                self.add(nominative_phrase(list(doc[ent.start : end]), ent.root))
        for i in tokens_with_lemma(doc, lexicon().org_nouns):
            # «в министерстве обороны России»: NER often misses a ministry named in full
            tail = i + 1
            while tail < len(doc) and doc[tail].pos_ in ("NOUN", "PROPN", "ADJ") and "Gen" in feature(doc[tail], "Case"):
                tail += 1
            if tail > i + 1:
                self.add(nominative_phrase(list(doc[i:tail]), doc[i]))

    def add(self, name: str) -> None:
        for cluster in self.clusters:
            if any(same_organization(name, known) for known in cluster):
                if name not in cluster:
                    cluster.append(name)
                return
        self.clusters.append([name])

    def canonical(self, name: str) -> str:
        """The fullest name the document gives the organization ``name`` is one of."""
        for cluster in self.clusters:
            if any(same_organization(name, known) for known in cluster):
                return max(cluster + [name], key=_fullness)
        return name
