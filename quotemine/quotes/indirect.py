"""Indirect speech: reported content with neither quotation marks nor dashes.

Four shapes, each found from its cue:

- ``X заявил, что CONTENT``: a speech verb, participle, gerund or noun before a
  ``что``/``чтобы``/``будто`` clause (also ``о том, что``, ``на то, что``, and a colon
  with no quotation mark after it);
- ``По словам X, CONTENT`` / ``Как отметил X, CONTENT`` / ``Согласно заявлению X, ...``;
- ``CONTENT, заявил X``: the cue after the content, a headline's comma with no dash;
- ``CONTENT. Об этом заявил X``: an anaphoric cue for the sentence before.

The content runs from the first word after the complementizer or cue to the end of
the clause, without its final period (GUIDELINES.md, ``indirect``). Impersonal cues
with no speaker (``Уточняется, что``) and agency credit lines (``..., сообщает
ТАСС``) are left out.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Token

from ..annotation.features import feature
from ..attribution.cues import (
    cue_phrase_at,
    cue_tokens,
    is_channel,
    is_credit_verb,
    is_impersonal,
    is_speech_noun,
    is_speech_verb,
    opens_with_report,
)
from ..attribution.phrases import COMPLEMENTIZERS, IN, OWNER_WINDOW, genitive_owner, noun_after, where_end
from ..lexicon import cue_phrases_by_first_word, lexicon, normal
from ..textspan import (
    CLOSES,
    DASHES,
    OPENS,
    SENTENCE_END,
    DocArrays,
    doc_arrays,
    doc_text,
    first_word,
    is_word,
    sent_starts,
)
from .found import Found
from .marks import paired_marks

# How far back from «, что» the cue may stand: «сообщил журналистам в суде, что».
CUE_WINDOW = 6
TAIL_TOKENS = 14
MIN_CONTENT_WORDS = 2
# Longest content, in tokens. No sentence of news runs this long; without a bound, a text
# of one endless sentence made every content cost the rest of the text (quadratic).
MAX_CONTENT_TOKENS = 400
# How far into a sentence a dateline may run: «ЕКАТЕРИНБУРГ, 12 апреля 2024 года. /Интерфакс/ -»;
# one ending in anything but an /agency/ is shorter («Киров. 16 октября. INTERFAX.RU -»).
DATELINE_TOKENS = 12
SHORT_DATELINE_TOKENS = 10
# «Об этом заявил X» reports one of this many sentences before it.
ABOUT_THIS_REACH = 3


def _case_forms(words: frozenset[str]) -> frozenset[str]:
    """Every spelling whose ``str.lower()`` (spaCy's ``lower_``) is one of the lower-case
    ``words``: each letter as itself or its capital. (For the complementizers no other
    code point lowers to anything holding one of their letters: tests/test_indirect.py
    checks it over all of Unicode.)"""
    return frozenset(
        "".join(spelling)
        for word in words
        for spelling in itertools.product(*({char, char.upper()} for char in word))
    )


# Complementizers and the colon as they may be written: the tokens a reported clause
# hangs on, found by a string test on the token texts.
_CLAUSE_MARK_FORMS = _case_forms(COMPLEMENTIZERS | {":"})
# What a content does not end with: «..., что X, — »
_CLAUSE_END_PUNCT = ",;:" + "".join(DASHES)


def indirect_quotes(doc: Doc) -> Iterator[Found]:
    """Indirect quotes of the doc, sentence by sentence (each a ``(start, end)`` token
    range: no Span is made for the many sentences without a cue)."""
    starts = sent_starts(doc)
    sents = list(zip(starts, starts[1:] + [len(doc)]))
    # The few tokens the cues hang on, found once from the token texts (a string test,
    # not a lower-case id array): walking every sentence token by token for them cost
    # more than everything else done here.
    arrays = doc_arrays(doc)  # handed down: one per-doc lookup, not one per function
    texts = arrays.texts
    clause_marks = [i for i, word in enumerate(texts) if word in _CLAUSE_MARK_FORMS]
    commas = [i for i, word in enumerate(texts) if word == ","]
    cues = cue_tokens(doc)
    quoted = [False] * len(sents)  # a sentence already holding reported content
    for index, sent in enumerate(sents):
        if not _within(cues, sent):
            continue  # no word that could report speech
        found = list(_that_clauses(arrays, sent, _within(clause_marks, sent)))
        found += list(_intro_phrase(arrays, sent))
        if not found:
            found += list(_trailing_cue(arrays, sent, _within(commas, sent)))
        if index > 0 and not quoted[index - 1] and (not found or opens_with_report(arrays.texts, *sent)):
            # «Об этом сообщил X, добавив, что ...»: the sentence before is X's too
            found = list(_about_this(arrays, sent, sents[max(index - ABOUT_THIS_REACH, 0) : index])) + found
        quoted[index] = bool(found)
        yield from found


def _within(positions: list[int], sent: tuple[int, int]) -> list[int]:
    """The sorted token ``positions`` that fall in the token range ``sent``."""
    return positions[bisect_left(positions, sent[0]) : bisect_left(positions, sent[1])]


def _that_clauses(arrays: DocArrays, sent: tuple[int, int], clause_marks: list[int]) -> Iterator[Found]:
    """``clause_marks``: the sentence's complementizers and colons."""
    tokens, texts = arrays.tokens, arrays.texts
    start, end = sent
    for i in clause_marks:
        if texts[i] != ":":  # the marks are complementizers or colons
            cue = _cue_before(arrays, i, start, end)
            if cue is not None:
                found = _content(arrays, i + 1, end, cue)
                if found is not None:
                    yield found
        elif i + 1 < end and texts[i + 1] not in OPENS:
            # «Башмет заявил: на Западе следят ...» — a colon with no quotation mark
            if i > start and is_speech_verb(tokens[i - 1]) and not _impersonal_bare(arrays, tokens[i - 1], start, end):
                found = _content(arrays, i + 1, end, (i - 1, i))
                if found is not None:
                    yield found


def _cue_before(arrays: DocArrays, that: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The cue word for a complementizer at ``that`` in the sentence ``[lo, hi)``, from the
    tree or a short look back."""
    tokens, texts = arrays.tokens, arrays.texts
    i = that - 1
    if i >= lo and texts[i] == ",":
        i -= 1
    # «о том, что» / «на то, что»: the cue stands before the preposition
    if i - 1 >= lo and texts[i].lower() in ("том", "то") and texts[i - 1].lower() in ("о", "об", "на"):
        i -= 2
    for j in range(i, max(lo, i - CUE_WINDOW) - 1, -1):
        token = tokens[j]
        if texts[j] in ",;:" or texts[j] in DASHES or texts[j].lower() in COMPLEMENTIZERS:
            return None
        if is_speech_verb(token) and not _impersonal_bare(arrays, token, lo, hi):
            return (j, j + 1)
        if is_speech_noun(token) and token.pos_ == "NOUN" and not _medium(arrays, j, lo):
            return (j, j + 1)
        if token.pos_ in ("VERB", "AUX"):
            if _asked_to(token, lo) and tokens[that].pos_ == "SCONJ":
                continue  # «попросила суд учесть, что»: the cue is the verb that asks
                # (not «предложил подумать, что можно сделать»: a question, «что» its object)
            return None
    return None


def _asked_to(verb: Token, lo: int) -> bool:
    """An infinitive hanging on a speech verb just before it: ``призвал коллег понять``."""
    head = verb.head
    return "Inf" in feature(verb, "VerbForm") and lo <= head.i < verb.i and is_speech_verb(head)


def _medium(arrays: DocArrays, j: int, lo: int) -> bool:
    """``написал в своем Telegram-канале, что``: the noun is where it was said, the verb says who."""
    if "Loc" not in feature(arrays.tokens[j], "Case"):
        return False  # «отреагировал на слова X о том, что»: the words are X's
    return any(arrays.texts[k].lower() in ("в", "во", "на") for k in range(max(lo, j - 2), j))


def _impersonal_bare(arrays: DocArrays, verb: Token, start: int, end: int) -> bool:
    """``Уточняется, что`` / ``Ранее сообщалось, что``: no speaker and no «в заявлении»
    anywhere in the sentence ``[start, end)``."""
    if not is_impersonal(verb):
        return False
    return not any(arrays.texts[k].lower() in IN for k in range(start, min(verb.i + 4, end)))


def _content(arrays: DocArrays, first: int, sent_end: int, cue: tuple[int, int]) -> Found | None:
    """From ``first`` to the end of the clause (``sent_end`` at the latest): the sentence
    end or a trailing credit."""
    end = min(sent_end, first + MAX_CONTENT_TOKENS)
    tokens, texts = arrays.tokens, arrays.texts
    for i in range(first + 1, end - 2):
        # «... на 12 см. «Ситуация ...»: a quotation opening a new sentence the splitter missed
        # (not «на ул. «Садовой»»: a name in marks does not end in a full stop)
        if texts[i] in SENTENCE_END and texts[i + 1] in OPENS and texts[i + 2][:1].isupper():
            close = next((j for j in range(i + 2, sent_end) if texts[j] in CLOSES), None)
            after = texts[close + 1] if close is not None and close + 1 < len(texts) else ""
            if close is not None and (texts[close - 1] in SENTENCE_END or after in (",", "") or "\n" in after):
                end = i + 1
                break
    while end > first and (tokens[end - 1].is_punct or tokens[end - 1].is_space) and texts[end - 1] not in CLOSES:
        end -= 1
    end = _before_tail(arrays, first, end)
    end = _before_orphan_close(arrays, first, end)
    while end > first and texts[end - 1] in _CLAUSE_END_PUNCT:
        end -= 1
    words = (i for i in range(first, end) if texts[i].isalpha())
    if len(list(itertools.islice(words, MIN_CONTENT_WORDS))) < MIN_CONTENT_WORDS:
        return None  # (counting stops at enough words, not at the end of a long content)
    starts = arrays.starts
    end_char = starts[end - 1] + len(texts[end - 1])
    if texts[end - 1] in CLOSES and not _opens_inside(texts, first, end - 1):
        end_char -= len(texts[end - 1])  # a closing mark of a quote that began before the content
    return Found(starts[first], end_char, "indirect", starts[cue[0]], end_char, "indirect", cue=cue)


def _before_orphan_close(arrays: DocArrays, first: int, end: int) -> int:
    """``Как отметил Х, его команда не сформирована», потому что ...``: a closing mark with no
    opening one ends the content where the writer's quotation ended."""
    texts = arrays.texts
    closing = [i for i in range(first, end) if texts[i] in "»”"]
    if closing:
        paired, starts = paired_marks(arrays.doc), arrays.starts
        return next((i for i in closing if starts[i] not in paired), end)
    return end


def _opens_inside(texts: list[str], first: int, last: int) -> bool:
    return any(texts[i] in OPENS for i in range(first, last))


def _before_tail(arrays: DocArrays, first: int, end: int) -> int:
    """Cut ``..., пишет ИА Nation News`` / ``..., заявил X`` / ``..., подчеркнув, что ...`` /
    ``..., и посоветовал ...`` off the end of a content: each starts speech of its own."""
    tokens, texts = arrays.tokens, arrays.texts
    for i in range(first + 1, end):
        if texts[i] != "," or i + 1 >= end:
            continue
        after = i + 2 if texts[i + 1].lower() == "и" else i + 1
        if after < end and is_speech_verb(tokens[after]) and "Conv" in feature(tokens[after], "VerbForm"):
            return i
        if after > i + 1 and is_speech_verb(tokens[after]):
            return i  # «..., и посоветовал не откладывать»: a second report, same speaker
        if i >= end - TAIL_TOKENS and _tail_verb(arrays, after, end) is not None:
            if not any(texts[k].lower() in COMPLEMENTIZERS for k in range(i + 1, end)):
                return i
    return end


def _tail_verb(arrays: DocArrays, start: int, end: int) -> Token | None:
    """A speech verb within the first two words after a comma, with its subject after it:
    «, заявили сегодня адвокаты» — not «, считают "зоной без контроля"», whose subject is
    in the clause before. An impersonal one has no subject but says whose statement it is:
    «, говорится в сообщении компании»."""
    tokens = arrays.tokens
    for token in tokens[start : min(end, start + 3)]:
        if is_speech_verb(token) and not {"Conv", "Part"} & set(feature(token, "VerbForm")):
            rest = [t for t in tokens[token.i + 1 : end] if t.is_alpha]
            has_subject = not rest or any(  # «..., пишет\nРИА Новости»: the subject on the next line
                t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and "Nom" in feature(t, "Case") or t.is_upper
                for t in rest
            )
            if has_subject:
                return token
            if is_impersonal(token) and _in_statement(arrays, token.i + 1, end):
                return token
            # «..., сообщили в пресс-службе суда»: a plural with no subject names the source
            return token if "Plur" in feature(token, "Number") and _in_source(arrays, token.i + 1, end) else None
        if token.pos_ in ("VERB", "AUX", "ADJ") and not feature(token, "Case") and is_impersonal(token):
            # «сказано»; a full participle («указанные в сообщении») qualifies a noun
            return token if _in_statement(arrays, token.i + 1, end) else None
        if token.pos_ not in ("ADV", "PART"):
            return None
    return None


def _in_source(arrays: DocArrays, start: int, end: int) -> bool:
    """``в пресс-службе суда``, ``в МВД``: where the people speaking are (not ``в интервью``,
    ``в понедельник``: see ``phrases.where_end``)."""
    return any(arrays.texts[i].lower() in IN and where_end(arrays.doc, i, end) > i for i in range(start, end - 1))


def _in_statement(arrays: DocArrays, start: int, end: int) -> bool:
    """``в (официальном) сообщении``, ``в заявлении``: where an impersonal cue's words stand."""
    return _statement_noun(arrays, start, end) is not None


def _statement_noun(arrays: DocArrays, start: int, end: int) -> Token | None:
    """The speech noun of the first ``в + [adjectives] + noun`` in ``[start, end)``."""
    tokens = arrays.tokens
    for i in range(start, end - 1):
        if arrays.texts[i].lower() in IN:
            noun = noun_after(arrays.doc, i, end)
            if noun is not None and is_speech_noun(tokens[noun]):
                return tokens[noun]
    return None


def _intro_phrase(arrays: DocArrays, sent: tuple[int, int]) -> Iterator[Found]:
    """``По словам X, CONTENT`` / ``Как заявили в МО, CONTENT`` / ``Согласно заявлению X, ...``."""
    start, end = sent
    first = first_word(arrays.texts, start, end)
    if first is None:
        return
    cue = _intro_cue(arrays, first, end)
    if cue is None:  # «При этом, по словам Крылова, ...»
        opener_end = _after_discourse_opener(arrays, first, end)
        if opener_end != first:
            first = opener_end
            cue = _intro_cue(arrays, first, end)
    if cue is None:
        return
    tokens, texts = arrays.tokens, arrays.texts
    comma = next((i for i in range(cue[1], end) if texts[i] == ","), None)
    if comma is None or comma - cue[1] > 10:
        return
    if texts[first].lower() == "как" and _is_credit(tokens[first + 1], tokens[cue[1] : comma]):
        return
    found = _content(arrays, comma + 1, end, cue)
    if found is not None:
        yield found


def _intro_cue(arrays: DocArrays, first: int, end: int) -> tuple[int, int] | None:
    """A cue phrase (``По словам``, ``По предварительным данным``) or ``Как`` + speech verb."""
    if normal(arrays.texts[first]) not in _intro_words():
        return None  # most sentences: no token looked at
    size = cue_phrase_at(arrays.doc, first) or _adjective_cue_phrase(arrays, first)
    if size:
        return (first, first + size)
    tokens = arrays.tokens
    if arrays.texts[first].lower() == "как" and first + 1 < end:
        verb = tokens[first + 1]
        if is_speech_verb(verb) and not is_impersonal(verb):  # «Как сообщалось ранее» names nobody
            return (first, first + 2)
    return None


@cache
def _intro_words() -> frozenset[str]:
    """The words an intro cue can open with: a cue phrase's first word, ``по``, ``как``."""
    return frozenset(cue_phrases_by_first_word()) | {"по", "как"}


def _after_discourse_opener(arrays: DocArrays, first: int, end: int) -> int:
    """``При этом, по словам Крылова, ...``: a cue phrase after a short opener and a comma."""
    texts = arrays.texts
    for i in range(first + 1, min(first + 4, end - 1)):
        if texts[i] == ",":
            return i + 1 if texts[i + 1].isalpha() else first
        if not texts[i].isalpha():
            break
    return first


def _adjective_cue_phrase(arrays: DocArrays, first: int) -> int:
    """``По предварительным данным министерства``: a cue phrase with adjectives inside."""
    tokens, texts = arrays.tokens, arrays.texts
    if texts[first].lower() != "по":
        return 0
    i = first + 1
    while i < len(tokens) and tokens[i].pos_ == "ADJ":
        i += 1
    if i == first + 1 or i >= len(tokens):
        return 0
    probe = (normal(texts[first]), normal(texts[i]))
    return i + 1 - first if probe in cue_phrases_by_first_word().get(probe[0], ()) else 0


def _trailing_cue(arrays: DocArrays, sent: tuple[int, int], commas: list[int]) -> Iterator[Found]:
    """``CONTENT, заявила представитель МИД Мария Захарова.``; ``commas``: the sentence's."""
    start, end = sent
    tokens = arrays.tokens
    for i in reversed(commas):
        if i == start:
            continue
        verb = _tail_verb(arrays, i + 1, end)
        if verb is None:
            continue
        tail = tokens[i + 1 : end]
        if any(arrays.texts[k].lower() in COMPLEMENTIZERS for k in range(i + 1, end)) or len(tail) > TAIL_TOKENS + 6:
            return
        if _is_credit(verb, tail):
            end = i  # «..., заявил Х, сообщает ТАСС»: the credit goes, the cue before it stays
            continue
        first = _content_start(arrays, start, i)
        found = _content(arrays, first, i + 1, (verb.i, verb.i + 1))
        if found is not None:
            yield found
        return


def _content_start(arrays: DocArrays, start: int, end: int) -> int:
    """Skip a dateline: «Киров. 16 октября. INTERFAX.RU - Защита ...»."""
    tokens, texts = arrays.tokens, arrays.texts
    for i in range(start + 1, min(end, start + DATELINE_TOKENS)):
        if texts[i] in DASHES and _ends_dateline(tokens[i - 1], within=i - start < SHORT_DATELINE_TOKENS):
            return i + 1  # «Пермь. 3 мая. INTERFAX.RU -», «МОСКВА, 14 марта. /ТАСС/ —»
    while start < end and not (is_word(tokens[start]) or texts[start] in OPENS or tokens[start].like_num):
        start += 1
    return start


def _ends_dateline(token: Token, within: bool) -> bool:
    """The word before a dateline's dash: an agency's ``/ТАСС/`` however far in, else
    (``within`` the first words) a capitalised or dotted name: ``INTERFAX.RU``."""
    return token.text.endswith("/") or within and (token.is_upper or token.like_url or "." in token.text)


def _is_credit(verb: Token, tail: list[Token]) -> bool:
    """``сообщает ТАСС``, ``пишет «Коммерсантъ»``, ``передает корреспондент``: sourcing, not speech."""
    if not is_credit_verb(verb):
        return False
    credit_nouns = lexicon().credit_nouns
    for token in tail:
        if token.i == verb.i or not token.is_alpha:
            continue
        if token.ent_type_ == "ORG" or token.is_upper or _latin(token.text):
            return True
        if normal(token.lemma_) in credit_nouns:
            return True
        if token.pos_ in ("NOUN", "PROPN"):
            return False
    return False


def _latin(word: str) -> bool:
    return any("a" <= char.lower() <= "z" for char in word)


def _about_this(arrays: DocArrays, sent: tuple[int, int], before: list[tuple[int, int]]) -> Iterator[Found]:
    """``CONTENT. Об этом заявил X`` / ``CONTENT. Так X прокомментировал ...``."""
    if not opens_with_report(arrays.texts, *sent):
        return
    verb = next((t for t in arrays.tokens[sent[0] : sent[1]] if is_speech_verb(t) and t.pos_ == "VERB"), None)
    if verb is None or (is_impersonal(verb) and not _owned_statement(arrays, verb, sent[1])):
        return  # «Об этом сообщается в Telegram-канале»: a source line, not a speaker
    previous = _content_sentence(arrays, before)
    if previous is None:
        return
    start = _content_start(arrays, *previous)
    found = _content(arrays, start, previous[1], (verb.i, verb.i + 1))
    if found is not None:
        yield found


def _owned_statement(arrays: DocArrays, verb: Token, end: int) -> bool:
    """``говорится в сообщении пресс-службы вуза``: an impersonal verb whose statement has an
    owner, not a channel (``в Telegram-канале``, ``на сайте``)."""
    noun = _statement_noun(arrays, verb.i + 1, min(end, verb.i + OWNER_WINDOW))
    return noun is not None and not is_channel(noun) and genitive_owner(arrays.doc, noun, end) is not None


def _content_sentence(arrays: DocArrays, before: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The nearest earlier sentence that states something: has a finite verb, not a headline."""
    text = doc_text(arrays.doc)
    headline_end = text.find("\n")
    tokens, starts = arrays.tokens, arrays.starts
    for start, end in reversed(before[-ABOUT_THIS_REACH:]):
        if headline_end != -1 and starts[start] < headline_end:
            return None
        words = [t for t in tokens[start:end] if t.is_alpha]
        if len(words) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in tokens[start:end]):
            return start, end
    return None
