"""Broken text of every kind goes through the whole pipeline without an exception, and
what comes out is still sound: quotes where the text has them, nothing made of junk.

The sizes are moderate so the suite stays fast; benchmarks/hostile.py runs the full
ones (1 MB without a newline, 100,000 marks, a 50,000-character token) at doubling
sizes to show the time stays linear.
"""

from __future__ import annotations

import gc
import multiprocessing
import string
from collections import Counter

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from test_properties import problems
from threadpoolctl import threadpool_info, threadpool_limits

import quotemine.api as api

SAID = "«Мы готовы к диалогу», — сказал Иванов."


def sound(miner, text: str):
    """The quotes of ``text``, after checking their offsets and nesting."""
    quotes = miner.extract(text)
    assert problems(text, quotes) == []
    return quotes


def speakers(quotes) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker.name if q.speaker else None) for q in quotes]


# --------------------------------------------------------------------------- empty


@pytest.mark.parametrize("text", ["", " ", "\n", " \t\n\r\u00a0\u3000\u2009\u2028" * 5_000])
def test_empty_and_whitespace_only_texts_have_no_quotes(miner, text: str) -> None:
    assert sound(miner, text) == []


# --------------------------------------------------------------------------- long


def test_a_long_text_without_a_newline_keeps_every_quote(miner) -> None:
    pair = "«Мы готовы к диалогу», — сказал Иванов. Петрова заявила, что решение примут завтра. "
    text = pair * 400 + "«Последняя фраза», — сказал Сидоров."  # 34,000 characters, one line
    quotes = sound(miner, text)
    assert Counter(q.kind for q in quotes) == {"direct": 401, "indirect": 400}
    assert Counter(q.speaker.name for q in quotes) == {"Иванов": 400, "Петрова": 400, "Сидоров": 1}
    assert speakers(quotes[-1:]) == [("Последняя фраза", "Сидоров")]


def test_one_endless_sentence_of_quotes(miner) -> None:
    clause = "«Мы готовы к диалогу», — сказал Иванов, а Петрова заявила, что решение примут завтра, "
    quotes = sound(miner, clause * 500 + "и все.")  # 43,000 characters, not one full stop
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 500 and {q.speaker.name for q in direct} == {"Иванов"}


def test_an_interview_of_a_thousand_dash_paragraphs(miner) -> None:
    line = "— Мы будем «работать» и дальше, — сказал Иванов. Петрова заявила, что решение примут завтра."
    quotes = sound(miner, "\n".join([line] * 1_000))
    # the mixed «работать» belongs to the dash speech around it
    assert Counter(q.kind for q in quotes) == {"direct": 1_000, "indirect": 1_000}


# --------------------------------------------------------------------------- quotation marks


def test_thirty_thousand_quotation_marks_and_nothing_else(miner) -> None:
    text = ("«»„“”\"‹›" * 3_750)[:30_000]
    assert sound(miner, text) == []


def test_a_quote_after_a_paragraph_of_stray_marks_is_found(miner) -> None:
    text = "«»„“”\"" * 1_667 + "\n" + SAID  # 10,002 stray marks, then a quote
    assert speakers(sound(miner, text)) == [("Мы готовы к диалогу", "Иванов")]


@pytest.mark.parametrize("mark, close", [("«", "»"), ('"', '"')])
def test_quotes_nested_a_thousand_deep_are_one_quote(miner, mark: str, close: str) -> None:
    inner = f"Иванов сказал: {mark}" * 999 + "мы готовы" + close * 999
    text = f"{mark}Иванов сказал: {inner}{close}, — заявил Петров."
    quotes = sound(miner, text)
    assert [(q.start, q.end, q.kind) for q in quotes] == [(1, 1 + len("Иванов сказал: ") + len(inner), "direct")]
    assert quotes[0].speaker.name == "Петров"


def test_only_punctuation_has_no_quotes(miner) -> None:
    marks = string.punctuation + "«»—–…„“"
    text = "".join(marks[(i * 7) % len(marks)] for i in range(20_000))
    assert sound(miner, text) == []


# --------------------------------------------------------------------------- odd characters


def test_nul_and_control_characters_do_not_hide_a_quote(miner) -> None:
    text = "«Мы\x00 готовы\x01 к диалогу», — сказал\x07 Иванов.\x0b\x0c\x1b\x7f\x9f"
    assert speakers(sound(miner, text)) == [("Мы\x00 готовы\x01 к диалогу", "Иванов")]


def test_lone_surrogates_stay_in_the_quote_text(miner) -> None:
    text = "«Нет\ud800 и нет\udfff», — сказала Петрова."
    assert speakers(sound(miner, text)) == [("Нет\ud800 и нет\udfff", "Петрова")]
    assert list(miner.pipe([text, text])) == [sound(miner, text)] * 2


def test_html_markup_is_not_speech(miner) -> None:
    text = f'<div class="news"><p>{SAID}</p><script>var s = "«" + \'"\';</script></div>'
    assert speakers(sound(miner, text)) == [("Мы готовы к диалогу", "Иванов")]


def test_latin_only_text(miner) -> None:
    text = '"We will not comment," the minister said. Trump said: “We are ready to talk”.'
    quotes = sound(miner, text * 50)
    assert all(q.text in ("We will not comment,", "We are ready to talk") for q in quotes)


def test_mixed_scripts(miner) -> None:
    text = "Путин said: «We are ready», — заявил Trump. «Είμαστε έτοιμοι», — сказал 習近平 🙂."
    quotes = sound(miner, text)
    assert [q.text for q in quotes] == ["We are ready", "Είμαστε έτοιμοι"]
    assert quotes[0].speaker.name == "Trump"


# --------------------------------------------------------------------------- one long token


@pytest.mark.parametrize("token", ["а" * 50_000, "т.е.-а1б" * 2_500, "https://example.org/" + "a/" * 10_000])
def test_a_single_long_token(miner, token: str) -> None:
    assert sound(miner, token) == []


def test_a_fifty_thousand_character_quote(miner) -> None:
    text = "«" + "а" * 50_000 + "», — сказал Иванов."
    assert [(q.start, q.end, q.kind) for q in sound(miner, text)] == [(1, 50_001, "direct")]


# --------------------------------------------------------------------------- long runs


def test_memory_zones_keep_the_string_store_flat(miner, monkeypatch) -> None:
    monkeypatch.setattr(api, "ZONE_TEXTS", 5)

    def texts(tag: str) -> list[str]:
        # «Зорбаклинов» recurs in every zone, never seen outside one
        return [f"«Слово{tag}{i} номер{tag}{i}», — сказал Зорбаклинов{tag}{i}ский. {SAID} «Зорбаклинов»"
                for i in range(23)]

    list(miner.pipe(texts("а")))  # a first run may add a morphology tag for good
    strings = len(miner.nlp.vocab.strings)
    results = list(miner.pipe(texts("б"), batch_size=4))
    assert len(miner.nlp.vocab.strings) == strings  # every new word freed with its zone
    # a text seen in an earlier zone comes out the same: no id of a freed string is reused
    assert results == [miner.extract(text) for text in texts("б")]
    assert results[0][0].text == "Словоб0 номерб0"


def test_pipe_with_two_processes(miner) -> None:
    texts = [SAID, "Петрова заявила, что решение примут завтра.", "", "Без цитат."] * 2
    assert list(miner.pipe(texts, n_process=2, batch_size=2)) == [miner.extract(t) for t in texts]


def test_the_parent_is_frozen_only_while_the_workers_fork(miner, monkeypatch) -> None:
    calls: list[str] = []
    freeze, unfreeze = gc.freeze, gc.unfreeze
    monkeypatch.setattr(gc, "freeze", lambda: (calls.append("freeze"), freeze())[1])
    monkeypatch.setattr(gc, "unfreeze", lambda: (calls.append("unfreeze"), unfreeze())[1])
    assert list(miner.pipe([SAID, "Без цитат."], n_process=2)) == [miner.extract(SAID), []]
    assert calls == ["freeze", "unfreeze"]
    assert gc.get_freeze_count() == 0


def test_two_processes_leave_a_callers_frozen_objects_frozen(miner) -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert list(miner.pipe([SAID, "Без цитат."], n_process=2)) == [miner.extract(SAID), []]
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def _blas_thread_counts() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def _adopted_with(threads_before: int, share: int) -> list[int]:
    """In a worker: the BLAS set to ``threads_before`` threads, then ``_adopt`` with ``share``."""
    threadpool_limits(limits=threads_before, user_api="blas")
    api._adopt(None, share)
    return _blas_thread_counts()


def test_workers_share_out_the_cores_among_their_blas_threads(monkeypatch) -> None:
    """Two workers on two cores, each with a BLAS that starts a thread per core, ran
    slower than one process: each worker gets its share of the cores instead, and never
    more threads than it had (a user's ``OPENBLAS_NUM_THREADS=1`` stands)."""
    monkeypatch.setattr(api, "_usable_cores", lambda: 8)
    assert [api._blas_threads(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_adopted_with, (2, 1)) == [1]  # lowered to the share
        assert pool.apply(_adopted_with, (1, 4)) == [1]  # not raised to it


@pytest.mark.parametrize(("n_process", "cores", "expected"), [(2, 8, (2, 4)), (-1, 3, (3, 1))])
def test_pipe_gives_each_worker_its_share_of_the_cores(miner, monkeypatch, n_process, cores, expected) -> None:
    """``n_process=-1``, as in spaCy: a worker for each core this process may use."""
    shares: list[tuple[int, int]] = []
    fork = multiprocessing.get_context("fork")

    class Context:
        def Pool(self, processes, initializer, initargs):  # noqa: N802 - multiprocessing's name
            shares.append((processes, initargs[1]))
            return fork.Pool(processes, initializer=initializer, initargs=initargs)

    monkeypatch.setattr(api, "_usable_cores", lambda: cores)
    monkeypatch.setattr(api.multiprocessing, "get_context", lambda method: Context())
    assert list(miner.pipe([SAID], n_process=n_process)) == [miner.extract(SAID)]
    assert shares == [expected]


SEEN_IN_THIS_PROCESS: list[str] = []


@Language.component("quotemine_test_seen")
def _seen(doc: Doc) -> Doc:
    SEEN_IN_THIS_PROCESS.append(doc.text)
    return doc


def test_parent_loads_the_pipeline_once_before_forking() -> None:
    """The parent runs one short text before it forks: what the components load on first
    use is then loaded once, shared by the workers, instead of once in each."""
    nlp = spacy.blank("ru")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("quotemine_test_seen")
    nlp.add_pipe("quotemine")
    SEEN_IN_THIS_PROCESS.clear()
    miner = api.QuoteMiner(nlp)
    assert list(miner.pipe([], n_process=2)) == []
    assert SEEN_IN_THIS_PROCESS == []  # no text, nothing to load for
    results = list(miner.pipe(["Первый текст.", "Второй текст.", "Третий."], n_process=2))
    assert len(results) == 3
    assert SEEN_IN_THIS_PROCESS == [api.WARM_UP]  # the texts themselves went to the workers
    assert len(list(miner.pipe(["Ещё один."], n_process=2))) == 1
    assert SEEN_IN_THIS_PROCESS == [api.WARM_UP]  # once per QuoteMiner


def test_worker_memory_zones_close_and_reopen_between_batches(miner, monkeypatch) -> None:
    """Each worker keeps a memory zone open over several batches and starts a new one
    after ``ZONE_TEXTS`` texts; quotes come out the same on both sides of the change."""
    monkeypatch.setattr(api, "ZONE_TEXTS", 3)
    texts = [SAID, "Петрова заявила, что решение примут завтра.", "Без цитат."] * 4
    assert list(miner.pipe(texts, n_process=2, batch_size=1)) == [miner.extract(t) for t in texts]
