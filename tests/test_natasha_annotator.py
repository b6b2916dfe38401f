import logging
import random

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS

from quotemine.annotation import natasha
from quotemine.annotation.lemmas import lemmatize, parses
from quotemine.annotation.natasha import chunk_bounds, repair_tree

PESKOV = "Пресс-секретарь президента Дмитрий Песков заявил журналистам, что встреча состоится."


def token(doc, text):
    return next(t for t in doc if t.text == text)


def spans(doc):
    return [(sent.start, sent.end) for sent in doc.sents]


def test_morph_syntax_lemmas(natasha_nlp):
    doc = natasha_nlp(PESKOV)
    said = token(doc, "заявил")
    assert (said.pos_, said.lemma_, said.dep_) == ("VERB", "заявить", "ROOT")
    assert said.head == said
    peskov = token(doc, "Песков")
    assert peskov.pos_ == "PROPN"
    assert peskov.morph.get("Case") == ["Nom"]
    assert token(doc, "журналистам").morph.get("Case") == ["Dat"]
    assert token(doc, "журналистам").lemma_ == "журналист"
    assert token(doc, "Пресс-секретарь").lemma_ == "пресс-секретарь"
    assert str(token(doc, "встреча").morph) == "Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing"
    assert [t.dep_ for t in doc].count("ROOT") == 1


def test_subject_of_speech_verb(natasha_nlp):
    doc = natasha_nlp("Вчера Песков заявил журналистам, что встреча состоится.")
    peskov = token(doc, "Песков")
    assert peskov.dep_ == "nsubj"
    assert peskov.head.text == "заявил"


def test_entities(natasha_nlp):
    doc = natasha_nlp(PESKOV + " Переговоры пройдут в Москве при участии ООН.")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Дмитрий Песков", "PER") in ents
    assert ("Москве", "LOC") in ents
    assert ("ООН", "ORG") in ents


def test_sentences_and_paragraphs_preserved(natasha_nlp):
    text = (
        "  Глава региона Ольга Смирнова провела совещание. Обсуждали дороги!\n\n"
        "«Ремонт закончим к осени», — сказала она.\r\n"
        "Заголовок без точки\n"
        "Последнее предложение  с двумя пробелами."
    )
    doc = natasha_nlp(text)
    assert doc.text == text
    assert spans(doc) == spans(natasha_nlp.tokenizer(text))
    assert len(spans(doc)) == 5
    for sent in doc.sents:
        roots = [t for t in sent if t.dep_ == "ROOT"]
        assert len(roots) == 1
        assert all(t.head in sent for t in sent)
    for t in doc:
        if t.is_space:
            assert (t.pos_, t.dep_) == ("SPACE", "dep")
    assert doc[0].is_space and doc[0].head == doc[1]


def test_pipe_equals_calls(natasha_nlp):
    texts = [
        PESKOV,
        "",
        "Мэр Казани Ильсур Метшин открыл новый парк.\nЖители довольны.",
        "   ",
        "Синоптики обещают снег в Новосибирске, сообщает Гидрометцентр.",
    ]
    attrs = [POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
    piped = list(natasha_nlp.pipe(texts, batch_size=3))
    called = [natasha_nlp(text) for text in texts]
    assert [doc.text for doc in piped] == texts
    for a, b in zip(piped, called):
        assert (a.to_array(attrs) == b.to_array(attrs)).all()
        assert [(e.start, e.end, e.label_) for e in a.ents] == [
            (e.start, e.end, e.label_) for e in b.ents
        ]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n "])
def test_empty_and_whitespace_docs(natasha_nlp, text):
    doc = natasha_nlp(text)
    assert doc.text == text
    assert list(doc.ents) == []
    if text:
        assert [(t.pos_, t.dep_) for t in doc] == [("SPACE", "ROOT")]
        assert len(list(doc.sents)) == 1


def test_long_sentence_is_chunked(natasha_nlp):
    rnd = random.Random(7)
    words = "депутаты думы обсуждали бюджет и решили , что деньги пойдут на ремонт".split()
    text = " ".join(rnd.choice(words) for _ in range(400)) + ". Потом все разошлись."
    doc = natasha_nlp(text)
    assert doc.text == text
    assert spans(doc) == spans(natasha_nlp.tokenizer(text))
    first = next(iter(doc.sents))
    assert len(first) > 400
    assert [t.dep_ for t in first].count("ROOT") == 1
    # three chunks of at most 150 words: two chunk roots hang from the first one
    root = first.root
    assert sum(1 for t in root.children if t.dep_ == "dep" and not t.is_punct) >= 2


def test_chunk_bounds():
    words = ["слово"] * 400
    bounds = chunk_bounds(words)
    assert bounds[0][0] == 0 and bounds[-1][1] == 400
    assert all(b - a <= 150 for a, b in bounds) and len(bounds) == 3
    assert all(a == b for (_, a), (b, _) in zip(bounds, bounds[1:]))
    words[120] = ","
    assert chunk_bounds(words)[0] == (0, 121)
    assert chunk_bounds(["а"] * 150) == [(0, 150)]
    assert chunk_bounds([]) == [(0, 0)]


def test_repair_tree_makes_one_tree():
    rnd = random.Random(3)
    for _ in range(500):
        size = rnd.randint(1, 30)
        heads = [rnd.randint(0, size) for _ in range(size)]
        rels = [rnd.choice(["root", "nsubj", "obj"]) for _ in range(size)]
        root = repair_tree(heads, rels)
        assert heads[root] == 0 and rels[root] == "root"
        assert [i for i, head in enumerate(heads) if head == 0] == [root]
        for start in range(size):  # every word reaches the root
            i, steps = start, 0
            while i != root:
                i, steps = heads[i] - 1, steps + 1
                assert steps <= size
        assert rels.count("root") == 1


def test_tangled_tree_keeps_sentence_bounds(natasha_nlp, monkeypatch, caplog):
    """A deep zigzag chain defeats spaCy's edge propagation; the annotator flattens it."""
    run_models = natasha.run_models

    def zigzag(chunks):
        out = run_models(chunks)
        for parse in out:
            size = len(parse.heads)
            mid, order = size // 2, [size // 2]
            for k in range(1, 2 * size):
                x = mid - (k + 1) // 2 if k % 2 else mid + k // 2
                if 0 <= x < size:
                    order.append(x)
            order = order[::-1]
            for a, b in zip(order, order[1:]):
                parse.heads[a] = b + 1
            parse.heads[order[-1]] = 0
        return out

    monkeypatch.setattr(natasha, "run_models", zigzag)
    text = "Начало. Первое " + " ".join(["слово"] * 140) + ". Конец."
    with caplog.at_level(logging.INFO, logger=natasha.__name__):
        doc = natasha_nlp(text)
    assert "flattening 1" in caplog.text
    assert spans(doc) == spans(natasha_nlp.tokenizer(text))
    assert [t.dep_ for t in doc].count("ROOT") == 3


def test_lemmatize():
    assert (
        lemmatize("Пескова", "PROPN", {"Case": "Gen", "Gender": "Masc", "Number": "Sing"})
        == "песков"
    )
    assert (
        lemmatize("Песков", "PROPN", {"Case": "Nom", "Gender": "Masc", "Number": "Sing"})
        == "песков"
    )
    assert lemmatize("стекла", "VERB", {"Gender": "Fem", "Tense": "Past"}) == "стечь"
    assert lemmatize("стекла", "NOUN", {"Case": "Nom", "Number": "Plur"}) == "стекло"
    assert lemmatize("ещё", "ADV", {}) == "ещё"
    assert lemmatize("«", "PUNCT", {}) == "«"
    assert lemmatize("COVID-19", "PROPN", {}) == "covid-19"
    assert lemmatize("2024", "NUM", {}) == "2024"
    assert parses("Путину")[0].normal_form == "путин"


def test_doc_from_another_tokenizer_gets_razdel_sentences(natasha_nlp):
    from spacy.tokens import Doc

    words = ["Мэр", "приехал", ".", "Он", "доволен", "."]
    doc = Doc(natasha_nlp.vocab, words=words, spaces=[True, False, True, True, False, False])
    assert not doc.has_annotation("SENT_START")
    natasha_nlp.get_pipe("quotemine_natasha")(doc)
    assert [sent.text for sent in doc.sents] == ["Мэр приехал.", "Он доволен."]
    assert token(doc, "приехал").lemma_ == "приехать"


def test_models_read_the_same_vectors_as_natasha():
    """The lean load leaves out navec's word index and similarity tables, not a vector."""
    from natasha import NewsEmbedding
    from slovnet.exec import pack

    models = natasha.natasha_models()
    full = NewsEmbedding()
    for model in models:
        emb = model.infer.model.emb.word
        assert emb.id == full.meta.id
        assert (emb.indexes.array == full.pq.indexes).all()
        assert (emb.codes.array == full.pq.codes).all()
    # what the lean load leaves out: navec's word index and its similarity tables
    lean = natasha._news_vectors()
    assert lean.vocab is None and not hasattr(lean.pq, "norm") and hasattr(full.pq, "norm")
    # one vocabulary for the three models, and slovnet's own reader back in place
    vocabs = {id(model.infer.encoder.words_vocab) for model in models}
    assert len(vocabs) == 1 and len(models.morph.infer.encoder.words_vocab) > 200_000
    assert pack.bytes_vocab.__module__ == "slovnet.exec.pack"
