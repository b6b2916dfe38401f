"""From a speaker mention to a canonical speaker: person, organization, description or pronoun."""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

import attrs
from spacy.tokens import Doc, Span, Token

from ..annotation.features import case_of, feature
from ..attribution.cues import is_channel, is_speech_noun, is_speech_verb
from ..attribution.phrases import is_pronoun
from ..lexicon import lexicon, normal
from ..quote import Speaker
from ..textspan import OPENS, doc_ents, doc_text, sent_bounds
from .names import is_common_noun, name_after_kind, nominative_phrase, organization_name
from .organizations import Organizations, is_dateline_credit
from .people import People, Person

# How sure each way of naming the speaker is; multiplied into the quote's confidence.
CERTAINTY = {"PER": 1.0, "ORG": 0.9, "PRON": 0.85, "DESC-role": 0.85, "DESC-recent": 0.7, "DESC": 0.75}
# How deep under a description the parser may have hung the name that says who it is.
APPOSITION_DEPTH = 2
# A person's first mentions, where the body they speak for is named.
INTRODUCTIONS = 8
# Words of a title that may stand between a description's comma and the name it sets off.
APPOSITION_WORDS = 10
# ``ведомство``, ``компания`` with no more than this many line breaks between it and an
# organization's words is that organization: the one the text has been quoting.
ORG_ANAPHOR_LINES = 2


@attrs.define
class Said:
    """A speaker already attributed in this document, for pronouns and descriptions later on."""

    at: int
    speaker: Speaker
    gender: str


def _said_at(said: Said) -> int:
    """Where the speaker was mentioned, else where the words were."""
    return said.speaker.start if said.speaker.start is not None else said.at


class Resolver:
    """Resolves mentions of one document, remembering who has spoken so far."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.history: list[Said] = []
        self._people_said: list[tuple[int, Said]] = []
        self._people_said_by_gender: dict[str, list[tuple[int, Said]]] = {}
        self._organizations_said: list[Said] = []
        # Descriptions made speakers, by name: the gender of a person's (``пассажирка``),
        # or None for a thing's (``региональный минздрав``), which no ``он`` can mean.
        self._descriptions: dict[str, str | None] = {}
        self._focus: tuple[list[int], list[str]] | None = None  # see ``organization``

    @cached_property
    def people(self) -> People:
        """Built when the first quote asks who spoke: a text with no quote needs no one."""
        return People(self.doc)

    @cached_property
    def organizations(self) -> Organizations:
        """Built when the first organization speaks: many articles quote only people."""
        return Organizations(self.doc)

    def remember(self, at: int, speaker: Speaker) -> None:
        person = self.people.find(speaker.name) if speaker.type != "ORG" else None
        gender = self._descriptions.get(speaker.name, "") if person is None and speaker.type != "ORG" else ""
        said = Said(at, speaker, person.gender if person else gender or "")
        if speaker.type == "ORG":
            self._organizations_said.append(said)
        elif gender is not None:  # a thing described (``региональный минздрав``) is no one's «он»
            # who a pronoun may mean, in speaking order, also by gender
            order = len(self.history)
            self._people_said.append((order, said))
            self._people_said_by_gender.setdefault(said.gender, []).append((order, said))
        self.history.append(said)

    def speaker(self, mention: Span, gender: str = "", introduced: bool = False) -> tuple[Speaker | None, float]:
        """``gender`` is what the cue verb says of its subject (``отметила`` → Fem), if anything;
        ``introduced``: the mention brings someone new in (a description set off by commas),
        never an earlier person."""
        head = _head(mention)
        start, end = mention.start_char, mention.end_char

        def make(name: str, kind: str) -> Speaker:
            if kind == "ORG":
                name = self.organizations.canonical(name)
            return Speaker(name=name, mention=doc_text(self.doc)[start:end], start=start, end=end, type=kind)

        if is_pronoun(head):
            return self._pronoun(head, make, gender)
        person = self._person_in(mention, head)
        if person is not None:
            return make(person.name, "PER"), CERTAINTY["PER"]
        # «заявление», «пресс-служба»: words said, or a body that says them (asked once)
        speech_noun = is_speech_noun(head)
        body_noun = speech_noun or normal(head.lemma_) in lexicon().org_nouns
        owner = _organization_in(mention, head, speech_noun) if body_noun else None
        if owner is not None:
            return make(organization_name(list(owner), _head(owner)), "ORG"), CERTAINTY["ORG"]
        if body_noun and not _says_which(mention, head):
            # «говорится в заявлении», «сообщила пресс-служба компании», «уточнили в
            # перевозчике»: the organization just quoted, else the one in focus
            organization = self.organization(start)
            if organization is not None:
                return make(organization, "ORG"), CERTAINTY["DESC-recent"]
        if _names_organization(head) or name_after_kind(list(mention)) is not None:
            return make(organization_name(list(mention), head), "ORG"), CERTAINTY["ORG"]
        if "Plur" not in feature(head, "Number"):
            role = self.people.by_role(mention, head, start, gender)
            if role is not None and not _named_with_another_body(mention, head, role):
                return make(role.name, "DESC"), CERTAINTY["DESC-role"]
            if "Anim" in feature(head, "Animacy") and role is None and not introduced:
                name = self.antecedent(start, gender)
                if name is not None:
                    return make(name, "DESC"), CERTAINTY["DESC-recent"]
        described = make(nominative_phrase(list(mention), head), "DESC")
        self._descriptions[described.name] = _description_gender(mention, head)
        return described, CERTAINTY["DESC"]

    def antecedent(self, char: int, gender: str = "") -> str | None:
        """Who a ``он`` or a ``министр`` at ``char`` means: the more recent of the last speaker
        and the last person who was a clause's subject, of the right gender; else the last
        person named, else (an excerpt that names them only later) the first."""
        best, best_at = None, -1
        said = self._last_said(char, gender)
        if said is not None:
            best, best_at = said.speaker.name, _said_at(said)
        at, subject = self.people.last_subject(char, gender)
        if subject is not None and at > best_at:
            best = subject.name
        if best is not None:
            return best
        named = self.people.last_named(char, gender)
        if named is not None:
            return named.name
        first = self.people.first_named(gender)
        return first.name if first is not None else None

    def _last_said(self, char: int, gender: str) -> Said | None:
        """The latest person who has spoken, mentioned before ``char``, whose gender fits:
        looked up among speakers of that gender; the walk back stops at the first speaker
        mentioned before ``char``, the last or nearly."""
        lists = [self._people_said] if not gender else [self._people_said_by_gender.get(g, []) for g in ("", gender)]
        last: list[tuple[int, Said]] = []
        for history in lists:
            found = next(((order, said) for order, said in reversed(history) if _said_at(said) < char), None)
            if found is not None:
                last.append(found)
        return max(last, key=lambda item: item[0])[1] if last else None

    def addressee(self, mention: Span) -> Speaker | None:
        """Who the words were said to: named people and organizations, else the phrase itself.
        No recency guesses: ``сказала мэр губернатору`` is not the mayor talking to herself."""
        head = _head(mention)
        start, end = mention.start_char, mention.end_char
        person = self._person_in(mention, head)
        if person is not None:
            name, kind = person.name, "PER"
        elif is_pronoun(head):
            return None
        elif _names_organization(head):
            name, kind = self.organizations.canonical(organization_name(list(mention), head)), "ORG"
        else:
            name, kind = nominative_phrase(list(mention), head), "DESC"
        return Speaker(name=name, mention=doc_text(self.doc)[start:end], start=start, end=end, type=kind)

    def _person_in(self, mention: Span, head: Token) -> Person | None:
        """A person named in the mention as its head or in apposition to it, not a genitive
        modifier: ``адвокаты Сенцова`` are not Сенцов."""
        found = None
        # no word of a mention that no person's name overlaps can name one (names never overlap)
        if self.people.at(mention.start_char, mention.end_char) is not None:
            head_case = case_of(head)
            for token in mention:  # the last name wins: an apposition stands at the phrase's end
                if token.ent_type_ != "PER":
                    continue
                if token == head or not head_case or case_of(token) == head_case:
                    found = self.people.at(token.idx, token.idx + len(token)) or found
        if found is None and head.pos_ == "PROPN" and head.ent_type_ in ("PER", "") and head.is_title:
            # «Кочетов, однако, назвал»: a known surname not taken as a mention here
            found = self.people.find(nominative_phrase([head], head))
        return found or self._person_in_apposition(head) or self._person_set_off(mention, head)

    def _person_in_apposition(self, head: Token) -> Person | None:
        """A name the parser hangs on the head as an apposition, though the phrase stopped
        before it: ``Одна из пострадавших, 70-летняя Нина Орлова, рассказала``."""
        frontier = [head]
        for _ in range(APPOSITION_DEPTH):
            frontier = [
                child for node in frontier for child in node.children
                if child.dep_ == "appos" and child.i > head.i and case_of(child) in ("Nom", "", case_of(head))
            ]
            for child in frontier:
                if child.ent_type_ == "PER":
                    person = self.people.at(child.idx, child.idx + len(child))
                    if person is not None:
                        return person
        return None

    def _person_set_off(self, mention: Span, head: Token) -> Person | None:
        """A name set off by a comma right after the description, up to a comma or the
        sentence's end, whatever tree the parser made of it: ``Один из авторов инициативы,
        первый зампред комитета Роман Елагин, заявил``."""
        doc = mention.doc
        i = mention.end
        if i >= len(doc) or doc[i].text != "," or "Plur" in feature(head, "Number"):
            return None
        for j in range(i + 1, min(i + 1 + APPOSITION_WORDS, len(doc))):
            token = doc[j]
            if token.ent_type_ == "PER":
                end = j
                while end < len(doc) and doc[end].ent_type_ == "PER":
                    end += 1
                closed = end >= len(doc) or doc[end].text in (",", ".", "!", "?", ";") or "\n" in doc[end].text
                cases = {case_of(token), case_of(head)}
                if closed and (case_of(token) in ("Nom", "", case_of(head)) or cases <= {"Acc", "Gen"}):
                    return self.people.at(token.idx, doc[end - 1].idx + len(doc[end - 1]))
                return None
            if token.is_punct or token.pos_ not in ("NOUN", "PROPN", "ADJ", "ADP", "NUM"):
                return None
        return None

    def organization(self, before: int) -> str | None:
        """The organization ``ведомство`` means at ``before``: the one whose words were just
        quoted, else the one the text is about: named most often, then most recently."""
        recent = self._organization_just_said(before)
        if recent is not None:
            return recent
        if self._focus is None:
            self._focus = self._organizations_in_focus()
        starts, names = self._focus
        index = bisect_left(starts, before) - 1
        return names[index] if index >= 0 else None

    def _organization_just_said(self, before: int) -> str | None:
        """The last organization quoted before ``before``, if no more than ``ORG_ANAPHOR_LINES``
        line breaks lie between: ``..., говорится в сообщении ГУ МЧС по области. ... Ведомство
        уточнило, что ...`` is the same body, however often the text names another."""
        text = doc_text(self.doc)
        for said in reversed(self._organizations_said):
            at = _said_at(said)
            if at < before:
                return said.speaker.name if text.count("\n", at, before) <= ORG_ANAPHOR_LINES else None
        return None

    def _organizations_in_focus(self) -> tuple[list[int], list[str]]:
        """For each ORG entity in text order, its start and the answer of ``organization`` just
        after it: worked out once, not again for every mention (quadratic on long texts)."""
        counts: dict[str, int] = {}
        starts: list[int] = []
        names: list[str] = []
        best = ""
        for ent in doc_ents(self.doc):
            if ent.label_ == "ORG" and not (
                is_dateline_credit(ent) or _addressed(ent) or _reporter(ent) or _by_standard(ent) or is_channel(ent.root)
            ):
                name = organization_name(list(ent), _head(ent))
                counts[name] = counts.get(name, 0) + 1
                # the newest name is the most recent one: it wins unless named less often
                if not best or counts[name] >= counts[best]:
                    best = name
                starts.append(ent.start_char)
                names.append(best)
        return starts, names

    def _pronoun(self, head: Token, make, gender: str = "") -> tuple[Speaker | None, float]:
        pronoun_gender, number = lexicon().pronouns.get(normal(head.lemma_), ("-", "Sing"))
        if pronoun_gender != "-":
            gender = pronoun_gender
        elif number == "Plur":
            gender = ""
        name = self.antecedent(head.idx, gender)
        if name is None:
            return None, 0.0
        return make(name, "PRON"), CERTAINTY["PRON"]


def _named_with_another_body(mention: Span, head: Token, person: Person) -> bool:
    """``представитель Министерства торговли США`` is not ``представитель МИД КНР Чжоу
    Хайбинь``: the description names a body (not a country) that none of the sentences
    naming the person does."""
    countries = lexicon().country_qualifiers
    bodies = {
        normal(t.lemma_) for t in mention
        if t.i > head.i and case_of(t) == "Gen" and (t.ent_type_ == "ORG" or _names_organization(t))
        and normal(t.lemma_) not in countries and normal(t.text) not in countries
    }
    if not bodies:
        return False
    doc = mention.doc
    for start, _ in person.mentions[:INTRODUCTIONS]:  # a role comes with the first mentions
        token = doc.char_span(start, start + 1, alignment_mode="expand")
        if token is not None:
            lo, hi = sent_bounds(doc, token.start)
            if bodies & {normal(t.lemma_) for t in doc[lo:hi]}:
                return False
    return True


def _by_standard(ent: Span) -> bool:
    """``выручка по МСФО``: a standard (or a rule, a method) the figures are by, not the
    body the text is about."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ == "по"


def _reporter(ent: Span) -> bool:
    """``передает корреспондент ТАСС``: the outlet whose reporter tells the story, not its
    subject (``говорится в сообщении агентства Moody's`` is the agency's own word)."""
    if ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return normal(before.lemma_) in lexicon().credit_nouns and "Anim" in feature(before, "Animacy")


def _addressed(ent: Span) -> bool:
    """``сообщили ТАСС``: the outlet told, not the organization the story is about."""
    root = ent.root
    told = root.dep_ == "iobj" or "Dat" in feature(root, "Case")
    return told and is_speech_verb(root.head)


def _description_gender(mention: Span, head: Token) -> str | None:
    """A described speaker's gender for later pronouns: ``Fem`` for ``пассажирка``,
    ``Plur`` for ``спасатели``; None for an institution or a thing, which no ``он`` means.
    ``Одна из пассажирок``: the people it is one of."""
    noun = head
    if head.pos_ in ("NUM", "PRON", "DET") or normal(head.lemma_) == "один":
        noun = next((t for t in mention if t.i > head.i and t.pos_ == "NOUN"), head)
    if "Anim" not in feature(noun, "Animacy") and normal(noun.lemma_) not in lexicon().source_nouns:
        return None
    if "Plur" in feature(head, "Number"):
        return "Plur"
    gender = feature(head, "Gender") or feature(noun, "Gender")
    return gender[0] if gender else ""


def _says_which(mention: Span, head: Token) -> bool:
    """``министерство природных ресурсов``, ``пресс-служба судов области``: a genitive
    phrase of its own says which body this is, not one named before. A bare genitive
    (``пресс-служба суда``, ``флота``) points back to the one named."""
    org_nouns = lexicon().org_nouns
    tail = [t for t in mention if t.i > head.i]
    return len(tail) > 1 and any(
        t.pos_ == "NOUN" and case_of(t) == "Gen" and normal(t.lemma_) not in org_nouns and not is_speech_noun(t)
        for t in tail
    )


def _names_organization(head: Token) -> bool:
    """``МЧС``, ``Минобороны``, ``Яндекс``: an organization's name, not a capitalised title."""
    if head.ent_type_ == "ORG" or (head.is_upper and len(head) > 1):
        return True
    return head.pos_ == "PROPN" and not is_common_noun(head.text)


def _names_itself(mention: Span, head: Token) -> bool:
    """``Министерстве здравоохранения Республики``, ``межрегиональном управлении
    Росавиации``: a body's own name, capitalised and going on in small letters, or with
    adjectives of its own; the genitive after it is no owner."""
    following = mention.doc[head.i + 1] if head.i + 1 < mention.end else None
    capitalised = (
        head.text[:1].isupper() and head.ent_type_ == "ORG" and following is not None
        and following.ent_iob_ == "I" and following.is_lower
    )
    # «региональном управлении СК»: a branch of the body named after it; not «данной
    # компании», «местной администрации», which point back to one named before
    own_adjective = any(t.pos_ == "ADJ" and t.head == head for t in mention if t.i < head.i)
    named_after = any(t.ent_type_ == "ORG" or _names_organization(t) for t in mention if t.i > head.i)
    return capitalised or (own_adjective and named_after)


def _organization_in(mention: Span, head: Token, speech_noun: bool) -> Span | None:
    """``Telegram-канале МЧС России``: the organization that owns the channel or statement.
    ``head`` is a speech noun (``speech_noun``) or an organization noun."""
    doc = mention.doc
    org_nouns = lexicon().org_nouns
    if not speech_noun and _names_itself(mention, head):
        return mention
    for token in doc[head.i + 1 : mention.end]:
        if token.is_punct:
            continue
        if token.ent_type_ == "ORG" or _names_organization(token):
            # «пресс-службе компании «Дальмостстрой»»: from the name on, marks included
            start = token.i - 1 if doc[token.i - 1].text in OPENS else token.i
            return doc[start : mention.end]
        if normal(token.lemma_) not in org_nouns:
            return None
    return None


def _head(mention: Span) -> Token:
    """The word the phrase hangs on: its syntactic root, or its first nominative noun."""
    root = mention.root
    if root.pos_ in ("NOUN", "PROPN", "PRON"):
        return root
    for token in mention:
        if token.pos_ in ("NOUN", "PROPN", "PRON") and case_of(token) in ("Nom", ""):
            return token
    return root
