"""pandas tables: one row per quote, and who is quoted how often across a corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import quotemine
from quotemine.frame import COLUMNS, SUMMARY_COLUMNS, merge_names, speaker_summary, to_frame
from quotemine.quote import Cue, Quote, Speaker

TEXT = "«Мы построим новый мост», — сказала Анне Орловой глава района Марина Ким."
BRIDGE = Quote(
    start=1,
    end=23,
    text="Мы построим новый мост",
    kind="direct",
    speaker=Speaker("Марина Ким", "глава района Марина Ким", 49, 72, "PER"),
    cue=Cue("сказала", 27, 34, "сказать"),
    addressee=Speaker("Анна Орлова", "Анне Орловой", 35, 47, "PER"),
    confidence=0.87,
)
BARE = Quote(start=5, end=13, text="провалом", kind="mixed", confidence=0.3)


def said(name: str, text: str, kind: str = "direct", type_: str = "PER", mention: str | None = None) -> Quote:
    """A quote of ``name``; offsets do not matter to the tables."""
    return Quote(0, len(text), text, kind, speaker=Speaker(name, mention or name, type=type_), confidence=0.8)


# --------------------------------------------------------------------------- to_frame


def test_one_row_per_quote_with_every_part_in_its_column():
    frame = to_frame([BRIDGE, BARE])
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 2
    row = frame.iloc[0]
    assert row["doc_id"] == 0
    assert (row["start"], row["end"], row["kind"], row["text"]) == (1, 23, "direct", "Мы построим новый мост")
    assert (row["speaker"], row["speaker_mention"], row["speaker_type"]) == (
        "Марина Ким", "глава района Марина Ким", "PER")
    assert (row["speaker_start"], row["speaker_end"]) == (49, 72)
    assert (row["cue"], row["cue_lemma"], row["cue_start"], row["cue_end"]) == ("сказала", "сказать", 27, 34)
    assert (row["addressee"], row["addressee_mention"], row["addressee_type"]) == (
        "Анна Орлова", "Анне Орловой", "PER")
    assert row["confidence"] == pytest.approx(0.87)


def test_missing_parts_are_missing_values_and_offsets_stay_integers():
    frame = to_frame([BRIDGE, BARE])
    bare = frame.iloc[1]
    assert pd.isna(bare["speaker"]) and pd.isna(bare["cue_lemma"]) and pd.isna(bare["addressee"])
    assert bare["speaker_start"] is pd.NA and bare["cue_end"] is pd.NA
    assert frame["start"].dtype == "int64" and frame["confidence"].dtype == "float64"
    assert str(frame["speaker_start"].dtype) == "Int64" and str(frame["addressee_end"].dtype) == "Int64"


def test_an_iterable_of_quote_lists_numbers_the_documents():
    frame = to_frame(iter([[BRIDGE], [], [BARE, BRIDGE]]))  # e.g. what qm.pipe(texts) yields
    assert frame["doc_id"].tolist() == [0, 2, 2]  # a document without quotes has no row
    assert frame["kind"].tolist() == ["direct", "mixed", "direct"]


def test_pairs_and_dicts_keep_their_ids():
    assert to_frame([("a-1", [BRIDGE]), ("b-2", [BARE])])["doc_id"].tolist() == ["a-1", "b-2"]
    assert to_frame({"x": [BARE], "y": [BRIDGE, BARE]})["doc_id"].tolist() == ["x", "y", "y"]


def test_jsonl_records_and_files_from_the_command_line(tmp_path: Path):
    records = [
        {"id": "n1", "source": "лента", "quotes": [BRIDGE.to_dict()]},
        {"id": "n2", "quotes": []},
        {"id": "n3", "quotes": [BARE.to_dict()]},
    ]
    from_records = to_frame(records)
    assert from_records["doc_id"].tolist() == ["n1", "n3"]
    assert from_records.iloc[0]["cue_lemma"] == "сказать"

    path = tmp_path / "quotes.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    from_file = to_frame(path)
    pd.testing.assert_frame_equal(from_file, from_records)
    pd.testing.assert_frame_equal(to_frame(str(path)), from_records)


def test_an_empty_result_is_an_empty_table_with_the_columns():
    frame = to_frame([])
    assert frame.empty and list(frame.columns) == list(COLUMNS)
    assert frame["start"].dtype == "int64"


def test_what_is_not_a_result_is_refused():
    with pytest.raises(TypeError, match="cannot read quotes"):
        to_frame(BRIDGE)
    with pytest.raises(TypeError, match="item 0"):
        to_frame([42])


def test_without_pandas_the_error_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"quotemine\[pandas\]"):
        to_frame([BRIDGE])


def test_public_names():
    assert quotemine.to_frame is to_frame
    assert quotemine.speaker_summary is speaker_summary


# --------------------------------------------------------------------------- speaker_summary


CORPUS = {
    "d1": [
        said("Сергей Лавров", "Мы ждём ответа", mention="Глава МИД Сергей Лавров"),
        said("Сергей Лавров", "переговоры продолжатся", "indirect"),
        said("Антони Блинкен", "Ответ будет скоро"),
    ],
    "d2": [
        said("Лавров", "никаких договорённостей нет", "mixed"),
        Quote(0, 5, "Нет и нет", "direct"),  # nobody's: left out
    ],
    "d3": [
        said("С. Лавров", "Встреча состоится"),
        said("Минобороны", "учения завершены", "indirect", type_="ORG"),
    ],
}


def test_the_same_person_is_one_row_across_documents():
    summary = speaker_summary(CORPUS)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert summary.index.tolist() == ["Сергей Лавров", "Антони Блинкен", "Минобороны"]
    lavrov = summary.loc["Сергей Лавров"]
    assert (lavrov["quotes"], lavrov["direct"], lavrov["mixed"], lavrov["indirect"]) == (4, 2, 1, 1)
    assert lavrov["documents"] == 3
    assert lavrov["names"] == ["Сергей Лавров", "С. Лавров", "Лавров"]
    assert summary.loc["Минобороны", "type"] == "ORG"


def test_examples_put_direct_quotes_first_and_respect_the_limit():
    summary = speaker_summary(CORPUS, examples=2)
    assert summary.loc["Сергей Лавров", "examples"] == ["Мы ждём ответа", "Встреча состоится"]
    assert speaker_summary(CORPUS, examples=0).loc["Антони Блинкен", "examples"] == []


def test_a_surname_shared_by_two_people_is_not_merged():
    corpus = [
        [said("Александр Новак", "Добыча вырастет")],
        [said("Алексей Новак", "Матч перенесут")],
        [said("Новак", "Посмотрим")],
    ]
    summary = speaker_summary(corpus)
    assert sorted(summary.index) == ["Александр Новак", "Алексей Новак", "Новак"]
    assert summary["quotes"].tolist() == [1, 1, 1]


def test_spelling_differences_of_case_and_yo_are_one_speaker():
    assert merge_names([("Пётр Иванов", "PER"), ("петр иванов", "PER"), ("Пётр Иванов", "PER")]) == {
        "Пётр Иванов": "Пётр Иванов",
        "петр иванов": "Пётр Иванов",
    }


def test_an_organisation_is_not_a_surname():
    names = merge_names([("Газпром", "ORG"), ("Алексей Газпром", "PER")])
    assert names["Газпром"] == "Газпром"


def test_a_filtered_frame_can_be_summarised():
    frame = to_frame(CORPUS)
    confident = frame[frame["kind"] != "indirect"]
    summary = speaker_summary(confident)
    assert summary.loc["Сергей Лавров", "quotes"] == 3
    assert "Минобороны" not in summary.index
    with pytest.raises(ValueError, match="not a quotemine frame"):
        speaker_summary(pd.DataFrame({"x": [1]}))


def test_no_attributed_quotes_give_an_empty_summary():
    summary = speaker_summary([[BARE]])
    assert summary.empty and list(summary.columns) == list(SUMMARY_COLUMNS)


# --------------------------------------------------------------------------- the real pipeline


@pytest.mark.slow
def test_frames_of_real_results(miner):
    texts = [
        "«Мы не планируем повышать налоги», — заявил министр финансов Антон Силуанов журналистам.",
        "В Москве весь день шёл снег.",
        "По словам Силуанова, бюджет будет сбалансирован.",
    ]
    frame = to_frame(miner.pipe(texts))
    first = frame.iloc[0]
    assert (first["doc_id"], first["kind"], first["speaker"], first["cue_lemma"]) == (
        0, "direct", "Антон Силуанов", "заявить")
    assert first["addressee"] == "журналисты"
    assert TEXT_AT(texts, first) == first["text"]
    docs = [miner(text) for text in texts]
    pd.testing.assert_frame_equal(to_frame(docs), frame)

    summary = speaker_summary(frame)
    assert summary.loc["Антон Силуанов", "documents"] == 2
    assert summary.loc["Антон Силуанов", "indirect"] == 1


def TEXT_AT(texts: list[str], row: pd.Series) -> str:
    return texts[row["doc_id"]][row["start"] : row["end"]]
