"""The component needs annotations, not natasha: a Doc built by hand is enough.

Each Doc below carries what ru_core_news_sm would set (UD pos, morph features,
lemmas, a dependency tree with UD labels, sentence starts, PER/ORG entities), is
built on ``spacy.blank("ru").vocab`` and goes through the ``quotemine`` component
of a blank pipeline, with the natasha models made unloadable.
"""

import pytest
import spacy
from spacy.tokens import Doc

import quotemine.pipeline  # noqa: F401  (registers the "quotemine" factory)
from quotemine.annotation import natasha

# One row per token: word, space after?, pos, morph, lemma, head (index in the doc), dep, ent.
Row = tuple[str, bool, str, str, str, int, str, str]

VERB_PAST_MASC = "Aspect=Perf|Gender=Masc|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin|Voice=Act"
VERB_PAST_FEM = "Aspect=Perf|Gender=Fem|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin|Voice=Act"
PER_MASC_NOM = "Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing"
PER_FEM_NOM = "Animacy=Anim|Case=Nom|Gender=Fem|Number=Sing"

# «Мы не сдадимся», — заявил Иван Петров.
PETROV: list[Row] = [
    ("«", False, "PUNCT", "", "«", 3, "punct", "O"),
    ("Мы", True, "PRON", "Case=Nom|Number=Plur|Person=First", "мы", 3, "nsubj", "O"),
    ("не", True, "PART", "Polarity=Neg", "не", 3, "advmod", "O"),
    ("сдадимся", False, "VERB",
     "Aspect=Perf|Mood=Ind|Number=Plur|Person=First|Tense=Fut|VerbForm=Fin|Voice=Mid",
     "сдаться", 7, "ccomp", "O"),
    ("»", False, "PUNCT", "", "»", 3, "punct", "O"),
    (",", True, "PUNCT", "", ",", 7, "punct", "O"),
    ("—", True, "PUNCT", "", "—", 7, "punct", "O"),
    ("заявил", True, "VERB", VERB_PAST_MASC, "заявить", 7, "ROOT", "O"),
    ("Иван", True, "PROPN", PER_MASC_NOM, "иван", 7, "nsubj", "B-PER"),
    ("Петров", False, "PROPN", PER_MASC_NOM, "петров", 8, "flat:name", "I-PER"),
    (".", False, "PUNCT", "", ".", 7, "punct", "O"),
]

# Мэр Анна Смирнова сказала: «Город готов».
SMIRNOVA: list[Row] = [
    ("Мэр", True, "NOUN", PER_MASC_NOM, "мэр", 3, "nsubj", "O"),
    ("Анна", True, "PROPN", PER_FEM_NOM, "анна", 0, "appos", "B-PER"),
    ("Смирнова", True, "PROPN", PER_FEM_NOM, "смирнова", 1, "flat:name", "I-PER"),
    ("сказала", False, "VERB", VERB_PAST_FEM, "сказать", 3, "ROOT", "O"),
    (":", True, "PUNCT", "", ":", 7, "punct", "O"),
    ("«", False, "PUNCT", "", "«", 7, "punct", "O"),
    ("Город", True, "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing", "город", 7, "nsubj", "O"),
    ("готов", False, "ADJ", "Degree=Pos|Gender=Masc|Number=Sing|Variant=Short", "готовый", 3,
     "parataxis", "O"),
    ("»", False, "PUNCT", "", "»", 7, "punct", "O"),
    (".", False, "PUNCT", "", ".", 3, "punct", "O"),
]

# Министр Олег Соколов выступил в Думе. «Бюджет сбалансирован», — сказал он.
# Министр назвал ситуацию «крайне сложной».
SOKOLOV: list[Row] = [
    ("Министр", True, "NOUN", PER_MASC_NOM, "министр", 3, "nsubj", "O"),
    ("Олег", True, "PROPN", PER_MASC_NOM, "олег", 0, "appos", "B-PER"),
    ("Соколов", True, "PROPN", PER_MASC_NOM, "соколов", 1, "flat:name", "I-PER"),
    ("выступил", True, "VERB", VERB_PAST_MASC, "выступить", 3, "ROOT", "O"),
    ("в", True, "ADP", "", "в", 5, "case", "O"),
    ("Думе", False, "PROPN", "Animacy=Inan|Case=Loc|Gender=Fem|Number=Sing", "дума", 3, "obl", "B-ORG"),
    (".", True, "PUNCT", "", ".", 3, "punct", "O"),
    # second sentence starts at 7
    ("«", False, "PUNCT", "", "«", 9, "punct", "O"),
    ("Бюджет", True, "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing", "бюджет", 9, "nsubj:pass", "O"),
    ("сбалансирован", False, "VERB",
     "Aspect=Perf|Gender=Masc|Number=Sing|Tense=Past|Variant=Short|VerbForm=Part|Voice=Pass",
     "сбалансировать", 14, "ccomp", "O"),
    ("»", False, "PUNCT", "", "»", 9, "punct", "O"),
    (",", True, "PUNCT", "", ",", 14, "punct", "O"),
    ("—", True, "PUNCT", "", "—", 14, "punct", "O"),
    ("сказал", True, "VERB", VERB_PAST_MASC, "сказать", 14, "ROOT", "O"),
    ("он", False, "PRON", "Case=Nom|Gender=Masc|Number=Sing|Person=Third", "он", 14, "nsubj", "O"),
    (".", True, "PUNCT", "", ".", 14, "punct", "O"),
    # third sentence starts at 16
    ("Министр", True, "NOUN", PER_MASC_NOM, "министр", 17, "nsubj", "O"),
    ("назвал", True, "VERB", VERB_PAST_MASC, "назвать", 17, "ROOT", "O"),
    ("ситуацию", True, "NOUN", "Animacy=Inan|Case=Acc|Gender=Fem|Number=Sing", "ситуация", 17, "obj", "O"),
    ("«", False, "PUNCT", "", "«", 21, "punct", "O"),
    ("крайне", True, "ADV", "Degree=Pos", "крайне", 21, "advmod", "O"),
    ("сложной", False, "ADJ", "Case=Ins|Degree=Pos|Gender=Fem|Number=Sing", "сложный", 17, "xcomp", "O"),
    ("»", False, "PUNCT", "", "»", 21, "punct", "O"),
    (".", False, "PUNCT", "", ".", 17, "punct", "O"),
]
SOKOLOV_STARTS = (0, 7, 16)


@pytest.fixture
def no_natasha(monkeypatch):
    """Loading the natasha models fails the test."""

    def refuse():
        raise AssertionError("the natasha models were asked for")

    monkeypatch.setattr(natasha, "natasha_models", refuse)


@pytest.fixture
def blank_nlp(no_natasha):
    nlp = spacy.blank("ru")
    nlp.add_pipe("quotemine")
    assert nlp.pipe_names == ["quotemine"]
    return nlp


def build(vocab, rows: list[Row], starts=(0,)) -> Doc:
    words, spaces, pos, morphs, lemmas, heads, deps, ents = map(list, zip(*rows, strict=True))
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        sent_starts=[i in starts for i in range(len(rows))],
        ents=ents,
    )


def run(nlp, rows, starts=(0,)):
    doc = build(nlp.vocab, rows, starts)
    return nlp.get_pipe("quotemine")(doc)


def test_refusal_is_in_place(no_natasha):
    with pytest.raises(AssertionError, match="natasha"):
        natasha.natasha_models()


def test_handbuilt_doc_has_the_annotations(blank_nlp):
    doc = build(blank_nlp.vocab, PETROV)
    assert doc.text == "«Мы не сдадимся», — заявил Иван Петров."
    assert doc.has_annotation("DEP") and doc.has_annotation("MORPH")
    assert [(e.text, e.label_) for e in doc.ents] == [("Иван Петров", "PER")]
    assert doc[7].head == doc[7] and doc[8].head == doc[7]


def test_speech_verb_after_the_quote(blank_nlp):
    doc = run(blank_nlp, PETROV)
    [quote] = doc._.quotes
    assert (quote.text, quote.kind) == ("Мы не сдадимся", "direct")
    assert (quote.start, quote.end) == (1, 15)
    assert quote.speaker.name == "Иван Петров"
    assert quote.speaker.type == "PER"
    assert (quote.cue.text, quote.cue.lemma) == ("заявил", "заявить")
    assert quote.addressee is None
    assert [(s.text, s.label_) for s in doc.spans["quotes"]] == [("Мы не сдадимся", "direct")]


def test_speech_verb_and_colon_before_the_quote(blank_nlp):
    doc = run(blank_nlp, SMIRNOVA)
    assert doc.text == "Мэр Анна Смирнова сказала: «Город готов»."
    [quote] = doc._.quotes
    assert (quote.text, quote.kind) == ("Город готов", "direct")
    assert quote.speaker.name == "Анна Смирнова"
    assert quote.speaker.mention.endswith("Анна Смирнова")
    assert quote.cue.text == "сказала"


def test_pronoun_and_mixed_quote_across_sentences(blank_nlp):
    doc = run(blank_nlp, SOKOLOV, SOKOLOV_STARTS)
    assert [s.start for s in doc.sents] == list(SOKOLOV_STARTS)
    quotes = doc._.quotes
    assert [(q.text, q.kind) for q in quotes] == [
        ("Бюджет сбалансирован", "direct"),
        ("крайне сложной", "mixed"),
    ]
    said, called = quotes
    assert (said.speaker.name, said.speaker.mention, said.speaker.type) == ("Олег Соколов", "он", "PRON")
    assert said.cue.text == "сказал"
    assert (called.speaker.name, called.speaker.mention) == ("Олег Соколов", "Министр")
    assert called.cue.text == "назвал"


def test_same_doc_through_the_language(blank_nlp):
    # nlp(doc) skips the tokenizer and runs the pipes on the given annotations
    doc = blank_nlp(build(blank_nlp.vocab, PETROV))
    assert [q.speaker.name for q in doc._.quotes] == ["Иван Петров"]


def test_without_the_parse_the_speaker_is_lost(blank_nlp):
    # the same words with sentence starts only, no tree, morphology or entities:
    # the component reads the annotations it is given, so no person is found
    words = [row[0] for row in PETROV]
    spaces = [row[1] for row in PETROV]
    bare = Doc(blank_nlp.vocab, words=words, spaces=spaces, sent_starts=[i == 0 for i in range(len(words))])
    doc = blank_nlp.get_pipe("quotemine")(bare)
    assert [q.text for q in doc._.quotes] == ["Мы не сдадимся"]
    [quote] = doc._.quotes
    assert quote.speaker is None
    assert quote.cue.text == "заявил"  # pymorphy3 readings still know the verb


# Министр Лоренцо Бьянки заявил: «Нужны общие деньги». The parser read the indeclinable
# first name as a genitive, the surname as a nominative: its name link keeps them one name.
BIANCHI: list[Row] = [
    ("Министр", True, "NOUN", PER_MASC_NOM, "министр", 3, "nsubj", "O"),
    ("Лоренцо", True, "PROPN", "Animacy=Anim|Case=Gen|Gender=Masc|Number=Sing", "лоренцо", 0, "appos", "B-PER"),
    ("Бьянки", True, "PROPN", PER_MASC_NOM, "бьянки", 1, "flat:name", "I-PER"),
    ("заявил", False, "VERB", VERB_PAST_MASC, "заявить", 3, "ROOT", "O"),
    (":", True, "PUNCT", "", ":", 7, "punct", "O"),
    ("«", False, "PUNCT", "", "«", 7, "punct", "O"),
    ("Нужны", True, "ADJ", "Degree=Pos|Number=Plur|Variant=Short", "нужный", 3, "parataxis", "O"),
    ("общие", True, "ADJ", "Case=Nom|Degree=Pos|Number=Plur", "общий", 8, "amod", "O"),
    ("деньги", False, "NOUN", "Animacy=Inan|Case=Nom|Number=Plur", "деньги", 6, "nsubj", "O"),
    ("»", False, "PUNCT", "", "»", 6, "punct", "O"),
    (".", False, "PUNCT", "", ".", 3, "punct", "O"),
]


def test_a_name_held_together_by_its_name_link_is_one_person(blank_nlp):
    (quote,) = run(blank_nlp, BIANCHI)._.quotes
    assert quote.speaker.name == "Лоренцо Бьянки"


def test_a_name_tagged_half_accusative_half_genitive_is_one_person(blank_nlp):
    from quotemine.entities.people import split_by_case

    rows: list[Row] = [
        ("слова", True, "NOUN", "Animacy=Inan|Case=Acc|Gender=Neut|Number=Plur", "слово", 0, "ROOT", "O"),
        ("Юрия", True, "PROPN", "Animacy=Anim|Case=Gen|Gender=Masc|Number=Sing", "юрий", 0, "nmod", "B-PER"),
        ("Зарецкого", False, "PROPN", "Animacy=Anim|Case=Acc|Gender=Masc|Number=Sing", "зарецкий", 1, "flat:name",
         "I-PER"),
    ]
    doc = build(blank_nlp.vocab, rows)
    assert [part.text for part in split_by_case(doc.ents[0])] == ["Юрия Зарецкого"]


def test_a_channel_tagged_as_an_organization_is_not_the_one_in_focus(blank_nlp):
    from quotemine.entities.resolve import Resolver

    inan_nom = "Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing"
    # Администрация Ижевска сообщила в Telegram-канале.
    rows: list[Row] = [
        ("Администрация", True, "NOUN", inan_nom, "администрация", 2, "nsubj", "B-ORG"),
        ("Ижевска", True, "PROPN", "Animacy=Inan|Case=Gen|Gender=Masc|Number=Sing", "ижевск", 0, "nmod", "I-ORG"),
        ("сообщила", True, "VERB", VERB_PAST_FEM, "сообщить", 2, "ROOT", "O"),
        ("в", True, "ADP", "", "в", 4, "case", "O"),
        ("Telegram-канале", False, "NOUN", "Animacy=Inan|Case=Loc|Gender=Masc|Number=Sing", "telegram-канал", 2,
         "obl", "B-ORG"),
        (".", False, "PUNCT", "", ".", 2, "punct", "O"),
    ]
    doc = build(blank_nlp.vocab, rows)
    assert Resolver(doc).organization(len(doc.text)) == "Администрация Ижевска"


def test_of_two_subjects_the_parser_gave_a_verb_the_one_agreeing_with_it(blank_nlp):
    from quotemine.attribution.phrases import subject_of

    # Прокуратура начала проверку, а прокурор назвал ее «нужной». (both nouns hung on «назвал»)
    rows: list[Row] = [
        ("Прокуратура", True, "NOUN", "Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing", "прокуратура", 6, "nsubj", "O"),
        ("начала", True, "VERB", VERB_PAST_FEM, "начать", 6, "conj", "O"),
        ("проверку", False, "NOUN", "Animacy=Inan|Case=Acc|Gender=Fem|Number=Sing", "проверка", 1, "obj", "O"),
        (",", True, "PUNCT", "", ",", 6, "punct", "O"),
        ("а", True, "CCONJ", "", "а", 6, "cc", "O"),
        ("прокурор", True, "NOUN", PER_MASC_NOM, "прокурор", 6, "nsubj", "O"),
        ("назвал", True, "VERB", VERB_PAST_MASC, "назвать", 6, "ROOT", "O"),
        ("ее", True, "PRON", "Case=Acc|Gender=Fem|Number=Sing|Person=Third", "она", 6, "obj", "O"),
        ("«", False, "PUNCT", "", "«", 9, "punct", "O"),
        ("нужной", False, "ADJ", "Case=Ins|Degree=Pos|Gender=Fem|Number=Sing", "нужный", 6, "xcomp", "O"),
        ("»", False, "PUNCT", "", "»", 9, "punct", "O"),
        (".", False, "PUNCT", "", ".", 6, "punct", "O"),
    ]
    doc = build(blank_nlp.vocab, rows)
    assert subject_of(doc[6], 0, len(doc)).text == "прокурор"


def test_the_nearest_nominative_is_not_looked_for_across_that(blank_nlp):
    from quotemine.attribution.phrases import subject_of

    # Сообщил, что цены выросли. (no subject: not «цены», which the reported clause owns)
    rows: list[Row] = [
        ("Сообщил", False, "VERB", VERB_PAST_MASC, "сообщить", 0, "ROOT", "O"),
        (",", True, "PUNCT", "", ",", 4, "punct", "O"),
        ("что", True, "SCONJ", "", "что", 4, "mark", "O"),
        ("цены", True, "NOUN", "Animacy=Inan|Case=Nom|Gender=Fem|Number=Plur", "цена", 4, "nsubj", "O"),
        ("выросли", False, "VERB", "Aspect=Perf|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin|Voice=Act", "вырасти",
         0, "ccomp", "O"),
        (".", False, "PUNCT", "", ".", 0, "punct", "O"),
    ]
    doc = build(blank_nlp.vocab, rows)
    assert subject_of(doc[0], 0, len(doc)) is None


def test_a_womans_name_the_tagger_split_by_case_is_one_name_as_written(blank_nlp):
    from quotemine.entities.people import People

    # Министр Сардана Иванова заявила ... («Иванова» tagged as a man's genitive)
    rows: list[Row] = [
        ("Министр", True, "NOUN", PER_MASC_NOM, "министр", 3, "nsubj", "O"),
        ("Сардана", True, "PROPN", PER_FEM_NOM, "сардана", 0, "appos", "B-PER"),
        ("Иванова", True, "PROPN", "Animacy=Anim|Case=Gen|Gender=Masc|Number=Sing", "иванов", 1, "flat:name", "I-PER"),
        ("заявила", False, "VERB", VERB_PAST_FEM, "заявить", 3, "ROOT", "O"),
        (".", False, "PUNCT", "", ".", 3, "punct", "O"),
    ]
    (person,) = People(build(blank_nlp.vocab, rows)).persons
    assert (person.name, person.gender) == ("Сардана Иванова", "Fem")
