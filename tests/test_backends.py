import pytest
import spacy
from spacy.attrs import LIKE_NUM
from spacy.util import is_package

from quotemine.annotation import backends
from quotemine.annotation.backends import MODEL_CHOICES, load_nlp
from quotemine.annotation.lexemes import like_num
from quotemine.annotation.natasha import NatashaAnnotator
from quotemine.annotation.tokenizer import RazdelTokenizer
from quotemine.errors import ModelNotFoundError, QuotemineError


@pytest.mark.parametrize("name", ["ru_core_news_xxl", "no/such/dir", ""])
def test_unknown_model_names_the_choices(name):
    with pytest.raises(ModelNotFoundError) as error:
        load_nlp(name)
    message = str(error.value)
    assert "ru_core_news_sm" in message
    assert "natasha" in message
    assert "python -m spacy download ru_core_news_sm" in message
    assert "\n" not in message
    assert isinstance(error.value, QuotemineError)


def test_path_without_pipeline(tmp_path):
    with pytest.raises(ModelNotFoundError, match="natasha"):
        load_nlp(str(tmp_path))


def test_choices():
    assert MODEL_CHOICES[:2] == ("auto", "natasha")
    assert "ru_core_news_sm" in MODEL_CHOICES


def test_natasha_pipeline(natasha_nlp):
    assert natasha_nlp.pipe_names == ["quotemine_natasha"]
    assert isinstance(natasha_nlp.tokenizer, RazdelTokenizer)
    assert isinstance(natasha_nlp.get_pipe("quotemine_natasha"), NatashaAnnotator)
    assert natasha_nlp.lang == "ru"


def test_fresh_language_each_call():
    first, second = load_nlp("natasha"), load_nlp("natasha")
    assert first is not second
    first.add_pipe("sentencizer", first=True)
    assert second.pipe_names == ["quotemine_natasha"]


@pytest.mark.skipif(
    any(is_package(name) for name in backends.SPACY_MODELS),
    reason="a ru_core_news model is installed",
)
def test_auto_falls_back_to_natasha():
    assert load_nlp("auto").pipe_names == ["quotemine_natasha"]
    assert load_nlp().pipe_names == ["quotemine_natasha"]


def test_auto_prefers_installed_spacy_model(monkeypatch):
    monkeypatch.setattr(backends, "is_package", lambda name: name == "ru_core_news_md")
    assert backends.installed_spacy_model() == "ru_core_news_md"
    loaded = []
    model = spacy.blank("ru")  # stands in for ru_core_news_md
    monkeypatch.setattr(backends.spacy, "load", lambda name: loaded.append(name) or model)
    assert load_nlp("auto") is model
    assert loaded == ["ru_core_news_md"]
    # an installed model's vocabulary gets the fast like_num too
    assert model.vocab.lex_attr_getters[LIKE_NUM] is like_num


def test_save_and_load(natasha_nlp, tmp_path):
    natasha_nlp.to_disk(tmp_path)
    for nlp in (spacy.load(tmp_path), load_nlp(str(tmp_path))):
        assert nlp.pipe_names == ["quotemine_natasha"]
        doc = nlp("Глава МИД Сергей Лавров заявил, что переговоры продолжатся.")
        assert [t.text for t in doc][:2] == ["Глава", "МИД"]
        assert ("Сергей Лавров", "PER") in [(e.text, e.label_) for e in doc.ents]
        assert any(t.dep_ == "ROOT" for t in doc)


def test_shared_miner_loads_each_model_and_kinds_once():
    from quotemine.api import shared_miner

    first = shared_miner("natasha")
    assert shared_miner("natasha") is first
    direct_only = shared_miner("natasha", kinds=["direct"])
    assert direct_only is not first
    assert direct_only.extract("Министр Иванов заявил, что очень устал. «Мы готовы», — сказал Петров.")[0].kind == "direct"
    assert len(first.extract("Министр Иванов заявил, что очень устал. «Мы готовы», — сказал Петров.")) == 2


def test_shared_miner_keys_kinds_as_load_reads_them():
    from quotemine.api import shared_miner

    assert shared_miner("natasha", kinds="direct") is shared_miner("natasha", kinds=iter(["direct"]))
