"""Selective annotation (scope="auto"): the models see the sentences quotemine reads.

Also the packed executor of the slovnet models, against slovnet's own inference.
"""

import importlib.util
from pathlib import Path

import pytest
import razdel

from quotemine.annotation import natasha, selective
from quotemine.annotation.natasha import NatashaAnnotator

# A lead, reporting with no speech and no names, one quote with its context, more reporting.
ARTICLE = [
    "Власти области подвели итоги года.",  # 0: the lead, always annotated
    "Погода в регионе в выходные будет облачной.",  # 1: far from any cue
    "Температура воздуха днём составит пять градусов тепла.",  # 2: context before the quote
    "«Мы закончим ремонт к осени», — заявил губернатор Сергей Воронин.",  # 3: the quote
    "Движение по мосту ограничат до вечера.",  # 4: context after
    "Цены на бензин за неделю выросли на полтора процента.",  # 5: far
    "Урожай зерна в этом году оказался выше прошлогоднего.",  # 6: far
]


def words(sentence):
    return [token.text for token in razdel.tokenize(sentence)]


def sentence_spans(doc):
    return [(sent.start, sent.end) for sent in doc.sents]


@pytest.fixture(scope="module")
def pipelines():
    import quotemine

    auto = quotemine.load("natasha")
    full = quotemine.load("natasha")
    full.nlp.get_pipe("quotemine_natasha").scope = "all"
    return auto, full


# --------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    "sentence",
    [
        "«Мы готовы», — сказал он.",
        'Он назвал это "ошибкой".',
        "— Когда начнутся работы?",
        "Министр заявила журналистам, что встреча состоится.",
        "В заявлении министерства говорится о проверке.",
        "По последним данным ведомства, пострадавших нет.",
        "По его словам, работы идут по графику.",
        "Об этом сообщили в пресс-службе мэрии.",
    ],
)
def test_cue_sentences(sentence):
    assert selective.is_cue_sentence(words(sentence))


@pytest.mark.parametrize("sentence", ARTICLE[:3] + ARTICLE[4:] + ["Мост - главный объект года."])
def test_plain_sentences(sentence):
    assert not selective.is_cue_sentence(words(sentence))
    assert not selective.names_person(words(sentence))


def test_person_names():
    assert selective.names_person(words("Вчера в Ригу прибыл Эдгар Ринкевич."))  # not in the dictionary
    assert selective.names_person(words("С ним встретился Лавров."))
    assert not selective.names_person(words("МИД и ТАСС работают в Москве."))


def test_select_takes_context_and_the_lead():
    chosen = selective.select([words(sentence) for sentence in ARTICLE])
    assert chosen == [True, False, True, True, True, False, False]
    assert selective.select([]) == []
    assert selective.select([words(ARTICLE[1])]) == [True]


# --------------------------------------------------------------------------- annotating


def test_cue_sentence_and_context_annotated_far_sentence_not(pipelines):
    auto, full = pipelines
    text = " ".join(ARTICLE[:4]) + "\n" + " ".join(ARTICLE[4:])
    doc = auto(text)
    sents = list(doc.sents)
    assert sentence_spans(doc) == sentence_spans(auto.nlp.tokenizer(text))
    assert sentence_spans(doc) == sentence_spans(full(text))
    assert [sent.text.strip() for sent in sents] == ARTICLE

    for index in (0, 2, 3, 4):
        sent = sents[index]
        assert all(t.pos_ for t in sent if not t.is_space)
        assert [t.dep_ for t in sent].count("ROOT") == 1
        assert all(t.lemma_ for t in sent if not t.is_space)
    assert ("Сергей Воронин", "PER") in [(e.text, e.label_) for e in doc.ents]
    said = next(t for t in sents[3] if t.text == "заявил")
    assert (said.pos_, said.lemma_) == ("VERB", "заявить")

    for index in (1, 5, 6):
        for token in sents[index]:
            assert (token.pos_, token.tag_, str(token.morph), token.lemma_, token.dep_) == ("", "", "", "", "")
            assert token.head == token
            assert token.ent_iob_ == ""  # not annotated, rather than "outside"
    assert all(ent.sent.start not in (sents[1].start, sents[5].start) for ent in doc.ents)


def test_quotes_same_as_scope_all(pipelines):
    auto, full = pipelines
    texts = [
        " ".join(ARTICLE),
        (
            "Глава МИД Сергей Лавров прибыл в Минск. Переговоры длились три часа.\n"
            "Погода была солнечной. Дороги в центре перекрыли.\n"
            "«Мы обсудили все вопросы», — сказал он. По его словам, следующая встреча пройдёт летом.\n"
            "Цены на бензин выросли. Урожай оказался выше прошлогоднего."
        ),
        (
            "Электрички будут ходить по новому расписанию.\n"
            "— Когда откроют мост? — спросил корреспондент.\n"
            "— Уже в понедельник, — ответил мэр Игорь Белов.\n"
            "Площадь нового парка превысит двенадцать гектаров. Выставка продлится до конца месяца. "
            "Жители домов остались без воды. Об этом заявили в управляющей компании."
        ),
    ]
    for text in texts:
        assert [q.to_dict() for q in auto.extract(text)] == [q.to_dict() for q in full.extract(text)]
    assert auto.extract(texts[1])[0].speaker.name == "Сергей Лавров"


def test_scope_is_checked_and_configurable():
    import spacy

    with pytest.raises(ValueError, match="scope"):
        NatashaAnnotator(spacy.blank("ru").vocab, scope="some")
    nlp = spacy.blank("ru")
    annotator = nlp.add_pipe("quotemine_natasha", config={"scope": "all"})
    assert annotator.scope == "all"
    assert spacy.blank("ru").add_pipe("quotemine_natasha").scope == "auto"
    with pytest.raises(ValueError):
        annotator.scope = "none"


def test_empty_and_whitespace(pipelines):
    auto, _ = pipelines
    for text in ("", " ", "\n\n"):
        doc = auto(text)
        assert doc.text == text and list(doc.ents) == []


# --------------------------------------------------------------------------- the executor


def slovnet_reference(chunks):
    """The models run by slovnet itself, as natasha does."""
    morph, syntax, ner = natasha.natasha_models()
    tags = morph.infer.decoder(morph.infer.process(morph.infer.encoder(chunks)))
    ents = ner.infer.decoder(ner.infer.process(ner.infer.encoder(chunks)))
    trees = syntax.infer.process(syntax.infer.encoder(chunks))
    rels = syntax.infer.decoder.rels_vocab
    return [
        natasha.Parse(list(tag), heads.tolist(), [rels.decode(r) for r in rel_ids.tolist()], list(ent))
        for tag, ent, (heads, rel_ids) in zip(tags, ents, trees)
    ]


def test_executor_matches_slovnet():
    chunks = [words(sentence) for sentence in ARTICLE] + [
        ["Да", "."],
        ["Ким"],
        words("Пресс-секретарь президента Дмитрий Песков заявил журналистам, что встреча состоится."),
        words("Мэр Казани Ильсур Метшин открыл новый парк, сообщает ТАСС со ссылкой на пресс-службу."),
    ]
    assert natasha.run_models(chunks) == slovnet_reference(chunks)
    # one block or many: the packing does not change a result
    natasha_block = natasha.BLOCK_WORDS
    try:
        natasha.BLOCK_WORDS = 10
        assert natasha.run_models(chunks) == slovnet_reference(chunks)
    finally:
        natasha.BLOCK_WORDS = natasha_block


# --------------------------------------------------------------------------- the benchmark


def test_benchmark_helpers():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "speed.py"
    spec = importlib.util.spec_from_file_location("speed", path)
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    article = speed.synthetic_article(4096)
    assert len(article) == 4096 and "«" in article
    texts, tokens = speed.repeat_to(["а б", "в"], [2, 1], 7)
    assert tokens >= 7 and texts[:3] == ["а б", "в", "а б"]
    assert speed.count_tokens(["Он сказал: «Да»."]) == [7]
