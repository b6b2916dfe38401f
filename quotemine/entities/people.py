"""The people of one document: mentions clustered into persons with a canonical name.

``Ким Чен Ын``, ``Ким``, ``Кима`` are one person; the canonical name is the
fullest nominative form the document gives anywhere. Each person also keeps the
role nouns written next to the name (``глава МИД России Сергей Лавров`` gives
``глава``), which is how a later ``глава МИД`` or ``министр`` finds its person.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from functools import cached_property, lru_cache

import attrs
from spacy.tokens import Doc, Span, Token

from ..annotation.features import feature
from ..attribution.phrases import COMPLEMENTIZERS
from ..lexicon import normal
from ..quotes.marks import doc_spans, top_level
from ..textspan import doc_arrays, doc_ents, first_word, sent_bounds
from .names import (
    has_name_reading,
    is_common_noun,
    is_person_noun,
    may_be_feminine_nominative,
    may_be_indeclinable,
    nominative_name,
    womans_name_as_written,
)

# Nouns walked over to the left of a name when collecting its roles.
ROLE_POS = frozenset({"NOUN", "ADJ", "PROPN", "ADP", "DET", "NUM"})
ROLE_WINDOW = 8
# Mentions of up to this many key words find the persons named by a part of them through
# the subsets of their words (2**6 lookups at most).
MAX_NAME_WORDS = 6
# Dependency relations of a clause that hangs on another (UD), and the words that open one.
SUBORDINATE_CLAUSES = frozenset({"ccomp", "advcl", "acl", "acl:relcl", "csubj", "xcomp"})
CLAUSE_MARKERS = COMPLEMENTIZERS | {"как"}
MAX_CONJUNCTS = 4  # clauses in a row walked back to the first
FITTING_LOOKBACK = 20  # mentions of a role walked back for one of the right gender


@attrs.define(eq=False)
class Person:
    name: str
    words: set[str]
    gender: str = ""
    _roles: set[str] = attrs.field(factory=set, alias="roles")
    mentions: list[tuple[int, int]] = attrs.field(factory=list)
    # mentions whose titles are not read yet: see ``roles``
    _untitled: list[list[Token]] = attrs.field(factory=list, init=False, repr=False)

    def matches(self, words: frozenset[str]) -> bool:
        return bool(words) and (words <= self.words or self.words <= words)

    @property
    def roles(self) -> set[str]:
        """The role nouns written next to the person's names (``_title_nouns``), read when first
        asked: only a description such as ``министр`` asks, and most texts have none."""
        for tokens in self._untitled:
            self._roles |= _title_nouns(tokens)
        self._untitled.clear()
        return self._roles

    def mentioned(self, tokens: list[Token]) -> None:
        """A mention's words, for ``roles`` to read the title next to them."""
        self._untitled.append(tokens)


@lru_cache(maxsize=50_000)
def _key_words(name: str) -> frozenset[str]:
    """The words a name is matched by: a text names the same people over and over."""
    return frozenset(normal(word) for word in name.replace("-", " ").split() if len(word) > 1)


@lru_cache(maxsize=2_048)
def _subsets(words: frozenset[str]) -> tuple[frozenset[str], ...]:
    """Every non-empty subset of a name's key words, the keys ``People._matching`` looks
    up: made once per name, not for every mention of it. Up to 63 sets a name, so the
    cache holds the names of the last documents, not of a whole corpus."""
    return tuple(
        frozenset(subset) for size in range(1, len(words) + 1) for subset in itertools.combinations(words, size)
    )


class People:
    """Persons of a doc, built once from its PER entities."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.persons: list[Person] = []
        self._rank: dict[Person, int] = {}  # position in ``persons``
        self._by_word: dict[str, set[Person]] = {}  # key word -> the persons having it
        self._by_words: dict[frozenset[str], set[Person]] = {}  # all of a person's key words
        self._by_mention: list[tuple[int, int, Person]] = []
        # Names inside quotation marks belong to someone's words: never an antecedent.
        self._quoted = [(s.start, s.end) for s in top_level(doc_spans(doc))]
        self._quoted_starts = [start for start, _ in self._quoted]
        self._outside: list[tuple[int, Person, list[Token]]] = []  # mentions outside quotes
        self._found: dict[str, Person | None] = {}  # ``find``'s answers
        for ent in doc_ents(doc):
            if ent.label_ == "PER":
                tokens = list(ent)  # one Token per word, shared by every test of the mention
                if not _title_at_sentence_start(tokens):
                    for part in _name_parts(tokens):
                        self._add(part)
        # mentions are in text order and never overlap: ``at`` finds one by bisection
        self._mention_starts = [start for start, _, _ in self._by_mention]
        # Who was named last by a point, by gender (``_named``) and by role
        # (``_named_by_role``), and who was last a clause's subject (``_subjects``) are
        # looked up, not walked back to, so a text naming thousands stays linear; each
        # index is made when first asked.

    @cached_property
    def _named(self) -> _ByGender:
        """Mentions outside quotes, by gender (``last_named``, ``first_named``): the resolver
        asks only when no speaker and no clause's subject fits."""
        named = _ByGender()
        for start, person, _ in self._outside:
            named.add(start, person)
        return named

    @cached_property
    def _named_by_role(self) -> dict[str, _Named]:
        """Mentions outside quotes by each role of their person; made when a description
        first asks (``by_role``), which reads every person's roles."""
        named: dict[str, _Named] = {}
        for start, person, _ in self._outside:
            for role in person.roles:
                named.setdefault(role, _Named()).add(start, person)
        return named

    @cached_property
    def _subjects(self) -> _ByGender:
        """The mentions outside quotes that are a main clause's subject: read when a
        pronoun or a paragraph's new subject first asks (``last_subject``)."""
        subjects = _ByGender()
        for start, person, tokens in self._outside:  # in text order
            if _is_subject(_root(tokens)):
                subjects.add(start, person)
        return subjects

    @cached_property
    def _first_by_role(self) -> dict[str, Person]:
        """Each role and the first person introduced with it."""
        first: dict[str, Person] = {}
        for person in self.persons:
            for role in person.roles:
                first.setdefault(role, person)
        return first

    def _add(self, tokens: list[Token]) -> None:
        """One mention, its words in text order."""
        name = nominative_name(tokens)
        words = _key_words(name)
        if not words:
            return
        matching = self._matching(words)
        person = matching[-1] if matching else None  # the most recently introduced
        if person is None:
            person = Person(name=name, words=set())
            self._rank[person] = len(self.persons)
            self.persons.append(person)
        elif len(name.split()) > len(person.name.split()):
            person.name = name
        self._index(person, words)
        person.gender = person.gender or _gender(tokens)
        person.mentioned(tokens)
        start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        person.mentions.append((start_char, end_char))
        self._by_mention.append((start_char, end_char, person))
        quoted = bisect_right(self._quoted_starts, start_char) - 1
        if quoted >= 0 and start_char < self._quoted[quoted][1]:
            return
        self._outside.append((start_char, person, tokens))

    def at(self, start: int, end: int) -> Person | None:
        """The person whose mention overlaps ``[start, end)``, the last such."""
        index = bisect_left(self._mention_starts, end) - 1
        if index >= 0 and self._by_mention[index][1] > start:
            return self._by_mention[index][2]
        return None

    def find(self, name: str) -> Person | None:
        """The first person introduced whom ``name`` may name; asked once per name (every
        quote asks it of its speaker), the people being complete once built."""
        if name not in self._found:
            matching = self._matching(_key_words(name))
            self._found[name] = matching[0] if matching else None
        return self._found[name]

    def _matching(self, words: frozenset[str]) -> list[Person]:
        """The persons ``words`` may name (``Person.matches``), in order of introduction.

        Looked up, not tested one by one: testing every person of the document for every
        mention made a text naming thousands of people quadratic. A person whose words
        hold all of ``words`` is in every one of their word sets; a person whose words
        are all among ``words`` is filed under one of its subsets."""
        if not words:
            return []
        having = [self._by_word.get(word) for word in words]
        if not any(having):
            return []  # every person's words are filed by word: none shares one (a new name)
        found: set[Person] = set()
        if all(having):  # from the rarest word: a common first name is no cost
            rarest = min(having, key=len)
            found = rarest.intersection(*(persons for persons in having if persons is not rarest))
        if len(words) <= MAX_NAME_WORDS:
            for subset in _subsets(words):
                persons = self._by_words.get(subset)
                if persons:
                    found.update(persons)
        else:  # a run of words no name has: test everyone sharing one of them
            found.update(p for word in words for p in self._by_word.get(word, ()) if p.matches(words))
        return sorted(found, key=self._rank.__getitem__) if len(found) > 1 else list(found)

    def _index(self, person: Person, words: frozenset[str]) -> None:
        """Add ``words`` to the person's, keeping both lookups of ``_matching`` current."""
        if words <= person.words:
            return
        if person.words:
            self._by_words[frozenset(person.words)].discard(person)
        person.words |= words
        for word in words:
            self._by_word.setdefault(word, set()).add(person)
        self._by_words.setdefault(frozenset(person.words), set()).add(person)

    def last_named(self, char: int, gender: str = "") -> Person | None:
        """The person named outside quotes last at or before ``char`` whose gender fits
        (``gender`` empty: anyone; a person of unknown gender fits any)."""
        return self._named.last(char, gender)[1]

    def last_subject(self, char: int, gender: str = "") -> tuple[int, Person | None]:
        """Where and who was last the subject of a clause before ``char``: who a ``он`` means."""
        return self._subjects.last(char - 1, gender)

    def first_named(self, gender: str = "") -> Person | None:
        """The first person named outside quotes whose gender fits, for a pronoun that
        comes before anyone: an excerpt that names its speaker only later."""
        return self._named.first(gender)

    def by_role(self, mention: Span, head: Token, char: int, gender: str = "") -> Person | None:
        """The person introduced with the role the description names: its head noun as a
        whole (``министр``; ``премьер-министр`` is not a ``министр``), else a telling noun
        after it (``глава избиркома`` for the person introduced as ``председатель
        крайизбиркома``). ``gender``, what the cue verb says (``пояснила замминистра``),
        leaves out the persons known to be of the other."""
        head_word = normal(head.lemma_)
        roles = [head_word] if head_word in self._first_by_role else []
        if not roles:  # the telling nouns after the head, read only when the head is no role
            others = {
                word for token in mention if token.i > head.i and token.pos_ == "NOUN"
                for word in role_words(token) if len(word) >= 5
            }
            if others:  # else no role matches, and no generator is made for each role
                roles = [role for role in self._first_by_role if any(_role_match(word, role) for word in others)]
        if not roles:
            return None

        def fits(person: Person) -> bool:
            return not gender or not person.gender or person.gender == gender

        # the last named with the role before ``char``, else the first introduced with it
        _, person = max((self._named_by_role[r].last(char, fits) for r in roles if r in self._named_by_role),
                        key=lambda last: last[0], default=(-1, None))
        if person is not None:
            return person
        firsts = [self._first_by_role[r] for r in roles if fits(self._first_by_role[r])]
        return min(firsts, key=self._rank.__getitem__) if firsts else None


class _Named:
    """Mentions in text order, for "who was named last at or before this point"."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.persons: list[Person] = []

    def add(self, start: int, person: Person) -> None:
        self.starts.append(start)
        self.persons.append(person)

    def last(self, char: int, fits=None) -> tuple[int, Person | None]:
        """The last named at or before ``char`` (that ``fits``, looked for a few names back)."""
        index = bisect_right(self.starts, char) - 1
        lookback = FITTING_LOOKBACK if fits is not None else 1
        for k in range(index, max(index - lookback, -1), -1):
            if fits is None or fits(self.persons[k]):
                return (self.starts[k], self.persons[k])
        return (-1, None)


class _ByGender:
    """Mentions in text order, all of them and by the person's gender, for "who of this
    gender was mentioned last": a person of unknown gender fits any."""

    def __init__(self) -> None:
        self.everyone = _Named()
        self.by_gender: dict[str, _Named] = {}

    def add(self, start: int, person: Person) -> None:
        self.everyone.add(start, person)
        self.by_gender.setdefault(person.gender, _Named()).add(start, person)

    def _fitting(self, gender: str) -> list[_Named]:
        if not gender:
            return [self.everyone]
        return [self.by_gender[g] for g in ("", gender) if g in self.by_gender]

    def last(self, char: int, gender: str = "") -> tuple[int, Person | None]:
        return max((named.last(char) for named in self._fitting(gender)), key=lambda last: last[0], default=(-1, None))

    def first(self, gender: str = "") -> Person | None:
        firsts = [(named.starts[0], named.persons[0]) for named in self._fitting(gender) if named.starts]
        return min(firsts, key=lambda first: first[0])[1] if firsts else None


def _title_at_sentence_start(tokens: list[Token]) -> bool:
    """``Врач-эпидемиолог ...`` opening a sentence: NER took the capital for a name."""
    for token in tokens:  # tested first: most names fail it, and it is cached per word
        text = token.text
        if (token.is_alpha or "-" in text) and not (is_person_noun(text) and not has_name_reading(text)):
            return False
    first = tokens[0]
    return first_word(doc_arrays(first.doc).texts, *sent_bounds(first.doc, first.i)) == first.i


def _root(tokens: list[Token]) -> Token:
    """The mention's ``Span.root``: its only word, else the root of a Span made directly
    (``doc[a:b]`` goes through spaCy's slice checks in Python)."""
    if len(tokens) == 1:
        return tokens[0]
    return Span(tokens[0].doc, tokens[0].i, tokens[-1].i + 1).root


def _is_subject(root: Token) -> bool:
    """The name (its ``root``) is, or stands in apposition to, the subject of a main clause.
    The subject of reported content is not the one a later ``он`` means: in ``Петров
    сказал, что Сидоров уволился. «...», — добавил он`` it is Петров who speaks on."""
    node = root
    for _ in range(4):
        dep = node.dep_
        if dep in ("nsubj", "nsubj:pass"):
            return not _subordinate(node.head)
        if dep not in ("appos", "flat", "flat:name", "flat:foreign"):
            return False
        head = node.head
        if head.i == node.i:
            return False
        node = head
    return False


def _subordinate(verb: Token) -> bool:
    """A clause that depends on another: a complement, adverbial or relative clause, or
    one opened by ``что``/``чтобы``/``будто``/``как``; also the second of two such clauses
    (``что Кузнецов ушел, а Иванов остался``)."""
    for _ in range(MAX_CONJUNCTS):
        if verb.dep_ != "conj" or verb.head == verb:
            break
        verb = verb.head
    return verb.dep_ in SUBORDINATE_CLAUSES or any(
        child.dep_ == "mark" and child.lower_ in CLAUSE_MARKERS for child in verb.children
    )


def split_by_case(ent: Span) -> list[Span]:
    """``Ким Путину`` or ``Шольц и Макрон`` tagged as one name are two people: a new case,
    a conjunction or a comma starts a new name."""
    return [ent.doc[part[0].i : part[-1].i + 1] for part in _name_parts(list(ent))]


def _name_parts(tokens: list[Token]) -> list[list[Token]]:
    """``split_by_case`` on the name's ``tokens``, giving each part's tokens: People reads
    them word by word and needs no Span (``split_by_case`` gives Spans, for a caller that
    has an entity Span)."""
    parts = []
    part: list[Token] = []
    previous = ""
    for token in tokens:
        if token.pos_ in ("CCONJ", "PUNCT") and token.text != "-":
            if part:
                parts.append(part)
            part, previous = [], ""
            continue
        case = feature(token, "Case")
        case = case[0] if case else ""
        if case == "Acc":
            case = "Gen"  # one form in a man's name («Юрия Зарецкого»), which taggers mix up
        if previous and case and case != previous and not _one_name(token, part):
            parts.append(part)
            part = []
        part.append(token)
        previous = case or previous
    if part:
        parts.append(part)
    return parts


def _one_name(token: Token, before_it: list[Token]) -> bool:
    """«Лоренцо Бьянки»: the parser's name link holds an indeclinable name together (not
    «сказал Ким Путину», whose dative shows in its ending); «Сардана Иванова»: two words
    that can both be a woman's nominative are one name. ``before_it``: the words of the
    name so far, the last one just before ``token``."""
    before = before_it[-1]
    if token.is_alpha and before.is_alpha and (
        may_be_feminine_nominative(token.text) and may_be_feminine_nominative(before.text)
    ):
        return True
    if token.dep_ != "flat:name":
        return False
    head = token.head
    return (
        before_it[0].i <= head.i < token.i
        and may_be_indeclinable(token.text)
        and may_be_indeclinable(head.text)
    )


def _gender(tokens: list[Token]) -> str:
    if womans_name_as_written(tokens):
        return "Fem"
    for token in tokens:
        gender = feature(token, "Gender")
        if gender:
            return gender[0]
    return ""


def _title_nouns(tokens: list[Token]) -> set[str]:
    """Nouns to the left of the name (``tokens``) in its phrase: ``министр``, ``глава``,
    ``адвокат``."""
    roles: set[str] = set()
    root = _root(tokens)
    doc = root.doc
    start = tokens[0].i
    arrays = doc_arrays(doc)  # the doc's Tokens: ``doc[i]`` makes a new one each time
    words, texts = arrays.tokens, arrays.texts
    name_case = feature(root, "Case")
    sent_start, _ = sent_bounds(doc, start)
    for i in range(start - 1, max(sent_start, start - ROLE_WINDOW) - 1, -1):
        if texts[i] == "," and i > sent_start:
            before = words[i - 1]
            if before.pos_ in ("NOUN", "PROPN") and not (
                # «Как утверждает следствие, Ермолин получил»: the subject of a clause already closed
                before.dep_.startswith("nsubj") and before.head.i < i
            ):
                continue  # «врач-эпидемиолог, депутат Госдумы Геннадий Онищенко»
        token = words[i]
        pos = token.pos_
        if pos not in ROLE_POS or token.is_punct:
            break
        if (pos == "NOUN" or is_common_noun(texts[i])) and _agrees(token, name_case, start):
            roles |= role_words(token)
    head = root.head
    if head.i < start and head.pos_ == "NOUN" and root.dep_ != "nmod":
        roles |= role_words(head)  # not «отец Ивана Петрова»: Петров is no отец
    return roles


def _agrees(noun: Token, name_case: tuple[str, ...], name_start: int) -> bool:
    """An apposition agrees in case (``адвокат Елена Сафронова``); a genitive name only
    modifies the noun (``адвокат Глухова``): Глухов is not the advocate. ``name_case``:
    the case of the name's root."""
    noun_case = feature(noun, "Case")
    return (
        not noun_case or not name_case or noun_case == name_case
        or noun.i < name_start - 1 and noun_case == ("Nom",)
    )


def _role_match(word: str, role: str) -> bool:
    """A telling noun (``избирком`` of ``глава избиркома``) matches a role that ends with it
    (``крайизбирком``)."""
    return word == role or (len(role) > len(word) and role.endswith(word))


def role_words(token: Token) -> frozenset[str]:
    """``врач-эпидемиолог`` is both a ``врач`` and an ``эпидемиолог``."""
    return _role_words(token.lemma_)


@lru_cache(maxsize=50_000)
def _role_words(lemma: str) -> frozenset[str]:
    """``role_words`` of a lemma, made once per process: every name's title asks it."""
    lemma = normal(lemma)
    return frozenset({lemma, *lemma.split("-")} - {""})
