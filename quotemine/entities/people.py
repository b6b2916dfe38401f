"""The people of one document: mentions clustered into persons with a canonical name.

``Ким Чен Ын``, ``Ким``, ``Кима`` are one person; the canonical name is the
fullest nominative form the document gives anywhere. Each person also keeps the
role nouns written next to the name (``глава МИД России Сергей Лавров`` gives
``глава``), which is how a later ``глава МИД`` or ``министр`` finds its person.
"""

from __future__ import annotations

from bisect import bisect_right

import attrs
from spacy.tokens import Doc, Span, Token

from ..lexicon import normal
from ..quotes.marks import scan, top_level
from ..textspan import doc_text
from .names import has_name_reading, is_common_noun, is_person_noun, nominative_name

# Nouns walked over to the left of a name when collecting its roles.
ROLE_POS = frozenset({"NOUN", "ADJ", "PROPN", "ADP", "DET", "NUM"})
ROLE_WINDOW = 8


@attrs.define(eq=False)
class Person:
    name: str
    words: set[str]
    gender: str = ""
    roles: set[str] = attrs.field(factory=set)
    mentions: list[tuple[int, int]] = attrs.field(factory=list)
    subject_at: list[int] = attrs.field(factory=list)

    def matches(self, words: set[str]) -> bool:
        return bool(words) and (words <= self.words or self.words <= words)


def _key_words(name: str) -> set[str]:
    return {normal(word) for word in name.replace("-", " ").split() if len(word) > 1}


class People:
    """Persons of a doc, built once from its PER entities."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.persons: list[Person] = []
        self._by_mention: list[tuple[int, int, Person]] = []
        # Names inside quotation marks belong to someone's words: never an antecedent.
        self._quoted = [(s.start, s.end) for s in top_level(scan(doc_text(doc)))]
        self._outside: list[tuple[int, Person]] = []
        for ent in doc.ents:
            if ent.label_ == "PER" and not _title_at_sentence_start(ent):
                for part in split_by_case(ent):
                    self._add(part)
        self._starts = [start for start, _ in self._outside]
        self.outside: list[Person] = []  # persons named outside quotes, in order of first mention
        for _, person in self._outside:
            if not any(person is known for known in self.outside):
                self.outside.append(person)

    def _add(self, ent: Span) -> None:
        name = nominative_name(list(ent))
        words = _key_words(name)
        if not words:
            return
        person = next((p for p in reversed(self.persons) if p.matches(words)), None)
        if person is None:
            person = Person(name=name, words=words)
            self.persons.append(person)
        elif len(name.split()) > len(person.name.split()):
            person.name = name
        person.words |= words
        person.gender = person.gender or _gender(ent)
        person.roles |= _roles(ent)
        person.mentions.append((ent.start_char, ent.end_char))
        self._by_mention.append((ent.start_char, ent.end_char, person))
        if any(s <= ent.start_char < e for s, e in self._quoted):
            return
        self._outside.append((ent.start_char, person))
        if _is_subject(ent):
            person.subject_at.append(ent.start_char)

    def at(self, start: int, end: int) -> Person | None:
        """The person whose mention overlaps ``[start, end)``, the last such."""
        hit = None
        for s, e, person in self._by_mention:
            if s >= end:
                break
            if e > start:
                hit = person
        return hit

    def find(self, name: str) -> Person | None:
        words = _key_words(name)
        return next((p for p in self.persons if p.matches(words)), None)

    def before(self, char: int) -> list[Person]:
        """Persons named outside quotes before ``char``, the most recent first, each once."""
        seen: list[Person] = []
        index = bisect_right(self._starts, char) - 1
        while index >= 0:
            person = self._outside[index][1]
            if person not in seen:
                seen.append(person)
            index -= 1
        return seen

    def subject_before(self, char: int, gender: str = "") -> Person | None:
        """The person most recently the subject of a clause before ``char``: who a ``он`` means."""
        best, best_at = None, -1
        for person in self.persons:
            if gender and person.gender not in ("", gender):
                continue
            at = max((a for a in person.subject_at if a < char), default=-1)
            if at > best_at:
                best, best_at = person, at
        return best

    def by_role(self, mention: Span, head: Token, char: int) -> Person | None:
        """The person introduced with the role the description names: its head noun
        (``министр``), else a telling noun after it (``глава избиркома`` for the person
        introduced as ``председатель крайизбиркома``)."""
        head_words = role_words(head)
        others = {
            word for token in mention if token.i > head.i and token.pos_ == "NOUN"
            for word in role_words(token) if len(word) >= 5
        }
        for words, loose in ((head_words, False), (others, True)):
            if not words:
                continue
            for person in self.before(char) + [p for p in self.persons if p not in self.before(char)]:
                if any(_role_match(word, role, loose) for word in words for role in person.roles):
                    return person
        return None


def _title_at_sentence_start(ent: Span) -> bool:
    """``Врач-эпидемиолог ...`` opening a sentence: NER took the capital for a name."""
    sent = ent.sent
    first_word = next((t for t in sent if t.is_alpha), None)
    if first_word is None or first_word.i != ent.start:
        return False
    return all(
        is_person_noun(t.text) and not has_name_reading(t.text) for t in ent if t.is_alpha or "-" in t.text
    )


def _is_subject(ent: Span) -> bool:
    """The name is, or stands in apposition to, a clause's subject."""
    node = ent.root
    for _ in range(4):
        if node.dep_ in ("nsubj", "nsubj:pass"):
            return True
        if node.dep_ not in ("appos", "flat", "flat:name", "flat:foreign") or node.head == node:
            return False
        node = node.head
    return False


def split_by_case(ent: Span) -> list[Span]:
    """``Ким Путину`` or ``Шольц и Макрон`` tagged as one name are two people: a new case,
    a conjunction or a comma starts a new name."""
    parts = []
    start = ent.start
    previous = ""
    for token in ent:
        if token.pos_ in ("CCONJ", "PUNCT") and token.text != "-":
            if token.i > start:
                parts.append(ent.doc[start : token.i])
            start, previous = token.i + 1, ""
            continue
        case = token.morph.get("Case")
        case = case[0] if case else ""
        if previous and case and case != previous:
            parts.append(ent.doc[start : token.i])
            start = token.i
        previous = case or previous
    if ent.end > start:
        parts.append(ent.doc[start : ent.end])
    return parts


def _gender(ent: Span) -> str:
    for token in ent:
        gender = token.morph.get("Gender")
        if gender:
            return gender[0]
    return ""


def _roles(ent: Span) -> set[str]:
    """Nouns to the left of the name in its phrase: ``министр``, ``глава``, ``адвокат``."""
    roles: set[str] = set()
    doc = ent.doc
    sent_start = ent.sent.start
    for i in range(ent.start - 1, max(sent_start, ent.start - ROLE_WINDOW) - 1, -1):
        token: Token = doc[i]
        if token.text == "," and i > sent_start and doc[i - 1].pos_ in ("NOUN", "PROPN"):
            continue  # «врач-эпидемиолог, депутат Госдумы Геннадий Онищенко»
        if token.pos_ not in ROLE_POS or token.is_punct:
            break
        if (token.pos_ == "NOUN" or is_common_noun(token.text)) and _agrees(token, ent):
            roles |= role_words(token)
    head = ent.root.head
    if head.pos_ == "NOUN" and head.i < ent.start:
        roles |= role_words(head)
    return roles


def _agrees(noun: Token, ent: Span) -> bool:
    """An apposition agrees in case (``адвокат Елена Сафронова``); a genitive name only
    modifies the noun (``адвокат Глухова``): Глухов is not the advocate."""
    noun_case = noun.morph.get("Case")
    name_case = ent.root.morph.get("Case")
    return not noun_case or not name_case or noun_case == name_case or noun.i < ent.start - 1 and noun_case == ["Nom"]


def _role_match(word: str, role: str, loose: bool) -> bool:
    return word == role or (loose and len(role) > len(word) and role.endswith(word))


def role_words(token: Token) -> set[str]:
    """``врач-эпидемиолог`` is both a ``врач`` and an ``эпидемиолог``."""
    lemma = normal(token.lemma_)
    return {lemma, *lemma.split("-")} - {""}
