"""Shared fixtures. The natasha models take a few seconds to load: load them once per run."""

import pytest


@pytest.fixture(scope="session")
def natasha_nlp():
    from quotemine.annotation.backends import load_nlp

    nlp = load_nlp("natasha")
    # every token annotated: the annotator tests read what the selective default skips
    nlp.get_pipe("quotemine_natasha").scope = "all"
    return nlp


@pytest.fixture(scope="session")
def miner():
    import quotemine

    return quotemine.load("natasha")
