"""The organizations of one document, so that ``МО``, ``Минобороны`` and ``министерство
обороны России`` are one speaker, named as fully as the document names it anywhere.

Two names are one organization when, after dropping a country qualifier (``России``,
``РФ``), they are equal, one is the other's acronym (``МЧС`` = ``Министерство по
чрезвычайным ситуациям``), or one is the other's ``Мин-`` contraction
(``Минобороны`` = ``министерство обороны``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex
from spacy.tokens import Doc, Token

from ..annotation.features import feature
from ..lexicon import lexicon, normal
from ..textspan import DASHES, doc_arrays, doc_ents, doc_text, token_texts, tokens_with_lemma
from .names import organization_name

# Longest dateline before the agency's name: «НИЖНИЙ НОВГОРОД, 12 сентября 2024 года —».
DATELINE_CHARS = 60
CONTRACTION = regex.compile(r"^мин(\p{L}{3,})$")
WORD = regex.compile(r"[\p{L}\d-]+")


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


def same_organization(a: str, b: str) -> bool:
    """Equal after the country qualifier, or one the other's acronym or contraction."""
    return not _keys(a)[0].isdisjoint(_keys(b)[1])


@lru_cache(maxsize=50_000)
def _keys(name: str) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """What the name is, and what it matches: two names are one organization when one's
    keys meet the other's. Its words without the country qualifier; a short name's
    acronym or ``Мин-`` stem, which matches a full name's initials or ministry word. Keys
    let ``Organizations`` look clusters up instead of comparing every pair of names."""
    core = _core(_words(name))
    if not core:
        return frozenset(), frozenset()
    own, matches = {("core", *core)}, {("core", *core)}
    if len(core) == 1:
        contraction = CONTRACTION.match(core[0])
        if _is_acronym(WORD.findall(name)[0]):
            own.add(("short acronym", core[0]))
            matches.add(("initials", core[0]))
        elif contraction:
            own.add(("short ministry", contraction.group(1)[:4]))
            matches.add(("ministry", contraction.group(1)[:4]))
    else:
        skip = lexicon().acronym_skip
        initials = "".join(word[0] for word in core if word not in skip)
        own.add(("initials", initials))
        matches.add(("short acronym", initials))
        if core[0].startswith("министерств"):
            own.add(("ministry", core[1][:4]))
            matches.add(("short ministry", core[1][:4]))
    return frozenset(own), frozenset(matches)


@lru_cache(maxsize=50_000)
def _fullness(name: str) -> tuple[int, int]:
    """More words first, a contraction counting as two; an acronym loses ties. Cached:
    ``canonical`` weighs every name of a cluster for every quote of the body."""
    words = WORD.findall(name)
    concepts = sum(2 if CONTRACTION.match(normal(w)) else 1 for w in words)
    return concepts, 0 if words and _is_acronym(words[0]) else 1


def is_dateline_credit(ent) -> bool:
    """``МОСКВА, 12 марта. /ТАСС/.``, ``БЕРЛИН, 3 октября — РИА Новости.``: the agency
    credited in a dateline speaks for nobody."""
    doc = ent.doc
    words, text = token_texts(doc), doc_text(doc)
    before = words[ent.start - 1] if ent.start > 0 else ""
    after = words[ent.end] if ent.end < len(doc) else ""
    if "/" in before or "/" in after or "/" in text[ent.start_char : ent.end_char]:
        return True
    if before not in DASHES or after != ".":
        return False
    line = text[text.rfind("\n", 0, ent.start_char) + 1 : ent.start_char]
    place = line.split(",", 1)[0]
    return "," in line and len(line) < DATELINE_CHARS and place.isupper()  # «БЕРЛИН, 3 октября —»


def _genitive_run(tokens: list[Token], start: int, takes: Callable[[Token], bool]) -> int:
    """The end of the run of genitive tokens from ``start`` that ``takes`` takes."""
    end = start
    while end < len(tokens) and takes(tokens[end]) and "Gen" in feature(tokens[end], "Case"):
        end += 1
    return end


class Organizations:
    """Clusters of the document's organization names, each with its fullest form."""

    def __init__(self, doc: Doc) -> None:
        self.clusters: list[list[str]] = []
        self._by_key: dict[tuple[str, ...], int] = {}  # key -> the first cluster with a name having it
        tokens = doc_arrays(doc).tokens
        for ent in doc_ents(doc):
            if ent.label_ == "ORG" and not is_dateline_credit(ent):
                # «министерстве обороны | России»: NER leaves the country as a LOC of its own
                end = _genitive_run(tokens, ent.end, lambda token: token.ent_type_ in ("LOC", "ORG"))
                self.add(organization_name(tokens[ent.start : end], ent.root))
        for i in tokens_with_lemma(doc, lexicon().org_nouns):
            # «в министерстве обороны России»: NER often misses a ministry named in full
            tail = _genitive_run(tokens, i + 1, lambda token: token.pos_ in ("NOUN", "PROPN", "ADJ"))
            if tail > i + 1:
                self.add(organization_name(tokens[i:tail], tokens[i]))

    def add(self, name: str) -> None:
        found = self._cluster_of(name)
        if found is None:
            found = len(self.clusters)
            self.clusters.append([])
        cluster = self.clusters[found]
        if name not in cluster:
            cluster.append(name)
            for key in _keys(name)[0]:
                self._by_key[key] = min(self._by_key.get(key, found), found)

    def canonical(self, name: str) -> str:
        """The fullest name the document gives the organization ``name`` is one of."""
        found = self._cluster_of(name)
        if found is None:
            return name
        return max(self.clusters[found] + [name], key=_fullness)

    def _cluster_of(self, name: str) -> int | None:
        """The first cluster holding a name that is one organization with ``name``."""
        found = None
        for key in _keys(name)[1]:  # a plain loop: two or three keys, asked for every name
            index = self._by_key.get(key)
            if index is not None and (found is None or index < found):
                found = index
        return found
