"""The ``quotemine`` spaCy component: find quotes, attribute them, put them on the Doc.

It reads only standard attributes (``pos_``, ``morph``, ``dep_``, ``head``,
``lemma_``, ``ents``, sentence starts), so it runs on top of any Russian pipeline
that sets them: the embedded natasha one or ``ru_core_news_sm``::

    nlp = spacy.load("ru_core_news_sm")
    nlp.add_pipe("quotemine")
    doc = nlp(text); doc._.quotes; doc.spans["quotes"]
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from spacy.language import Language
from spacy.tokens import Doc, Token

from .annotation.features import feature
from .attribution.attribute import PATTERN_CONFIDENCE, Attribution, attribute
from .entities.resolve import Resolver
from .quote import KINDS, Cue, Quote, Speaker
from .quotes.finder import find_quotes
from .quotes.found import Found
from .textspan import doc_text, take_text

PIPE_NAME = "quotemine"
SPANS_KEY = "quotes"

QUOTES_KEY = "quotemine.quotes"


def _doc_quotes(doc: Doc) -> list[Quote]:
    return [Quote.from_dict(data) for data in doc.user_data.get(QUOTES_KEY, ())]


# The quotes live in user_data as plain dicts, so a Doc still serialises with msgpack
# (nlp.pipe(n_process=2), DocBin); doc._.quotes gives them back as Quote records.
if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=_doc_quotes)


class QuotemineComponent:
    """The component: ``doc._.quotes`` (list of Quote) and ``doc.spans["quotes"]``."""

    def __init__(self, nlp: Language, name: str = PIPE_NAME, kinds: Iterable[str] = KINDS) -> None:
        self.name = name
        self.kinds = check_kinds(kinds)

    def __call__(self, doc: Doc) -> Doc:
        try:
            take_text(doc)
            quotes = [q for q in extract_quotes(doc) if q.kind in self.kinds]
        finally:
            _drop_caches(doc)
        doc.user_data[QUOTES_KEY] = [quote.to_dict() for quote in quotes]
        spans = []
        for quote in quotes:
            span = doc.char_span(quote.start, quote.end, label=quote.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


def _drop_caches(doc: Doc) -> None:
    """The finder's per-doc caches (the text, token offsets and texts, the doc's Tokens
    in ``DocArrays``, sentences, entity Spans, quoted spans, paired marks) are not
    results: they would double what a Doc carries, the Tokens refer back to the Doc, and
    Spans, attrs records and a frozenset do not go through msgpack (``DocBin``,
    ``nlp.pipe(n_process=2)``)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("quotemine.")]:
        if key != QUOTES_KEY:
            del doc.user_data[key]


@Language.factory(
    PIPE_NAME,
    default_config={"kinds": list(KINDS)},
    requires=["token.pos", "token.morph", "token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.quotes", "doc.spans"],
)
def make_quotemine(nlp: Language, name: str, kinds: list[str]) -> QuotemineComponent:
    return QuotemineComponent(nlp, name, kinds)


def add_quotemine(nlp: Language, kinds: Iterable[str] | None = None) -> None:
    """Add the component last, once; ``kinds`` limits what it returns."""
    config = {"kinds": list(check_kinds(kinds or KINDS))}
    if PIPE_NAME in nlp.pipe_names:
        nlp.remove_pipe(PIPE_NAME)
    nlp.add_pipe(PIPE_NAME, config=config)


def check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    if isinstance(kinds, str):
        kinds = [part.strip() for part in kinds.split(",") if part.strip()]
    kinds = tuple(kinds)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"unknown quote kind {unknown or kinds!r}: choose from {', '.join(KINDS)}")
    return kinds


def extract_quotes(doc: Doc) -> list[Quote]:
    """Find and attribute the quotes of an annotated Doc, in text order."""
    resolver = Resolver(doc)
    quotes = []
    last: Quote | None = None
    reported: Quote | None = None  # the last indirect quote: a mixed one inside it is its words
    for found in find_quotes(doc):
        quote = _attributed(doc, found, attribute(doc, found), resolver, last)
        if quote is None:
            continue
        if quote.kind == "indirect":
            reported = quote
        elif quote.kind == "mixed" and reported is not None and reported.start <= quote.start and quote.end <= reported.end:
            quote = attrs.evolve(
                quote, speaker=reported.speaker, cue=reported.cue, confidence=reported.confidence
            )
        if quote.kind == "mixed" and quote.speaker is None and quote.cue is None:
            continue  # marked words with no one and no verb saying them: a scare quote (GUIDELINES.md)
        if quote.speaker is not None:
            resolver.remember(quote.start, quote.speaker)
        quotes.append(quote)
        last = quote
    return quotes


def _verb_gender(verb: Token | None) -> str:
    """``отметила`` (the cue's root ``verb``) says its speaker is a woman; present-tense
    verbs say nothing."""
    if verb is None:
        return ""
    gender = feature(verb, "Gender")
    return gender[0] if gender and "Plur" not in feature(verb, "Number") else ""


def _attributed(
    doc: Doc, found: Found, attribution: Attribution | None, resolver: Resolver, last: Quote | None
) -> Quote | None:
    text = doc_text(doc)[found.start : found.end]
    speaker: Speaker | None = None
    addressee: Speaker | None = None
    cue: Cue | None = None
    confidence = 0.2
    if attribution is not None:
        confidence = PATTERN_CONFIDENCE[attribution.pattern]
        verb = None  # the cue's root, found once: Span.root walks the span's heads
        if attribution.cue is not None:
            span = attribution.cue
            verb = span.root
            # the doc's text sliced: Span.text makes a Token for every word to join them
            start, end = span.start_char, span.end_char
            cue = Cue(doc_text(doc)[start:end], start, end, lemma=verb.lemma_)
        if attribution.speaker is not None:
            speaker, certainty = resolver.speaker(
                attribution.speaker, _verb_gender(verb), introduced=attribution.introduced
            )
            confidence *= certainty
        if attribution.addressee is not None:
            addressee = resolver.addressee(attribution.addressee)
    if speaker is None and found.kind == "direct" and last is not None and last.speaker is not None:
        if doc_text(doc).count("\n", last.end, found.start) <= 2:
            # the words go on, unless the paragraph has since made someone else its subject
            speaker = _new_subject(doc, resolver, last, found.start) or last.speaker
            confidence = PATTERN_CONFIDENCE["continuation"] * 0.8
    if speaker is None:
        if found.kind == "indirect":
            return None  # «Уточняется, что ...»: reported speech with nobody reporting it
        confidence = min(confidence, 0.1)  # a quote with no speaker is only half an answer
    return Quote(
        start=found.start,
        end=found.end,
        text=text,
        kind=found.kind,
        speaker=speaker,
        cue=cue,
        addressee=addressee,
        confidence=confidence,
    )


def _new_subject(doc: Doc, resolver: Resolver, last: Quote, before: int) -> Speaker | None:
    """``Председатель комитета Олег Белов поддержал идею. «...»``: a person who became a
    clause's subject after the last quote, in this quote's paragraph, and is not its speaker."""
    paragraph = doc_text(doc).rfind("\n", 0, before) + 1
    at, person = resolver.people.last_subject(before)
    if person is None or at < max(last.end, paragraph) or person.name == last.speaker.name:
        return None
    end = next(end for start, end in person.mentions if start == at)
    return Speaker(name=person.name, mention=doc_text(doc)[at:end], start=at, end=end, type="PER")
