"""Is a quoted span someone's words, and if so a full statement or a woven fragment?

Quotation marks in Russian news wrap names as often as speech: ``агентство
"Интерфакс"``, ``космодром «Восточный»``. The decision rests on what a reader
sees: the word before the opening mark (a trigger noun, an upper-case
abbreviation, ``так называемый``), how the span sits in its sentence (after a
colon, before ``, — сказал``), and the span's own shape (a few capitalised words
with no verb is a name).
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from spacy.tokens import Doc, Token

from ..annotation.features import case_of, feature
from ..annotation.lemmas import parses
from ..attribution.cues import cue_phrase_at, is_speech_noun, is_speech_verb
from ..lexicon import lexicon, normal, scare_markers_by_last_word
from ..textspan import (
    CLOSES,
    DASHES,
    SENTENCE_END,
    by_word,
    doc_arrays,
    doc_text,
    first_word,
    is_word,
    next_char,
    prev_char,
    sent_bounds,
    token_at,
    token_range,
)

# «... сказал. Потом ...»: a sentence end, one space, then (looked at by the lookahead) the
# next character, which must be a capital.
# Any whitespace (``\s`` is ``str.isspace``), searched in place in the text.
_SPACE = re.compile(r"\s")
_SENTENCE_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_END))) + "] (?=(.))", re.DOTALL)

Left = Literal["start", "colon", "intro", "woven"]
Right = Literal["end", "dash", "colon", "comma", "woven"]

# How far back a trigger noun may stand: «телеканалу «СТБ»», «российская компания «Яндекс»».
TRIGGER_WINDOW = 3
NAME_MAX_WORDS = 5
# Parts of speech a title of a few words does without: «Это не так» is speech, «Итоги года» a name.
SPEECH_POS = frozenset({"VERB", "AUX", "PRON", "PART", "ADV", "SCONJ", "INTJ"})


def left_context(doc: Doc, open_at: int) -> Left:
    """Where the opening mark stands in its sentence."""
    text = doc_text(doc)
    char, at = prev_char(text, open_at)
    if char in ("", "\n") or char in SENTENCE_END or char in "«„“\"(":
        return "start"
    if char == ":":
        return "colon"
    if char in DASHES:
        before, _ = prev_char(text, at)
        return "start" if before in ("", "\n", ":") or before in SENTENCE_END else "woven"
    if char == "," and _opens_with_cue_phrase(doc, at):
        return "intro"
    return "woven"


def _opens_with_cue_phrase(doc: Doc, comma_at: int) -> bool:
    """``По словам Кима, «...»`` / ``Как говорится в сообщении, "..."``."""
    comma = token_at(doc, comma_at)
    sent_start, _ = sent_bounds(doc, comma)
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    first = first_word(texts, sent_start, comma)
    if first is None:
        return False
    if cue_phrase_at(doc, first):
        return True
    # Как отметил министр, ... / Как говорится в заявлении, ...
    return texts[first].lower() == "как" and any(
        is_speech_verb(token) for token in tokens[first + 1 : comma]
    )


def right_context(doc: Doc, close_at: int) -> Right:
    """What follows the closing mark: the end of a sentence, an attribution dash, more text."""
    text = doc_text(doc)
    char, at = next_char(text, close_at + 1)
    if char in ("", "\n"):
        return "end"
    if char in DASHES:
        return "dash"
    if char in ",.!?…":
        after, _ = next_char(text, at + 1)
        if after in DASHES:
            return "dash"
        if char == ",":
            return "comma"
        if after in ("", "\n") or after.isupper() or after in "«\"„“(—–-":
            return "end"
        return "woven"
    if char == ":":
        return "colon"
    if char == "(":
        return "end"
    if char in CLOSES:
        return "end"
    if char.isupper() and prev_char(text, close_at)[0] in SENTENCE_END:
        return "end"  # «... запасайтесь!» Автор не указан: the sentence ended inside the marks
    return "woven"


def is_term_adjective(doc: Doc, start: int, end: int, close_at: int) -> bool:
    """``та же «пересадочная» система``, ``отменили «бумажные» проездные``: one relational
    adjective in marks, agreeing with the noun right after them, is the writer's term.
    Not a qualitative one (``«незначительные» изменения``, somebody's judgement), nor one
    that does not agree (``назвал «преждевременными» разговоры``: what they were called)."""
    if _SPACE.search(doc_text(doc), start, end):
        return False  # more than one word: the cheap test first, this runs for every span
    first, last = token_range(doc, start, end)
    arrays = doc_arrays(doc)
    tokens, texts, starts = arrays.tokens, arrays.texts, arrays.starts
    words = [tokens[i] for i in range(first, last) if is_word(tokens[i])]
    if len(words) != 1:
        return False
    word = words[0]
    readings = parses(word.text.lower())
    if not readings or not all({"ADJF", "PRTF"} & p.tag.grammemes for p in readings):
        return False
    if any("Qual" in p.tag for p in readings):
        return False
    after = range(token_at(doc, close_at) + 1, len(tokens))
    noun = next((tokens[i] for i in after if not texts[i].isspace() and starts[i] > close_at), None)
    return (
        noun is not None and noun.pos_ in ("NOUN", "PROPN", "ADJ")
        and feature(word, "Case") == feature(noun, "Case") and feature(word, "Number") == feature(noun, "Number")
    )


def is_scare_quote(doc: Doc, open_at: int) -> bool:
    """``так называемые "источники"``: the writer's own distance, nobody's words."""
    before = doc_text(doc)[max(0, open_at - 40) : open_at]
    last = before.rsplit(None, 1)
    # The last word looked up first (most spans stop here); folding commutes with the
    # split, as no character changes between space and non-space when lower-cased.
    markers = scare_markers_by_last_word().get(normal(last[-1]), ()) if last else ()
    if not markers:
        return False
    words = normal(before).split()
    return any(tuple(words[-len(marker) :]) == marker for marker in markers)


def has_name_trigger(doc: Doc, open_at: int) -> bool:
    """A trigger noun or an upper-case abbreviation right before the opening mark."""
    first = token_at(doc, open_at)
    arrays = doc_arrays(doc)
    tokens, texts, starts = arrays.tokens, arrays.texts, arrays.starts
    seen = 0
    for i in range(first - 1, -1, -1):
        text = texts[i]
        if starts[i] >= open_at:
            continue
        if text.isspace():
            continue
        if not text.isalpha() and "-" not in text:
            return False
        if seen == 0 and text.isupper() and len(text) <= 5 and len(text) >= 2:
            return True  # АФК «Система», РИА «Новости», ЗРК «Бук»
        token = tokens[i]
        if _is_name_trigger(token):
            return True
        seen += 1
        if seen >= TRIGGER_WINDOW or token.pos_ in {"VERB", "AUX"}:
            return False
    return False


@by_word
def _is_name_trigger(token: Token) -> bool:
    """``компания``, ``РИА``, ``Telegram-канал``: a word (its lemma, the lemma's last part
    or the word as written) that names what the next quoted words are."""
    triggers = lexicon().name_triggers
    word = normal(token.lemma_)
    return word in triggers or word.rsplit("-", 1)[-1] in triggers or normal(token.text) in triggers


def labels_speakers(doc: Doc, open_at: int, start: int, end: int) -> bool:
    """``высказывания "источников"``: a quoted word that owns the speech noun before it
    labels the speakers; the writer's distance, not their words."""
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    # the speech noun first: few marks follow one, and the quoted words need token_range
    before = next((i for i in range(token_at(doc, open_at) - 1, -1, -1) if not texts[i].isspace()), None)
    if before is None or not is_speech_noun(tokens[before]):
        return False
    first, last = token_range(doc, start, end)
    words = list(itertools.islice((i for i in range(first, last) if texts[i].isalpha()), 2))
    return len(words) == 1 and case_of(tokens[words[0]]) == "Gen"


def capitalised(content: str) -> bool:
    """Names and titles start with a capital, a digit or a Latin letter; speech fragments
    woven into a sentence (``назвал игру "почти безупречной"``) do not."""
    content = content.strip()
    return bool(content) and (content[0].isupper() or content[0].isdigit() or _latin(content[0]))


def looks_like_name(doc: Doc, start: int, end: int) -> bool:
    """A few capitalised words with no verb: «Газпром», "Итоги года", «Кухня Яндекс.Дзена»."""
    content = doc_text(doc)[start:end].strip()
    if not capitalised(content):
        return False
    (first, last), arrays = token_range(doc, start, end), doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    words = list(itertools.islice(  # one more than a name may have is enough to know
        (
            tokens[i] for i in range(first, last)
            if texts[i].isalpha() or "-" in texts[i] or tokens[i].like_num  # «Гранит-Строй», «Метеор-М»
        ),
        NAME_MAX_WORDS + 1,
    ))
    if not words or len(words) > NAME_MAX_WORDS:
        return False
    if any(token.pos_ in SPEECH_POS for token in words):
        return False
    return "!" not in content and "?" not in content and not is_sentences(content)


def _latin(char: str) -> bool:
    return "a" <= char.lower() <= "z"


def is_sentences(content: str) -> bool:
    """More than one sentence inside the marks: ``Нет. Не могу прокомментировать``."""
    return any(match.group(1).isupper() for match in _SENTENCE_BREAK.finditer(content))


def is_statement(doc: Doc, start: int, end: int) -> bool:
    """A full clause or more: has a verb or several sentences, not a short phrase."""
    (first, last), arrays = token_range(doc, start, end), doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    words, verb = 0, False  # three words and a verb among them; most quotes have both early
    for i in range(first, last):
        if texts[i].isalpha():
            words += 1
            verb = verb or tokens[i].pos_ in ("VERB", "AUX")
            if words >= 3 and verb:
                return True
    return is_sentences(doc_text(doc)[start:end])


def speaker_pattern_follows(doc: Doc, close_at: int) -> bool:
    """``«...», — сказал X`` / ``«...» — X сказал``: a speech verb within a few words."""
    first = token_at(doc, close_at) + 1
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    words = 0
    for i in range(first, min(first + 12, len(texts))):
        if "\n" in texts[i]:
            return False
        if not texts[i].isalpha():
            continue
        if is_speech_verb(tokens[i]):
            return True
        words += 1
        if words >= 6:
            break
    return False
