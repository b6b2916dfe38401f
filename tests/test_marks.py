"""Pairing quotation marks on characters: the cases a news desk actually types."""

import pytest

from quotemine.quotes.marks import scan, top_level


def inner(text):
    return [text[s.start : s.end] for s in scan(text)]


def outer(text):
    return [text[s.start : s.end] for s in top_level(scan(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Он сказал: «Мы придём».", ["Мы придём"]),
        ("Он сказал: «Мы придём.»", ["Мы придём."]),
        ("Она ответила: „Нет“.", ["Нет"]),
        ("Он написал: “Всё хорошо”.", ["Всё хорошо"]),
        ("Он написал: ‘коротко’.", ["коротко"]),
        ('Песков сказал: "Это не так".', ["Это не так"]),
    ],
)
def test_each_family_of_marks_pairs(text, expected):
    assert outer(text) == expected


def test_straight_quotes_nested_in_straight_quotes():
    text = 'Он сказал: "Мы приехали на космодром "Восточный"."'
    assert outer(text) == ['Мы приехали на космодром "Восточный".']
    assert inner(text) == ['Мы приехали на космодром "Восточный".', "Восточный"]


def test_angle_quotes_nested_in_angle_quotes():
    text = "«Мы читали «Войну и мир» в школе», — сказал он."
    assert outer(text) == ["Мы читали «Войну и мир» в школе"]
    spans = scan(text)
    assert [s.depth for s in spans] == [0, 1]


def test_marks_typed_backwards_still_pair():
    assert outer("Он назвал это »ошибкой« вчера.") == ["ошибкой"]


def test_unclosed_quote_is_bounded_at_its_paragraph():
    text = "Он сказал: «Мы уйдём\nВторой абзац с «цитатой» внутри."
    spans = top_level(scan(text))
    assert [text[s.start : s.end] for s in spans] == ["Мы уйдём", "цитатой"]
    assert spans[0].bounded and not spans[1].bounded


def test_reopened_paragraph_quotes_each_end_at_their_paragraph():
    text = "«Первый абзац речи.\n«Второй абзац речи», — сказал он."
    assert outer(text) == ["Первый абзац речи.", "Второй абзац речи"]


def test_apostrophe_inside_a_word_is_not_a_mark():
    assert outer("Компания O’Reilly выпустила “книгу”.") == ["книгу"]


def test_stray_closing_mark_is_ignored():
    assert outer("Он ушёл» и больше «не вернулся».") == ["не вернулся"]


def test_no_marks_no_spans():
    assert scan("") == []
    assert scan("Просто текст без кавычек.") == []


def test_many_open_marks_do_not_blow_up():
    text = "«" * 50_000 + "слово" + "„" * 50_000 + "»" * 10
    spans = scan(text)
    assert spans and all(0 <= s.start <= s.end <= len(text) for s in spans)


def test_paragraphs_without_marks_between_quoted_ones_change_nothing():
    text = "Первый абзац без кавычек.\n«Начало речи\nСнова без кавычек.\n\nОн сказал: «Вот так»."
    spans = top_level(scan(text))
    assert [text[s.start : s.end] for s in spans] == ["Начало речи", "Вот так"]
    assert [s.bounded for s in spans] == [True, False]
