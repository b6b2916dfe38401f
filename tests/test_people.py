"""The people of a document, asked who was named last, and who has a role."""

import pytest

from quotemine.entities.people import People


@pytest.fixture
def people(natasha_nlp):
    doc = natasha_nlp(
        "Министр финансов Антон Силуанов выступил на форуме. "
        "Адвокат Елена Сафронова подала жалобу. "
        "Министр обороны Андрей Белоусов встретился с военными. "
        "Вечером прошёл концерт. "
        "Губернатор Алексей Дюмин открыл школу."
    )
    return doc, People(doc)


def at(doc, word):
    return doc.text.index(word)


def test_last_named_by_gender(people):
    doc, found = people
    concert = at(doc, "Вечером")
    assert found.last_named(concert).name == "Андрей Белоусов"
    assert found.last_named(concert, "Fem").name == "Елена Сафронова"
    assert found.last_named(at(doc, "Министр финансов")) is None  # nobody named yet


def test_by_role_takes_the_last_named_with_the_role(people):
    doc, found = people
    minister = doc[0]  # «Министр», the head of a description
    assert found.by_role(doc[0:1], minister, at(doc, "Вечером")).name == "Андрей Белоусов"
    assert found.by_role(doc[0:1], minister, at(doc, "Адвокат")).name == "Антон Силуанов"


def test_by_role_falls_back_to_the_first_introduced(people):
    doc, found = people
    governor = next(t for t in doc if t.text == "Губернатор")
    # asked at the very start, before anyone is named: the one introduced with the role
    assert found.by_role(doc[governor.i : governor.i + 1], governor, 0).name == "Алексей Дюмин"


@pytest.mark.parametrize(
    "text, name, roles",
    [
        ("Врач-эпидемиолог, депутат Госдумы Геннадий Онищенко выступил на форуме.", "Геннадий Онищенко",
         {"врач", "эпидемиолог", "депутат"}),
        # the subject of a parenthetical before the comma is no title of the name after it
        ("Как утверждает следствие, Ермолин получил взятку.", "Ермолин", set()),
    ],
)
def test_roles_are_the_nouns_written_with_the_name(natasha_nlp, text, name, roles):
    person = People(natasha_nlp(text)).find(name)
    assert roles <= person.roles and not ({"следствие"} & person.roles)


def test_by_role_leaves_out_the_other_gender_and_parts_of_a_compound(natasha_nlp):
    doc = natasha_nlp(
        "На брифинге выступила замминистра Анна Лосева. В Москву прибыл замминистра Игорь Нечаев. "
        "Министр финансов Жозе Мартен выступил на форуме. Об этом сообщил премьер-министр."
    )
    people = People(doc)
    deputy = next(t for t in reversed(doc) if t.text == "замминистра")
    end = len(doc.text)
    assert people.by_role(doc[deputy.i : deputy.i + 1], deputy, end).name == "Игорь Нечаев"
    assert people.by_role(doc[deputy.i : deputy.i + 1], deputy, end, "Fem").name == "Анна Лосева"
    premier = next(t for t in doc if t.text == "премьер-министр")
    assert people.by_role(doc[premier.i : premier.i + 1], premier, end) is None
