"""From a speaker mention to a canonical speaker: person, organization, description or pronoun."""

from __future__ import annotations

import attrs
from spacy.tokens import Doc, Span, Token

from ..attribution.phrases import case_of, is_pronoun
from ..lexicon import lexicon, normal
from ..quote import Speaker
from .names import nominative_phrase
from .people import People

# How sure each way of naming the speaker is; multiplied into the quote's confidence.
CERTAINTY = {"PER": 1.0, "ORG": 0.9, "PRON": 0.85, "DESC-role": 0.85, "DESC-recent": 0.7, "DESC": 0.75}


@attrs.define
class Said:
    """A speaker already attributed in this document, for pronouns and descriptions later on."""

    at: int
    speaker: Speaker
    gender: str


class Resolver:
    """Resolves mentions of one document, remembering who has spoken so far."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.people = People(doc)
        self.history: list[Said] = []

    def remember(self, at: int, speaker: Speaker) -> None:
        person = self.people.find(speaker.name) if speaker.type != "ORG" else None
        self.history.append(Said(at, speaker, person.gender if person else ""))

    def last_speaker(self, before: int) -> Speaker | None:
        for said in reversed(self.history):
            if said.at < before:
                return said.speaker
        return None

    def speaker(self, mention: Span) -> tuple[Speaker | None, float]:
        head = _head(mention)
        start, end = mention.start_char, mention.end_char
        text = mention.text

        def make(name: str, kind: str) -> Speaker:
            return Speaker(name=name, mention=text, start=start, end=end, type=kind)

        person = self.people.at(start, end)
        if person is not None and head.pos_ == "PROPN" or person is not None and head.ent_type_ == "PER":
            return make(person.name, "PER"), CERTAINTY["PER"]
        if is_pronoun(head):
            return self._pronoun(head, make)
        if head.ent_type_ == "ORG" or head.pos_ == "PROPN" or (head.is_upper and len(head) > 1):
            return make(nominative_phrase(list(mention), head), "ORG"), CERTAINTY["ORG"]
        if person is not None:
            return make(person.name, "DESC"), CERTAINTY["DESC-role"]
        role = self.people.by_role(head.lemma_, start)
        if role is not None:
            return make(role.name, "DESC"), CERTAINTY["DESC-role"]
        if "Anim" in head.morph.get("Animacy"):
            previous = self.last_speaker(start)
            if previous is not None and previous.type != "ORG":
                return make(previous.name, "DESC"), CERTAINTY["DESC-recent"]
        return make(nominative_phrase(list(mention), head), "DESC"), CERTAINTY["DESC"]

    def _pronoun(self, head: Token, make) -> tuple[Speaker | None, float]:
        gender, number = lexicon().pronouns.get(normal(head.lemma_), ("-", "Sing"))
        for said in reversed(self.history):
            if said.at >= head.idx:
                continue
            if number == "Plur" or gender == "-" or said.gender in ("", gender):
                return make(said.speaker.name, "PRON"), CERTAINTY["PRON"]
        for person in self.people.before(head.idx):
            if gender in ("-",) or person.gender in ("", gender):
                return make(person.name, "PRON"), CERTAINTY["PRON"] * 0.9
        return None, 0.0


def _head(mention: Span) -> Token:
    """The word the phrase hangs on: its syntactic root, or its first nominative noun."""
    root = mention.root
    if root.pos_ in ("NOUN", "PROPN", "PRON"):
        return root
    for token in mention:
        if token.pos_ in ("NOUN", "PROPN", "PRON") and case_of(token) in ("Nom", ""):
            return token
    return root
