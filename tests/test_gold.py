"""read_gold: substrings become offsets; every broken input fails with a message saying where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotemine.errors import InputError
from quotemine.evaluation.gold import GoldDocument, GoldQuote, find_occurrence, read_gold

TEXT = "Он сказал «да», а потом повторил «да» уже громче."


def write_jsonl(path: Path, *lines: object) -> Path:
    """Objects become JSON lines, strings are written as they are (to write broken lines)."""
    rendered = [
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    ]
    path.write_text("\n".join(rendered) + "\n", encoding="utf-8")
    return path


def test_occurrence_picks_the_nth_substring(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        {
            "id": "doc-1",
            "text": TEXT,
            "indirect_annotated": True,
            "quotes": [
                {"quote": "да", "kind": "direct", "speaker": "Иван Петров", "occurrence": 2},
                {"quote": "да", "kind": "direct", "speaker": "Иван Петров"},
            ],
        },
    )
    [document] = read_gold(path)
    second, first = document.quotes
    # «да» first stands at 11 (after 'Он сказал «' = 11 chars), the second right after '«' at 34.
    assert (first.start, first.end) == (11, 13)
    assert (second.start, second.end) == (34, 36)
    assert TEXT[second.start - 1] == "«" and TEXT[second.start : second.end] == "да"
    assert document.indirect_annotated is True


def test_fields_defaults_and_blank_lines(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        "",
        {
            "id": "doc-1",
            "text": "«Мы справимся», — сказал мэр Иван Петров.",
            "quotes": [
                {
                    "quote": "Мы справимся",
                    "kind": "direct",
                    "speaker": "Иван Петров",
                    "speaker_aliases": ["мэр Иван Петров"],
                    "speaker_mention": "мэр Иван Петров",
                    "cue": "сказал",
                    "addressee": None,
                    "note": "free-text notes are allowed and ignored",
                }
            ],
        },
        "   ",
        {"id": "doc-2", "text": "Без цитат."},
    )
    first, second = read_gold([path])
    assert first == GoldDocument(
        id="doc-1",
        text="«Мы справимся», — сказал мэр Иван Петров.",
        quotes=(
            GoldQuote(
                start=1,
                end=13,
                text="Мы справимся",
                kind="direct",
                speaker="Иван Петров",
                speaker_aliases=("мэр Иван Петров",),
                speaker_mention="мэр Иван Петров",
                cue="сказал",
                addressee=None,
            ),
        ),
        indirect_annotated=False,
    )
    assert second.quotes == () and second.indirect_annotated is False


def test_several_files_keep_order(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", {"id": "a", "text": "Первый."})
    b = write_jsonl(tmp_path / "b.jsonl", {"id": "b", "text": "Второй."})
    assert [d.id for d in read_gold([b, a])] == ["b", "a"]


def test_broken_json_line_names_path_and_line(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "broken.jsonl",
        {"id": "doc-1", "text": "Всё в порядке."},
        "",
        '{"id": "doc-2", "text": "Не закрыто',
    )
    with pytest.raises(InputError, match=r"broken\.jsonl:3: not a JSON object"):
        read_gold(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file: .*nope\.jsonl"):
        read_gold(tmp_path / "nope.jsonl")


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.jsonl"
    path.write_bytes(json.dumps({"text": "Мэр"}, ensure_ascii=False).encode("cp1251"))
    with pytest.raises(InputError, match=r"cp1251\.jsonl is not UTF-8 text \(byte offset \d+, line 1\)"):
        read_gold(path)


def test_line_without_text(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "g.jsonl", {"id": "doc-1", "quotes": []})
    with pytest.raises(InputError, match=r"g\.jsonl:1: the document has no \"text\""):
        read_gold(path)


def test_missing_substring_says_which_document_and_quote(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        {
            "id": "doc-7",
            "text": "«Мы справимся», — сказал мэр.",
            "quotes": [
                {"quote": "Мы справимся", "kind": "direct", "speaker": "мэр"},
                {"quote": "Мы не справимся", "kind": "direct", "speaker": "мэр"},
            ],
        },
    )
    with pytest.raises(InputError) as caught:
        read_gold(path)
    message = str(caught.value)
    assert "g.jsonl:1" in message and "'doc-7'" in message and "quote 2" in message
    assert "Мы не справимся" in message and "does not occur" in message


def test_occurrence_beyond_the_count(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        {
            "id": "doc-1",
            "text": TEXT,
            "quotes": [{"quote": "да", "kind": "direct", "occurrence": 3}],
        },
    )
    with pytest.raises(InputError, match="occurrence 3 requested but the text has only 2"):
        read_gold(path)


def test_unknown_kind_and_duplicate_id(tmp_path: Path) -> None:
    bad_kind = write_jsonl(
        tmp_path / "k.jsonl",
        {"id": "d", "text": TEXT, "quotes": [{"quote": "да", "kind": "quoted"}]},
    )
    with pytest.raises(InputError, match="unknown kind 'quoted'"):
        read_gold(bad_kind)
    twice = write_jsonl(
        tmp_path / "t.jsonl", {"id": "d", "text": "Раз."}, {"id": "d", "text": "Два."}
    )
    with pytest.raises(InputError, match=r"t\.jsonl:2: duplicate document id 'd'"):
        read_gold(twice)


def test_find_occurrence() -> None:
    assert find_occurrence("ааа", "аа", 2) == 1  # occurrences may overlap
    assert find_occurrence("мир", "", 1) == -1
    assert find_occurrence("мир", "мир", 2) == -1


def test_lines_of_any_whitespace_are_blank(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    line = json.dumps({"id": "a", "text": "Всё в порядке.", "quotes": []}, ensure_ascii=False)
    path.write_text(line + "\n\u00a0\n\u2028\n  \n", encoding="utf-8")
    assert [document.id for document in read_gold(path)] == ["a"]
