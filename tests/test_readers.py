"""read_documents: txt, JSONL and stdin come in lazily; each broken input names its place."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quotemine.errors import InputError
from quotemine.io import Document, count_documents, read_documents, read_predictions
from quotemine.quote import Quote, Speaker

TEXT = "«Мост откроют к осени», — пообещал губернатор области Сергей Ветров."


def write_jsonl(path: Path, *lines: object) -> Path:
    """Objects become JSON lines; strings are written as they are (blank or broken lines)."""
    rendered = [
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    ]
    path.write_text("\n".join(rendered) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- text files


def test_text_file_is_one_document_named_after_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "novosti-01.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert list(read_documents([str(path)])) == [Document("novosti-01", TEXT, {})]


def test_text_keeps_crlf_and_drops_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Первая строка.\r\nВторая.".encode())
    [document] = read_documents([str(path)])
    assert document.text == "Первая строка.\r\nВторая."  # offsets index the file's characters


def test_any_other_suffix_is_text(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(TEXT, encoding="utf-8")
    [document] = read_documents([str(path)])
    assert (document.id, document.text) == ("article", TEXT)


# --------------------------------------------------------------------------- JSONL


def test_jsonl_lines_with_ids_defaults_and_passthrough_fields(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "lenta.jsonl",
        {"id": "n-1", "text": TEXT, "source": "https://example.org/1", "date": "2024-05-01"},
        "",
        {"text": "Второй текст без номера.", "rubric": "город"},
        {"id": 7, "text": "Третий."},
    )
    documents = list(read_documents([str(path)]))
    assert documents == [
        Document("n-1", TEXT, {"source": "https://example.org/1", "date": "2024-05-01"}),
        Document("lenta:3", "Второй текст без номера.", {"rubric": "город"}),
        Document("7", "Третий.", {}),
    ]


def test_ndjson_and_bom_and_crlf_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    line = json.dumps({"text": "Жители довольны."}, ensure_ascii=False)
    path.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n" + line.encode() + b"\r\n")
    assert [d.id for d in read_documents([str(path)])] == ["feed:1", "feed:2"]


def test_line_separators_inside_json_strings_do_not_split_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "до\u2028после"}\n', encoding="utf-8")  # raw U+2028 in the string
    [document] = read_documents([str(path)])
    assert document.text == "до\u2028после"


def test_files_in_order_and_lazily(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", {"text": "Один."}, {"text": "Два."}, "{broken")
    second = tmp_path / "b.txt"
    second.write_text("Три.", encoding="utf-8")
    documents = read_documents([str(second), str(first)])
    assert next(documents).id == "b"
    assert next(documents).id == "a:1"
    assert next(documents).id == "a:2"
    with pytest.raises(InputError, match=r"a\.jsonl:3: not a JSON object"):
        next(documents)


def test_directory_reads_its_text_and_jsonl_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Бэ.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("А.", encoding="utf-8")
    write_jsonl(tmp_path / "c.jsonl", {"text": "Цэ."})
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    assert [d.id for d in read_documents([str(tmp_path)])] == ["a", "b", "c:1"]


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory has no .jsonl or .ndjson or .txt files"):
        read_documents([str(tmp_path)])


# --------------------------------------------------------------------------- stdin


def test_stdin_text_is_one_document() -> None:
    stream = io.StringIO("  \n" + TEXT + "\n")
    assert list(read_documents([], stdin=stream)) == [Document("stdin", "  \n" + TEXT + "\n", {})]


def test_stdin_jsonl_when_first_character_is_a_brace() -> None:
    data = "\n" + json.dumps({"text": TEXT, "tag": 1}, ensure_ascii=False) + "\n" + '{"text": "Ещё."}\n'
    stream = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + data.encode()), encoding="utf-8")
    documents = list(read_documents(["-"], stdin=stream))
    assert documents == [Document("stdin:2", TEXT, {"tag": 1}), Document("stdin:3", "Ещё.", {})]


def test_empty_stdin_has_no_documents() -> None:
    assert list(read_documents(["-"], stdin=io.StringIO(" \n"))) == []


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Короткий текст."))
    assert [d.text for d in read_documents([])] == ["Короткий текст."]


def test_stdin_bad_bytes_are_reported() -> None:
    stream = io.TextIOWrapper(io.BytesIO("Текст ".encode() + b"\xff"), encoding="utf-8")
    with pytest.raises(InputError, match=r"^<stdin> is not UTF-8 text \(byte offset 11\)$"):
        list(read_documents([], stdin=stream))


# --------------------------------------------------------------------------- errors


def test_missing_file_fails_before_anything_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(InputError) as error:
        read_documents([str(good), missing])  # raised at the call, not at iteration
    assert str(error.value) == f"no such file: {missing}"


def test_undecodable_text_file_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Мэр".encode() + "сказал".encode("cp1251"))
    with pytest.raises(InputError) as error:
        list(read_documents([str(path)]))
    assert str(error.value) == f"{path} is not UTF-8 text (byte offset 6)"


def test_undecodable_jsonl_line_names_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "' + "да".encode("cp1251") + b'"}\n')
    documents = read_documents([str(path)])
    assert next(documents).text == "ok"
    with pytest.raises(InputError) as error:
        next(documents)
    assert str(error.value) == f"{path} is not UTF-8 text (byte offset 25, line 2)"


def test_broken_jsonl_line_names_its_line_number(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "b.jsonl", {"text": "Раз."}, "", '{"text": "Два."', {"text": "Три."})
    with pytest.raises(InputError) as error:
        list(read_documents([str(path)]))
    message = str(error.value)
    assert message.startswith(f"{path}:3: not a JSON object (")
    assert "\n" not in message


def test_json_that_is_not_an_object(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "b.jsonl", ["Раз."])
    with pytest.raises(InputError, match=r"b\.jsonl:1: not a JSON object \(got list\)"):
        list(read_documents([str(path)]))


def test_line_without_text(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", {"text": "Есть."}, {"id": "x", "body": "Нет поля."})
    with pytest.raises(InputError) as error:
        list(read_documents([str(path)]))
    assert str(error.value) == f'{path}:2: no "text" field'


def test_text_that_is_not_a_string(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", {"text": ["Список", "строк"]})
    with pytest.raises(InputError, match=r't\.jsonl:1: "text" must be a string, got list'):
        list(read_documents([str(path)]))


def test_bad_id(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", {"id": {"n": 1}, "text": "Текст."})
    with pytest.raises(InputError, match=r't\.jsonl:1: "id" must be a string'):
        list(read_documents([str(path)]))


# --------------------------------------------------------------------------- counting


def test_count_documents(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", {"text": "1"}, {"text": "2"}, {"text": "3"})
    (tmp_path / "b.jsonl").write_text('{"text": "1"}\n{"text": "2"}', encoding="utf-8")  # no final \n
    (tmp_path / "c.txt").write_text("Текст.", encoding="utf-8")
    paths = [str(tmp_path / name) for name in ("a.jsonl", "b.jsonl", "c.txt")]
    assert count_documents(paths) == 6
    assert count_documents([str(tmp_path)]) == 6
    assert count_documents([]) is None
    assert count_documents([paths[0], "-"]) is None
    assert count_documents([str(tmp_path / "missing.txt")]) is None


# --------------------------------------------------------------------------- predictions


def test_read_predictions_round_trip(tmp_path: Path) -> None:
    quote = Quote(1, 21, "Мост откроют к осени", speaker=Speaker("Сергей Ветров", "Сергей Ветров"))
    path = write_jsonl(
        tmp_path / "pred.jsonl",
        {"id": "n-1", "source": "x", "quotes": [quote.to_dict()]},
        {"id": "n-2", "quotes": []},
    )
    assert read_predictions([str(path)]) == {"n-1": [quote], "n-2": []}


def test_read_predictions_errors(tmp_path: Path) -> None:
    no_id = write_jsonl(tmp_path / "a.jsonl", {"quotes": []})
    with pytest.raises(InputError, match=r'a\.jsonl:1: no "id" field'):
        read_predictions([str(no_id)])
    bad_quote = write_jsonl(tmp_path / "b.jsonl", {"id": "d", "quotes": [{"start": 0, "text": "x"}]})
    with pytest.raises(InputError, match=r"b\.jsonl:1: quote 1: missing field 'end'"):
        read_predictions([str(bad_quote)])
    twice = write_jsonl(tmp_path / "c.jsonl", {"id": "d", "quotes": []}, {"id": "d", "quotes": []})
    with pytest.raises(InputError, match=r"c\.jsonl:2: duplicate document id 'd'"):
        read_predictions([str(twice)])
