"""The natasha backend: slovnet's news morph, syntax and NER models as one spaCy component.

The models ship inside the ``natasha`` wheel and run on numpy, so this works offline.
They are fed our razdel tokens as word lists (never re-tokenized text), so every tag
lands on a spaCy token. Sentences come from the tokenizer; a sentence of more than
``MAX_WORDS`` words is parsed in consecutive chunks (the parser is quadratic in
sentence length), and each chunk root after the first hangs from the first chunk's
root with dep ``dep``: the sentence stays one spaCy sentence.

By default (``scope="auto"``) only the sentences quotemine reads go to the models;
see ``selective``. The models run on our own numpy executor of slovnet's weights
(``Executor``), which gives slovnet's output at a fraction of slovnet's cost.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from navec.pq import PQ
from slovnet.shape import word_shape
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from spacy.vocab import Vocab

from ..textspan import doc_words
from .lemmas import lemmatize
from .selective import select
from .tokenizer import RazdelTokenizer

logger = logging.getLogger(__name__)

MAX_WORDS = 150  # longest word list given to the models at once
MODEL_BATCH = 32  # word lists per batch when the slovnet objects run themselves
BLOCK_WORDS = 4096  # words per packed block: bounds memory whatever the document size
WORD_CACHE = 100_000  # words whose vocabulary ids are remembered
TOKEN_CACHE = 100_000  # (word, tag) pairs whose pos, morph and lemma ids are remembered
SCOPES = ("auto", "all")
ENT_LABELS = ("PER", "LOC", "ORG")
ATTRS = [POS, TAG, MORPH, LEMMA, HEAD, DEP, SENT_START]


class Models(NamedTuple):
    morph: Any  # natasha.NewsMorphTagger
    syntax: Any  # natasha.NewsSyntaxParser
    ner: Any  # natasha.NewsNERTagger


@cache
def natasha_models() -> Models:
    """Load navec + the three slovnet models once per process, on first use (~0.2 s).

    As natasha loads them, less what they never read: navec's vocabulary and similarity
    tables (the models take only its quantized vectors) and two more copies of the
    250,000-word vocabulary that each model's pack carries alike. Together these were
    more than half of the load, which every ``quotemine extract`` and every
    ``--n-process`` worker pays before its first document."""
    from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    with _LOADING, _one_vocabulary():
        emb = _news_vectors()
        models = Models(NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb))
    for model in models:
        model.infer.encoder.batch_size = MODEL_BATCH
    return models


# Held while the models load: ``_one_vocabulary`` swaps a slovnet function meanwhile.
_LOADING = threading.Lock()


def _news_vectors() -> Any:
    """natasha's ``NewsEmbedding`` as the slovnet models use it: its metadata and its
    quantized vectors, without the word index and the similarity tables (``PQ.norm``,
    ``PQ.ab``) that only navec's own lookups and ``sim`` read."""
    from natasha.data import NEWS_EMBEDDING
    from navec.navec import META, PQ_, Meta, Navec, Tar

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        vectors = _VectorsOnly.from_file(tar.load(PQ_))
    return Navec(meta, None, vectors)


class _VectorsOnly(PQ):
    def precompute(self) -> None:
        """Nothing: the tables navec builds here serve only ``PQ.sim``."""


@contextmanager
def _one_vocabulary() -> Iterator[None]:
    """While the models load, a vocabulary that unpacks to the same words as one read
    before is that same ``Vocab``: the morph, syntax and NER packs each carry the
    250,000 words (compressed at different times, so their bytes differ)."""
    from slovnet.exec import pack

    read = pack.bytes_vocab
    seen: dict[bytes, Any] = {}

    def shared(data: bytes) -> Any:
        words = pack.decompress(data)
        if words not in seen:  # what ``bytes_vocab`` does, from the words unpacked once
            seen[words] = pack.Vocab(words.decode("utf8").splitlines())
        return seen[words]

    pack.bytes_vocab = shared
    try:
        yield
    finally:
        pack.bytes_vocab = read


class Parse(NamedTuple):
    """Model output for one word list."""

    tags: list[str]  # morph tags, 'NOUN|Case=Nom|...'
    heads: list[int]  # 1-based head within the list, 0 for the root
    rels: list[str]
    ents: list[str]  # BIO tags


# --------------------------------------------------------------------------- inference
#
# slovnet runs its models over padded [batch, words] arrays, one model at a time, with
# a convolution that copies every window (im2col) and a relation scorer made of one
# tiny matrix product per word. The same weights give the same output computed
# "packed": all word lists of a block end to end in one [rows, features] array with a
# zero row between lists (the zero padding slovnet's convolution and masking give each
# list), so each convolution is three plain matrix products on shifted views and each
# head works on all words at once. Only the parts that are per list by nature (the
# CRF of the NER head, the head-pair scores of the parser) group lists of one length.


class ConvLayer(NamedTuple):
    kernels: tuple[np.ndarray, np.ndarray, np.ndarray]  # [in, out] for offsets -1, 0, +1
    bias: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    weight: np.ndarray
    shift: np.ndarray  # the batch norm's bias
    stacked: np.ndarray  # the kernels as one [3, in, out] array


def conv_layers(encoder: Any) -> list[ConvLayer]:
    layers = []
    for layer in encoder.layers:
        weight = layer.conv.weight.array  # [filters, in, kernel]
        if weight.shape[2] != 3 or layer.conv.padding != 1:
            raise ValueError("expected slovnet convolutions of width 3 with padding 1")
        norm = layer.norm
        kernels = tuple(np.ascontiguousarray(weight[:, :, k].T) for k in range(3))
        layers.append(
            ConvLayer(
                kernels,  # type: ignore[arg-type]
                layer.conv.bias.array,
                norm.mean.array,
                norm.std.array,
                norm.weight.array,
                norm.bias.array,
                np.stack(kernels),
            )
        )
    return layers


def run_cnn(layers: list[ConvLayer], rows: np.ndarray, inverse: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """slovnet's CNNEncoder on packed rows; ``gaps`` marks the zero rows between lists.

    The input is given as its distinct rows (``rows[inverse]`` is the packed input): a
    block repeats its commonest words many times, so the first layer, two thirds of
    the work, projects each distinct (word, shape) once and sums the projections.
    """
    x = None
    for number, layer in enumerate(layers):
        before, here, after = layer.kernels
        out = np.zeros((len(inverse), here.shape[1]), dtype=np.float32)
        inner = out[1:-1]
        if number == 0:
            projected = np.matmul(rows, layer.stacked)  # [3, distinct rows, filters]
            np.take(projected[0], inverse[:-2], axis=0, out=inner)
            inner += projected[1][inverse[1:-1]]
            inner += projected[2][inverse[2:]]
        else:
            np.matmul(x[:-2], before, out=inner)
            inner += x[1:-1] @ here
            inner += x[2:] @ after
        inner += layer.bias
        np.maximum(out, 0, out=out)
        out -= layer.mean
        out /= layer.std
        out *= layer.weight
        out += layer.shift
        out[gaps] = 0
        x = out
    return x


def feed_forward(ff: Any, x: np.ndarray) -> np.ndarray:
    return np.maximum(x @ ff.proj.weight.array + ff.proj.bias.array, 0)


def viterbi(emissions: np.ndarray, sizes: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """slovnet's CRF.decode: emissions [lists, longest, tags] padded after each list's
    ``size`` words; the padded steps keep the score, as slovnet's mask does."""
    count, longest, _ = emissions.shape
    rows = np.arange(count)
    score = emissions[:, 0]
    history = np.zeros((max(longest - 1, 0), count, emissions.shape[2]), dtype=np.int64)
    for t in range(1, longest):
        step = score[:, :, None] + transitions + emissions[:, t, None, :]
        best = step.argmax(1)
        history[t - 1] = best
        score = np.where((t < sizes)[:, None], step.max(1), score)
    last = sizes - 1
    path = np.zeros((count, longest), dtype=np.int64)
    path[rows, last] = score.argmax(-1)
    for t in range(longest - 1, 0, -1):
        live = last >= t
        path[live, t - 1] = history[t - 1][rows[live], path[live, t]]
    return path


class Executor:
    """The three slovnet models of ``natasha_models()``, run on packed numpy blocks."""

    def __init__(self, models: Models) -> None:
        morph, syntax, ner = (model.infer for model in models)
        encoder = morph.encoder
        self.words = encoder.words_vocab.item_ids
        self.unk_id = encoder.words_vocab.unk_id
        self.pad_id = encoder.words_vocab.pad_id
        self.shapes = encoder.shapes_vocab.item_ids
        self.shape_pad = encoder.shapes_vocab.pad_id
        self.shape_unk = encoder.shapes_vocab.unk_id
        for infer in (syntax, ner):
            if (
                infer.encoder.words_vocab.items != encoder.words_vocab.items
                or infer.encoder.shapes_vocab.items != encoder.shapes_vocab.items
            ):
                raise ValueError("the natasha models do not share their vocabularies")
        navec = morph.model.emb.word
        self.codes = navec.codes.array  # [chunks, centroids, chunk size]
        self.indexes = navec.indexes.array  # [words, chunks]
        self.qdims = np.arange(self.codes.shape[0])
        self.nets = [
            (conv_layers(infer.model.encoder), infer.model.emb.shape.weight.array)
            for infer in (morph, syntax, ner)
        ]
        self.morph_head = morph.model.head.proj
        self.tags = morph.decoder.tags_vocab.items
        self.parser = syntax.model
        self.rels = syntax.decoder.rels_vocab.items
        self.ner_head = ner.model.head
        self.bio = ner.decoder.tags_vocab.items
        self.ids: dict[str, tuple[int, int]] = {}

    def encode(self, word: str) -> tuple[int, int]:
        ids = self.ids.get(word)
        if ids is None:
            if len(self.ids) >= WORD_CACHE:
                self.ids.clear()
            ids = self.ids[word] = (
                self.words.get(word.lower(), self.unk_id),
                self.shapes.get(word_shape(word), self.shape_unk),
            )
        return ids

    def __call__(self, chunks: Sequence[list[str]]) -> list[Parse]:
        parses: list[Parse] = []
        block: list[list[str]] = []
        size = 0
        for chunk in chunks:
            if block and size + len(chunk) > BLOCK_WORDS:
                parses.extend(self.block(block))
                block, size = [], 0
            block.append(chunk)
            size += len(chunk)
        if block:
            parses.extend(self.block(block))
        return parses

    def block(self, chunks: list[list[str]]) -> list[Parse]:
        """The three models on a few non-empty word lists at once."""
        lengths = np.array([len(chunk) for chunk in chunks], dtype=np.int64)
        # row of each list's first word: one zero row before each list and after the last
        starts = np.cumsum(np.concatenate(([1], lengths[:-1] + 1)))
        rows = len(chunks) + 1 + int(lengths.sum())
        gaps = np.ones(rows, dtype=bool)
        word_ids = np.full(rows, self.pad_id, dtype=np.int64)
        shape_ids = np.full(rows, self.shape_pad, dtype=np.int64)
        # the row of every word, in order
        where = np.repeat(starts - np.cumsum(np.concatenate(([0], lengths[:-1]))), lengths)
        where += np.arange(len(where))
        gaps[where] = False
        encoded = np.array([self.encode(word) for chunk in chunks for word in chunk], dtype=np.int64)
        word_ids[where], shape_ids[where] = encoded.T
        keys, inverse = np.unique(word_ids * len(self.shapes) + shape_ids, return_inverse=True)
        distinct_words, distinct_shapes = np.divmod(keys, len(self.shapes))
        words = self.codes[self.qdims, self.indexes[distinct_words]].reshape(len(keys), -1)

        hidden = []
        for layers, shape_table in self.nets:
            x = np.concatenate((words, shape_table[distinct_shapes]), axis=1)
            hidden.append(run_cnn(layers, x, inverse.reshape(-1), gaps))
        morph, syntax, ner = hidden

        head = self.morph_head
        tag_ids = (morph[where] @ head.weight.array + head.bias.array).argmax(-1)
        emissions = ner[where] @ self.ner_head.proj.weight.array + self.ner_head.proj.bias.array
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        heads = np.zeros(len(where), dtype=np.int64)
        parser = self.parser
        arcs = feed_forward(parser.head.head, syntax) @ parser.head.kernel.array
        tails = feed_forward(parser.head.tail, syntax)
        root_tail = feed_forward(parser.head.tail, parser.head.root.array[None])[0]
        transitions = self.ner_head.crf.transitions.array
        longest = int(lengths.max())
        padded = np.zeros((len(chunks), longest, emissions.shape[1]), dtype=emissions.dtype)
        inside = np.arange(longest) < lengths[:, None]
        padded[inside] = emissions
        bio_ids = viterbi(padded, lengths, transitions)[inside]
        for length in np.unique(lengths).tolist():
            group = np.flatnonzero(lengths == length)
            first = offsets[group][:, None] + np.arange(length)  # into `where`
            at = where[first]  # rows of the packed arrays, [m, length]
            cols = np.concatenate(
                (np.broadcast_to(root_tail, (len(group), 1, len(root_tail))), tails[at]), axis=1
            )
            scores = np.matmul(arcs[at], cols.transpose(0, 2, 1))  # [m, length, length + 1]
            heads[first] = scores.argmax(-1)

        # relations, given the heads: the head word's vector (the root's for 0)
        chunk_of = np.repeat(np.arange(len(chunks)), lengths)
        head_rows = np.where(heads > 0, starts[chunk_of] + heads - 1, 0)
        vectors = syntax[head_rows]
        vectors[heads == 0] = parser.rel.root.array
        rel = parser.rel
        hidden_dim = rel.kernel.shape[0]
        pairs = (feed_forward(rel.head, vectors) @ rel.kernel.array).reshape(
            len(where), -1, hidden_dim
        )
        rel_scores = np.einsum("nrh,nh->nr", pairs, feed_forward(rel.tail, syntax[where]))
        rel_ids = rel_scores.argmax(-1)

        tags, bios, rels = self.tags, self.bio, self.rels
        parses = []
        for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist()):
            parses.append(
                Parse(
                    [tags[i] for i in tag_ids[a:b].tolist()],
                    heads[a:b].tolist(),
                    [rels[i] for i in rel_ids[a:b].tolist()],
                    [bios[i] for i in bio_ids[a:b].tolist()],
                )
            )
        return parses


@cache
def executor() -> Executor:
    return Executor(natasha_models())


def run_models(chunks: Sequence[list[str]]) -> list[Parse]:
    """Run the three models over word lists (each at most ``MAX_WORDS`` long)."""
    if not chunks:
        return []
    return executor()(chunks)


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
    root = max(root, 0)  # no root at all: every word is on or under a cycle
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
    texts: list[str]  # every token's text
    words: list[list[int]]  # per sentence: its tokens that are not whitespace
    annotated: list[bool]  # per sentence: given to the models


def plan_doc(doc: Doc, scope: str = "all") -> Plan:
    """Sentences, and the word lists of those ``scope`` annotates (all, or ``selective``'s)."""
    texts = doc_words(doc)
    sents = sentence_bounds(doc) if texts else []
    words = [[i for i in range(start, end) if not texts[i].isspace()] for start, end in sents]
    if scope == "all":
        annotated = [True] * len(sents)
    else:
        annotated = select([[texts[i] for i in indices] for indices in words])
    chunks, firsts = [], []
    for indices, chosen in zip(words, annotated, strict=True):
        if not chosen:
            continue
        for number, (a, b) in enumerate(chunk_bounds([texts[i] for i in indices])):
            if b > a:
                chunks.append(indices[a:b])
                firsts.append(number == 0)
    return Plan(sents, chunks, firsts, texts, words, annotated)


class Token_(NamedTuple):
    """What one (word, morph tag) pair writes: ids for pos, tag, morph and lemma."""

    pos: int
    tag: int
    morph: int
    lemma: int


class NatashaAnnotator:
    """Sets pos_, tag_, morph, lemma_, dep_, head and ents from natasha's slovnet models.

    With ``scope="auto"`` only the sentences quotemine reads are annotated (see
    ``selective``); the others keep their tokens and sentence bounds but get no
    pos, tag, morph, lemma, dependency (each token is its own head, dep empty) or
    entities (their entity tags are left missing). ``scope="all"`` annotates every
    sentence. The models are shared by every instance in the process and load on
    first use.
    """

    def __init__(
        self,
        vocab: Vocab,
        name: str = "quotemine_natasha",
        batch_size: int = 32,
        scope: str = "auto",
    ) -> None:
        self.vocab = vocab
        self.name = name
        self.batch_size = batch_size
        self.scope = scope
        self.tag_cache: dict[str, tuple[int, int, str, dict[str, str]]] = {}
        self.token_cache: dict[tuple[str, str], Token_] = {}
        self.dep_cache: dict[str, int] = {}

    @property
    def scope(self) -> str:
        return self._scope

    @scope.setter
    def scope(self, value: str) -> None:
        if value not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {value!r}")
        self._scope = value

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    @contextmanager
    def memory_zone(self, mem: Any = None) -> Iterator[Any]:
        """``nlp.memory_zone()`` frees the strings added inside it: forget the string ids
        cached meanwhile (lemmas, labels), or a later doc would point at freed strings."""
        try:
            yield mem
        finally:
            self.token_cache.clear()
            self.dep_cache.clear()

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Annotate ``batch_size`` docs at a time: their sentences go to the models together."""
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: Sequence[Doc]) -> None:
        plans = [plan_doc(doc, self.scope) for doc in docs]
        chunks = [[plan.texts[i] for i in chunk] for plan in plans for chunk in plan.chunks]
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

    def read_token(self, word: str, tag: str) -> Token_:
        """(word, morph tag) -> the ids to write, lemma included, memoized."""
        key = (word, tag)
        found = self.token_cache.get(key)
        if found is None:
            if len(self.token_cache) >= TOKEN_CACHE:
                self.token_cache.clear()
            pos_id, morph_key, pos_name, feats = self.read_tag(tag)
            strings = self.vocab.strings
            found = self.token_cache[key] = Token_(
                pos_id, strings.add(pos_name), morph_key, strings.add(lemmatize(word, pos_name, feats))
            )
        return found

    def dep_id(self, rel: str) -> int:
        found = self.dep_cache.get(rel)
        if found is None:
            found = self.dep_cache[rel] = self.vocab.strings.add("ROOT" if rel == "root" else rel)
        return found

    def write(self, doc: Doc, plan: Plan, parses: list[Parse]) -> None:
        size = len(doc)
        if not size:
            return
        texts = plan.texts
        # Not annotated: no pos, tag, morph, lemma or dep; each token its own head.
        pos = [0] * size
        tags = [0] * size
        morphs = [0] * size
        lemmas = [0] * size
        heads = list(range(size))  # absolute for now
        deps = [0] * size
        bio = ["O"] * size

        root = -1
        for chunk, first, parse in zip(plan.chunks, plan.firsts, parses, strict=True):
            chunk_root = repair_tree(parse.heads, parse.rels)
            for i, tag, head, rel, ent in zip(
                chunk, parse.tags, parse.heads, parse.rels, parse.ents, strict=True
            ):
                token = self.read_token(texts[i], tag)
                pos[i], tags[i], morphs[i], lemmas[i] = token
                heads[i] = chunk[head - 1] if head else i
                deps[i] = self.dep_id(rel)
                bio[i] = ent
            if first:
                root = chunk[chunk_root]
            else:  # later chunks of a long sentence hang from the first one's root
                heads[chunk[chunk_root]], deps[chunk[chunk_root]] = root, self.dep_id("dep")

        strings = self.vocab.strings
        space = (POS_IDS["SPACE"], strings.add("SPACE"), self.vocab.morphology.add({}))
        dep_root, dep_dep = self.dep_id("root"), self.dep_id("dep")
        sent_starts = [-1] * size
        for (start, end), words, annotated in zip(plan.sents, plan.words, plan.annotated, strict=True):
            sent_starts[start] = 1
            if not annotated or len(words) == end - start:
                continue  # not annotated, or no whitespace token to place
            # Whitespace hangs from the token before it, or opening a sentence, from its
            # first word; a sentence of whitespace only is rooted in its first token.
            first = words[0] if words else start
            if not words:
                deps[first] = dep_root
            for i in range(start, end):
                if texts[i].isspace():
                    pos[i], tags[i], morphs[i] = space
                    lemmas[i] = strings.add(texts[i])
                    if i != first:
                        heads[i] = i - 1 if i > start else first
                        deps[i] = dep_dep

        array = np.empty((size, len(ATTRS)), dtype=np.uint64)
        for column, values in enumerate((pos, tags, morphs, lemmas)):
            array[:, column] = values
        array[:, 4] = (np.array(heads, dtype=np.int64) - np.arange(size)).view(np.uint64)
        array[:, 5] = deps
        array[:, 6] = np.array(sent_starts, dtype=np.int64).view(np.uint64)
        doc.from_array(ATTRS, array)
        self.check_sents(doc, plan, array)
        if not all(plan.annotated):  # spaCy derives sentence starts from the trees: these have none
            doc.from_array([SENT_START], array[:, 6:7].copy())
        missing = [
            Span(doc, start, end)
            for (start, end), annotated in zip(plan.sents, plan.annotated, strict=True)
            if not annotated
        ]
        doc.set_ents(
            entity_spans(doc, bio, plan), missing=missing or None, default="outside"
        )

    def check_sents(self, doc: Doc, plan: Plan, array: np.ndarray) -> None:
        """spaCy derives sentences from the trees: flatten any tree too tangled for it."""
        found = doc.to_array(SENT_START)
        bad = [
            (a, b)
            for (a, b), annotated in zip(plan.sents, plan.annotated, strict=True)
            if annotated and ((found[a:b] == 1).sum() != 1 or found[a] != 1)
        ]
        if not bad:
            return
        logger.info("flattening %d non-projective parse(s) to keep sentence bounds", len(bad))
        root_dep = self.vocab.strings.add("ROOT")
        relative = array[:, 4].view(np.int64)
        for start, end in bad:
            (root,) = [i for i in range(start, end) if relative[i] == 0 and array[i, 5]]
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


def entity_spans(doc: Doc, bio: list[str], plan: Plan) -> list[Span]:
    """BIO tags -> spans; an I- with no B- opens an entity; sentences and O close one."""
    spans = []
    texts = plan.texts
    starts = {start for start, _ in plan.sents}
    label, begin, end = "", 0, 0
    for i, tag in enumerate(bio):
        if tag == "O" and not label:
            continue
        if texts[i].isspace() and i not in starts:
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
    default_config={"batch_size": 32, "scope": "auto"},
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
def make_natasha_annotator(
    nlp: Language, name: str, batch_size: int, scope: str
) -> NatashaAnnotator:
    """spaCy factory: ``nlp.add_pipe("quotemine_natasha", config={"scope": "all"})``.

    ``scope="auto"`` (the default) runs the models only on the sentences quotemine
    reads (see ``quotemine.annotation.selective``): those with quotation marks, an
    opening dash or a speech cue and the sentence before and after each, those that
    may name a person, and the first sentence. The other sentences keep their tokens
    and sentence bounds but get no pos, tag, morph, lemma, dependency (each token is
    its own head) or entities; quotemine finds the same quotes either way (on the dev
    corpus, exactly the same). Pass ``scope="all"`` to annotate every token, e.g. to
    read the spaCy attributes yourself::

        nlp.add_pipe("quotemine_natasha", config={"scope": "all"})
        quotemine.load("natasha").nlp.get_pipe("quotemine_natasha").scope = "all"

    ``batch_size``: docs whose sentences go to the models together.
    """
    return NatashaAnnotator(nlp.vocab, name, batch_size, scope)
