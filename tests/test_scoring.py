"""The scorer against hand-computed numbers (GUIDELINES.md "Scoring"). All sentences are made up."""

from __future__ import annotations

import json

import pytest

from quotemine.errors import InputError
from quotemine.evaluation.gold import GoldDocument, GoldQuote
from quotemine.evaluation.report import format_errors, format_scores, scores_to_dict
from quotemine.evaluation.scoring import (
    match_spans,
    normalize_name,
    roc_auc,
    score,
    spans_match,
    speaker_correct,
    trimmed_span,
)
from quotemine.quote import Quote, Speaker


def locate(text: str, sub: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def gold(
    text: str, sub: str, kind: str = "direct", speaker: str | None = "Иван Петров", **extra
) -> GoldQuote:
    start, end = locate(text, sub)
    return GoldQuote(start=start, end=end, text=sub, kind=kind, speaker=speaker, **extra)


def pred(
    text: str,
    sub: str | tuple[int, int],
    kind: str = "direct",
    speaker: str | None = "Иван Петров",
    confidence: float = 0.5,
) -> Quote:
    start, end = locate(text, sub) if isinstance(sub, str) else sub
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker=Speaker(name=speaker, mention=speaker) if speaker is not None else None,
        confidence=confidence,
    )


# --------------------------------------------------------------------------- span rule

FLOOD = "Мэр Иван Петров заявил журналистам, что город готов к любому паводку этой весной."


def one_quote_doc(start: int, end: int) -> GoldDocument:
    return GoldDocument(
        id="d",
        text=FLOOD,
        quotes=(
            GoldQuote(
                start=start, end=end, text=FLOOD[start:end], kind="direct", speaker="Иван Петров"
            ),
        ),
    )


@pytest.mark.parametrize(
    ("gold_span", "pred_span", "matched"),
    [
        # gold 20 chars, pred 20 chars shifted by 10: overlap 10 = exactly half of 20 -> match
        ((0, 20), (10, 30), True),
        # shifted by 11: overlap 9 < 10 -> no match
        ((0, 20), (11, 31), False),
        # pred is the longer span (20); overlap 10 = half of 20 -> match
        ((0, 10), (0, 20), True),
        # pred 21 long, overlap 10 < 10.5 -> no match, even though it covers the whole gold
        ((0, 10), (0, 21), False),
        # touching but not overlapping
        ((0, 10), (10, 20), False),
    ],
)
def test_half_of_the_longer_span(gold_span, pred_span, matched) -> None:
    assert spans_match(*gold_span, *pred_span) is matched
    scores = score([one_quote_doc(*gold_span)], {"d": [pred(FLOOD, pred_span)]})
    row = scores["direct+mixed"]
    assert row.counts.matched_gold == int(matched)
    # 1 gold, 1 prediction: P = R = F1 = 1.0 when matched, else 0.0
    assert (row.precision, row.recall, row.f1) == ((1.0, 1.0, 1.0) if matched else (0.0, 0.0, 0.0))


def test_matching_prefers_largest_overlap_and_is_order_independent() -> None:
    # gold A = 0:20, gold B = 20:30; pred X = 5:25 overlaps A by 15 and B by 5 (too little for B).
    # pred Y = 0:18 overlaps A by 18 -> Y takes A first (18 > 15), X is left without a partner.
    assert match_spans([(0, 20), (20, 30)], [(5, 25), (0, 18)]) == [(0, 1)]
    assert match_spans([(0, 20), (20, 30)], [(0, 18), (5, 25)]) == [(0, 0)]
    # equal overlap: the pair with the smaller union (the closer span) wins
    assert match_spans([(0, 10)], [(0, 12), (0, 10)]) == [(0, 1)]


# ------------------------------------------------------------- detection, kinds, attribution

MAYOR = (
    "Мэр Иван Петров заявил: «Мы справимся с паводком». По его словам, ситуация «под контролем». "
    "«Помощь уже в пути», — добавил губернатор Олег Сидоров."
)


def mayor_scores():
    g1 = gold(MAYOR, "Мы справимся с паводком")  # 23 chars
    g2 = gold(MAYOR, "под контролем", kind="mixed")
    g3 = gold(MAYOR, "Помощь уже в пути", speaker="Олег Сидоров")
    document = GoldDocument(id="mayor", text=MAYOR, quotes=(g1, g2, g3))
    predictions = [
        pred(MAYOR, "Мы справимся с паводком", confidence=0.9),  # p1: g1, right speaker
        # p2: also over g1 (overlap 12, 2*12 >= 23 qualifies) but p1 overlaps more -> spurious
        pred(MAYOR, "Мы справимся", confidence=0.8),
        pred(
            MAYOR, "под контролем", speaker="Петров", confidence=0.3
        ),  # p3: g2, wrong kind, short name
        # p4: mixed inside g1: overlap 8, 16 < 23 -> no match -> spurious
        pred(MAYOR, "паводком", kind="mixed", confidence=0.1),
    ]
    # g3 gets nothing -> missed
    return score([document], {"mayor": predictions})


def test_direct_mixed_row() -> None:
    row = mayor_scores()["direct+mixed"]
    c = row.counts
    assert (c.gold, c.predicted, c.matched_gold, c.matched_predicted) == (3, 4, 2, 2)
    assert (c.tp, c.fp, c.fn) == (2, 2, 1)
    assert row.precision == pytest.approx(2 / 4)  # g1-p1, g2-p3 of 4 predictions
    assert row.recall == pytest.approx(2 / 3)
    assert row.f1 == pytest.approx(4 / 7)  # 2 * 1/2 * 2/3 / (1/2 + 2/3) = (2/3) / (7/6)
    assert row.exact_f1 == pytest.approx(4 / 7)  # both matches have identical spans
    assert row.kind_accuracy == pytest.approx(1 / 2)  # p3 says direct for mixed g2
    assert row.attribution_strict == pytest.approx(1 / 2)  # "Петров" is not "Иван Петров"
    assert row.attribution_lenient == pytest.approx(2 / 2)  # ... but its words are a subset
    # end to end: only g1-p1 is matched and strict-correct
    assert row.e2e_precision == pytest.approx(1 / 4)
    assert row.e2e_recall == pytest.approx(1 / 3)
    assert row.e2e_f1 == pytest.approx(2 / 7)  # 2 * 1/4 * 1/3 / (7/12) = (1/6) / (7/12)


def test_per_kind_rows() -> None:
    scores = mayor_scores()
    direct, mixed = scores["direct"], scores["mixed"]
    # direct: gold g1, g3; predictions p1, p2, p3 (all direct).
    # recall: gold direct matched = g1 -> 1/2; precision: direct predictions matched = p1, p3 -> 2/3
    assert (direct.counts.gold, direct.counts.predicted) == (2, 3)
    assert direct.recall == pytest.approx(1 / 2)
    assert direct.precision == pytest.approx(2 / 3)
    assert direct.f1 == pytest.approx(4 / 7)  # 2 * 2/3 * 1/2 / (7/6)
    assert direct.kind_accuracy == 1.0  # judged on pairs with direct gold: g1-p1
    assert direct.e2e_recall == pytest.approx(1 / 2)  # g1 correct of 2 direct gold
    assert direct.e2e_precision == pytest.approx(1 / 3)  # p1 correct of 3 direct predictions
    # mixed: gold g2 (matched, by the direct p3); prediction p4 (unmatched)
    assert mixed.recall == 1.0 and mixed.precision == 0.0 and mixed.f1 == 0.0
    assert mixed.kind_accuracy == 0.0
    assert mixed.attribution_strict == 0.0 and mixed.attribution_lenient == 1.0


def test_error_records() -> None:
    errors = mayor_scores().errors
    summary = [
        (e.type, e.gold.text if e.gold else None, e.predicted.text if e.predicted else None)
        for e in errors
    ]
    assert summary == [
        ("missed", "Помощь уже в пути", None),
        ("spurious", None, "Мы справимся"),
        ("spurious", None, "паводком"),
        ("wrong_speaker", "под контролем", "под контролем"),
        ("wrong_kind", "под контролем", "под контролем"),
    ]
    assert {e.doc_id for e in errors} == {"mayor"}


def test_report_formats() -> None:
    scores = mayor_scores()
    table = format_scores(scores)
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["group", "gold", "pred", "matched"]
    assert "e2e F1" in lines[0]
    dm = next(line for line in lines if line.startswith("direct+mixed"))
    assert dm.split()[:7] == ["direct+mixed", "3", "4", "2", "0.500", "0.667", "0.571"]
    assert next(line for line in lines if line.startswith("direct ")).split()[3] == "1/2"
    # no document annotates indirect quotes: those rows are not applicable
    assert next(line for line in lines if line.startswith("indirect")).split()[1:4] == [
        "-",
        "-",
        "-",
    ]
    assert "documents: 1 (indirect annotated: 0)" in table
    errors = format_errors(scores)
    assert (
        errors.index("missed (1)")
        < errors.index("spurious (2)")
        < errors.index("wrong_speaker (1)")
    )
    assert "(lenient ok)" in errors and "Олег Сидоров" in errors
    as_dict = json.loads(json.dumps(scores_to_dict(scores), ensure_ascii=False))
    assert as_dict["groups"]["direct+mixed"]["counts"]["fp"] == 2
    assert as_dict["groups"]["indirect"]["precision"] is None
    assert len(as_dict["errors"]) == 5


# --------------------------------------------------------------------------- indirect

PESKOV = (
    "Пресс-секретарь президента Дмитрий Песков заявил, что подробности не будут обнародованы. "
    "«Решение уже принято», — сказал он."
)
LAVROV = "Министр Сергей Лавров сообщил, что переговоры продолжатся."


def indirect_documents():
    annotated = GoldDocument(
        id="peskov",
        text=PESKOV,
        quotes=(
            gold(
                PESKOV,
                "подробности не будут обнародованы",
                kind="indirect",
                speaker="Дмитрий Песков",
            ),
            gold(PESKOV, "Решение уже принято", speaker="Дмитрий Песков"),
        ),
        indirect_annotated=True,
    )
    # indirect_annotated is false: its gold indirect quote and the predicted one both drop out
    not_annotated = GoldDocument(
        id="lavrov",
        text=LAVROV,
        quotes=(gold(LAVROV, "переговоры продолжатся", kind="indirect", speaker="Сергей Лавров"),),
        indirect_annotated=False,
    )
    predictions = {
        "peskov": [
            pred(PESKOV, "подробности не будут обнародованы", kind="indirect", speaker="Песков"),
            pred(PESKOV, "Решение уже принято", speaker="Дмитрий Песков"),
        ],
        "lavrov": [
            pred(LAVROV, "переговоры продолжатся", kind="indirect", speaker="Сергей Лавров")
        ],
    }
    return [annotated, not_annotated], predictions


def test_indirect_ignored_where_not_annotated() -> None:
    documents, predictions = indirect_documents()
    scores = score(documents, predictions)
    indirect, every, dm = scores["indirect"], scores["all"], scores["direct+mixed"]
    assert (indirect.counts.gold, indirect.counts.predicted, indirect.counts.matched_gold) == (
        1,
        1,
        1,
    )
    assert scores.ignored_indirect == 1 and scores.n_indirect_documents == 1
    assert (indirect.precision, indirect.recall, indirect.f1) == (1.0, 1.0, 1.0)
    assert indirect.attribution_strict == 0.0 and indirect.attribution_lenient == 1.0
    assert indirect.e2e_f1 == 0.0 and indirect.kind_accuracy is None
    assert (dm.counts.gold, dm.counts.predicted, dm.e2e_f1) == (1, 1, 1.0)
    # all = union: 2 gold, 2 predicted, 2 matched, 1 strict-correct
    assert (every.counts.gold, every.counts.predicted, every.counts.matched_gold) == (2, 2, 2)
    assert every.f1 == 1.0
    assert every.attribution_strict == pytest.approx(1 / 2)
    assert (every.e2e_precision, every.e2e_recall, every.e2e_f1) == (0.5, 0.5, 0.5)
    assert [e.type for e in scores.errors] == ["wrong_speaker"]


def test_indirect_not_applicable_without_annotated_documents() -> None:
    documents, predictions = indirect_documents()
    scores = score(documents[1:], predictions)
    assert scores["indirect"].precision is None and scores["all"].e2e_f1 is None
    assert scores["direct+mixed"].precision == 0.0  # nothing predicted, nothing to find
    assert scores["direct+mixed"].attribution_strict is None  # no matched pair to judge
    assert scores.unknown_doc_ids == ("peskov",)


def test_indirect_and_direct_do_not_match_each_other() -> None:
    text = "Губернатор сообщил, что дороги откроют завтра."
    document = GoldDocument(
        id="d",
        text=text,
        quotes=(gold(text, "дороги откроют завтра", kind="indirect", speaker="губернатор"),),
        indirect_annotated=True,
    )
    scores = score([document], {"d": [pred(text, "дороги откроют завтра", speaker="губернатор")]})
    assert scores["indirect"].recall == 0.0 and scores["direct+mixed"].precision == 0.0
    assert sorted(e.type for e in scores.errors) == ["missed", "spurious"]


# --------------------------------------------------------------------------- names


def test_name_normalisation() -> None:
    assert normalize_name("  Пётр  «Семёнов»\n") == "петр семенов"
    assert normalize_name("Ким Чен-Ын") == "ким чен ын"


@pytest.mark.parametrize(
    ("gold_name", "aliases", "predicted", "strict", "lenient"),
    [
        ("Дмитрий Песков", (), "Дмитрий Песков", True, True),
        ("Дмитрий Песков", (), "Песков", False, True),  # subset of the gold words
        ("Песков", (), "Дмитрий Сергеевич Песков", False, True),  # the reverse
        ("Дмитрий Песков", (), "Дмитрий Медведев", False, False),
        ("Дмитрий Песков", (), "Пескова", False, False),  # no lemmatisation
        ("Семён Ткачёв", (), "семен ткачев", True, True),  # ё -> е, case
        ("ТАСС", (), "«ТАСС»", True, True),  # punctuation dropped
        ("Ким Чен Ын", (), "Ким  Чен\nЫн", True, True),  # whitespace folded
        ("Минобороны России", ("Минобороны РФ",), "минобороны РФ", True, True),  # alias
        ("Минобороны России", (), "Минобороны РФ", False, False),
        ("Иван Петров", (), None, False, False),  # no prediction for a named speaker
        (None, (), None, True, True),  # nobody said it, and nobody was predicted
        (None, (), "Иван Петров", False, False),
        ("Иван Петров", (), "", False, False),  # an empty name is no name
    ],
)
def test_speaker_correct(gold_name, aliases, predicted, strict, lenient) -> None:
    g = GoldQuote(
        start=0, end=5, text="слова", kind="direct", speaker=gold_name, speaker_aliases=aliases
    )
    p = Quote(
        start=0,
        end=5,
        text="слова",
        speaker=Speaker(name=predicted, mention=predicted) if predicted is not None else None,
    )
    assert speaker_correct(g, p) is strict
    assert speaker_correct(g, p, lenient=True) is lenient


def test_null_gold_speaker_through_score() -> None:
    text = (
        "«Работы продолжаются», — говорится в сообщении. "
        "«Сроки не сорваны», — добавил мэр Иван Петров."
    )
    document = GoldDocument(
        id="d",
        text=text,
        quotes=(gold(text, "Работы продолжаются", speaker=None), gold(text, "Сроки не сорваны")),
    )
    scores = score(
        [document],
        {
            "d": [
                pred(text, "Работы продолжаются", speaker=None),
                pred(text, "Сроки не сорваны", speaker=None),
            ]
        },
    )
    row = scores["direct+mixed"]
    # first: null gold, no speaker predicted -> right; second: named gold, none predicted -> wrong
    assert row.attribution_strict == 0.5 and row.attribution_lenient == 0.5
    assert row.e2e_f1 == 0.5  # P = R = 1/2


# --------------------------------------------------------------------------- exact spans


EXACT = "«Мы справимся.» — сказал мэр. «Паводок отступает», — добавил он."


def test_trimmed_span() -> None:
    # "Мы справимся" is 12 chars at 1:13; marks and the final period all trim away
    assert trimmed_span(EXACT, 0, 15) == (1, 13)  # «Мы справимся.»
    assert trimmed_span(EXACT, 1, 14) == (1, 13)  # Мы справимся.
    assert trimmed_span(EXACT, 1, 13) == (1, 13)  # Мы справимся
    assert trimmed_span(EXACT, 0, 1) == (1, 1)  # nothing but punctuation


def test_exact_after_trimming_punctuation() -> None:
    first = gold(EXACT, "Мы справимся.")  # gold keeps the period that stands inside the marks
    second = gold(EXACT, "Паводок отступает")
    document = GoldDocument(id="d", text=EXACT, quotes=(first, second))
    predictions = [
        pred(
            EXACT, "«Мы справимся.» —"
        ),  # marks, dash and spaces trimmed -> same as "Мы справимся"
        pred(EXACT, "Паводок отступ"),  # 14 of 17 chars: matched, not exact
    ]
    row = score([document], {"d": predictions})["direct+mixed"]
    assert row.f1 == 1.0
    assert row.counts.exact_gold == 1
    assert (row.exact_precision, row.exact_recall, row.exact_f1) == (0.5, 0.5, 0.5)
    errors = score([document], {"d": predictions}).errors
    assert [(e.type, e.gold.text) for e in errors] == [("inexact_span", "Паводок отступает")]


# --------------------------------------------------------------------------- confidence


def test_auc_tiny_case() -> None:
    text = (
        "«Раз», — сказал Иван Петров. «Два», — сказал он. "
        "«Три», — сказал Петров. «Четыре», — сказал он."
    )
    document = GoldDocument(
        id="d",
        text=text,
        quotes=tuple(gold(text, word) for word in ("Раз", "Два", "Три", "Четыре")),
    )
    predictions = [
        pred(text, "Раз", confidence=0.9),  # correct
        pred(text, "Два", confidence=0.4),  # correct
        pred(text, "Три", speaker="Олег Сидоров", confidence=0.6),  # wrong
        pred(text, "Четыре", speaker="Олег Сидоров", confidence=0.4),  # wrong
    ]
    row = score([document], {"d": predictions})["direct+mixed"]
    # pairs (correct, wrong): (0.9,0.6)=1, (0.9,0.4)=1, (0.4,0.6)=0, (0.4,0.4)=0.5 -> 2.5/4
    assert row.auc == pytest.approx(0.625)
    assert row.mean_confidence_correct == pytest.approx(0.65)  # (0.9 + 0.4) / 2
    assert row.mean_confidence_wrong == pytest.approx(0.5)  # (0.6 + 0.4) / 2
    assert roc_auc([0.9, 0.4], []) is None  # one class only
    assert roc_auc([0.2], [0.1]) == 1.0 and roc_auc([0.1], [0.2]) == 0.0


# --------------------------------------------------------------------------- inputs


def test_missing_prediction_list_counts_as_nothing_predicted() -> None:
    row = score([one_quote_doc(0, 20)], {})["direct+mixed"]
    assert (row.precision, row.recall, row.f1, row.e2e_f1) == (0.0, 0.0, 0.0, 0.0)


def test_predictions_on_another_text_are_refused() -> None:
    wrong = Quote(start=0, end=5, text="Жители")
    with pytest.raises(InputError, match="same text"):
        score([one_quote_doc(0, 20)], {"d": [wrong]})
    too_long = Quote(start=0, end=500, text="x")
    with pytest.raises(InputError, match="runs past"):
        score([one_quote_doc(0, 20)], {"d": [too_long]})
