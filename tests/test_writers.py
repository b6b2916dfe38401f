"""Writers: the exact JSONL shape, the CSV table, a readable listing; each flushes per document."""

from __future__ import annotations

import csv
import io
import json

import pytest

from quotemine.io import CSV_COLUMNS, CsvWriter, Document, JsonlWriter, PrettyWriter, make_writer
from quotemine.quote import Cue, Quote, Speaker

TEXT = "«Мы построим новый мост», — сказала Анне Орловой глава района Марина Ким."
QUOTE = Quote(
    start=1,
    end=23,
    text="Мы построим новый мост",
    kind="direct",
    speaker=Speaker("Марина Ким", "глава района Марина Ким", 61, 84, "PER"),
    cue=Cue("сказала", 27, 34, "сказать"),
    addressee=Speaker("Анна Орлова", "Анне Орловой", 35, 47, "PER"),
    confidence=0.87654,
)
MIXED = Quote(start=5, end=12, text="провалом", kind="mixed", confidence=0.3)
DOCUMENT = Document("d-1", TEXT, {"source": "https://example.org/d1", "text": "dup", "quotes": 5})


class CountingStream(io.StringIO):
    """Counts flushes, to check that every document is pushed out as soon as it is written."""

    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def test_jsonl_line_shape() -> None:
    stream = io.StringIO()
    JsonlWriter(stream).write(DOCUMENT, [QUOTE])
    line = stream.getvalue()
    assert line.endswith("\n") and line.count("\n") == 1
    assert "Марина Ким" in line  # ensure_ascii=False: readable Cyrillic
    record = json.loads(line)
    assert list(record) == ["id", "source", "quotes"]  # text and quotes from extra dropped
    assert record == {"id": "d-1", "source": "https://example.org/d1", "quotes": [QUOTE.to_dict()]}


def test_jsonl_document_without_quotes_still_writes_a_line() -> None:
    stream = io.StringIO()
    JsonlWriter(stream).write(Document("empty", "Без цитат.", {}), [])
    assert json.loads(stream.getvalue()) == {"id": "empty", "quotes": []}


@pytest.mark.parametrize("format", ["jsonl", "csv", "pretty"])
def test_every_writer_flushes_each_document(format: str) -> None:
    stream = CountingStream()
    writer = make_writer(format, stream)
    writer.write(DOCUMENT, [QUOTE])
    after_first = stream.flushes
    writer.write(Document("d-2", "Текст.", {}), [])
    assert after_first >= 1 and stream.flushes > after_first


def test_csv_header_and_rows() -> None:
    stream = io.StringIO()
    writer = CsvWriter(stream)
    writer.write(DOCUMENT, [QUOTE, MIXED])
    writer.write(Document("d-2", "Нет цитат.", {}), [])
    writer.write(Document("d-3", "Ещё.", {}), [MIXED])
    writer.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert lines[0].startswith("id,start,end,kind,text,speaker,speaker_mention,speaker_type,")
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert [row["id"] for row in rows] == ["d-1", "d-1", "d-3"]  # no row for d-2
    assert rows[0] == {
        "id": "d-1",
        "start": "1",
        "end": "23",
        "kind": "direct",
        "text": "Мы построим новый мост",
        "speaker": "Марина Ким",
        "speaker_mention": "глава района Марина Ким",
        "speaker_type": "PER",
        "speaker_start": "61",
        "speaker_end": "84",
        "cue": "сказала",
        "cue_start": "27",
        "cue_end": "34",
        "addressee": "Анна Орлова",
        "confidence": "0.8765",
    }
    assert rows[1]["speaker"] == "" and rows[1]["cue"] == "" and rows[1]["kind"] == "mixed"


def test_csv_quotes_commas_and_newlines() -> None:
    stream = io.StringIO()
    quote = Quote(0, 20, "Да, мы\nсогласны", kind="direct")
    CsvWriter(stream).write(Document("x", "", {}), [quote])
    [row] = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert row["text"] == "Да, мы\nсогласны"


def test_csv_header_alone_when_nothing_was_written() -> None:
    stream = io.StringIO()
    CsvWriter(stream).close()
    assert stream.getvalue() == ",".join(CSV_COLUMNS) + "\n"


def test_pretty_shows_speaker_cue_text_offsets_and_addressee() -> None:
    stream = io.StringIO()
    writer = PrettyWriter(stream)
    writer.write(DOCUMENT, [QUOTE])
    writer.write(Document("d-2", "", {}), [MIXED])
    output = stream.getvalue()
    assert "== d-1 (1 quote) ==" in output
    assert "[direct] Марина Ким (глава района Марина Ким) —сказала→ «Мы построим новый мост»" in output
    assert "@1:23" in output
    assert "Анна Орлова" in output
    assert "== d-2 (1 quote) ==" in output
    assert "[mixed] (no speaker) → «провалом»" in output


def test_pretty_shortens_long_quotes() -> None:
    long_text = "Очень длинная цитата о строительстве моста через реку, " * 10
    quote = Quote(0, len(long_text), long_text, speaker=Speaker("Марина Ким", "Ким"))
    stream = io.StringIO()
    PrettyWriter(stream, limit=60).write(Document("d", long_text, {}), [quote])
    [_, line] = stream.getvalue().splitlines()
    assert "…»" in line
    assert len(line) < 140


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        make_writer("xml", io.StringIO())
