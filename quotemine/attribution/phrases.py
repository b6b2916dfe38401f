"""The speaker and addressee phrases around a cue: subject in the nominative, addressee in the dative.

The dependency tree is tried first; where it is wrong or missing (news parsers
often hang the speaker on the quote), case morphology decides: ``сказал Ким
Путину`` splits into the nominative ``Ким`` and the dative ``Путину`` even when
NER made one name of them.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from ..annotation.features import case_of, feature
from ..annotation.lemmas import parses
from ..lexicon import lexicon, normal
from ..textspan import CLOSES, MARKS, OPENS, DocArrays, doc_arrays, is_word
from .cues import is_speech_noun

NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
# A subject may be a numeral or pronoun-like word: «один из адвокатов», «каждый».
SUBJECT_POS = NOMINAL | {"NUM", "DET", "ADJ"}
# Words a phrase may hold besides its head: «старший офицер управления МЧС России Рустам Рассаев».
PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "X"})


def is_pronoun(token: Token) -> bool:
    """``он``, ``она``, ``они`` and the possessives ``его``, ``её``, ``их`` (``по его словам``)."""
    if token.pos_ not in ("PRON", "DET"):
        return False
    pronouns = lexicon().pronouns
    return normal(token.lemma_) in pronouns or normal(token.text) in pronouns


def phrase(head: Token, lo: int, hi: int) -> Span:
    """The noun phrase around ``head`` within tokens ``[lo, hi)``.

    Grows left over adjectives and nouns (``глава МИД России Сергей``) and right over
    genitive and name words, stopping at punctuation, verbs and the other cases of a
    merged name (``Ким | Путину``).
    """
    doc = head.doc
    if is_pronoun(head):
        return Span(doc, head.i, head.i + 1)
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    head_case = case_of(head)
    start = head.i
    name_end = end_of_name(head, hi)
    while start - 1 >= lo and _joins(arrays, start - 1, head_case, left=True) and _attaches(
        tokens[start - 1], start, name_end
    ):
        start -= 1
    if start < head.i and case_of(tokens[start]) == "Gen" and start - 1 >= lo and tokens[start - 1].like_num:
        start += 1  # «27 февраля СМИ сообщили»: a date is not part of the speaker
    end = head.i + 1
    while end < hi:
        if texts[end] in OPENING_MARKS:
            # «пресс-служба «Аэрофлота»»: a quoted name belongs to the phrase
            close = quoted_name_end(doc, end)
            if not close or close > hi:
                break
            end = close
            continue
        if _coordinated(arrays, end, hi):
            end += 2  # «адвокаты Сенцова и Кольченко»
            continue
        if not _joins(arrays, end, head_case, left=False):
            break
        end += 1
    while start < head.i and (tokens[start].pos_ == "ADP" or tokens[start].is_punct):
        start += 1
    if end < hi and texts[end].lower() in IN and normal(head.lemma_) in lexicon().source_nouns:
        end = where_end(doc, end, hi)  # «источник в правоохранительных органах»
    if end < hi and texts[end].lower() == "из" and (
        head.pos_ in ("NUM", "DET", "ADJ") or normal(tokens[end - 1].lemma_) == "один"
    ):
        # «один из адвокатов подсудимого», «пресс-служба одного из операторов»
        end += 1
        while end < hi and (_joins(arrays, end, "Gen", left=False) or _participle(tokens[end])):
            end += 1  # «один из задержанных»: a participle standing for people
    while end > head.i + 1 and (tokens[end - 1].is_punct or tokens[end - 1].pos_ == "ADP"):
        end -= 1
    return Span(doc, start, end)


# A speech noun's owner comes within this many words: «заявлении официального представителя МИД».
OWNER_WINDOW = 5
# The preposition of place: «в Минобороны», «в заявлении», «источник в правительстве».
IN = frozenset({"в", "во"})


def noun_after(doc: Doc, at: int, hi: int) -> int | None:
    """The word after the preposition at ``at``, its adjectives and participles and an
    opening mark (``в официальном сообщении`` → ``сообщении``, ``в объединенной пресс-службе``,
    ``в «Авангарде»``), when it stands before ``hi``."""
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    i = at + 1
    while i < hi and (tokens[i].pos_ == "ADJ" or texts[i] in OPENING_MARKS or _participle(tokens[i])):
        i += 1
    return i if i < hi else None


def genitive_owner(doc: Doc, noun: Token, hi: int) -> Token | None:
    """Whose the words are: ``слова министра``, ``заявлении пресс-службы``; not across a
    preposition (``слова из песни группы «Кино»`` are nobody's speech)."""
    for token in doc_arrays(doc).tokens[noun.i + 1 : min(hi, noun.i + OWNER_WINDOW)]:
        if token.pos_ == "ADP":
            return None
        if token.pos_ in NOMINAL and case_of(token) == "Gen":
            return token
    return None


def _participle(token: Token) -> bool:
    return token.pos_ == "VERB" and "Part" in feature(token, "VerbForm") and bool(feature(token, "Case"))


def where_end(doc: Doc, at: int, hi: int) -> int:
    """After the ``в`` at ``at``: where a source is (``в силовых структурах региона``), a
    noun in the locative with its adjectives and genitive tail; ``at`` itself when there
    is none (``в интервью``, ``в беседе``, ``в ходе брифинга``, ``в понедельник`` say how or
    when, not who: speech nouns, ``occasion_nouns.txt`` and the accusative)."""
    i = noun_after(doc, at, hi)
    tokens = doc_arrays(doc).tokens
    if i is None or tokens[i].pos_ not in ("NOUN", "PROPN") or case_of(tokens[i]) != "Loc":
        return at
    if is_speech_noun(tokens[i]) or normal(tokens[i].lemma_) in lexicon().occasion_nouns:
        return at
    i += 1
    while i < hi and tokens[i].pos_ in ("NOUN", "PROPN", "ADJ") and case_of(tokens[i]) == "Gen":
        i += 1
    return i


# Words that open a reported clause (a closed class).
COMPLEMENTIZERS = frozenset({"что", "чтобы", "будто"})
# Cases no subject is in, whatever the parser says: «сказал Стрельцу глава района».
OBLIQUE = frozenset({"Dat", "Ins", "Loc"})
# Possessive pronouns of the third person (a closed class): they open the next phrase.
POSSESSIVES = frozenset({"его", "ее", "их", "свой"})
# Relative pronouns (a closed class, not a word list to tune): they open a clause.
RELATIVE = frozenset({"который", "какой", "чей", "кто", "что", "где", "куда", "откуда"})
OPENING_MARKS = frozenset(OPENS)


def quoted_name_end(doc: Doc, i: int) -> int:
    """End of a quoted name of a few words opening at token ``i`` (``"Интерфаксу"``), else 0."""
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    for j in range(i + 1, min(i + 6, len(tokens))):
        if texts[j] in CLOSES:
            return j + 1 if j > i + 1 else 0
        if not (is_word(tokens[j]) or texts[j] in "-."):
            return 0
    return 0


def _coordinated(arrays: DocArrays, i: int, hi: int) -> bool:
    """``и`` joining two names in the same oblique case inside one phrase."""
    if arrays.texts[i].lower() != "и" or i + 1 >= hi or i == 0:
        return False
    tokens = arrays.tokens
    before, after = tokens[i - 1], tokens[i + 1]
    return (
        before.pos_ == "PROPN" and after.pos_ == "PROPN"
        and case_of(before) not in ("", "Nom") and case_of(before) == case_of(after)
    )


def end_of_name(head: Token, hi: int) -> int:
    tokens = doc_arrays(head.doc).tokens
    end = head.i + 1
    while end < hi and tokens[end].pos_ == "PROPN":
        end += 1
    return end


def _attaches(token: Token, start: int, end: int) -> bool:
    """A word left of the phrase belongs to it when the tree hangs it inside the phrase
    (``старший`` → ``офицер``), not when it modifies the verb (``после завершения заседания``)."""
    node = token
    for _ in range(6):
        if start <= node.i < end:
            return True
        head = node.head  # a new Token on every read: read once
        if head == node:
            return False
        node = head
    return False


def _joins(arrays: DocArrays, i: int, head_case: str, left: bool) -> bool:
    """May token ``i`` join a phrase whose head is in ``head_case``, on its ``left`` or right?"""
    token, text = arrays.tokens[i], arrays.texts[i]
    pos = token.pos_
    if normal(token.lemma_) in RELATIVE or "Rel" in feature(token, "PronType"):
        return False  # «дорогах, которые нарушители считают»: a relative clause starts
    if not left and pos in ("DET", "PRON") and (feature(token, "Poss") or normal(text) in POSSESSIVES):
        return False  # «в австрийском МИД | их деятельность»: a possessive opens the next phrase
    if not left and pos == "PROPN" and token.ent_iob_ == "I" and case_of(token) == "Nom" and (
        case_of(arrays.tokens[i - 1]) == "Gen"
    ):
        return True  # «Республики Башкортостан»: a name's nominative word after its genitive
    if text.isspace() or "\n" in text:
        return False
    if text in MARKS and not left:
        return False
    if token.is_punct and text not in MARKS and text != "-":
        return False
    if left and token.like_num:
        return False
    if pos not in PHRASE_POS and text not in MARKS:
        if left and _participle(token) and case_of(token) == head_case:
            return True  # «объединенной пресс-службе»: a participle agreeing like an adjective
        return pos == "ADP" and not left and text.lower() in {"по", "с"}
    case = case_of(token)
    if not left and head_case and case and case not in ("Gen", head_case) and pos in NOMINAL | {"ADJ"}:
        if case != "Dat":  # the dative has its own rule below
            return False  # «в союзе | решение правительства»: another phrase starts
    if not left and case in ("Dat", "Loc") and arrays.texts[i - 1].lower() == "по" and pos == "PROPN":
        return True  # «ГСУ СК России по Москве»: the region a body is for
    if pos == "PROPN" and head_case and case and case != head_case:
        # a proper name in another case starts the next phrase, unless it is the
        # genitive tail of a title: «глава МИД России»
        return case == "Gen" and left is False and _gen_tail_allowed(token)
    if not left and head_case and case == "Dat" and head_case != "Dat" and pos in NOMINAL:
        before = arrays.tokens[i - 1]
        # «сказал Ким Путину»: the dative is the addressee, unless a preposition governs it
        # («Министерство по чрезвычайным ситуациям»)
        return before.pos_ == "ADP" or (before.pos_ == "ADJ" and case_of(before) == "Dat")
    return True


def _gen_tail_allowed(token: Token) -> bool:
    """A genitive name after the head belongs to it: ``адвокат Глухова``, ``глава МИД России``."""
    return token.is_upper or token.ent_type_ in ("ORG", "LOC", "PER")


def subject_of(verb: Token, lo: int, hi: int, skip: tuple[int, int] = (0, 0)) -> Token | None:
    """The speaker head for ``verb`` within tokens ``[lo, hi)``, outside ``skip``."""
    def inside(t: Token) -> bool:
        return lo <= t.i < hi and not skip[0] <= t.i < skip[1] and normal(t.lemma_) not in RELATIVE

    subject = subject_child(verb, lambda c: c.pos_ in SUBJECT_POS and inside(c))
    if subject is not None:
        return subject
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head.i < verb.i:
        # «Мэр ответил, что ..., и заверил: «...»»: the first verb's subject
        subject = subject_child(head, lambda c: c.pos_ in SUBJECT_POS and inside(c))
        if subject is not None:
            return subject
    doc = verb.doc
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    finite = "Fin" in feature(verb, "VerbForm")
    # nearest nominative nominal, after the verb first («— сказал министр»), then before it;
    # not across «что» into the words reported
    for order in (range(verb.i + 1, hi), range(verb.i - 1, lo - 1, -1)):
        for i in order:
            if finite and texts[i].lower() in COMPLEMENTIZERS:
                break
            if tokens[i].pos_ in NOMINAL and inside(tokens[i]) and case_of(tokens[i]) == "Nom":
                return tokens[i]
    return None


def subject_child(verb: Token, keep: Callable[[Token], bool]) -> Token | None:
    """The verb's subject in the tree, among the children that ``keep`` allows and not in
    an oblique case. Of two the parser gave («Прокуратура начала проверку, а прокурор
    назвал»), the one agreeing with the verb, then one whose form can be a nominative
    («сказал Стрельцу глава района», the dative tagged as a nominative)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and case_of(c) not in OBLIQUE and keep(c)]
    if len(subjects) < 2:
        return subjects[0] if subjects else None
    return min(subjects, key=lambda c: (not agrees(c, verb), not _may_be_nominative(c)))


def _may_be_nominative(token: Token) -> bool:
    return not token.is_alpha or any("nomn" in p.tag for p in parses(token.text))


def agrees(noun: Token, verb: Token) -> bool:
    """Number, and gender unless the noun is animate: a person's title keeps its own
    (``министр ... заявила``)."""
    verb_number, noun_number = feature(verb, "Number"), feature(noun, "Number")
    if verb_number and noun_number and verb_number != noun_number:
        return False
    verb_gender, noun_gender = feature(verb, "Gender"), feature(noun, "Gender")
    return not (
        verb_gender and noun_gender and "Plur" not in verb_number and verb_gender != noun_gender
        and "Anim" not in feature(noun, "Animacy")
    )


def object_of(verb: Token, lo: int, hi: int) -> Token | None:
    """``цитирует Лаврова ТАСС``: the accusative (or genitive) person the verb cites."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in ("obj", "iobj") and lo <= child.i < hi and child.pos_ in NOMINAL:
            return child
    for token in doc_arrays(doc).tokens[verb.i + 1 : hi]:
        if token.pos_ in NOMINAL and case_of(token) in ("Acc", "Gen"):
            return token
    return None


def addressee_of(verb: Token, lo: int, hi: int, speaker: Span | None) -> Token | None:
    """The dative nominal the words were said to: ``сказал Ким Путину`` → ``Путину``."""
    doc = verb.doc
    taken = range(speaker.start, speaker.end) if speaker is not None else range(0)
    for child in verb.children:
        # «сказал он ТАСС»: indeclinable outlets carry no dative, the tree still says iobj
        if child.dep_ == "iobj" and lo <= child.i < hi and child.i not in taken and child.pos_ in NOMINAL:
            return child
    tokens = doc_arrays(doc).tokens
    for i in list(range(verb.i + 1, hi)) + list(range(verb.i - 1, lo - 1, -1)):
        token = tokens[i]
        if i in taken or token.pos_ not in NOMINAL:
            continue
        if case_of(token) == "Dat" and (token.head == verb or token.head.i in taken or abs(i - verb.i) <= 3):
            return token
    return None
