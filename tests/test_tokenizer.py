import random
import time

import pytest
import razdel
import spacy

from quotemine.annotation import tokenizer as tokenizer_module
from quotemine.annotation.tokenizer import RazdelTokenizer, create_razdel_tokenizer, razdel_spans


@pytest.fixture(scope="module")
def tokenizer():
    return RazdelTokenizer(spacy.blank("ru").vocab)


def texts(doc):
    return [token.text for token in doc]


def sentences(doc):
    return [sent.text_with_ws for sent in doc.sents]


def test_razdel_tokens(tokenizer):
    doc = tokenizer("Пресс-секретарь «Аэрофлота» сказал: «Рейсы задерживаются».")
    assert texts(doc) == [
        "Пресс-секретарь",
        "«",
        "Аэрофлота",
        "»",
        "сказал",
        ":",
        "«",
        "Рейсы",
        "задерживаются",
        "»",
        ".",
    ]
    assert [token.whitespace_ for token in doc][:6] == [" ", "", "", " ", "", " "]


AWKWARD = [
    "",
    " ",
    "     ",
    "\n",
    "\n\n\n",
    "\t",
    "  Начало с пробелов",
    "Конец с пробелами   ",
    "Два  пробела и\tтаб",
    "Строка\r\nстрока\rещё\n",
    "Нули\x00внутри \x00 и \x01\x02 управляющие\x1f символы\x1c",
    "Неразрывный\xa0пробел и\u2009тонкий\u2028разрыв\u2029абзаца",
    "Ноль\u200bширины и мягкий\xadперенос",
    "Эмодзи 👍🏽 и é комбинирующий",
    "…?!»«„“\"'",
    " \n \n ",
    "т.е.т.е.т.е." * 50,
]


@pytest.mark.parametrize("text", AWKWARD)
def test_text_round_trip(tokenizer, text):
    doc = tokenizer(text)
    assert doc.text == text
    assert all(token.text for token in doc)
    assert all(token.whitespace_ in ("", " ") for token in doc)
    assert all(token.idx == text.find(token.text, token.idx) for token in doc)
    if len(doc):
        assert doc[0].is_sent_start


def test_whitespace_the_spacy_way(tokenizer):
    doc = tokenizer("Он  сказал\n«Да» ")
    assert [(t.text, t.whitespace_) for t in doc] == [
        ("Он", " "),
        (" ", ""),
        ("сказал", ""),
        ("\n", ""),
        ("«", ""),
        ("Да", ""),
        ("»", " "),
    ]
    assert [t.is_space for t in doc] == [False, True, False, True, False, False, False]


def test_offsets(tokenizer):
    text = "  Глава МИД  Сергей\tЛавров\r\nзаявил:«Нет». "
    doc = tokenizer(text)
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    assert doc[-1].idx + len(doc[-1]) + len(doc[-1].whitespace_) == len(text)


def test_sentence_starts(tokenizer):
    doc = tokenizer(
        "Мэр приехал в 10 ч. утра. Он осмотрел мост! Вопросы?\nБез точки в конце\n\nНовый абзац."
    )
    assert sentences(doc) == [
        "Мэр приехал в 10 ч. утра. ",
        "Он осмотрел мост! ",
        "Вопросы?\n",
        "Без точки в конце\n\n",
        "Новый абзац.",
    ]
    assert [t.text for t in doc if t.is_sent_start] == ["Мэр", "Он", "Вопросы", "Без", "Новый"]
    assert all(t.is_sent_start is False for t in doc if t.is_space)


def test_leading_whitespace_opens_first_sentence(tokenizer):
    doc = tokenizer("\n  Первое предложение. Второе.")
    assert [t.is_sent_start for t in doc] == [True, False, False, False, True, False]
    assert sentences(doc) == ["\n  Первое предложение. ", "Второе."]


def test_newline_always_ends_sentence(tokenizer):
    doc = tokenizer("Заголовок без точки\nТекст заметки, который продолжается\r\nи после переноса")
    assert [t.text for t in doc if t.is_sent_start] == ["Заголовок", "Текст", "и"]


def test_whitespace_only_is_one_sentence(tokenizer):
    doc = tokenizer(" \t \n ")
    assert len(doc) == 1 and doc[0].is_sent_start
    assert tokenizer("").text == ""


def test_long_inputs_are_linear(tokenizer):
    big = "Губернатор заявил, что мост откроют летом. «Мы успеем», — добавил он. " * 15_000
    start = time.perf_counter()
    doc = tokenizer(big)
    assert doc.text == big
    assert sum(1 for t in doc if t.is_sent_start) == 30_000
    word = "ж" * 50_000
    doc = tokenizer(f"Слово {word} конец")
    assert texts(doc) == ["Слово", word, "конец"]
    doc = tokenizer("а-" * 25_000)
    assert doc.text == "а-" * 25_000
    assert time.perf_counter() - start < 15


def test_registered_and_serializable(tmp_path):
    nlp = spacy.blank(
        "ru", config={"nlp": {"tokenizer": {"@tokenizers": "quotemine.razdel_tokenizer.v1"}}}
    )
    assert isinstance(nlp.tokenizer, RazdelTokenizer)
    assert isinstance(create_razdel_tokenizer()(nlp), RazdelTokenizer)
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert isinstance(loaded.tokenizer, RazdelTokenizer)
    assert texts(loaded("пресс-секретарь «ТАСС»")) == ["пресс-секретарь", "«", "ТАСС", "»"]
    assert texts(nlp.from_bytes(nlp.to_bytes())("а-ля «фуршет»")) == ["а-ля", "«", "фуршет", "»"]


def test_a_doc_keeps_only_its_quotes_in_user_data(miner):
    """The tokenizer's text and words wait beside the Doc for the quotemine component,
    which takes them and drops every cache when done: only the quotes stay."""
    from quotemine.pipeline import QUOTES_KEY

    text = "«Мы готовы», — сказал Петров."
    tokenized = miner.nlp.make_doc(text)
    assert dict(tokenized.user_data) == {}
    doc = miner.nlp(text)
    assert [key for key in doc.user_data if "quotemine" in str(key)] == [QUOTES_KEY]
    assert [quote.text for quote in doc._.quotes] == ["Мы готовы"]


def razdel_own(text):
    return [(token.start, token.stop) for token in razdel.tokenize(text)]


# Runs whose split depends on the word across the space: razdel joins «-2020» after a
# number or a word, but not after a punctuation mark; «.5» after a number.
CONTEXT = [
    "в 2019 -2020 годах",
    "около -2020",
    "итог: -2020",
    "глава 5. 5 человек",
    "глава 5. пять человек",
    "счёт 2 :-2",
    "рост на 5 .5 процента",
    "доля 1 /2 голосов",
    "дробь 1/ 2 и 3 \\4",
    "а -б, в- г",
    "ответ _да_ и _ нет",
    "Сказал, — заявил он. — Нет.",
    "yahoo ! и Yahoo!",
    "смайлик :-) и =)))",
]


@pytest.mark.parametrize("text", CONTEXT)
def test_razdel_spans_are_razdels_own(text):
    assert razdel_spans(text) == razdel_own(text)
    assert razdel_spans(text) == razdel_own(text)  # the second time from what was remembered


def test_a_runs_split_does_not_depend_on_where_it_was_first_seen():
    for texts in (["итог: -2020", "в 2019 -2020"], ["в 2019 -2020", "итог: -2020"]):
        tokenizer_module._SPLITS.clear()  # each order from an empty cache
        for text in texts:
            assert razdel_spans(text) == razdel_own(text)


def test_razdel_spans_match_razdel_on_random_strings():
    pieces = list("аяАЯёbzBZ09٣०½-‑–—−_.,/\\!?…:;()«»“”\"'*%№Δ😀\x07Kſ") + ["12", "где", "abc", ":-)", "yahoo"]
    # whitespace to Python and razdel alike (a no-break space, U+3000, the separators
    # U+001C-U+001F, NEL), and a zero-width space, which is none
    pieces += [" ", " ", "  ", "\n", "\u00a0", "\u2009", "\u3000", "\x1c", "\x1f", "\x85", "\u200b"] * 2
    rng = random.Random(2024)
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        assert razdel_spans(text) == razdel_own(text), repr(text)
