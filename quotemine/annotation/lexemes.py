"""The lexeme attributes spaCy works out for every word new to the vocabulary.

spaCy computes them (``like_num`` among them) each time a word enters the vocabulary:
on its first sight, and again in every memory zone, which ``QuoteMiner.pipe`` opens
per thousand texts. Its Russian ``like_num`` looks the word up in a list of 884 number
words, a scan of the whole list for every word that is no number: 10–11 µs a word
over the words of the dev corpus and the written test sets, against under 1 µs here.
"""

from __future__ import annotations

from spacy.attrs import LIKE_NUM
from spacy.lang.ru import lex_attrs
from spacy.language import Language

NUMBER_WORDS = frozenset(lex_attrs._num_words)


def like_num(text: str) -> bool:
    """spaCy's Russian ``like_num``, its word list a set, the same answer for every
    text: ``12``, ``-3,5``, ``40%``, ``1/2``, ``семь``, ``во-первых``."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.removesuffix("%").replace(",", "").replace(".", "")
    if text.isdigit() or text.lower() in NUMBER_WORDS:
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        return num.isdigit() and denom.isdigit()
    return False


def use_fast_like_num(nlp: Language) -> None:
    """Give ``nlp``'s vocabulary this ``like_num`` if it has spaCy's Russian one, and
    leave any other (a pipeline's own) alone."""
    if nlp.vocab.lex_attr_getters.get(LIKE_NUM) is lex_attrs.like_num:
        nlp.vocab.lex_attr_getters[LIKE_NUM] = like_num
