"""Shared fixtures. The natasha models take a few seconds to load: load them once per run."""

import pytest


@pytest.fixture(scope="session")
def natasha_nlp():
    from quotemine.annotation.backends import load_nlp

    return load_nlp("natasha")


@pytest.fixture(scope="session")
def miner():
    import quotemine

    return quotemine.load("natasha")
