"""When two names are one organization: the same words, an acronym, a Мин- contraction."""

import pytest

from quotemine.entities.organizations import is_dateline_credit, same_organization


@pytest.mark.parametrize(
    "a, b",
    [
        ("Министерство обороны России", "министерство обороны"),  # the country qualifier drops
        ("МЧС", "Министерство по чрезвычайным ситуациям"),  # «по» is skipped by the acronym
        ("МЧС России", "министерство по чрезвычайным ситуациям России"),
        ("Минобороны", "Министерство обороны РФ"),
        ("Минздрав", "министерство здравоохранения"),
        ("ЦБ", "Центральный банк"),
    ],
)
def test_one_organization(a, b):
    assert same_organization(a, b) and same_organization(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Министерство обороны", "Министерство образования"),
        ("МО", "Министерство образования и науки"),  # initials МОН, not МО
        ("Минфин", "министерство обороны"),
        ("Центральный банк", "Центральный бюджет"),  # the same initials make no match
        ("ЦБ", "ЦИК"),
        ("", "ТАСС"),
    ],
)
def test_different_organizations(a, b):
    assert not same_organization(a, b) and not same_organization(b, a)


@pytest.mark.parametrize(
    "text, credited",
    [
        ("МОСКВА, 3 октября — РИА Новости. Минобороны России сообщило о завершении учений.", True),
        ("Учения завершились\nНИЖНИЙ НОВГОРОД, 12 мая — РИА Новости. Минобороны сообщило об этом.", True),
        ("Об этом сообщила пресс-служба — РИА Новости. Далее подробности.", False),  # no dateline before
    ],
)
def test_the_agency_of_a_dateline_with_a_dash_is_a_credit(natasha_nlp, text, credited):
    (agency,) = [ent for ent in natasha_nlp(text).ents if ent.text == "РИА Новости"]
    assert is_dateline_credit(agency) is credited


def test_the_outlet_a_correspondent_works_for_is_not_the_organization_the_story_is_about(miner):
    text = (
        "Фестиваль открылся в субботу\nКАЛИНИНГРАД, 7 июня. /ТАСС/. Фестиваль молодого кино открылся в "
        "Светлогорске, передает корреспондент ТАСС.\nКак сообщила пресс-служба фестиваля, на конкурс "
        "прислали рекордные 140 заявок."
    )
    (quote,) = miner.extract(text)
    assert (quote.speaker.name, quote.speaker.type) == ("пресс-служба фестиваля", "DESC")
