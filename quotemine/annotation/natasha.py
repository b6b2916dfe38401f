"""The natasha backend: slovnet's news morph, syntax and NER models as one spaCy component.

The models ship inside the ``natasha`` wheel and run on numpy, so this works offline.
They are fed our razdel tokens as word lists (never re-tokenized text), so every tag
lands on a spaCy token. Sentences come from the tokenizer; a sentence of more than
``MAX_WORDS`` words is parsed in consecutive chunks (the parser is quadratic in
sentence length), and each chunk root after the first hangs from the first chunk's
root with dep ``dep``: the sentence stays one spaCy sentence.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from spacy.vocab import Vocab

from .lemmas import lemmatize
from .tokenizer import RazdelTokenizer

logger = logging.getLogger(__name__)

MAX_WORDS = 150  # longest word list given to the models at once
MODEL_BATCH = 32  # word lists per numpy batch, after sorting them by length
ENT_LABELS = ("PER", "LOC", "ORG")
ATTRS = [POS, TAG, MORPH, LEMMA, HEAD, DEP, SENT_START]


class Models(NamedTuple):
    morph: Any  # natasha.NewsMorphTagger
    syntax: Any  # natasha.NewsSyntaxParser
    ner: Any  # natasha.NewsNERTagger


@cache
def natasha_models() -> Models:
    """Load navec + the three slovnet models once per process, on first use (~1 s)."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    emb = NewsEmbedding()
    models = Models(NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb))
    for model in models:
        model.infer.encoder.batch_size = MODEL_BATCH
    return models


class Parse(NamedTuple):
    """Model output for one word list."""

    tags: list[str]  # morph tags, 'NOUN|Case=Nom|...'
    heads: list[int]  # 1-based head within the list, 0 for the root
    rels: list[str]
    ents: list[str]  # BIO tags


def run_models(chunks: Sequence[list[str]]) -> list[Parse]:
    """Run the three models over word lists, batched by length so padding stays small."""
    if not chunks:
        return []
    morph, syntax, ner = natasha_models()
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i]))
    items = [chunks[i] for i in order]

    tags = morph.infer.decoder(morph.infer.process(morph.infer.encoder(items)))
    ents = ner.infer.decoder(ner.infer.process(ner.infer.encoder(items)))
    rels_vocab = syntax.infer.decoder.rels_vocab
    trees = syntax.infer.process(syntax.infer.encoder(items))

    parses: list[Parse | None] = [None] * len(chunks)
    for index, tag, ent, (head_ids, rel_ids) in zip(order, tags, ents, trees, strict=True):
        rels = [rels_vocab.decode(_) for _ in rel_ids.tolist()]
        parses[index] = Parse(list(tag), head_ids.tolist(), rels, list(ent))
    return parses  # type: ignore[return-value]


def repair_tree(heads: list[int], rels: list[str]) -> int:
    """Make ``heads`` one tree in place (slovnet picks each head on its own); return the root.

    The root is the first word the model attached to 0 (``root`` label first). Other
    roots and self-loops hang from it; each cycle is cut at the word that closes it,
    which then hangs from the root too. Only the root keeps the label ``root``.
    """
    size = len(heads)
    tops = [i for i in range(size) if heads[i] in (0, i + 1)]
    named = [i for i in tops if heads[i] == 0 and rels[i] == "root"]
    root = (named or [i for i in tops if heads[i] == 0] or tops or [-1])[0]
    if root < 0:  # no root at all: every word is on or under a cycle
        root = 0
    heads[root], rels[root] = 0, "root"
    for i in tops:
        if i != root:
            heads[i] = root + 1

    state = [0] * size  # 0 new, 1 on the current path, 2 reaches the root
    state[root] = 2
    for start in range(size):
        path, i = [], start
        while state[i] == 0:
            state[i] = 1
            path.append(i)
            i = heads[i] - 1
        if state[i] == 1:  # the path closed a cycle: cut its last link
            heads[path[-1]] = root + 1
        for i in path:
            state[i] = 2
    for i in range(size):
        if rels[i] == "root" and i != root:
            rels[i] = "dep"
    return root


def chunk_bounds(words: Sequence[str], limit: int = MAX_WORDS) -> list[tuple[int, int]]:
    """Cut a word list into nearly even chunks of at most ``limit``, after punctuation if near."""
    bounds, start, size = [], 0, len(words)
    while size - start > limit:
        target = math.ceil((size - start) / math.ceil((size - start) / limit))
        stop = start + target
        for cut in range(stop, start + target // 2, -1):
            if not any(char.isalnum() for char in words[cut - 1]):
                stop = cut
                break
        bounds.append((start, stop))
        start = stop
    bounds.append((start, size))
    return bounds


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the tokenizer's sentences (razdel's when the doc has none)."""
    if doc.has_annotation("SENT_START"):
        flags = doc.to_array(SENT_START) == 1
        flags[0] = True
        starts = np.flatnonzero(flags).tolist()
    else:
        words = [token.text for token in doc]
        spaces = [bool(token.whitespace_) for token in doc]
        starts = [
            i for i, flag in enumerate(RazdelTokenizer.sent_starts(doc.text, words, spaces)) if flag
        ]
    return list(zip(starts, starts[1:] + [len(doc)], strict=True))


class Plan(NamedTuple):
    """Where each model input of a doc comes from."""

    sents: list[tuple[int, int]]
    chunks: list[list[int]]  # token indices of each chunk, in doc order
    firsts: list[bool]  # chunk opens its sentence


def plan_doc(doc: Doc) -> Plan:
    sents = sentence_bounds(doc) if len(doc) else []
    chunks, firsts = [], []
    for start, end in sents:
        words = [i for i in range(start, end) if not doc[i].is_space]
        for number, (a, b) in enumerate(chunk_bounds([doc[i].text for i in words])):
            if b > a:
                chunks.append(words[a:b])
                firsts.append(number == 0)
    return Plan(sents, chunks, firsts)


class NatashaAnnotator:
    """Sets pos_, tag_, morph, lemma_, dep_, head and ents from natasha's slovnet models.

    The models are shared by every instance in the process and load on first use.
    """

    def __init__(self, vocab: Vocab, name: str = "quotemine_natasha", batch_size: int = 32) -> None:
        self.vocab = vocab
        self.name = name
        self.batch_size = batch_size
        self.tag_cache: dict[str, tuple[int, int, str, dict[str, str]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Annotate ``batch_size`` docs at a time: their sentences go to the models together."""
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: Sequence[Doc]) -> None:
        plans = [plan_doc(doc) for doc in docs]
        chunks = [
            [doc[i].text for i in chunk]
            for doc, plan in zip(docs, plans, strict=True)
            for chunk in plan.chunks
        ]
        parses = iter(run_models(chunks))
        for doc, plan in zip(docs, plans, strict=True):
            self.write(doc, plan, [next(parses) for _ in plan.chunks])

    def read_tag(self, tag: str) -> tuple[int, int, str, dict[str, str]]:
        """Morph tag -> (pos id, morph key, pos, feats), memoized per vocab."""
        if tag not in self.tag_cache:
            pos, _, feats_text = tag.partition("|")
            feats = dict(item.split("=", 1) for item in feats_text.split("|") if "=" in item)
            pos = pos if pos in POS_IDS else "X"
            self.tag_cache[tag] = (POS_IDS[pos], self.vocab.morphology.add(feats), pos, feats)
        return self.tag_cache[tag]

    def write(self, doc: Doc, plan: Plan, parses: list[Parse]) -> None:
        size = len(doc)
        if not size:
            return
        strings = self.vocab.strings
        pos = np.full(size, POS_IDS["SPACE"], dtype=np.uint64)
        tags = np.full(size, strings.add("SPACE"), dtype=np.uint64)
        morphs = np.full(size, self.vocab.morphology.add({}), dtype=np.uint64)
        lemmas = np.array([strings.add(token.text) for token in doc], dtype=np.uint64)
        heads = np.arange(size, dtype=np.int64)  # absolute for now
        deps = ["dep"] * size
        bio = ["O"] * size

        root = -1
        for chunk, first, parse in zip(plan.chunks, plan.firsts, parses, strict=True):
            chunk_root = repair_tree(parse.heads, parse.rels)
            for i, tag, head, rel, ent in zip(
                chunk, parse.tags, parse.heads, parse.rels, parse.ents, strict=True
            ):
                pos_id, morph_key, pos_name, feats = self.read_tag(tag)
                pos[i], tags[i], morphs[i] = pos_id, strings.add(pos_name), morph_key
                lemmas[i] = strings.add(lemmatize(doc[i].text, pos_name, feats))
                heads[i] = chunk[head - 1] if head else i
                deps[i] = "ROOT" if rel == "root" else rel
                bio[i] = ent
            if first:
                root = chunk[chunk_root]
            else:  # later chunks of a long sentence hang from the first one's root
                heads[chunk[chunk_root]], deps[chunk[chunk_root]] = root, "dep"

        sent_starts = np.full(size, -1, dtype=np.int64)
        for start, end in plan.sents:
            sent_starts[start] = 1
            words = [i for i in range(start, end) if not doc[i].is_space]
            # Whitespace hangs from the token before it, or opening a sentence, from its
            # first word; a sentence of whitespace only is rooted in its first token.
            first = words[0] if words else start
            if not words:
                deps[first] = "ROOT"
            for i in range(start, end):
                if doc[i].is_space and i != first:
                    heads[i] = i - 1 if i > start else first
                    deps[i] = "dep"

        array = np.stack(
            [
                pos,
                tags,
                morphs,
                lemmas,
                (heads - np.arange(size)).view(np.uint64),
                np.array([strings.add(dep) for dep in deps], dtype=np.uint64),
                sent_starts.view(np.uint64),
            ],
            axis=1,
        )
        doc.from_array(ATTRS, array)
        self.check_sents(doc, plan, array)
        doc.set_ents(entity_spans(doc, bio, plan.sents), default="outside")

    def check_sents(self, doc: Doc, plan: Plan, array: np.ndarray) -> None:
        """spaCy derives sentences from the trees: flatten any tree too tangled for it."""
        found = doc.to_array(SENT_START)
        bad = [(a, b) for a, b in plan.sents if (found[a:b] == 1).sum() != 1 or found[a] != 1]
        if not bad:
            return
        logger.info("flattening %d non-projective parse(s) to keep sentence bounds", len(bad))
        root_dep = self.vocab.strings.add("ROOT")
        relative = array[:, 4].view(np.int64)
        for start, end in bad:
            (root,) = [i for i in range(start, end) if relative[i] == 0]
            for i in range(start, end):
                relative[i] = root - i
            array[root, 5] = root_dep
        doc.from_array(ATTRS, array)

    # No weights of its own (the models come from the natasha package): save the config only.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> NatashaAnnotator:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        pass

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NatashaAnnotator:
        return self


def entity_spans(doc: Doc, bio: list[str], sents: list[tuple[int, int]]) -> list[Span]:
    """BIO tags -> spans; an I- with no B- opens an entity; sentences and O close one."""
    spans = []
    starts = {start for start, _ in sents}
    label, begin, end = "", 0, 0
    for i, tag in enumerate(bio):
        if doc[i].is_space and i not in starts:
            continue
        part, _, kind = tag.partition("-")
        if label and (i in starts or part != "I" or kind != label):
            spans.append(Span(doc, begin, end, label=label))
            label = ""
        if part in ("B", "I") and kind in ENT_LABELS:
            if not label:
                label, begin = kind, i
            end = i + 1
    if label:
        spans.append(Span(doc, begin, end, label=label))
    return spans


@Language.factory(
    "quotemine_natasha",
    default_config={"batch_size": 32},
    assigns=[
        "token.pos",
        "token.tag",
        "token.morph",
        "token.lemma",
        "token.dep",
        "token.head",
        "doc.ents",
    ],
)
def make_natasha_annotator(nlp: Language, name: str, batch_size: int) -> NatashaAnnotator:
    """spaCy factory: ``nlp.add_pipe("quotemine_natasha")``."""
    return NatashaAnnotator(nlp.vocab, name, batch_size)
