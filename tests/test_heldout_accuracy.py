"""Accuracy floors on tests/data/heldout.jsonl: news excerpts written for quotemine and
annotated by GUIDELINES.md without looking at the rules. A change that loses accuracy on
text the rules were not tuned on fails here, not on the next corpus a user brings."""

from pathlib import Path

import pytest

from quotemine.evaluation import read_gold, score

HELDOUT = Path(__file__).parent / "data" / "heldout.jsonl"

# Floors a little under the figures measured when the corpus was added (see docs/accuracy.md).
FLOORS = {
    ("direct+mixed", "f1"): 0.95,
    ("direct+mixed", "exact_f1"): 0.93,
    ("direct+mixed", "kind_accuracy"): 0.92,
    ("direct+mixed", "e2e_f1"): 0.85,
    ("indirect", "f1"): 0.85,
    ("indirect", "e2e_f1"): 0.75,
}


@pytest.fixture(scope="module")
def scores(miner):
    gold = read_gold([HELDOUT])
    predicted = {doc.id: quotes for doc, quotes in zip(gold, miner.pipe(doc.text for doc in gold))}
    return score(gold, predicted)


@pytest.mark.parametrize("group, metric", sorted(FLOORS))
def test_heldout_accuracy_stays_above_its_floor(scores, group, metric):
    value = getattr(scores.groups[group], metric)
    assert value >= FLOORS[group, metric], f"{group} {metric} = {value:.3f}"


def test_no_name_in_quotes_is_returned_as_a_quote(scores):
    spurious = [e for e in scores.errors if e.type == "spurious" and e.predicted.kind != "indirect"]
    assert spurious == []
