import spacy
from spacy.attrs import LIKE_NUM
from spacy.lang.ru import lex_attrs

from quotemine.annotation.lexemes import NUMBER_WORDS, like_num, use_fast_like_num

# Numbers as Russian news writes them, number words in every case, and near misses.
WORDS = [
    "12", "2024", "-3", "+5", "±2", "~40", "40%", "-3,5", "1.5", "3,5%", "1/2", "10/20/30", "1/x", "½",
    "семь", "Семь", "СЕМЬ", "семью", "пятерых", "во-первых", "вдвоём", "вдвоем", "трёх", "полтора",
    "миллиона", "Миллиард", "сто", "сотня", "первый", "Первым",
    "семья", "министр", "заявил", "Путин", "COVID-19", "5G", "2024-й", "XX", "IV", "", "%", "+", "/", "-",
]


def test_like_num_answers_as_spacys_own():
    mine = [like_num(word) for word in WORDS]
    assert mine == [lex_attrs.like_num(word) for word in WORDS]
    assert mine[:4] == [True] * 4 and like_num("семь") and not like_num("семья")


def test_like_num_knows_every_number_word_of_spacys_list_in_any_case():
    for word in NUMBER_WORDS:
        for form in (word, word.capitalize(), word.upper()):
            assert like_num(form) == lex_attrs.like_num(form), form


def test_the_natasha_pipeline_marks_numbers_with_it(natasha_nlp):
    assert natasha_nlp.vocab.lex_attr_getters[LIKE_NUM] is like_num
    doc = natasha_nlp.make_doc("Семь из 10 опрошенных, то есть 70%, заявили, что семья важнее.")
    assert [token.text for token in doc if token.like_num] == ["Семь", "10", "70"]  # razdel splits off the %


def test_a_pipelines_own_like_num_is_kept():
    nlp = spacy.blank("ru")
    nlp.vocab.lex_attr_getters[LIKE_NUM] = str.isdigit
    use_fast_like_num(nlp)
    assert nlp.vocab.lex_attr_getters[LIKE_NUM] is str.isdigit
    english = spacy.blank("en")
    own = english.vocab.lex_attr_getters[LIKE_NUM]
    use_fast_like_num(english)
    assert english.vocab.lex_attr_getters[LIKE_NUM] is own
