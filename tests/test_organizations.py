"""When two names are one organization: the same words, an acronym, a Мин- contraction."""

import pytest

from quotemine.entities.organizations import same_organization


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
