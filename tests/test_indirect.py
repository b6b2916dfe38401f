"""Indirect speech: reported words with neither quotation marks nor dashes."""

import pytest

import quotemine


def indirect(miner, text):
    return [q for q in miner.extract(text) if q.kind == "indirect"]


def only(miner, text):
    quotes = indirect(miner, text)
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        (
            "Пресс-секретарь президента Дмитрий Песков заявил, что подробности встречи не будут обнародованы.",
            "подробности встречи не будут обнародованы",
            "Дмитрий Песков",
            "заявил",
        ),
        (
            "Министр финансов Антон Силуанов сообщил журналистам, что бюджет будет исполнен в срок.",
            "бюджет будет исполнен в срок",
            "Антон Силуанов",
            "сообщил",
        ),
        (
            "Мэр Анна Смирнова подчеркнула, что город готов к зиме.",
            "город готов к зиме",
            "Анна Смирнова",
            "подчеркнула",
        ),
        (
            "Губернатор Олег Ветров выступил на совещании, подчеркнув, что ремонт дорог завершат к осени.",
            "ремонт дорог завершат к осени",
            "Олег Ветров",
            "подчеркнув",
        ),
        (  # the infinitive between is what the speaker asks for
            "Адвокат Мария Котова попросила суд учесть, что у ее подзащитного трое детей.",
            "у ее подзащитного трое детей",
            "Мария Котова",
            "попросила",
        ),
        (
            "Губернатор Павел Седов призвал жителей понять, что ограничения временные.",
            "ограничения временные",
            "Павел Седов",
            "призвал",
        ),
    ],
)
def test_speech_verb_with_a_that_clause(miner, text, content, speaker, cue):
    quote = only(miner, text)
    assert quote.text == content
    assert text[quote.start : quote.end] == content
    assert quote.speaker.name == speaker
    assert quote.cue.text == cue


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "Работы на мосту завершат к маю, сообщил министр транспорта Иван Кравцов.",
            "Работы на мосту завершат к маю",
            "Иван Кравцов",
        ),
        (
            "Мы всегда будем рядом с нашими союзниками, заявил Ким Чен Ын.",
            "Мы всегда будем рядом с нашими союзниками",
            "Ким Чен Ын",
        ),
        (  # an impersonal cue: no subject, the statement's owner after «в»
            "Совет директоров компании «Северсталь» рекомендовал не выплачивать дивиденды за "
            "третий квартал, говорится в сообщении компании.",
            "Совет директоров компании «Северсталь» рекомендовал не выплачивать дивиденды за третий квартал",
            "Северсталь",
        ),
        (  # the dateline, up to its dash, is not the content
            "ЕКАТЕРИНБУРГ, 12 апреля. /Интерфакс/ - Завод приостановит выпуск продукции до конца "
            "месяца, говорится в официальном заявлении предприятия.",
            "Завод приостановит выпуск продукции до конца месяца",
            "предприятие",
        ),
    ],
)
def test_cue_standing_after_the_content(miner, text, content, speaker):
    quote = only(miner, text)
    assert quote.text == content
    assert quote.speaker.name == speaker


@pytest.mark.parametrize(
    "text, content, cue",
    [
        (
            "Глава Минздрава Михаил Мурашко провел совещание. По его словам, число больных снизилось вдвое.",
            "число больных снизилось вдвое",
            "По его словам",
        ),
        (
            "По мнению экономиста Андрея Белова, инфляция замедлится к концу года.",
            "инфляция замедлится к концу года",
            "По мнению",
        ),
        (
            "Как сообщил министр Андрей Белов, работы завершат к маю.",
            "работы завершат к маю",
            "Как сообщил",
        ),
    ],
)
def test_cue_phrases_without_quotation_marks(miner, text, content, cue):
    quote = only(miner, text)
    assert quote.text == content
    assert cue.endswith(quote.cue.text) or quote.cue.text == cue
    assert quote.speaker is not None and quote.speaker.name in ("Михаил Мурашко", "Андрей Белов")


def test_a_cue_phrase_with_adjectives_inside(miner):
    """``По предварительным данным``: the phrase «по данным» with an adjective between."""
    quote = only(miner, "По предварительным данным министерства здравоохранения, пострадавших нет.")
    assert quote.text == "пострадавших нет"
    assert quote.cue.text == "По предварительным данным"
    assert quote.speaker.name == "министерство здравоохранения"


def test_according_to_a_statement_names_the_organization(miner):
    quote = only(miner, "Согласно заявлению МИД России, переговоры продолжатся на следующей неделе.")
    assert quote.text == "переговоры продолжатся на следующей неделе"
    assert quote.speaker.type == "ORG"
    assert "МИД" in quote.speaker.name


def test_the_enterprise_is_the_organization_named_before(miner):
    text = "Завод «Звезда» сократил выпуск. Как сообщило предприятие, рабочие уйдут в отпуск."
    quote = only(miner, text)
    assert (quote.speaker.name, quote.speaker.type) == ("Звезда", "ORG")


def test_a_pronoun_speaker_is_the_person_named_before(miner):
    text = "Министр Ольга Любимова посетила театр. Она отметила, что здание нуждается в ремонте."
    quote = only(miner, text)
    assert quote.speaker.name == "Ольга Любимова"
    assert quote.speaker.mention == "Она"
    assert quote.speaker.type == "PRON"


@pytest.mark.parametrize(
    "text",
    [
        "Оказалось, что поезд задержали из-за снегопада.",
        "Известно, что строительство начнется весной.",
        "Понятно, что решение примут не сразу.",
        "Выяснилось, что документы были подделаны.",
        "Уточняется, что пострадавших нет.",
        "Ранее сообщалось, что мост закроют на ремонт.",
        "Директор Павел Грошев предложил подумать, что можно сделать для жителей.",  # a question
        "Данные о росте цен, указанные в сообщении телеканала, не подтвердились.",  # a full participle
    ],
)
def test_that_clauses_that_report_nobody(miner, text):
    assert indirect(miner, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Цены на бензин выросли на три процента, сообщает ТАСС.",
        "Как пишет «Коммерсантъ», сделка состоится в мае.",
    ],
)
def test_agency_credit_lines_are_sourcing_not_speech(miner, text):
    assert indirect(miner, text) == []


def test_a_mixed_quote_inside_an_indirect_one_is_reported_as_both(miner):
    text = "Министр Андрей Белов заявил, что ситуация остается «крайне сложной» для отрасли."
    kinds = {q.kind: q for q in miner.extract(text)}
    assert kinds["indirect"].text == "ситуация остается «крайне сложной» для отрасли"
    assert kinds["mixed"].text == "крайне сложной"
    assert kinds["indirect"].start < kinds["mixed"].start < kinds["mixed"].end < kinds["indirect"].end


def test_direct_speech_is_not_reported_again_as_indirect(miner):
    text = "«Мы справимся с этим», — заявил мэр Иван Петров."
    assert [q.kind for q in miner.extract(text)] == ["direct"]


def test_kinds_can_leave_indirect_out():
    miner = quotemine.load("natasha", kinds=["direct", "mixed"])
    text = "Мэр Анна Смирнова заявила, что город готов. «Мы справимся», — добавила она."
    assert [q.kind for q in miner.extract(text)] == ["direct"]


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown quote kind"):
        quotemine.load("natasha", kinds=["quoted"])


def test_cue_tokens_are_the_words_speech_can_hang_on(natasha_nlp):
    from quotemine.attribution.cues import cue_tokens

    doc = natasha_nlp("Погода была тёплой. По данным синоптиков, дожди начнутся завтра. Мэр заявил о планах.")
    assert [doc[i].text for i in cue_tokens(doc)] == ["данным", "заявил"]


def test_sentences_with_no_cue_word_do_not_hide_the_ones_with_one(miner):
    text = (
        "Погода была тёплой. Синоптики ждали дождей. "
        "Как говорится в сообщении ведомства, дожди начнутся уже завтра утром. "
        "Улицы были пусты."
    )
    quote = only(miner, text)
    assert quote.text == "дожди начнутся уже завтра утром"


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a plural verb with no subject after the content, and where the speakers are
        ("Суд приговорил бизнесмена к пяти годам колонии, сообщили в объединенной пресс-службе "
         "судов Свердловской области.", "объединенная пресс-служба судов Свердловской области"),
        # a bare genitive points back to the body named before
        ("Северный флот начал учения. Корабли вышли в Баренцево море, сообщили в пресс-службе флота.",
         "Северный флот"),
        # a genitive phrase of its own says which ministry it is
        ("Цены на сыр выросли на треть, сообщили в краевом министерстве сельского хозяйства.",
         "краевое министерство сельского хозяйства"),
        # a quoted club after «в»
        ("Хоккеист Иван Лебедев попросил обмен. В «Авангарде» заявили, что не намерены препятствовать игроку.",
         "Авангард"),
    ],
)
def test_reported_by_the_people_in_a_place(miner, text, speaker):
    (quote,) = [q for q in miner.extract(text) if q.kind == "indirect"]
    assert quote.speaker.name == speaker


def test_a_plural_verb_followed_by_a_day_names_no_source(miner):
    text = "Суд приговорил бизнесмена к пяти годам колонии, сообщили в понедельник журналистам."
    assert miner.extract(text) == []


@pytest.mark.parametrize(
    "text, starts, speaker",
    [
        # a hyphenated first word is a word: the content starts with it
        ("МОСКВА, 5 мая. /ТАСС/. Ракета-носитель «Союз» стартовала с космодрома Плесецк, "
         "сообщили в госкорпорации «Роскосмос».", "Ракета-носитель", "Роскосмос"),
        # a hyphenated quoted name after its kind noun is the name
        ("Самолет сел в Самаре. В авиакомпании «Волга-Авиа» подтвердили, что самолет приземлился штатно.",
         "самолет", "Волга-Авиа"),
    ],
)
def test_hyphenated_words_and_names(miner, text, starts, speaker):
    (quote,) = miner.extract(text)
    assert quote.text.startswith(starts) and quote.speaker.name == speaker


def test_one_of_many_inside_a_bodys_name(miner):
    text = "В пресс-службе одного из крупных операторов рассказали, что компания требует двойного подтверждения."
    (quote,) = miner.extract(text)
    assert quote.speaker.name == "пресс-служба одного из крупных операторов"


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a body's own name going on in small letters: the genitive is part of it, not its owner
        ("В Министерстве здравоохранения Республики Башкортостан сообщили, что вакцины хватает.",
         "Министерство здравоохранения Республики Башкортостан"),
        # a body with adjectives of its own
        ("В Северо-Западном межрегиональном управлении Росавиации заявили, что аэропорт работает штатно.",
         "Северо-Западное межрегиональное управление Росавиации"),
    ],
)
def test_a_body_named_in_full(miner, text, speaker):
    (quote,) = miner.extract(text)
    assert quote.speaker.name == speaker


def test_reported_words_end_where_a_quotation_opens_a_new_sentence(miner):
    text = (
        "Река поднялась. В ГУ МЧС по Костромской области сообщили, что уровень воды за сутки вырос "
        "на 12 см. «Ситуация под контролем», — сказал глава района Петр Сомов."
    )
    reported, quoted = miner.extract(text)
    assert (reported.text, reported.kind) == ("уровень воды за сутки вырос на 12 см", "indirect")
    assert (quoted.text, quoted.speaker.name) == ("Ситуация под контролем", "Петр Сомов")


@pytest.mark.parametrize(
    "text, reported",
    [
        # «Об этом» with a that-clause of its own: the sentence before is reported too
        ("Мост через реку закроют на ремонт в мае. Об этом сообщил глава района Петр Сивцев, "
         "добавив, что объезд уже готов.",
         [("Мост через реку закроют на ремонт в мае", "Петр Сивцев"), ("объезд уже готов", "Петр Сивцев")]),
        # an impersonal verb whose statement has an owner
        ("Ученые университета создали новый сплав для турбин. Об этом говорится в сообщении "
         "пресс-службы Томского политехнического университета.",
         [("Ученые университета создали новый сплав для турбин", "Томский политехнический университет")]),
        # a channel is no owner
        ("Ученые университета создали новый сплав для турбин. Об этом говорится в Telegram-канале университета.",
         []),
    ],
)
def test_about_this_after_the_reported_sentence(miner, text, reported):
    assert [(q.text, q.speaker.name) for q in miner.extract(text)] == reported


@pytest.mark.parametrize(
    "text",
    [
        "Рост цен замедлится, сообщили в 2023 году.",  # when, not who
        "Рост цен замедлится, сообщили в прошлом месяце.",
        "Рост цен замедлится, сообщили в социальных сетях.",  # where it was posted
    ],
)
def test_a_plural_verb_followed_by_a_time_or_a_network_names_no_source(miner, text):
    assert miner.extract(text) == []


def test_so_comma_for_example_does_not_report_the_sentence_before(miner):
    text = "Цены на бензин выросли в ряде регионов. Так, министр энергетики Иван Петров заявил, что рост продолжится."
    assert [q.text for q in miner.extract(text)] == ["рост продолжится"]


def test_an_abbreviation_before_a_quoted_name_does_not_end_the_reported_words(miner):
    (quote,) = miner.extract("Министр заявил, что на ул. «Садовой» будет ремонт.")
    assert quote.text == "на ул. «Садовой» будет ремонт"


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a fuller description set off by commas is the speaker, someone new
        ("Пожар в доме тушили три часа. Соседка Ксения Дорохина вызвала пожарных. Одна из пострадавших, "
         "78-летняя жительница Химок, рассказала, что проснулась от запаха дыма.", "78-летняя жительница Химок"),
        ("Траулер сел на мель у берегов Норвегии. Владелец траулера, мурманская компания «Северрыбфлот», "
         "сообщил, что экипаж в безопасности.", "Северрыбфлот"),
    ],
)
def test_a_description_set_off_by_commas_before_the_verb_is_the_speaker(miner, text, speaker):
    (quote,) = miner.extract(text)
    assert quote.speaker.name == speaker


def test_every_spelling_of_a_complementizer_is_a_clause_mark():
    """The clause marks are found by a string test on token texts, from each letter as
    itself or its capital: that is every spelling that lowers to the word only if no
    other character of Unicode lowers to one of their letters."""
    from quotemine.attribution.phrases import COMPLEMENTIZERS
    from quotemine.quotes.indirect import _CLAUSE_MARK_FORMS

    letters = {char for word in COMPLEMENTIZERS for char in word}
    spellings = letters | {char.upper() for char in letters}
    others = [
        chr(c) for c in range(0x110000)
        if chr(c) not in spellings and not letters.isdisjoint(chr(c).lower())
    ]
    assert others == []
    assert {"что", "Что", "ЧТО", "чтобы", "Будто", ":"} <= _CLAUSE_MARK_FORMS
