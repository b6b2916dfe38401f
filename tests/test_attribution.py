"""Who said it, to whom, and with which words: speaker, mention, cue, addressee.

The sentences are written for the test in the shapes Russian news uses for
reported speech (GUIDELINES.md, "speaker", "speaker_mention", "cue", "addressee").
"""

import pytest

MARKED = ("direct", "mixed")


def quotes_of(miner, text):
    """Direct and mixed quotes, each with offsets checked against ``text``."""
    quotes = [q for q in miner.extract(text) if q.kind in MARKED]
    for quote in quotes:
        assert quote.text == text[quote.start : quote.end]
        for who in (quote.speaker, quote.addressee):
            if who is not None and who.start is not None:
                assert text[who.start : who.end] == who.mention
        if quote.cue is not None:
            assert text[quote.cue.start : quote.cue.end] == quote.cue.text
    return quotes


def quote_of(miner, text, words):
    matching = [q for q in quotes_of(miner, text) if q.text == words]
    assert len(matching) == 1, [q.text for q in quotes_of(miner, text)]
    return matching[0]


def summary(quote):
    """(speaker name, mention, cue, addressee name) of one quote."""
    return (
        quote.speaker.name if quote.speaker else None,
        quote.speaker.mention if quote.speaker else None,
        quote.cue.text if quote.cue else None,
        quote.addressee.name if quote.addressee else None,
    )


# --- the speaker next to the quote ---------------------------------------------


@pytest.mark.parametrize(
    "text, words, expected",
    [
        (
            "«Переговоры продолжатся в четверг», — сказал Сергей Лавров.",
            "Переговоры продолжатся в четверг",
            ("Сергей Лавров", "Сергей Лавров", "сказал", None),
        ),
        (
            "«Переговоры продолжатся в четверг», — Сергей Лавров сказал.",
            "Переговоры продолжатся в четверг",
            ("Сергей Лавров", "Сергей Лавров", "сказал", None),
        ),
        (
            "«Цены на хлеб не вырастут», — Татьяна Голикова подчеркнула.",
            "Цены на хлеб не вырастут",
            ("Татьяна Голикова", "Татьяна Голикова", "подчеркнула", None),
        ),
        (
            "Дмитрий Песков заявил: «Кремль не получал такого письма».",
            "Кремль не получал такого письма",
            ("Дмитрий Песков", "Дмитрий Песков", "заявил", None),
        ),
        (
            "По словам Дмитрия Пескова, «решение пока не принято».",
            "решение пока не принято",
            ("Дмитрий Песков", "Дмитрия Пескова", "По словам", None),
        ),
        (
            "По словам Марии Захаровой, «Москва ответит на эти меры».",
            "Москва ответит на эти меры",
            ("Мария Захарова", "Марии Захаровой", "По словам", None),
        ),
        (
            "«Мы справимся», — заявил мэр.",
            "Мы справимся",
            ("мэр", "мэр", "заявил", None),
        ),
        (
            "- Трудно что-либо комментировать, - сказал директор завода.",
            "Трудно что-либо комментировать",
            ("директор завода", "директор завода", "сказал", None),
        ),
        (
            "«Вы готовы?» — спросил журналист.",
            "Вы готовы?",
            ("журналист", "журналист", "спросил", None),
        ),
    ],
)
def test_speaker_mention_and_cue(miner, text, words, expected):
    assert summary(quote_of(miner, text, words)) == expected


def test_speaker_named_is_a_person(miner):
    quote = quote_of(miner, "«Переговоры продолжатся в четверг», — сказал Сергей Лавров.",
                     "Переговоры продолжатся в четверг")
    assert quote.speaker.type == "PER"
    assert quote.cue.lemma == "сказать"


def test_unnamed_pronoun_has_no_speaker(miner):
    quote = quote_of(miner, "«Мы приедем завтра», — сказал он.", "Мы приедем завтра")
    assert quote.speaker is None
    assert quote.cue.text == "сказал"


def test_pronoun_in_cue_phrase_resolves_to_the_man_named_before(miner):
    text = (
        "Министр финансов Антон Силуанов выступил в Думе. "
        "По его словам, «бюджет будет сбалансирован»."
    )
    quote = quote_of(miner, text, "бюджет будет сбалансирован")
    assert summary(quote) == ("Антон Силуанов", "его", "По его словам", None)
    assert quote.speaker.type == "PRON"


def test_cue_phrase_with_a_title(miner):
    quote = quote_of(
        miner,
        "По мнению эксперта Ивана Соколова, «рынок восстановится к осени».",
        "рынок восстановится к осени",
    )
    assert quote.speaker.name == "Иван Соколов"
    assert quote.cue.text == "По мнению"


def test_as_the_governor_said(miner):
    quote = quote_of(
        miner,
        "Как сообщил губернатор Андрей Воробьев, «школу откроют в сентябре».",
        "школу откроют в сентябре",
    )
    assert (quote.speaker.name, quote.cue.text) == ("Андрей Воробьев", "сообщил")


# --- citing verbs and outlets --------------------------------------------------


def test_cited_person_is_the_speaker_not_the_outlet(miner):
    quote = quote_of(miner, "«Мы готовы к диалогу», — цитирует Лаврова ТАСС.", "Мы готовы к диалогу")
    assert summary(quote) == ("Лавров", "Лаврова", "цитирует", None)
    assert quote.speaker.type == "PER"


def test_outlet_after_the_pronoun_is_not_the_speaker(miner):
    text = "Сергей Лавров прибыл в Анкару. «Мы готовы к диалогу», — сказал он ТАСС."
    quote = quote_of(miner, text, "Мы готовы к диалогу")
    assert (quote.speaker.name, quote.speaker.mention) == ("Сергей Лавров", "он")
    assert quote.cue.text == "сказал"


def test_outlet_alone_with_a_pronoun_is_no_speaker(miner):
    quote = quote_of(miner, "«Мы готовы к диалогу», — сказал он ТАСС.", "Мы готовы к диалогу")
    assert quote.speaker is None


def test_outlet_in_quotes_is_the_addressee(miner):
    quote = quote_of(
        miner,
        "«Нам нужны новые кадры», — рассказал «Известиям» ректор университета.",
        "Нам нужны новые кадры",
    )
    assert summary(quote) == ("ректор университета", "ректор университета", "рассказал", "Известия")


# --- addressees ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words, expected",
    [
        (
            "«Я рад нашей встрече», — сказал Ким Путину.",
            "Я рад нашей встрече",
            ("Ким", "Ким", "сказал", "Путин"),
        ),
        (
            "Лидер КНДР Ким Чен Ын встретился с Владимиром Путиным. "
            "«Я рад нашей встрече», — сказал Ким Путину.",
            "Я рад нашей встрече",
            ("Ким Чен Ын", "Ким", "сказал", "Владимир Путин"),
        ),
        (
            "«Мы рассчитываем на поддержку», — сказал Ким Чен Ын Владимиру Путину.",
            "Мы рассчитываем на поддержку",
            ("Ким Чен Ын", "Ким Чен Ын", "сказал", "Владимир Путин"),
        ),
        (
            "«Решение примут в марте», — сказал Песков журналистам.",
            "Решение примут в марте",
            ("Песков", "Песков", "сказал", "журналисты"),
        ),
        (
            "«Сроки сдвинутся», — сообщила журналистам Анна Смирнова.",
            "Сроки сдвинутся",
            ("Анна Смирнова", "Анна Смирнова", "сообщила", "журналисты"),
        ),
        (
            "Анна Смирнова ответила Ивану Петрову: «Город готов».",
            "Город готов",
            ("Анна Смирнова", "Анна Смирнова", "ответила", "Иван Петров"),
        ),
        (
            "«Мы готовы к диалогу», — сказал ТАСС Сергей Лавров.",
            "Мы готовы к диалогу",
            ("Сергей Лавров", "Сергей Лавров", "сказал", "ТАСС"),
        ),
        (
            "«Мы готовы к диалогу», — сказал Сергей Лавров ТАСС.",
            "Мы готовы к диалогу",
            ("Сергей Лавров", "Сергей Лавров", "сказал", "ТАСС"),
        ),
        (
            "Сергей Лавров заявил ТАСС: «Мы готовы к диалогу».",
            "Мы готовы к диалогу",
            ("Сергей Лавров", "Сергей Лавров", "заявил", "ТАСС"),
        ),
        (
            "«Город готов», — сказала мэр Анна Смирнова губернатору Ивану Петрову.",
            "Город готов",
            ("Анна Смирнова", "мэр Анна Смирнова", "сказала", "Иван Петров"),
        ),
    ],
)
def test_addressee_in_the_dative(miner, text, words, expected):
    assert summary(quote_of(miner, text, words)) == expected


# --- titles, appositions and roles ---------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("«Диалог с Анкарой продолжится», — сказал глава МИД России Сергей Лавров.",
         "Диалог с Анкарой продолжится"),
        ("Глава МИД России Сергей Лавров заявил: «Диалог с Анкарой продолжится».",
         "Диалог с Анкарой продолжится"),
    ],
)
def test_title_and_name_give_the_name(miner, text, words):
    quote = quote_of(miner, text, words)
    assert quote.speaker.name == "Сергей Лавров"
    assert quote.speaker.mention.endswith("Сергей Лавров")
    assert quote.speaker.type == "PER"


def test_female_title_and_name(miner):
    quote = quote_of(
        miner,
        "«Цены на хлеб не вырастут», — заявила вице-премьер Татьяна Голикова.",
        "Цены на хлеб не вырастут",
    )
    assert (quote.speaker.name, quote.cue.text) == ("Татьяна Голикова", "заявила")


def test_later_role_noun_resolves_to_the_person_with_that_role(miner):
    text = (
        "Глава МИД России Сергей Лавров прибыл в Анкару. "
        "«Переговоры будут непростыми», — сказал министр."
    )
    quote = quote_of(miner, text, "Переговоры будут непростыми")
    assert summary(quote) == ("Сергей Лавров", "министр", "сказал", None)


@pytest.mark.parametrize(
    "role, person",
    [("министр", "Андрей Белоусов"), ("мэр", "Сергей Собянин")],
)
def test_role_noun_picks_the_right_one_of_two_people(miner, role, person):
    text = (
        "Министр обороны Андрей Белоусов и мэр Москвы Сергей Собянин посетили выставку. "
        f"«Техника впечатляет», — сказал {role}."
    )
    quote = quote_of(miner, text, "Техника впечатляет")
    assert (quote.speaker.name, quote.speaker.mention) == (person, role)


def test_governor_introduced_then_called_by_role(miner):
    text = (
        "Губернатор Андрей Воробьев осмотрел новую школу. "
        "«Здание сдадут к сентябрю», — сказал губернатор."
    )
    quote = quote_of(miner, text, "Здание сдадут к сентябрю")
    assert (quote.speaker.name, quote.speaker.mention) == ("Андрей Воробьев", "губернатор")


def test_description_resolves_to_the_press_secretary(miner):
    text = (
        "Пресс-секретарь президента Дмитрий Песков провел брифинг. "
        "«Решение примут в марте», — сказал представитель Кремля."
    )
    quote = quote_of(miner, text, "Решение примут в марте")
    assert (quote.speaker.name, quote.speaker.mention) == ("Дмитрий Песков", "представитель Кремля")


def test_cue_phrase_with_a_role_noun(miner):
    text = (
        "Глава МИД России Сергей Лавров прибыл в Анкару. "
        "Как отметил министр, «диалог продолжится»."
    )
    quote = quote_of(miner, text, "диалог продолжится")
    assert summary(quote) == ("Сергей Лавров", "министр", "отметил", None)


# --- pronouns by gender --------------------------------------------------------


@pytest.mark.parametrize(
    "text, person",
    [
        ("Глава МИД России Сергей Лавров встретился с Марией Захаровой. "
         "«Переговоры будут непростыми», — сказала она.", "Мария Захарова"),
        ("Мария Захарова встретилась с Сергеем Лавровым. "
         "«Переговоры будут непростыми», — сказал он.", "Сергей Лавров"),
        ("Сергей Лавров встретился с Марией Захаровой. "
         "«Переговоры будут непростыми», — сказала она.", "Мария Захарова"),
        ("Мария Захарова встретилась с Сергеем Лавровым. "
         "«Переговоры будут непростыми», — сказала она.", "Мария Захарова"),
    ],
)
def test_pronoun_resolves_by_gender(miner, text, person):
    quote = quote_of(miner, text, "Переговоры будут непростыми")
    pronoun = "она" if "сказала" in text else "он"
    assert (quote.speaker.name, quote.speaker.mention, quote.speaker.type) == (person, pronoun, "PRON")


def test_pronoun_skips_the_last_speaker_of_the_other_gender(miner):
    text = (
        "«Мы обсудили график визитов», — сказал Сергей Лавров. "
        "Мария Захарова согласилась с ним. "
        "«Визиты начнутся весной», — сказала она."
    )
    first, second = quotes_of(miner, text)
    assert first.speaker.name == "Сергей Лавров"
    assert (second.speaker.name, second.speaker.mention) == ("Мария Захарова", "она")


def test_he_after_she_spoke(miner):
    text = (
        "«Визиты начнутся весной», — сказала Мария Захарова. Сергей Лавров кивнул. "
        "«Но сначала нужна подготовка», — добавил он."
    )
    first, second = quotes_of(miner, text)
    assert first.speaker.name == "Мария Захарова"
    assert (second.speaker.name, second.cue.text) == ("Сергей Лавров", "добавил")


def test_pronouns_in_separate_paragraphs(miner):
    text = (
        "Иван Петров выступил первым. «Мы не сдадимся», — сказал он.\n\n"
        "Анна Смирнова ответила коротко. «Посмотрим», — сказала она."
    )
    assert [q.speaker.name for q in quotes_of(miner, text)] == ["Иван Петров", "Анна Смирнова"]


def test_dash_speech_with_pronoun(miner):
    text = (
        "Тренер «Локомотива» Михаил Галактионов ответил на вопросы журналистов.\n"
        "— Мы не ожидали такого результата, — признался он.\n"
        "— Команда сыграла отлично."
    )
    first, second = quotes_of(miner, text)
    assert summary(first) == ("Михаил Галактионов", "он", "признался", None)
    assert second.speaker.name == "Михаил Галактионов"
    assert second.cue is None


# --- organizations -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words, name",
    [
        ("«Учения прошли успешно», — сообщили в Минобороны.", "Учения прошли успешно", "Минобороны"),
        ("«Удар нанесен по складам», — отметили в Минобороны России.", "Удар нанесен по складам",
         "Минобороны России"),
        ("«Мы проверим эти данные», — сказали в МВД.", "Мы проверим эти данные", "МВД"),
        ("«Рейсы выполняются по расписанию», — сообщили в пресс-службе Минтранса.",
         "Рейсы выполняются по расписанию", "Минтранс"),
    ],
)
def test_organization_after_the_preposition(miner, text, words, name):
    quote = quote_of(miner, text, words)
    assert (quote.speaker.name, quote.speaker.type) == (name, "ORG")
    assert quote.cue.text in text.split("— ")[1]


def test_statement_of_the_company_named_before(miner):
    text = (
        "Компания «Северсталь» опубликовала отчет. "
        "«Производство выросло на десять процентов», — говорится в заявлении компании."
    )
    quote = quote_of(miner, text, "Производство выросло на десять процентов")
    assert (quote.speaker.name, quote.speaker.type) == ("Северсталь", "ORG")
    assert quote.cue.text == "говорится"


def test_press_service_of_the_company_named_before(miner):
    text = (
        "Компания «Северсталь» опубликовала отчет. "
        "«Рейсы выполняются по расписанию», — сообщили в пресс-службе компании."
    )
    quote = quote_of(miner, text, "Рейсы выполняются по расписанию")
    assert (quote.speaker.name, quote.speaker.type) == ("Северсталь", "ORG")


def test_statement_of_the_ministry_named_before(miner):
    text = (
        "Минобороны России провело учения в Крыму. "
        "«Все цели поражены», — говорится в сообщении ведомства."
    )
    quote = quote_of(miner, text, "Все цели поражены")
    assert quote.speaker.name == "Минобороны России"
    assert (quote.speaker.mention, quote.speaker.type) == ("ведомства", "ORG")


def test_as_the_statement_says(miner):
    quote = quote_of(
        miner,
        "Как говорится в заявлении МИД, «Москва ответит на эти меры».",
        "Москва ответит на эти меры",
    )
    assert (quote.speaker.name, quote.speaker.type) == ("МИД", "ORG")


# --- quotes with no cue of their own -------------------------------------------


def test_next_quote_continues_the_speaker(miner):
    text = (
        "Мэр Анна Смирнова выступила на совещании. "
        "«Город готов к зиме», — сказала она. «Все котельные уже работают»."
    )
    first, second = quotes_of(miner, text)
    assert (first.speaker.name, first.cue.text) == ("Анна Смирнова", "сказала")
    assert second.text == "Все котельные уже работают"
    assert second.speaker.name == "Анна Смирнова"
    assert second.cue is None
    assert second.confidence < first.confidence


def test_quote_in_the_next_paragraph_continues_the_speaker(miner):
    text = "«Экономика адаптировалась», — сказал Герман Греф.\n«Кризис позади»."
    first, second = quotes_of(miner, text)
    assert first.speaker.name == second.speaker.name == "Герман Греф"
    assert second.cue is None


def test_split_quote_shares_speaker_and_cue(miner):
    first, second = quotes_of(miner, "«Мы готовы, — сказал Иван Петров. — Но не сейчас».")
    assert summary(first) == summary(second) == ("Иван Петров", "Иван Петров", "сказал", None)


def test_second_quote_with_its_own_cue(miner):
    text = "«Мы не сдадимся», — заявил Иван Петров. «Завод будет работать», — добавил он."
    first, second = quotes_of(miner, text)
    assert summary(first) == ("Иван Петров", "Иван Петров", "заявил", None)
    assert summary(second) == ("Иван Петров", "он", "добавил", None)


# --- mixed quotes --------------------------------------------------------------


def test_mixed_quote_speaker_is_the_subject(miner):
    quote = quote_of(
        miner,
        "Министр финансов Антон Силуанов назвал бюджет «сбалансированным».",
        "сбалансированным",
    )
    assert quote.kind == "mixed"
    assert (quote.speaker.name, quote.cue.text) == ("Антон Силуанов", "назвал")


def test_mixed_quote_in_a_that_clause(miner):
    quote = quote_of(
        miner,
        "Дмитрий Песков заявил, что президент «внимательно следит» за ситуацией.",
        "внимательно следит",
    )
    assert (quote.speaker.name, quote.cue.text) == ("Дмитрий Песков", "заявил")


# --- more shapes ---------------------------------------------------------------


def test_colon_closing_the_paragraph_before(miner):
    text = "Об этом заявил министр финансов Антон Силуанов:\n«Бюджет будет исполнен»."
    quote = quote_of(miner, text, "Бюджет будет исполнен")
    assert (quote.speaker.name, quote.cue.text) == ("Антон Силуанов", "заявил")


@pytest.mark.parametrize(
    "text, person",
    [
        ("Мария Захарова и Сергей Лавров провели встречу. "
         "По ее словам, «переговоры прошли конструктивно».", "Мария Захарова"),
        ("Сергей Лавров и Мария Захарова провели встречу. "
         "По его словам, «переговоры прошли конструктивно».", "Сергей Лавров"),
    ],
)
def test_possessive_pronoun_by_gender(miner, text, person):
    quote = quote_of(miner, text, "переговоры прошли конструктивно")
    assert quote.speaker.name == person
    assert quote.cue.text in ("По ее словам", "По его словам")


def test_speakers_own_channel(miner):
    quote = quote_of(
        miner, "«Это провокация», — говорится в Telegram-канале Марии Захаровой.", "Это провокация"
    )
    assert (quote.speaker.name, quote.speaker.mention) == ("Мария Захарова", "Марии Захаровой")
    assert quote.cue.text == "говорится"


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Владимир Путин провел совещание. «Работы много», — сказал он.", "он"),
        ("Президент Владимир Путин провел совещание. «Работы много», — сказал Путин.", "Путин"),
        ("Вчера Владимир Путин провел совещание. «Работы много», — сказал Путин.", "Путин"),
    ],
)
def test_name_near_the_sentence_start_is_a_person(miner, text, mention):
    # «Владимир» and «Путин» both have common-noun readings in pymorphy3
    quote = quote_of(miner, text, "Работы много")
    assert (quote.speaker.name, quote.speaker.mention) == ("Владимир Путин", mention)


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        (
            "Тренер Анна Петрова сказала журналистам, что Мария Соколова полностью восстановилась "
            "после травмы. «Мы не спешили с возвращением», — рассказала она.",
            "Мы не спешили с возвращением",
            "Анна Петрова",
        ),
        (
            "Глава района Игорь Смирнов сообщил, что Олег Кузнецов подал в отставку. "
            "«Это было его решение», — добавил он.",
            "Это было его решение",
            "Игорь Смирнов",
        ),
        (  # the second of two reported clauses
            "Глава района Игорь Смирнов сообщил, что Олег Кузнецов подал в отставку, а Иван Петров "
            "ушел на пенсию. «Это было их решение», — добавил он.",
            "Это было их решение",
            "Игорь Смирнов",
        ),
    ],
)
def test_pronoun_means_the_reporter_not_the_subject_of_what_was_reported(miner, text, words, speaker):
    assert quote_of(miner, text, words).speaker.name == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Телеастролог Игорь Ветров дал прогноз на неделю.\n"
            "Телеастролог ранее заявил, что звезды благоприятствуют переменам.",
            "Игорь Ветров",
        ),
        (
            "Экспремьер Андрей Волков выступил на форуме. Экспремьер заявил, что реформы нужно продолжать.",
            "Андрей Волков",
        ),
    ],
)
def test_a_title_coined_with_a_prefix_is_a_description_not_a_name(miner, text, speaker):
    # NER tags «Телеастролог» opening a sentence as a name; pymorphy3 reads it as теле- + астролог
    (quote,) = miner.extract(text)
    assert quote.speaker.name == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Одна из пострадавших, 70-летняя Нина Орлова, рассказала, что отдала мошенникам все сбережения.", "Нина Орлова"),
        ("Один из жильцов дома, пенсионер Виктор Лаптев, сообщил, что трещины появились еще весной.", "Виктор Лаптев"),
        # a longer title between the comma and the name, which the parser hangs elsewhere
        ("Законопроект внесли в Думу. Один из авторов инициативы, первый зампред комитета Роман Елагин, "
         "заявил, что россияне теряют на подписках миллиарды.", "Роман Елагин"),
        ("Суд начался в понедельник. Одна из потерпевших, пенсионерка Галина Усольцева, рассказала, "
         "что вложила в кооператив все сбережения.", "Галина Усольцева"),
    ],
)
def test_a_description_with_a_name_in_apposition_is_that_person(miner, text, speaker):
    (quote,) = miner.extract(text)
    assert (quote.speaker.name, quote.speaker.type) == (speaker, "PER")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Издание Politico сообщило, что переговоры о бюджете зашли в тупик.", "Politico"),
        ("Газета «Известия» пишет, что в Москве открылся новый музей.", "Известия"),
        ("Банк России сообщил, что сохранит ключевую ставку.", "Банк России"),  # a genitive names it too
        (  # an agency that speaks for itself is not a correspondent's outlet
            "Агентство Moody's понизило рейтинг банка. Риски ликвидности остаются высокими, "
            "говорится в сообщении агентства.",
            "Moody's",
        ),
        (
            "Тракторный завод «Волгатрак» остановит конвейер. «Сокращений не планируется», — "
            "сообщила пресс-служба предприятия.",
            "Волгатрак",
        ),
    ],
)
def test_an_organization_is_named_without_the_noun_saying_what_kind_it_is(miner, text, speaker):
    (quote,) = [q for q in miner.extract(text) if q.speaker is not None]
    assert (quote.speaker.name, quote.speaker.type) == (speaker, "ORG")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Источник в правительстве региона сообщил, что бюджет пересмотрят осенью.", "Источник в правительстве региона"),
        ("«Решение уже принято», — сказал источник в силовых структурах.", "источник в силовых структурах"),
        # «в понедельник», «в интервью» say when and how, not who
        ("Собеседник агентства в понедельник рассказал, что сделка закрыта.", "Собеседник агентства"),
        ("Источник в интервью газете заявил, что переговоры продолжатся.", "Источник"),
        ("Источник в беседе с журналистами сообщил, что сделка закрыта.", "Источник"),
        ("Собеседник в ходе брифинга заявил, что сроки сдвинутся.", "Собеседник"),
    ],
)
def test_an_unnamed_source_is_named_with_where_it_is(miner, text, speaker):
    (quote,) = miner.extract(text)
    assert (quote.speaker.name, quote.speaker.type) == (speaker, "DESC")


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        (  # a new subject in the quote's paragraph: the words are his
            "«Мы готовы к переговорам», — заявил министр Иван Орлов.\n"
            "Председатель комитета Олег Белов поддержал инициативу. «Штрафы никого не останавливают».",
            "Штрафы никого не останавливают",
            "Олег Белов",
        ),
        (  # nobody new: the minister goes on
            "«Мы готовы к переговорам», — заявил министр Иван Орлов. «Работа продолжится в обычном режиме».",
            "Работа продолжится в обычном режиме",
            "Иван Орлов",
        ),
        (  # Белов is the subject of what Орлов reported, not of the paragraph
            "«Мы готовы к переговорам», — заявил министр Иван Орлов.\n"
            "Он сообщил, что Олег Белов поддержал инициативу. «Штрафы никого не останавливают».",
            "Штрафы никого не останавливают",
            "Иван Орлов",
        ),
    ],
)
def test_a_quote_with_no_cue_is_the_last_speakers_unless_a_new_subject_came_between(miner, text, words, speaker):
    assert quote_of(miner, text, words).speaker.name == speaker


def test_a_genitive_after_a_kind_noun_is_not_the_organizations_name(miner):
    (quote,) = miner.extract("По данным банка Германии, экономика страны замедлилась.")
    assert quote.speaker.name == "банк Германии"


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        (  # the body just quoted, though the text names another company more often
            "Компания «Полимерстрой» закрыла цех. Рабочих «Полимерстроя» перевели на другой завод. "
            "«Полимерстрой» обещает выплатить зарплату.\n"
            "«Проверка начата», — говорится в сообщении Роспотребнадзора. "
            "Ведомство уточнило, что «нарушения нашли в трех цехах».",
            "нарушения нашли в трех цехах",
            "Роспотребнадзор",
        ),
        (  # a lower-case noun where an organization speaks: the one just quoted
            "Рейс задержали на пять часов, сообщила авиакомпания «Северный ветер». "
            "«Пассажиров накормили и разместили в гостинице», — уточнили в перевозчике.",
            "Пассажиров накормили и разместили в гостинице",
            "Северный ветер",
        ),
    ],
)
def test_an_organization_noun_means_the_body_just_quoted(miner, text, words, speaker):
    quote = quote_of(miner, text, words)
    assert (quote.speaker.name, quote.speaker.type) == (speaker, "ORG")


def test_the_body_just_quoted_is_forgotten_paragraphs_later(miner):
    text = (
        "«Проверка начата», — говорится в сообщении Роспотребнадзора.\n"
        "Завод работает с 1970 года.\nЕго продукцию знают в регионе.\n"
        "Компания «Полимерстрой» закрыла цех.\n"
        "«Рабочим заплатят», — говорится в сообщении компании."
    )
    quote = quote_of(miner, text, "Рабочим заплатят")
    assert quote.speaker.name == "Полимерстрой"


def test_a_ministry_written_small_is_the_ministry_not_another_body(miner):
    text = (
        "Следственный комитет возбудил дело о халатности. "
        "В областном минздраве сообщили, что «пострадавшим оказана помощь»."
    )
    quote = quote_of(miner, text, "пострадавшим оказана помощь")
    assert quote.speaker.name == "областной минздрав"


def test_a_body_described_in_words_is_no_ones_he(miner):
    text = (
        "Главный врач Олег Ветров осмотрел палаты. "
        "«Лекарств хватает», — сообщили в комитете по здравоохранению города. "
        "«Я доволен ремонтом», — сказал он."
    )
    assert quote_of(miner, text, "Я доволен ремонтом").speaker.name == "Олег Ветров"


def test_a_described_speaker_keeps_the_gender_of_the_noun_describing_her(miner):
    text = (
        "«Автобус шел быстро», — рассказала пассажирка автобуса. "
        "Представитель перевозчика заявил, что машина была исправна. "
        "«Мы поможем пострадавшим», — сказал он. «Водитель ехал осторожно», — добавила она."
    )
    assert quote_of(miner, text, "Мы поможем пострадавшим").speaker.name == "Представитель перевозчика"
    assert quote_of(miner, text, "Водитель ехал осторожно").speaker.name == "пассажирка автобуса"


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        # what the subject called someone's words, in the instrumental: not the words' owner
        ("Тренер Виталий Норицын назвал выступление команды «обнадеживающим».", "обнадеживающим",
         "Виталий Норицын"),
        # the owner of the words stays theirs: «об» + the quote
        ("Госсекретарь напомнил слова Блинкена об «удержании» России.", "удержании", "Блинкен"),
        # the second of two verbs shares the first one's subject
        ("Мэр Сергей Ларионов ответил, что график уже готов, и заверил: «Мы ничего не скрываем».",
         "Мы ничего не скрываем", "Сергей Ларионов"),
        # a surname opening a paragraph is still the person named before
        ("Депутат Андрей Кочетов выступил на сессии. Мэр Сергей Ларионов ответил на вопросы.\n"
         "Кочетов, однако, назвал ответ мэра «общими словами».", "общими словами", "Андрей Кочетов"),
    ],
)
def test_whose_words_in_a_sentence_with_two_candidates(miner, text, words, speaker):
    assert quote_of(miner, text, words).speaker.name == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("«Проверка продолжается», — сообщили в ГСУ СК России по Москве.", "ГСУ СК России по Москве"),
        ("«Водитель задержан», — говорится в сообщении ГУ МВД по Татарстану.", "ГУ МВД по Татарстану"),
    ],
)
def test_a_regional_body_is_named_with_its_region(miner, text, speaker):
    (quote,) = miner.extract(text)
    assert quote.speaker.name == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("«Если он решит уйти, расстанемся по-человечески», — приводит пресс-служба клуба "
         "слова генерального менеджера Ильи Пантелеева.", "Илья Пантелеев"),
        ("«Мы готовы к переговорам», — слова министра Олега Белова приводит ТАСС.", "Олег Белов"),
    ],
)
def test_words_passed_on_by_someone_else_are_their_owners(miner, text, speaker):
    (quote,) = miner.extract(text)
    assert (quote.speaker.name, quote.cue.text) == (speaker, "слова")


def test_a_role_at_another_body_is_someone_new(miner):
    text = (
        "Официальный представитель МИД КНР Чжоу Хайбинь заявил, что Пекин ответит на пошлины. "
        "Представитель Министерства торговли США, пожелавший остаться неназванным, сказал, "
        "что решение «еще не принято»."
    )
    quote = quote_of(miner, text, "еще не принято")
    assert quote.speaker.name == "Представитель Министерства торговли США"


def test_a_role_at_the_same_body_is_the_person_named_with_it(miner):
    text = (
        "Официальный представитель МИД КНР Чжоу Хайбинь заявил, что Пекин ответит на пошлины. "
        "Представитель МИД КНР добавил, что «переговоры возможны»."
    )
    assert quote_of(miner, text, "переговоры возможны").speaker.name == "Чжоу Хайбинь"


@pytest.mark.parametrize(
    "text",
    [
        # a standard the figures are by is not the company the text is about
        "Выручка компании «Северный завод» по МСФО выросла на 10%, говорится в сообщении компании.",
        "МОСКВА. Выручка ПАО «Северный завод» по МСФО за полугодие выросла на 10%, говорится в сообщении компании.",
    ],
)
def test_the_company_is_the_one_named_in_marks_not_the_standard(miner, text):
    (quote,) = miner.extract(text)
    assert quote.speaker.name == "Северный завод"


def test_a_dash_opening_the_next_paragraph_is_a_new_turn_not_an_attribution(miner):
    text = (
        "Директор школы Марат Юсупов рассказал корреспонденту о ремонте.\n"
        "— Когда закончите?\n"
        "— Ремонт закончим к сентябрю. Денег хватает\n"
        "— Родители жалуются на шум, — говорит директор."
    )
    assert quote_of(miner, text, "Ремонт закончим к сентябрю. Денег хватает").speaker.name == "Марат Юсупов"


def test_so_said_after_a_quote_of_several_sentences(miner):
    text = (
        "«Мы открыли новую лабораторию. Она лучшая в регионе». "
        "Так профессор Злата Миронова прокомментировала решение совета."
    )
    assert quote_of(miner, text, "Мы открыли новую лабораторию. Она лучшая в регионе").speaker.name == "Злата Миронова"



def test_a_possessive_after_the_speaker_opens_the_next_phrase(miner):
    text = "Вена выслала двух дипломатов. Австрийский МИД назвал их деятельность «несовместимой с дипломатическим статусом»."
    assert quote_of(miner, text, "несовместимой с дипломатическим статусом").speaker.name == "Австрийский МИД"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("В Екатеринбурге «Газпром» провел проверку газовых сетей. «Утечек не обнаружено», — сообщили в полиции.",
         "полиция"),
        ("Сбербанк выдал кредит заводу. «Погибший был опытным рабочим», — рассказали в семье погибшего.",
         "семья"),
    ],
)
def test_a_place_of_its_own_is_not_the_organization_named_before(miner, text, speaker):
    assert miner.extract(text)[-1].speaker.name == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Сбербанк снизил ставки. «Ставки снижены», — сообщили в данной компании.", "Сбербанк"),
        # the fuller description set off by commas
        ("Один из задержанных, отец Ивана Петрова, заявил: «Сын ни в чем не виноват».", "отец Ивана Петрова"),
    ],
)
def test_descriptions_that_point_back_or_pick_one_of_many(miner, text, speaker):
    assert miner.extract(text)[-1].speaker.name == speaker


def test_words_from_a_song_are_nobodys_speech(miner):
    (quote,) = miner.extract("«Мы будем бороться до конца», — слова из песни группы «Кино».")
    assert quote.speaker is None


def test_a_dative_the_tagger_read_as_a_subject_is_not_the_speaker(natasha_nlp):
    from quotemine.attribution.attribute import attribute
    from quotemine.quotes.finder import find_quotes

    doc = natasha_nlp("Жалобу подал фермер Вадим Стрелец. «Урожай погиб», — сказал Стрельцу глава района.")
    (found,) = find_quotes(doc)
    assert attribute(doc, found).speaker.text == "глава района"
