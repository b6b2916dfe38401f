"""The per-doc lookups the finders share: each must say what spaCy's own attribute says."""

import pytest
import spacy
from spacy.attrs import LEMMA, POS
from spacy.tokens import Doc

from quotemine.annotation.features import feature
from quotemine.lexicon import lexicon
from quotemine.quotes.classify import is_sentences
from quotemine.textspan import (
    doc_ents,
    doc_text,
    sent_bounds,
    sent_of,
    token_range,
    token_texts,
    tokens_where,
    tokens_with_lemma,
)


@pytest.fixture
def doc():
    words = ["В", "министерстве", "обороны", "заявили", ",", "что", "учения", "прошли", "."]
    lemmas = ["в", "министерство", "оборона", "заявить", ",", "что", "учение", "пройти", "."]
    morphs = [
        "",
        "Animacy=Inan|Case=Loc|Gender=Neut|Number=Sing",
        "Animacy=Inan|Case=Gen|Gender=Fem|Number=Sing",
        "Aspect=Perf|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin|Voice=Act",
        "",
        "",
        "Animacy=Inan|Case=Nom|Gender=Neut|Number=Plur",
        "Aspect=Perf|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin|Voice=Act",
        "",
    ]
    spaces = [True, True, False, False, True, True, True, False, False]
    return Doc(spacy.blank("ru").vocab, words=words, spaces=spaces, lemmas=lemmas, morphs=morphs,
               sent_starts=[True] + [False] * 8, ents=["O", "B-ORG", "I-ORG"] + ["O"] * 6)


def test_feature_reads_what_morph_get_reads(doc):
    for token in doc:
        for field in ("Case", "Gender", "Number", "VerbForm", "Aspect", "Animacy"):
            assert feature(token, field) == tuple(token.morph.get(field))
    assert feature(doc[1], "Case") == ("Loc",)
    assert feature(doc[0], "Case") == ()


def test_feature_splits_several_values():
    doc = Doc(spacy.blank("ru").vocab, words=["который"], morphs=["Case=Nom|PronType=Int,Rel"])
    assert feature(doc[0], "PronType") == tuple(doc[0].morph.get("PronType")) == ("Int", "Rel")


def test_lookups_agree_with_spacy(doc):
    assert doc_text(doc) == doc.text
    assert token_texts(doc) == [token.text for token in doc]
    assert [e.text for e in doc_ents(doc)] == [e.text for e in doc.ents] == ["министерстве обороны"]
    assert sent_of(doc, 4) == doc[0:9]
    assert doc[slice(*token_range(doc, 2, 24))].text == "министерстве обороны"
    first, last = token_range(doc, 24, 2)
    assert first == last  # an empty range holds no token


def test_tokens_with_lemma_finds_organization_nouns(doc):
    assert tokens_with_lemma(doc, lexicon().org_nouns) == [1]
    assert tokens_with_lemma(doc, frozenset({"учение", "пройти"})) == [6, 7]
    assert tokens_with_lemma(doc, frozenset()) == []


@pytest.mark.parametrize(
    "content, expected",
    [
        ("Нет. Не могу прокомментировать", True),
        ("Мы готовы! Ждём", True),
        ("Т.е. согласны", False),  # no space after the period
        ("Итак. да", False),  # no capital after it
        ("Всё. ", False),
        (". . А", True),  # the break may start right after another
        ("", False),
    ],
)
def test_is_sentences(content, expected):
    assert is_sentences(content) is expected


def test_token_range_is_the_tokens_wholly_inside(doc):
    text = doc_text(doc)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            first, last = token_range(doc, start, end)
            inside = [t.i for t in doc if start <= t.idx and t.idx + len(t) <= end]
            assert list(range(first, last)) == inside
    assert token_range(doc, 2, 24) == (1, 3)  # «министерстве обороны», not the comma after


def test_sent_bounds_are_the_sentence_spacy_gives():
    doc = Doc(spacy.blank("ru").vocab, words=["Он", "пришел", ".", "Она", "ушла", "."],
              sent_starts=[True, False, False, True, False, False])
    for i, token in enumerate(doc):
        assert sent_bounds(doc, i) == (token.sent.start, token.sent.end)
    assert sent_bounds(doc, 4) == (3, 6)


def test_tokens_where_tests_each_distinct_value_once(doc):
    asked = []

    def verb(token):
        asked.append(token.i)
        return token.pos_ == "VERB"

    doc[3].pos_ = doc[7].pos_ = "VERB"
    tested: dict = {}
    assert tokens_where(doc, (LEMMA, POS), verb, tested) == [3, 7]
    assert len(asked) == len({(t.lemma, t.pos) for t in doc})
    assert tokens_where(doc, (LEMMA, POS), verb, tested) == [3, 7]  # from the cache: no new tests
    assert len(asked) == len({(t.lemma, t.pos) for t in doc})
