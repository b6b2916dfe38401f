"""Who said a found quote: the patterns of Russian reported speech, tried in order.

1. the attribution inside a split quote: ``«Q1, — сказал он. — Q2»``;
2. after the closing mark: ``«Q», — сказал X`` / ``«Q», — X сказал`` /
   ``«Q», — цитирует X ТАСС`` / ``«Q», — говорится в заявлении X``;
3. before the opening mark: ``X заявил: «Q»``, ``По словам X, «Q»``;
4. a mixed quote: the speech verb of its own sentence (``назвал ситуацию «...»``);
5. a quote with no cue: the speaker of the sentence before, or of the last quote.
"""

from __future__ import annotations

import attrs
from spacy.tokens import Doc, Span, Token

from ..annotation.features import case_of, feature
from ..lexicon import normal
from ..quotes.found import Found
from ..textspan import DASHES, MARKS, doc_arrays, doc_text, first_word, prev_char, sent_bounds, token_at, token_range
from .cues import (
    announcing_verb,
    cue_phrase_at,
    is_citing_verb,
    is_impersonal,
    is_speech_noun,
    is_speech_verb,
    opens_with_report,
)
from .phrases import (
    IN,
    NOMINAL,
    OPENING_MARKS,
    RELATIVE,
    addressee_of,
    genitive_owner,
    is_pronoun,
    noun_after,
    object_of,
    phrase,
    quoted_name_end,
    subject_child,
    subject_of,
)

SEGMENT_TOKENS = 25
# A description set off by commas after the speaker's phrase: its words and their kinds.
SET_OFF_WORDS = 12
SET_OFF_POS = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "NUM", "CCONJ", "PUNCT", "DET"})
INTERVIEW_PARAGRAPHS = 30

# Base confidence of each pattern, before the certainty of the speaker's name.
PATTERN_CONFIDENCE = {
    "inner": 0.9,
    "after": 0.9,
    "before": 0.85,
    "intro": 0.85,
    "sentence": 0.7,
    "previous-sentence": 0.6,
    "continuation": 0.6,
    "indirect": 0.8,
}


@attrs.frozen
class Attribution:
    pattern: str
    cue: Span | None = None
    speaker: Span | None = None
    addressee: Span | None = None
    # ``в Минобороны заявили``, ``говорится в сообщении``: the speaker is an organization
    # named after a preposition, or none is written and the focus organization is meant.
    organization: bool = False
    # ``Одна из пострадавших, 78-летняя жительница Химок, рассказала``: the speaker is the
    # description set off by commas, someone introduced here, not an earlier person.
    introduced: bool = False


def attribute(doc: Doc, quote: Found) -> Attribution | None:
    if quote.cue is not None:
        return _from_cue(doc, quote)
    for strategy in (_inner, _after, _before, _sentence, _introduction):
        found = strategy(doc, quote)
        if found is not None and (found.speaker is not None or found.cue is not None):
            return found
    return None


def _from_cue(doc: Doc, quote: Found) -> Attribution | None:
    """Indirect speech: the finder knows the cue; the speaker is on the cue's side of the content."""
    first, last = quote.cue
    sent_start, sent_end = sent_bounds(doc, first)
    content_start = token_at(doc, quote.start)
    content_end = token_at(doc, quote.end - 1) + 1
    if first < content_start:
        lo, hi = sent_start, content_start
    elif first >= content_end:
        lo, hi = content_end, sent_end
    else:
        return None
    arrays = doc_arrays(doc)
    if last - first > 1:
        if arrays.texts[first].lower() == "как":
            return _from_verb(doc, arrays.tokens[first + 1], lo, hi, "indirect")
        return _cue_phrase(doc, first, hi, "indirect", size=last - first)
    cue = Span(doc, first, last)
    word = arrays.tokens[first]
    if is_speech_noun(word) and word.pos_ == "NOUN":
        owner = genitive_owner(doc, word, hi)
        return Attribution("indirect", cue, phrase(owner, word.i + 1, hi) if owner is not None else None)
    return _from_verb(doc, word, lo, hi, "indirect")


def _inner(doc: Doc, quote: Found) -> Attribution | None:
    if quote.inner_cue is None:
        return None
    return _from_segment(doc, *token_range(doc, *quote.inner_cue), "inner", quote)


def _after(doc: Doc, quote: Found) -> Attribution | None:
    """The words right after the closing mark and the attribution dash."""
    arrays = doc_arrays(doc)
    tokens, texts, starts = arrays.tokens, arrays.texts, arrays.starts
    first = token_at(doc, quote.close_at) + 1
    if first >= len(texts) or starts[first - 1] + len(texts[first - 1]) <= quote.close_at:
        first = token_at(doc, quote.close_at)
    # past a mark and a comma
    following = next((k for k in range(first, min(first + 4, len(texts))) if not texts[k].isspace()), None)
    between = doc_text(doc)[quote.close_at : starts[following]] if following is not None else ""
    if "\n" in between and "," not in between:
        return None  # «— Родители жалуются ...» opens the next paragraph: another turn, no attribution
    i = first
    while i < len(texts) and (tokens[i].is_punct or texts[i].isspace()) and "\n" not in texts[i]:
        if texts[i] in DASHES or texts[i] in "—–":
            i += 1
            break
        i += 1
    else:
        if quote.source != "dash":
            return None
    if not any(texts[k] in "—–-" for k in range(first, i)):
        return None
    end = _segment_end(doc, i)
    return _from_segment(doc, i, end, "after", quote)


def _segment_end(doc: Doc, start: int) -> int:
    """Up to the end of the sentence, a newline, a quote mark or the next dash."""
    texts = doc_arrays(doc).texts
    end = start
    while end < len(texts) and end - start < SEGMENT_TOKENS:
        text = texts[end]
        if text in OPENING_MARKS and (name_end := quoted_name_end(doc, end)):
            end = name_end
            continue
        if "\n" in text or text in MARKS or text in DASHES:
            break
        if text in ".!?…;" and end > start:
            break
        end += 1
    return end


def _from_segment(doc: Doc, lo: int, hi: int, pattern: str, quote: Found) -> Attribution | None:
    verb = next((t for t in doc_arrays(doc).tokens[lo:hi] if is_speech_verb(t) or is_citing_verb(t)), None)
    if verb is not None:
        return _from_verb(doc, verb, lo, hi, pattern)
    return _words_of(doc, lo, hi, pattern)


def _words_of(doc: Doc, lo: int, hi: int, pattern: str) -> Attribution | None:
    """``— приводит пресс-служба клуба слова менеджера Ильи Пантелеева``: whoever passes
    them on, the words are their owner's."""
    for token in doc_arrays(doc).tokens[lo:hi]:
        if is_speech_noun(token) and token.pos_ == "NOUN":
            owner = genitive_owner(doc, token, hi)
            if owner is not None:
                return Attribution(pattern, Span(doc, token.i, token.i + 1), phrase(owner, token.i + 1, hi))
    return None



def _from_verb(doc: Doc, verb: Token, lo: int, hi: int, pattern: str) -> Attribution:
    """Speaker and addressee of a known cue verb, looked for within tokens ``[lo, hi)``."""
    cue = Span(doc, verb.i, verb.i + 1)
    if is_citing_verb(verb):
        cited = object_of(verb, lo, hi)
        if cited is not None:
            return Attribution(pattern, cue, phrase(cited, lo, hi))
    subject = subject_of(verb, lo, hi)
    organization = _in_organization(doc, verb, lo, hi, subject)
    if organization is not None:
        return Attribution(pattern, cue, organization, organization=True)
    head = subject
    if feature(verb, "VerbForm")[:1] in (("Conv",), ("Part",)) and verb.head != verb:
        head = subject_of(verb.head, lo, hi)  # «сказал он, отметив, что ...»: the gerund's subject is the verb's
    speaker = phrase(head, lo, hi) if head is not None else None
    if speaker is not None:
        speaker = _trim_at(speaker, verb)
    addressee = addressee_of(verb, lo, hi, speaker)
    set_off = _set_off_description(speaker, verb) if speaker is not None else None
    if set_off is not None:
        return Attribution(pattern, cue, set_off, _addressee_phrase(addressee, lo, hi), introduced=True)
    return Attribution(pattern, cue, speaker, _addressee_phrase(addressee, lo, hi))


def _set_off_description(speaker: Span, verb: Token) -> Span | None:
    """``Одна из пострадавших, 78-летняя жительница Химок, рассказала``, ``Владелец траулера,
    мурманская компания «Северрыбфлот», сообщил``: a phrase naming no one, then a fuller
    description set off by commas before the verb, hanging on the phrase or the verb."""
    doc = speaker.doc
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    i = speaker.end
    if i >= len(texts) or texts[i] != "," or verb.i < i:
        return None
    if any(t.ent_type_ in ("PER", "ORG") for t in tokens[speaker.start : speaker.end]):
        return None
    for k in range(i + 1, min(i + 2 + SET_OFF_WORDS, verb.i + 1)):
        token = tokens[k]
        if texts[k] == ",":
            break
        if k == verb.i or texts[k].isspace() or token.pos_ not in SET_OFF_POS or texts[k] in ".:;—–-()":
            return None
    else:
        return None
    span = Span(doc, i + 1, k)
    heads = [
        t for t in span
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("appos", "nsubj", "conj")
        and (speaker.start <= t.head.i < speaker.end or t.head.i == verb.i)
    ]
    return span if heads and case_of(heads[0]) in ("Nom", "") else None


def _addressee_phrase(token: Token | None, lo: int, hi: int) -> Span | None:
    """The addressee's own words: its named entity when it is one (``РИА Новости``)."""
    if token is None:
        return None
    if token.ent_type_:
        # the entity's words in the addressee's case: «сказал Ким Путину» tagged as one name
        doc = token.doc
        case = case_of(token)
        same = lambda t: not case or case_of(t) in ("", case)
        start, end = token.i, token.i + 1
        tokens = doc_arrays(doc).tokens
        while start > lo and tokens[start].ent_iob_ == "I" and same(tokens[start - 1]):
            start -= 1
        while end < hi and tokens[end].ent_iob_ == "I" and same(tokens[end]):
            end += 1
        return Span(doc, start, end)
    return phrase(token, lo, hi)


def _trim_at(span: Span, verb: Token) -> Span:
    if span.start <= verb.i < span.end:
        if verb.i > span.root.i:
            return Span(span.doc, span.start, verb.i)
        return Span(span.doc, verb.i + 1, span.end)
    return span


def _in_organization(doc: Doc, verb: Token, lo: int, hi: int, subject: Token | None) -> Span | None:
    """``сообщили в Минобороны`` / ``говорится в заявлении МИД``: no nominative subject
    (``subject``, ``subject_of(verb, lo, hi)``, says nothing for an impersonal verb)."""
    if not is_impersonal(verb) and subject is not None and "Plur" not in feature(verb, "Number"):
        return None
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    for i in range(lo, hi - 1):
        if texts[i].lower() not in IN:
            continue
        j = noun_after(doc, i, hi)
        if j is None:
            return None
        noun = tokens[j]
        if is_speech_noun(noun):
            owner = next(
                (t for t in tokens[j + 1 : hi] if t.pos_ in NOMINAL and case_of(t) in ("Gen", "")),
                None,
            )
            return phrase(owner, j + 1, hi) if owner is not None else Span(doc, j, j + 1)
        if noun.pos_ in ("PROPN", "NOUN"):
            span = phrase(noun, i + 1, hi)
            if noun.pos_ == "PROPN" or noun.is_upper or noun.ent_type_ == "ORG" or "Inan" in feature(noun, "Animacy"):
                return span
    return None


def _before(doc: Doc, quote: Found) -> Attribution | None:
    """``X заявил: «Q»`` and ``По словам X, «Q»`` (also when the colon ends the previous paragraph)."""
    text = doc_text(doc)
    char, at = prev_char(text, quote.open_at)
    if char == "\n" or char == "":
        # «Об этом заявил X:\n«Q»»: the colon closes the paragraph before
        char, at = prev_char(text, at) if at > 0 else ("", -1)
        if char != ":":
            return None
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    if char == ":":
        colon = token_at(doc, at)
        lo = sent_bounds(doc, colon)[0]
        if lo >= colon:  # the colon opens a sentence: it belongs to the one before
            lo = sent_bounds(doc, max(colon - 1, 0))[0]
        for i in range(colon - 1, lo - 1, -1):
            if is_speech_verb(tokens[i]):
                return _from_verb(doc, tokens[i], lo, colon, "before")
        words = [i for i in range(lo, colon) if texts[i].isalpha()]
        if 0 < len(words) <= 4:  # a headline «Захарова: ...»
            head = next((t for t in tokens[lo:colon] if t.pos_ in NOMINAL), None)
            if head is not None:
                return Attribution("before", None, phrase(head, lo, colon))
        return None
    if char == ",":
        comma = token_at(doc, at)
        first = first_word(texts, sent_bounds(doc, comma)[0], comma)
        if first is None:
            first = comma
        found = _cue_phrase(doc, first, comma, "intro")
        if found is not None:
            return found
        if first < comma and texts[first].lower() == "как":
            return _from_segment(doc, first + 1, comma, "intro", quote)
    return None


def _sentence(doc: Doc, quote: Found) -> Attribution | None:
    """A mixed quote's speaker from its own sentence, or from «Об этом X заявил» after it."""
    inside = token_range(doc, quote.open_at, quote.close_at + 1)
    sent_start, sent_end = sent_bounds(doc, token_at(doc, quote.start))
    found = _owner_before(doc, inside[0], sent_start)
    if found is not None:
        return found
    for verb in _governing_verbs(doc, *inside):
        head = subject_child(verb, lambda c: not inside[0] <= c.i < inside[1] and normal(c.lemma_) not in RELATIVE)
        if head is not None:
            return Attribution("sentence", Span(doc, verb.i, verb.i + 1), phrase(head, sent_start, sent_end))
    arrays = doc_arrays(doc)
    tokens, texts = arrays.tokens, arrays.texts
    verbs = [t for t in tokens[sent_start:sent_end] if not inside[0] <= t.i < inside[1] and is_speech_verb(t)]
    if verbs:
        verb = min(verbs, key=lambda t: abs(t.i - inside[0]) + (0 if t.i < inside[0] else 2))
        head = subject_of(verb, sent_start, sent_end, skip=inside)
        if head is not None:
            return Attribution("sentence", Span(doc, verb.i, verb.i + 1), phrase(head, sent_start, sent_end))
        # «В зерновом союзе решение назвали «компромиссом»»: an organization after «в»
        lo, hi = (sent_start, inside[0]) if verb.i < inside[0] else (inside[1], sent_end)
        organization = _in_organization(doc, verb, lo, hi, subject_of(verb, lo, hi))
        if organization is None and verb.i < inside[0]:
            before = subject_of(verb, sent_start, verb.i)
            organization = _in_organization(doc, verb, sent_start, verb.i, before)
        if organization is not None:
            return Attribution("sentence", Span(doc, verb.i, verb.i + 1), organization, organization=True)
    first = first_word(texts, sent_start, sent_end)
    if first is None:
        first = sent_end
    found = _cue_phrase(doc, first, sent_end, "sentence")
    if found is not None:
        return found
    if quote.kind == "direct" and quote.source == "marks":
        # «...». Так Миронова прокомментировала ...: the sentence after the closing mark,
        # not the quote's own first one
        sent_end = sent_bounds(doc, token_at(doc, quote.close_at))[1]
    return _about_this(doc, sent_end)


def _introduction(doc: Doc, quote: Found) -> Attribution | None:
    """A quote opening its paragraph after a sentence that announces speech:
    ``Тренер рассказал корреспонденту о впечатлениях.\n— Ребята выполнили установку.``"""
    text = doc_text(doc)
    para_start = text.rfind("\n", 0, quote.open_at) + 1
    if para_start < 2 or text[para_start:quote.open_at].strip():
        return None
    # in an interview, questions and earlier answers stand between the lead and this answer
    answered = False
    for _ in range(INTERVIEW_PARAGRAPHS):
        before_start = text.rfind("\n", 0, para_start - 1) + 1
        previous = text[before_start : para_start - 1].strip()
        if para_start < 2 or not (not previous or previous.endswith("?") or previous[:1] in DASHES):
            break
        answered = answered or previous[:1] in DASHES
        para_start = before_start
    verb = announcing_verb(doc, para_start)
    if verb is None:
        return None
    found = _from_verb(doc, verb, *sent_bounds(doc, verb.i), "previous-sentence")
    if found.speaker is None:
        return None
    # a later answer continues the speaker; the lead's verb was the cue of the first one only
    return attrs.evolve(found, cue=None, pattern="continuation") if answered else found


def _cue_phrase(doc: Doc, first: int, hi: int, pattern: str, size: int = 0) -> Attribution | None:
    """``По словам X, ...`` / ``По его словам, ...``: the speaker is after the phrase or in it."""
    size = size or (cue_phrase_at(doc, first) if first < hi else 0)
    if not size:
        return None
    cue = Span(doc, first, first + size)
    tokens = doc_arrays(doc).tokens
    pronoun = next((t for t in tokens[first : first + size] if is_pronoun(t)), None)
    if pronoun is not None:
        return Attribution(pattern, cue, Span(doc, pronoun.i, pronoun.i + 1))
    head = next((t for t in tokens[first + size : hi] if t.pos_ in NOMINAL), None)
    return Attribution(pattern, cue, phrase(head, first + size, hi) if head is not None else None)


def _owner_before(doc: Doc, quote_start: int, lo: int) -> Attribution | None:
    """``слова Блинкена об «удержании»``: a speech noun and its owner just before the quote.
    Not ``назвал ответ мэра «отпиской»``: words in the instrumental are what the verb's
    subject called the answer."""
    tokens = doc_arrays(doc).tokens
    for i in range(quote_start - 1, max(lo, quote_start - 5) - 1, -1):
        token = tokens[i]
        if is_speech_noun(token):
            if is_speech_verb(token.head) and _predicative(doc, quote_start):
                return None
            owner = tokens[i + 1] if i + 1 < quote_start else None
            if owner is not None and owner.pos_ in ("PROPN", "NOUN") and case_of(owner) == "Gen":
                return Attribution("sentence", Span(doc, i, i + 1), phrase(owner, i + 1, quote_start))
            return None
    return None


def _predicative(doc: Doc, quote_start: int) -> bool:
    """The quote opens with an instrumental: ``«отпиской»``, ``«обнадеживающим»``."""
    first = next((t for t in doc_arrays(doc).tokens[quote_start : quote_start + 3] if t.is_alpha), None)
    return first is not None and case_of(first) == "Ins"


def _governing_verbs(doc: Doc, start: int, end: int) -> list[Token]:
    """Speech verbs the quote of tokens ``[start, end)`` hangs from in the tree, nearest first."""
    verbs: list[Token] = []
    for token in doc_arrays(doc).tokens[start:end]:
        node = token
        for _ in range(12):
            head = node.head  # a new Token on every read: read once
            if head == node:
                break
            node = head
            if start <= node.i < end:
                continue
            if is_speech_verb(node) and node not in verbs:
                verbs.append(node)
        if verbs:
            break
    return verbs


def _about_this(doc: Doc, sent_end: int) -> Attribution | None:
    """``... «скорее всего» обжаловать. Об этом она заявила журналистам.``: the sentence
    after the one ending at token ``sent_end``."""
    if sent_end >= len(doc):
        return None
    start, end = sent_bounds(doc, sent_end)
    if not opens_with_report(doc_arrays(doc).texts, start, end):
        return None
    verb = next((t for t in doc_arrays(doc).tokens[start:end] if is_speech_verb(t)), None)
    if verb is None:
        return None
    head = subject_of(verb, start, end)
    if head is None:
        return None
    return Attribution("sentence", Span(doc, verb.i, verb.i + 1), phrase(head, start, end))
