"""Which quoted spans are quotes, where they start and end, direct or mixed.

Every sentence here is written for the test; each reads as an example of how
Russian news marks speech (GUIDELINES.md, "kind" and "What is not a quote").
"""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from quotemine.quotes.dashes import ATTRIBUTION_DASH, may_hold_attribution_dash
from quotemine.quotes.finder import INNER_ATTRIBUTION, find_quotes

MARKED = ("direct", "mixed")


def marked(miner, text):
    """Direct and mixed quotes of ``text``, each checked to be a slice of it."""
    quotes = [q for q in miner.extract(text) if q.kind in MARKED]
    for quote in quotes:
        assert quote.text == text[quote.start : quote.end]
    return quotes


def texts(quotes):
    return [q.text for q in quotes]


def found_texts(natasha_nlp, text):
    doc = natasha_nlp(text)
    found = [f for f in find_quotes(doc) if f.kind in MARKED]
    return [(text[f.start : f.end], f.kind) for f in found]


# --- the four families of marks ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "«Мы приедем завтра», — сказал он.",
        "„Мы приедем завтра“, — сказал он.",
        "“Мы приедем завтра”, — сказал он.",
        '"Мы приедем завтра", — сказал он.',
    ],
    ids=["angle", "low-german", "curly", "straight"],
)
def test_every_family_of_marks(miner, text):
    quotes = marked(miner, text)
    assert texts(quotes) == ["Мы приедем завтра"]
    assert quotes[0].kind == "direct"
    assert quotes[0].start == 1 and quotes[0].end == 18


def test_straight_name_nested_in_straight_quote(miner):
    text = 'он сказал: "Мы приехали на космодром "Восточный"."'
    quotes = marked(miner, text)
    assert texts(quotes) == ['Мы приехали на космодром "Восточный".']
    assert quotes[0].kind == "direct"


@pytest.mark.parametrize(
    "text, inner",
    [
        ("Он сказал: «Мы приехали на космодром „Восточный“».", "Мы приехали на космодром „Восточный“"),
        ('Он добавил: «Завод "Уралмаш" получит заказ».', 'Завод "Уралмаш" получит заказ'),
        ('Он добавил: "Завод «Уралмаш» получит заказ".', "Завод «Уралмаш» получит заказ"),
    ],
)
def test_nested_marks_belong_to_the_outer_quote(miner, text, inner):
    assert texts(marked(miner, text)) == [inner]


# --- the final period ----------------------------------------------------------


def test_period_inside_the_marks_stays(miner):
    assert texts(marked(miner, "Он сказал: «Работа идет по плану.»")) == ["Работа идет по плану."]


def test_period_outside_the_marks_is_left_out(miner):
    assert texts(marked(miner, "Он сказал: «Работа идет по плану».")) == ["Работа идет по плану"]


def test_question_and_exclamation_marks_stay_inside(miner):
    assert texts(marked(miner, "«Вы готовы?» — спросил журналист.")) == ["Вы готовы?"]
    assert texts(marked(miner, "«Это победа!» — воскликнул тренер.")) == ["Это победа!"]


def test_several_sentences_in_one_pair_of_marks(miner):
    quotes = marked(miner, "Он сказал: «Работа идет. Сроки не сорваны».")
    assert texts(quotes) == ["Работа идет. Сроки не сорваны"]
    assert quotes[0].kind == "direct"


# --- names and scare quotes are not quotes -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Об этом сообщило агентство "Интерфакс".',
        "Акции компании «Газпром» подорожали.",
        "Ракету запустили с космодрома «Восточный».",
        "Он перечитал роман «Война и мир».",
        'Сделку одобрила АФК "Система".',
        'Об этом говорили на "Итогах года".',
        'В дискуссии участвовали так называемые "эксперты".',
        "Войска получили ЗРК «Бук».",
        'Статью опубликовала газета "Коммерсантъ".',
        "«Газпром» сообщил о росте добычи.",
        "«Спартак» обыграл «Зенит» в субботу.",
        "Фильм «Брат» снова показали по телевизору.",
        "В эфире программы «Время» выступил министр.",
        "Министр выступил в эфире «Первого канала».",
        "Об этом сообщает «Интерфакс».",
    ],
)
def test_names_and_titles_are_not_quotes(miner, natasha_nlp, text):
    assert marked(miner, text) == []
    assert found_texts(natasha_nlp, text) == []


@pytest.mark.parametrize(
    "text, quote",
    [
        ('"Да", — сказал он.', "Да"),
        ("«Это не так», — ответил министр.", "Это не так"),
    ],
)
def test_short_statements_before_a_speech_verb_are_quotes(miner, natasha_nlp, text, quote):
    assert [(q.text, q.kind) for q in marked(miner, text)] == [(quote, "direct")]
    assert found_texts(natasha_nlp, text) == [(quote, "direct")]


def test_name_inside_the_attribution_is_not_a_quote(miner):
    text = "«Нам нужны новые кадры», — рассказал «Известиям» ректор университета."
    assert texts(marked(miner, text)) == ["Нам нужны новые кадры"]


def test_name_next_to_a_mixed_quote(miner):
    quotes = marked(miner, "Песков назвал статью в «Ведомостях» «неправдой».")
    assert [(q.text, q.kind) for q in quotes] == [("неправдой", "mixed")]


# --- direct or mixed -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, quote, kind",
    [
        ("Министр назвал ситуацию «крайне сложной».", "крайне сложной", "mixed"),
        ('Он назвал переговоры "конструктивными".', "конструктивными", "mixed"),
        ("Прокурор потребовал для него «реального срока».", "реального срока", "mixed"),
        ("«Мы справимся», — заявил мэр.", "Мы справимся", "direct"),
        ("Он заявил: «Работы завершат к маю».", "Работы завершат к маю", "direct"),
        ("«Работа идет. Сроки не сорваны», — сказал он.", "Работа идет. Сроки не сорваны", "direct"),
        ("Захарова: «Москва ответит на санкции»", "Москва ответит на санкции", "direct"),
    ],
)
def test_direct_or_mixed(miner, natasha_nlp, text, quote, kind):
    assert [(q.text, q.kind) for q in marked(miner, text)] == [(quote, kind)]
    assert found_texts(natasha_nlp, text) == [(quote, kind)]


def test_two_mixed_fragments_in_one_sentence(miner):
    quotes = marked(miner, "Эксперт назвал решение «ошибкой» и «популизмом».")
    assert [(q.text, q.kind) for q in quotes] == [("ошибкой", "mixed"), ("популизмом", "mixed")]


def test_mixed_fragment_inside_reported_speech(miner):
    quotes = marked(miner, "Дмитрий Песков заявил, что президент «внимательно следит» за ситуацией.")
    assert [(q.text, q.kind) for q in quotes] == [("внимательно следит", "mixed")]


# --- split quotes --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "«Мы готовы, — сказал он. — Но не сейчас».",
        "«Мы готовы, — сказал Иван Петров. — Но не сейчас».",
        '"Мы готовы, - сказал Иван Петров. - Но не сейчас".',
    ],
)
def test_split_quote_gives_two_direct_quotes(miner, text):
    quotes = marked(miner, text)
    assert [(q.text, q.kind) for q in quotes] == [("Мы готовы", "direct"), ("Но не сейчас", "direct")]
    assert quotes[0].cue.text == quotes[1].cue.text == "сказал"


# --- speech marked by dashes ---------------------------------------------------


def test_paragraph_opening_with_a_dash(miner):
    text = "- Трудно что-либо комментировать, - сказал директор завода."
    quotes = marked(miner, text)
    assert [(q.text, q.kind) for q in quotes] == [("Трудно что-либо комментировать", "direct")]
    assert quotes[0].start == 2


def test_dash_speech_resumes_after_the_attribution(miner):
    text = "- Мы не ожидали такого результата, - сказал тренер. - Команда сыграла отлично."
    quotes = marked(miner, text)
    assert [q.text for q in quotes][0] == "Мы не ожидали такого результата"
    assert len(quotes) == 2
    assert quotes[1].text.startswith("Команда сыграла отлично")
    assert all(q.kind == "direct" for q in quotes)


def test_dialogue_lines_are_quotes(miner):
    text = "- Как прошла встреча?\n- Встреча прошла хорошо, мы обо всем договорились."
    quotes = marked(miner, text)
    assert [q.text for q in quotes][0] == "Как прошла встреча?"
    assert quotes[1].text.startswith("Встреча прошла хорошо, мы обо всем договорились")
    assert len(quotes) == 2


def test_words_before_a_trailing_dash_and_speech_verb(miner):
    text = "Мы закроем этот вопрос до конца недели, — сказала она."
    quotes = marked(miner, text)
    assert [(q.text, q.kind) for q in quotes] == [("Мы закроем этот вопрос до конца недели", "direct")]
    assert quotes[0].cue.text == "сказала"


def test_trailing_dash_speech_with_a_subordinate_clause(miner):
    text = "Отдельно подчеркну, что сроки строительства не изменятся, - заявил губернатор."
    direct = [q for q in marked(miner, text) if q.kind == "direct"]
    assert texts(direct) == ["Отдельно подчеркну, что сроки строительства не изменятся"]


@pytest.mark.parametrize(
    "text",
    [
        "Рабочий день закончился в шесть - все разошлись по домам.",
        "Погода испортилась, — и это всех расстроило.",
    ],
)
def test_a_dash_without_a_speech_verb_is_narration(miner, text):
    assert marked(miner, text) == []


# --- unclosed marks ------------------------------------------------------------


def test_unclosed_quote_stops_at_its_paragraph(miner):
    text = (
        "Он сказал: «Мы начнем в понедельник\n"
        "Заседание продолжилось без перерыва. Депутаты обсуждали бюджет."
    )
    quotes = marked(miner, text)
    assert texts(quotes) == ["Мы начнем в понедельник"]
    assert quotes[0].end == text.index("\n")


def test_unclosed_quote_leaves_the_next_paragraph_its_own_quote(miner):
    text = "Он сказал: «Мы начнем в понедельник\n«Бюджет принят», — сообщил спикер."
    quotes = marked(miner, text)
    assert texts(quotes) == ["Мы начнем в понедельник", "Бюджет принят"]
    assert quotes[1].speaker.name == "спикер"


# --- offsets over a longer document --------------------------------------------


def test_offsets_in_a_document_with_several_quotes(miner):
    text = (
        "Мэр Анна Смирнова выступила на совещании.\n"
        "«Город готов к зиме», — сказала она. «Все котельные уже работают».\n"
        "Министр назвал ситуацию «крайне сложной».\n"
        "- Трудно что-либо комментировать, - сказал директор завода.\n"
        'Об этом сообщило агентство "Интерфакс".'
    )
    quotes = marked(miner, text)
    assert [(q.text, q.kind) for q in quotes] == [
        ("Город готов к зиме", "direct"),
        ("Все котельные уже работают", "direct"),
        ("крайне сложной", "mixed"),
        ("Трудно что-либо комментировать", "direct"),
    ]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for quote in quotes:
        assert text[quote.start - 1] in "«- "


def test_marked_words_nobody_is_said_to_have_said_are_a_scare_quote(miner):
    text = "Рынок «вторички» в городе замер. Покупатели ждут снижения ставок."
    assert marked(miner, text) == []


def test_a_reason_given_in_someones_words_is_theirs(miner):
    text = "Защитник Кирилл Сорокин отказался от вызова в сборную, сославшись на «семейные обстоятельства»."
    (quote,) = marked(miner, text)
    assert (quote.text, quote.kind, quote.speaker.name) == ("семейные обстоятельства", "mixed", "Кирилл Сорокин")


def test_a_sentence_ending_inside_the_marks_before_a_new_one_is_direct(miner):
    text = (
        "По району рассылают сообщение: «С понедельника отключат воду, запасайтесь!» "
        "Автор рассылки не указан."
    )
    (quote,) = marked(miner, text)
    assert (quote.text, quote.kind) == ("С понедельника отключат воду, запасайтесь!", "direct")


def test_dash_speech_after_a_marked_quote_in_the_same_paragraph(miner):
    text = (
        "«Учения идут по плану», — подчеркнул он. "
        "Все корабли вернутся в пункты базирования до конца месяца, — уточнил командующий."
    )
    assert texts(marked(miner, text)) == [
        "Учения идут по плану",
        "Все корабли вернутся в пункты базирования до конца месяца",
    ]


def test_narration_after_a_marked_quote_stays_narration(miner):
    text = "«Учения идут по плану», — подчеркнул он. Корабли вышли в море в понедельник."
    assert texts(marked(miner, text)) == ["Учения идут по плану"]


def test_an_initial_is_not_a_sentence_end_for_dash_speech_after_a_quote(miner):
    text = (
        "«Все корабли вернутся в порт», — подчеркнул вице-адмирал А. Иванов. "
        "Учения продлятся до мая, — уточнил он."
    )
    assert texts(marked(miner, text)) == ["Все корабли вернутся в порт", "Учения продлятся до мая"]


@pytest.mark.parametrize(
    "text, quotes",
    [
        # the writer's term, also inside someone's reported words
        ("Мэр сообщил, что с понедельника в городе отменят «бумажные» проездные.", []),
        ("Глава департамента заявил, что в метро вернут «пересадочную» систему оплаты.", []),
        # a judgement (a qualitative adjective), and what something was called, stay quotes
        ("Министр назвал предстоящие «незначительные» изменения ошибкой.", ["незначительные"]),
        ("Депутат назвал «преждевременными» разговоры о повышении налогов.", ["преждевременными"]),
    ],
)
def test_a_relational_adjective_in_marks_before_its_noun_is_a_term(miner, text, quotes):
    assert texts(marked(miner, text)) == quotes


# Pieces of text around dashes, so that random joins often come near a match.
DASH_PIECES = [",", "!", "?", "…", ".", ":", " ", "\t", "\n", "—", "–", "-", "аб", ", — ", "… – ", "! - ", " — "]


@given(
    st.lists(st.sampled_from(DASH_PIECES), max_size=16).map("".join),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
)
@example(", — сказал он. — ", 0, 17)
@example("Да! — крикнул он", 2, 16)
@example("Ну… — протянул он", 0, 17)
@example("Как? – спросил он", 0, 17)
def test_the_dash_pretest_lets_every_attribution_dash_through(text, start, end):
    """``may_hold_attribution_dash`` spares the regex scan only where it could not match."""
    start, end = min(start, len(text)), min(end, len(text))
    if ATTRIBUTION_DASH.search(text, start, end) or INNER_ATTRIBUTION.search(text, start, end):
        assert may_hold_attribution_dash(text, start, end)


def test_the_dash_pretest_turns_plain_text_away():
    assert not may_hold_attribution_dash("Мост откроют в срок - и без задержек.", 0, 37)
    assert not may_hold_attribution_dash("Москва—Петербург, 2024", 0, 22)
    assert may_hold_attribution_dash("«Мост откроют», — сказал он.", 0, 28)
