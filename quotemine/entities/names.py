"""Put a mention into the nominative: ``Дмитрия Пескова`` → ``Дмитрий Песков``.

pymorphy3 inflects word by word. Names are inflected with the readings that are
names (Name/Surn/Patr) in the case the parser gave, keeping one gender across the
name, so ``Марии Захаровой`` becomes ``Мария Захарова`` and not ``Мария Захаров``.
A description keeps its genitive tail (``представителя Кремля`` → ``представитель
Кремля``): only the head and the words that agree with it change.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pymorphy3.units import KnownPrefixAnalyzer
from spacy.tokens import Token

from ..annotation.features import case_of, feature
from ..annotation.lemmas import NAME_GRAMMEMES, parses, pos_of
from ..lexicon import lexicon, normal
from ..textspan import CLOSES, OPENS, doc_text, is_word, token_texts

UD_TO_OC_CASE = {
    "Nom": "nomn",
    "Gen": "gent",
    "Dat": "datv",
    "Acc": "accs",
    "Ins": "ablt",
    "Loc": "loct",
}


def _restore_case(original: str, word: str) -> str:
    """The writer's capitals, and their е where pymorphy3 spells ё (``объединенная``)."""
    if "ё" not in original.lower():
        word = word.replace("ё", "е")
    if original.isupper() and len(original) > 1:
        return word.upper()
    if "-" in original and original.count("-") == word.count("-"):  # «Северо-Западное»
        return "-".join(_restore_case(o, w) for o, w in zip(original.split("-"), word.split("-"), strict=True))
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Words that agree with the head of a description and are put in the nominative with it.
AGREEING_POS = frozenset({"ADJ", "DET", "NUM", "VERB"})
# Every quotation mark ``without_outer_marks`` looks at.
MARK_CHARS = frozenset(OPENS + CLOSES)

# The short names of ministries: «Минфин», «Минобороны».
MINISTRY = "мин"


@lru_cache(maxsize=100_000)
def nominative_word(word: str, case: str = "", gender: str = "", name: bool = False) -> str:
    """One word in the nominative, or the word itself when pymorphy3 cannot tell.

    ``case`` and ``gender`` are UD values from the parse (``Gen``, ``Fem``); with
    ``name`` the readings that are first names, surnames or patronymics win.
    """
    # «пресс-службе» → «пресс-служба»: pymorphy3 reads a hyphenated noun whole; a double
    # name's parts each have their own case and come one by one (``nominative_name``)
    letters = word.replace("-", "") if not name and word.count("-") == 1 else word
    if not letters.isalpha() or (word.isupper() and len(word) > 1):
        return word  # ТАСС, МИД, Ryanair: abbreviations and Latin stay as written
    if any("a" <= char.lower() <= "z" for char in word) or (not name and _fixed_contraction(word)):
        return word
    if name and case in ("Nom", ""):
        return word  # the parser read it as a nominative: trust the writer's spelling
    options = parses(word)
    oc_case = UD_TO_OC_CASE.get(case, "")
    if name and not any(
        oc_case in p.tag and any(t in p.tag for t in NAME_GRAMMEMES) for p in options
    ):
        return surname_nominative(word, case, gender)
    if not options:
        return word
    oc_gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(gender, "")

    def rank(parse) -> tuple:
        tag = parse.tag
        return (
            name and any(t in tag for t in NAME_GRAMMEMES),
            bool(oc_case) and oc_case in tag,
            bool(oc_gender) and oc_gender in tag,
            pos_of(tag) in {"NOUN", "ADJF", "PRTF"},
            parse.score,
        )

    best = max(options, key=rank)
    if "nomn" in best.tag and (not oc_case or oc_case == "nomn"):
        return word
    grams = {"nomn"}
    if "plur" in best.tag:
        grams.add("plur")
    elif "sing" in best.tag or "Sgtm" in best.tag:
        grams.add("sing")
    inflected = best.inflect(grams) or best.inflect({"nomn"})
    if inflected is None:
        return word
    return _restore_case(word, inflected.word)


def _fixed_contraction(word: str) -> bool:
    """``Минцифры``, ``Минприроды``, ``Минпросвещения``: «мин» and a feminine or neuter
    noun in the genitive, a name that never changes (``Минтранса`` is ``Минтранс``'s)."""
    if not word.lower().startswith(MINISTRY) or len(word) < len(MINISTRY) + 3:
        return False
    tail = word[len(MINISTRY) :].lower()
    return any(
        p.is_known and {"NOUN", "gent", "sing"} <= p.tag.grammemes and p.tag.gender in ("femn", "neut")
        for p in parses(tail)
    )


def may_be_indeclinable(word: str) -> bool:
    """``Лоренцо``, ``Бьянки``: a reading that never changes form, so the case a parser
    gave it says nothing."""
    return any("Fixd" in p.tag for p in parses(word))


def is_common_noun(word: str) -> bool:
    """``Глава``, ``Врач-эпидемиолог``: a dictionary noun, whatever its capital letter."""
    return _dictionary_noun(word, False)


def is_person_noun(word: str) -> bool:
    """``Еврокомиссар``, ``Врач-эпидемиолог``: an animate dictionary noun, a title and not a
    name even when it opens a sentence with a capital (``Макрон`` the diacritic is inanimate)."""
    return _dictionary_noun(word, True)  # positional: the cache's key is cheaper


@lru_cache(maxsize=50_000)
def _dictionary_noun(word: str, animate: bool) -> bool:
    """A noun pymorphy3 knows, not as a name; with ``animate``, an animate one. The part
    after the last hyphen decides (``врач-эпидемиолог``). An animate word coined from a
    known prefix and a dictionary noun (``Теледоктор``, ``Экспремьер``) counts when that is
    its likeliest reading: a title, though no dictionary lists it (an inanimate one, such
    as ``Авиасейлс``, is more likely a brand)."""
    tail = word.rsplit("-", 1)[-1]
    readings = parses(tail)
    return any(
        pos_of(p.tag) == "NOUN" and (p.is_known or (k == 0 and "anim" in p.tag and _known_prefix(p))) and (not animate or "anim" in p.tag)
        and not any(t in p.tag for t in NAME_GRAMMEMES)
        for k, p in enumerate(readings)
    )


def _known_prefix(parse) -> bool:
    """pymorphy3 read the word as a known prefix (``теле``, ``экс``) on a dictionary word."""
    return any(isinstance(step[0], KnownPrefixAnalyzer) for step in parse.methods_stack)


@lru_cache(maxsize=50_000)
def has_name_reading(word: str) -> bool:
    """pymorphy3 knows the word as a first name, surname or patronymic."""
    return any(any(t in p.tag for t in NAME_GRAMMEMES) for p in parses(word))


def surname_nominative(word: str, case: str, gender: str) -> str:
    """A surname pymorphy3 does not know as one (``Ситникова``, ``Блинкена``), by its
    ending; one that is a man's noun (``Стрельца``, ``Лебедя``) by that noun."""
    oc_case = UD_TO_OC_CASE.get(case, "")
    if oc_case and gender in ("Masc", ""):
        for parse in parses(word):
            if parse.is_known and {"NOUN", "anim", "masc", "sing", oc_case} <= parse.tag.grammemes:
                inflected = parse.inflect({"nomn", "sing"})
                if inflected is not None:
                    return _restore_case(word, inflected.word)
    endings = lexicon().surname_endings
    lower = word.lower()
    for key in ((case, gender or "Masc"), (case, "-")):
        for ending, nominative in endings.get(key, ()):
            if lower.endswith(ending) and len(lower) > len(ending):
                return _restore_case(word, lower[: -len(ending)] + nominative)
    return word


@lru_cache(maxsize=50_000)
def may_be_feminine_nominative(word: str) -> bool:
    """``Сардана``, ``Иванова``: a reading as a woman's word in the nominative."""
    return any({"nomn", "femn"} <= p.tag.grammemes for p in parses(word))


def womans_name_as_written(tokens: Sequence[Token]) -> bool:
    """Words of a name that all read as a woman's nominative, one of them so tagged: the
    writer's nominative, whatever case the tagger gave the others (``Сардана Иванова``
    is not a man's genitive)."""
    words = [t for t in tokens if t.is_alpha]
    if len(words) < 2:
        return False  # what ``_reads_as_womans`` says of one word, without reading its case
    return _reads_as_womans([t.text for t in words], [case_of(t) for t in words])


def _reads_as_womans(texts: Sequence[str], cases: Sequence[str]) -> bool:
    return len(texts) >= 2 and "Nom" in cases and all(may_be_feminine_nominative(text) for text in texts)


def nominative_name(tokens: Sequence[Token]) -> str:
    """A person's name in the nominative, one gender for all its words."""
    words = []
    for token in tokens:  # each text read once: People asks this of every mention
        text = token.text
        if token.is_alpha or "-" in text:
            words.append((text, feature(token, "Gender"), case_of(token)))
    return _nominative_name(tuple(words))


@lru_cache(maxsize=50_000)
def _nominative_name(words: tuple[tuple[str, tuple[str, ...], str], ...]) -> str:
    """``words``: (text, gender, case) of each word: a text names the same people over
    and over, and this is the same answer each time."""
    texts = [text for text, _, _ in words]
    if _reads_as_womans(texts, [case for _, _, case in words]):
        return " ".join(texts)  # see ``womans_name_as_written``
    gender = next((g[0] for _, g, _ in words if g), "")
    gender = _name_gender(tuple(text for text, _, _ in words)) or gender
    return " ".join(
        # «Фомину-Лазареву», «Касым-Жомартом»: each part of a double name has its own case
        "-".join(nominative_word(part, case, gender, name=True) for part in text.split("-"))
        for text, _, case in words
    )


def _name_gender(words: Sequence[str]) -> str:
    """The gender a name's words agree on, from pymorphy3's name readings."""
    votes = {"Masc": 0, "Fem": 0, "": 0}
    for word in words:
        votes[_name_reading_gender(word)] += 1
    if votes["Fem"] > votes["Masc"]:
        return "Fem"
    if votes["Masc"] > votes["Fem"]:
        return "Masc"
    return ""


@lru_cache(maxsize=50_000)
def _name_reading_gender(word: str) -> str:
    """The gender of the first name reading among the word's three likeliest, if any."""
    for parse in parses(word)[:3]:
        if any(t in parse.tag for t in NAME_GRAMMEMES):
            if "femn" in parse.tag:
                return "Fem"
            if "masc" in parse.tag:
                return "Masc"
            return ""
    return ""


def nominative_phrase(tokens: Sequence[Token], head: Token) -> str:
    """A description or organization with its head (and agreeing words) in the nominative.
    ``tokens``: consecutive words of the doc."""
    head_case = case_of(head)
    inflected = head_case not in ("", "Nom")  # else every word stays as written
    if not inflected and tokens:
        return without_outer_marks(_written(tokens))
    head_i = head.i
    texts = token_texts(head.doc)
    out = []
    last = len(tokens) - 1
    for k, token in enumerate(tokens):
        i = token.i
        if i > head_i:  # the words after the head stay as written (``обороны России``)
            out.append(_written(tokens[k:]))
            break
        text = texts[i]
        if (i == head_i or (token.pos_ in AGREEING_POS and case_of(token) == head_case)) and (
            token.is_alpha or "-" in text
        ):
            gender = feature(token, "Gender")
            out.append(nominative_word(text, head_case, gender[0] if gender else ""))
        else:
            out.append(text)
        if k < last and token.whitespace_:
            out.append(" ")
    return without_outer_marks("".join(out))


def organization_name(tokens: Sequence[Token], head: Token) -> str:
    """An organization's name in the nominative. A noun that says what kind of body it is,
    before the name that says which (``завод «Волгатрак»``, ``издание Politico``), is not
    part of the name; a genitive says which too and stays (``Банк России``)."""
    name = name_after_kind(tokens) or _quoted_after_kind(tokens)
    if name is not None:
        return without_outer_marks(_written(name, trailing_space=True))
    return nominative_phrase(tokens, head)


def _written(tokens: Sequence[Token], trailing_space: bool = False) -> str:
    """The doc's text the consecutive ``tokens`` cover, the last one's trailing space too
    with ``trailing_space``: what joining their texts and spaces gives, sliced from the
    doc's text instead of reading every word's text and space (a new string each)."""
    first, last = tokens[0], tokens[-1]
    end = last.idx + len(last)
    return doc_text(first.doc)[first.idx : end + len(last.whitespace_) if trailing_space else end]


def _quoted_after_kind(tokens: Sequence[Token]) -> Sequence[Token] | None:
    """A quoted name after a kind word, a proper noun or further in: ``ПАО «Новохимпласт»``,
    ``Выручка ПАО "Новохимпласт"`` tagged as one organization, is Новохимпласт."""
    triggers = lexicon().name_triggers
    for k in range(len(tokens) - 2):
        if tokens[k + 1].text in OPENS and (normal(tokens[k].lemma_) in triggers or tokens[k].lower_ in triggers):
            # the tagger may leave the closing mark out: «ПАО «Северный завод»
            closing = next((j for j in range(k + 2, len(tokens)) if tokens[j].text in CLOSES), len(tokens) - 1)
            if closing > k + 1:
                return tokens[k + 1 : closing + 1]
    return None


def name_after_kind(tokens: Sequence[Token]) -> Sequence[Token] | None:
    """The name after ``[adjectives] kind-noun``: quoted, or proper nouns in the nominative
    or with no case (a Latin name): an apposition (``компании Яндекс``, ``издания Politico``).
    A proper noun in an oblique case modifies the noun (``банка Германии``)."""
    i = 0
    while i < len(tokens) and tokens[i].pos_ == "ADJ":
        i += 1
    if i + 1 >= len(tokens) or tokens[i].pos_ != "NOUN" or normal(tokens[i].lemma_) not in lexicon().name_triggers:
        return None
    rest = tokens[i + 1 :]
    if rest[0].text in OPENS:
        return rest if any(is_word(t) for t in rest) else None
    words = [t for t in rest if t.is_alpha]
    if words and all(t.pos_ in ("PROPN", "X") and case_of(t) in ("", "Nom") for t in words):
        return rest
    return None


def without_outer_marks(text: str) -> str:
    """``«Газпром»`` → ``Газпром``: marks around the whole name go, and a mark at an end
    whose partner the mention left out; marks inside stay (``пресс-служба завода
    «Волгатрак»``), and one left open inside is closed (``завод «Волгатрак``)."""
    if MARK_CHARS.isdisjoint(text):
        return text.strip()  # what the steps below come to when there is no mark at all
    original = text
    text = text.strip()
    while len(text) > 1 and text[0] in OPENS and text[-1] in CLOSES and _open_marks(text[1:-1]) == 0:
        text = text[1:-1].strip()
    if text[:1] in OPENS and _open_marks(text) != 0:
        text = text[1:].strip()
    if text[-1:] in CLOSES and _open_marks(text) != 0:
        text = text[:-1].strip()
    unclosed = _open_marks(text)
    if not text.strip(OPENS + CLOSES + " "):
        return original.strip()  # marks and nothing else: no name to take them from
    return text + "»" * unclosed if unclosed > 0 else text


def _open_marks(text: str) -> int:
    """«» left open at the end (-1: one closed that never opened); straight quotes must pair."""
    depth = 0
    for char in text:
        if char == "«":
            depth += 1
        elif char == "»":
            depth -= 1
            if depth < 0:
                return -1
    return depth if text.count('"') % 2 == 0 else -1
