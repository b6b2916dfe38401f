"""Properties every result must have, whatever text comes in.

Hypothesis writes the texts: arbitrary Unicode (lone surrogates, controls and all),
and Russian-like news made of a small vocabulary with speech verbs, names, every
family of quotation marks, dashes, colons and newlines. For each text quotemine must
not raise; every quote, speaker, cue and addressee must point into the text at
characters that spell what it says; two quotes either do not overlap or one holds
the other; and the same text must give the same quotes, alone or in a batch.

The example counts keep the suite fast. For a long hunt run, by hand::

    QUOTEMINE_PROPERTY_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quotemine.quote import Quote
from quotemine.quote import offset_problems as problems

EXAMPLES = int(os.environ.get("QUOTEMINE_PROPERTY_EXAMPLES", "0"))
# Without the variable: a fixed seed and few examples, so the suite is quick and stable.
CHECK = settings(
    max_examples=EXAMPLES or 120,
    deadline=None,
    derandomize=not EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = (
    "мы не будем это комментировать ситуация остается сложной решение примут завтра "
    "компания продолжит работу в обычном режиме и по его словам в заявлении что "
    "агентство космодром Восточный Интерфакс"
).split()
VERBS = ["сказал", "заявил", "отметила", "подчеркнул", "сообщили", "говорится", "пишет"]
NAMES = ["Иванов", "Мария Петрова", "глава МИД Сергей Лавров", "Песков", "он", "она", "ТАСС"]
MARKS = list("«»„“”\"'‹›") + ["«", "»"]  # angle quotes twice as likely
PUNCTUATION = [",", ".", ":", "!", "?", "…", "(", ")", " — ", " – ", " - ", "—", "-"]
SPACES = [" ", " ", " ", "\n", "\n\n", "\t", "\u00a0", ""]

russian_piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(VERBS),
    st.sampled_from(NAMES),
    st.sampled_from(MARKS),
    st.sampled_from(PUNCTUATION),
)
russian_text = st.lists(st.tuples(russian_piece, st.sampled_from(SPACES)), max_size=80).map(
    lambda parts: "".join(piece + space for piece, space in parts)
)
# Every code point, surrogates included (Hypothesis leaves those out unless asked).
any_char = st.characters(exclude_categories=())
any_text = st.one_of(
    st.text(alphabet=any_char, max_size=200),
    # Russian-like text with any characters strewn through it, inside words too
    st.lists(st.one_of(russian_piece, st.sampled_from(SPACES), any_char), max_size=80).map("".join),
)


def check(miner, text: str) -> list[Quote]:
    quotes = miner.extract(text)
    assert problems(text, quotes) == []
    assert miner.extract(text) == quotes  # the same input, the same output
    return quotes


@CHECK
@given(text=russian_text)
# Found by a long run: an unclosed mark ran past the end of reported speech, and the two
# quotes crossed.
@example(text="мы « мы , сказал мы ")
@example(text="Мы готовы «к диалогу, сказал Иванов")
def test_russian_like_text_gives_sound_quotes(miner, text: str) -> None:
    check(miner, text)


@CHECK
@given(text=any_text)
@example(text="00000000«0, – СКАЗАЛ")
@example(text="𗀀А")  # a letter with no Unicode name crashed pymorphy3
@example(text="»ß»A,сКАЗАЙ0МЫ")  # two quotes from one start: nested, not crossed
def test_any_unicode_gives_sound_quotes(miner, text: str) -> None:
    check(miner, text)


@settings(CHECK, max_examples=max(EXAMPLES // 10, 15))
@given(texts=st.lists(st.one_of(russian_text, any_text), min_size=1, max_size=8))
def test_a_batch_gives_what_each_text_gives_alone(miner, texts: list[str]) -> None:
    batched = list(miner.pipe(texts, batch_size=3))
    assert batched == [miner.extract(text) for text in texts]


# The checker itself must be able to fail: each broken result below is caught.


def test_problems_sees_wrong_offsets_and_partial_overlap() -> None:
    text = "«Мы готовы», — сказал он."
    good = Quote(start=1, end=10, text="Мы готовы")
    assert problems(text, [good]) == []
    assert problems(text, [Quote(start=0, end=9, text="Мы готовы")])
    assert problems(text, [Quote(start=1, end=99, text="Мы готовы")])
    assert problems(text, [good, Quote(start=5, end=20, text=text[5:20])])
    nested = Quote(start=4, end=10, text=text[4:10])
    assert problems(text, [good, nested]) == []
    same_start = Quote(start=1, end=3, text=text[1:3])
    assert problems(text, [same_start, good]) == []
