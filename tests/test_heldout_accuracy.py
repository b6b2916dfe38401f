"""Accuracy floors on the news excerpts in tests/data, written for quotemine and annotated
by GUIDELINES.md without looking at the rules.

``heldout.jsonl`` and ``heldout2.jsonl`` were later read to find failing rules (the third
session on issue 6, docs/accuracy.md), ``heldout3.jsonl`` in the fourth, so their floors
guard those fixes; ``heldout4.jsonl``, ``heldout5.jsonl`` and ``heldout6.jsonl`` were read
later in the fourth and their floors guard those. ``heldout7.jsonl`` was written by someone
who never read the rules, and nobody has read its errors to write rules: it tells how the
rules do on text they were not tuned on. Keep it that way: write a new set before tuning
on it.
"""

from pathlib import Path

import pytest

from quotemine.evaluation import read_gold, score

DATA = Path(__file__).parent / "data"

# Floors a little under the figures measured (docs/accuracy.md), per file.
FLOORS = {
    "heldout.jsonl": {
        ("direct+mixed", "f1"): 0.95,
        ("direct+mixed", "exact_f1"): 0.93,
        ("direct+mixed", "kind_accuracy"): 0.92,
        ("direct+mixed", "e2e_f1"): 0.93,
        ("indirect", "f1"): 0.93,
        ("indirect", "e2e_f1"): 0.88,
    },
    "heldout2.jsonl": {
        ("direct+mixed", "f1"): 0.95,
        ("direct+mixed", "e2e_f1"): 0.93,
        ("indirect", "f1"): 0.93,
        ("indirect", "e2e_f1"): 0.88,
    },
    "heldout3.jsonl": {
        ("direct+mixed", "f1"): 0.97,
        ("direct+mixed", "kind_accuracy"): 0.97,
        ("direct+mixed", "e2e_f1"): 0.94,
        ("indirect", "f1"): 0.95,
        ("indirect", "e2e_f1"): 0.88,
    },
    "heldout4.jsonl": {
        ("direct+mixed", "f1"): 0.97,
        ("direct+mixed", "kind_accuracy"): 0.97,
        ("direct+mixed", "e2e_f1"): 0.87,
        ("indirect", "f1"): 0.95,
        ("indirect", "e2e_f1"): 0.91,
    },
    "heldout5.jsonl": {
        ("direct+mixed", "f1"): 0.94,
        ("direct+mixed", "e2e_f1"): 0.82,
        ("indirect", "f1"): 0.90,
        ("indirect", "e2e_f1"): 0.75,
    },
    "heldout7.jsonl": {
        ("direct+mixed", "f1"): 0.95,
        ("direct+mixed", "e2e_f1"): 0.83,
        ("indirect", "f1"): 0.93,
        ("indirect", "e2e_f1"): 0.82,
    },
    "heldout6.jsonl": {
        ("direct+mixed", "f1"): 0.95,
        ("direct+mixed", "e2e_f1"): 0.80,
        ("indirect", "f1"): 0.95,
        ("indirect", "e2e_f1"): 0.85,
    },
}


@pytest.fixture(scope="module")
def scores(miner):
    def of(name):
        gold = read_gold([DATA / name])
        predicted = {doc.id: quotes for doc, quotes in zip(gold, miner.pipe(doc.text for doc in gold))}
        return score(gold, predicted)

    return {name: of(name) for name in FLOORS}


@pytest.mark.parametrize(
    "name, group, metric", [(name, *key) for name, floors in FLOORS.items() for key in sorted(floors)]
)
def test_heldout_accuracy_stays_above_its_floor(scores, name, group, metric):
    value = getattr(scores[name].groups[group], metric)
    assert value >= FLOORS[name][group, metric], f"{name} {group} {metric} = {value:.3f}"


def test_no_name_in_quotes_is_returned_as_a_quote(scores):
    spurious = [
        e for e in scores["heldout.jsonl"].errors if e.type == "spurious" and e.predicted.kind != "indirect"
    ]
    assert spurious == []
