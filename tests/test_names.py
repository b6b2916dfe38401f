"""Names and descriptions back to the nominative (quotemine.entities.names).

Tokens come from the natasha pipeline, so case and gender are the tagger's, as in
a real run; the sentences are written for the test.
"""

import pytest

from quotemine.entities.names import (
    is_common_noun,
    nominative_name,
    nominative_phrase,
    nominative_word,
    surname_nominative,
    without_outer_marks,
)


def person(natasha_nlp, text):
    """The single PER entity of ``text``, as its tokens."""
    doc = natasha_nlp(text)
    people = [ent for ent in doc.ents if ent.label_ == "PER"]
    assert len(people) == 1, [(ent.text, ent.label_) for ent in doc.ents]
    return list(people[0])


def tokens(natasha_nlp, text, words):
    """The tokens of ``words`` (a run of whole tokens) in ``text``, and the doc."""
    doc = natasha_nlp(text)
    wanted = words.split()
    for i in range(len(doc) - len(wanted) + 1):
        if [t.text for t in doc[i : i + len(wanted)]] == wanted:
            return list(doc[i : i + len(wanted)])
    raise AssertionError(f"{words!r} not in {[t.text for t in doc]}")


@pytest.mark.parametrize(
    "text, name",
    [
        ("Журналисты ждали Дмитрия Пескова у входа.", "Дмитрий Песков"),
        ("Вопрос задали Марии Захаровой на брифинге.", "Мария Захарова"),
        ("Позиция Анны Смирновой осталась прежней.", "Анна Смирнова"),
        ("Позиция Ивана Петрова осталась прежней.", "Иван Петров"),
        ("Речь Владимира Зеленского прозвучала утром.", "Владимир Зеленский"),
        ("Слова Антона Силуанова прозвучали утром.", "Антон Силуанов"),
    ],
)
def test_known_names_in_oblique_cases(natasha_nlp, text, name):
    words = person(natasha_nlp, text)
    assert " ".join(t.text for t in words) != name
    assert nominative_name(words) == name


@pytest.mark.parametrize(
    "text, name",
    [
        ("Соглашение подписано Сергеем Ситниковым.", "Сергей Ситников"),
        ("Встреча с Сергеем Ситниковым прошла в Туле.", "Сергей Ситников"),
        ("Журналисты ждали Сергея Ситникова у входа.", "Сергей Ситников"),
        ("Письмо отправили Ирине Ситниковой вчера.", "Ирина Ситникова"),
        ("Мы говорили с Ириной Ситниковой вчера.", "Ирина Ситникова"),
    ],
)
def test_surname_unknown_to_the_dictionary(natasha_nlp, text, name):
    # pymorphy3 reads «Ситниковым» only as an adjective: the ending table decides.
    assert nominative_name(person(natasha_nlp, text)) == name


@pytest.mark.parametrize(
    "text, name",
    [
        ("Позицию Энтони Блинкена поддержали союзники.", "Энтони Блинкен"),
        ("Госсекретарь встретился с Энтони Блинкеном.", "Энтони Блинкен"),
        ("Заявление Эммануэля Макрона прозвучало утром.", "Эммануэль Макрон"),
        ("Встреча с Сергеем Шойгу прошла в Минске.", "Сергей Шойгу"),
        ("Речь Олега Кожемяко была короткой.", "Олег Кожемяко"),
    ],
)
def test_foreign_and_indeclinable_names(natasha_nlp, text, name):
    assert nominative_name(person(natasha_nlp, text)) == name


@pytest.mark.parametrize(
    "text, name",
    [
        ("Вчера Ирина Ситникова выступила на форуме.", "Ирина Ситникова"),
        ("Вчера Анна Каренина уехала из города.", "Анна Каренина"),
        ("Документ подписал Олег Кожемяко.", "Олег Кожемяко"),
        ("Вчера Сергей Шойгу выступил на форуме.", "Сергей Шойгу"),
    ],
)
def test_nominative_name_is_kept_as_written(natasha_nlp, text, name):
    words = person(natasha_nlp, text)
    assert " ".join(t.text for t in words) == name
    assert nominative_name(words) == name


def test_one_gender_across_a_womans_name(natasha_nlp):
    # «Захаровой» alone could be read as a masculine form; the first name decides.
    assert nominative_name(person(natasha_nlp, "Вопрос задали Марии Захаровой.")) != "Мария Захаров"


@pytest.mark.parametrize(
    "text, words, head, expected",
    [
        ("Слова представителя Кремля прозвучали утром.", "представителя Кремля", 0,
         "представитель Кремля"),
        ("Мнение главного санитарного врача России известно.", "главного санитарного врача России", 2,
         "главный санитарный врач России"),
        ("Мы ждем ответа от официального представителя МИД.", "официального представителя МИД", 1,
         "официальный представитель МИД"),
    ],
)
def test_description_keeps_its_genitive_tail(natasha_nlp, text, words, head, expected):
    phrase = tokens(natasha_nlp, text, words)
    assert nominative_phrase(phrase, phrase[head]) == expected


def test_nominative_description_is_unchanged(natasha_nlp):
    phrase = tokens(natasha_nlp, "Представитель Кремля отказался от комментариев.", "Представитель Кремля")
    assert nominative_phrase(phrase, phrase[0]) == "Представитель Кремля"


@pytest.mark.parametrize(
    "word, case, gender, expected",
    [
        ("Ситниковым", "Ins", "Masc", "Ситников"),
        ("Ситникова", "Gen", "Masc", "Ситников"),
        ("Ситниковой", "Gen", "Fem", "Ситникова"),
        ("Ситниковой", "Ins", "Fem", "Ситникова"),
        ("Белинского", "Gen", "Masc", "Белинский"),
    ],
)
def test_surname_endings(word, case, gender, expected):
    assert surname_nominative(word, case, gender) == expected


@pytest.mark.parametrize("word", ["ТАСС", "МИД", "Ryanair", "Reuters"])
def test_abbreviations_and_latin_stay_as_written(word):
    assert nominative_word(word, "Gen", "Masc", name=True) == word
    assert nominative_word(word, "Dat") == word


def test_nominative_name_word_is_trusted():
    # a nominative woman's surname must not be "restored" to a man's
    assert nominative_word("Ситникова", "Nom", "Fem", name=True) == "Ситникова"
    assert nominative_word("Ситникова", "Gen", "Masc", name=True) == "Ситников"


@pytest.mark.parametrize(
    "word, expected",
    [("Глава", True), ("Врач-эпидемиолог", True), ("Сергей", False), ("Анна", False)],
)
def test_common_nouns_and_first_names(word, expected):
    assert is_common_noun(word) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("«Газпром»", "Газпром"),
        ('"Ведомости"', "Ведомости"),
        ("„Правда“", "Правда"),
        ("«Волгатрак", "Волгатрак"),  # the mention left its partner out
        ("пресс-служба завода «Волгатрак»", "пресс-служба завода «Волгатрак»"),  # inside a name: kept
        ("завод «Волгатрак", "завод «Волгатрак»"),  # left open inside: closed
        ("«Газпром» и «Роснефть»", "«Газпром» и «Роснефть»"),  # two names, not one in marks
    ],
)
def test_marks_go_from_the_ends_of_a_name_only_in_pairs(text, expected):
    assert without_outer_marks(text) == expected


@pytest.mark.parametrize(
    "word, case, nominative",
    [
        ("Минцифры", "Loc", "Минцифры"),  # мин + a feminine genitive: a fixed name
        ("Минприроды", "Gen", "Минприроды"),
        ("Минпросвещения", "Loc", "Минпросвещения"),  # a neuter one
        ("Минтранса", "Gen", "Минтранс"),  # мин + a masculine stem declines
        ("Минздраве", "Loc", "Минздрав"),
        ("пресс-службе", "Loc", "пресс-служба"),  # a hyphenated noun is read whole
    ],
)
def test_ministry_short_names_and_hyphenated_nouns_in_the_nominative(word, case, nominative):
    assert nominative_word(word, case) == nominative


@pytest.mark.parametrize(
    "word, case, nominative",
    [
        ("Стрельца", "Gen", "Стрелец"),  # a surname that is a man's noun: by the noun
        ("Лебедя", "Acc", "Лебедь"),
        ("Ситникова", "Gen", "Ситников"),  # one pymorphy3 does not know: by its ending
    ],
)
def test_surnames_in_the_nominative(word, case, nominative):
    assert surname_nominative(word, case, "Masc") == nominative
