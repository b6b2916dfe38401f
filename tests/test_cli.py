"""The ``quotemine`` command. Most tests use a fake miner (fast); ``slow`` ones load natasha."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from quotemine import cli
from quotemine.errors import ModelNotFoundError
from quotemine.io import Document
from quotemine.quote import Cue, Quote, Speaker

REPO = Path(__file__).resolve().parent.parent

TEXT_A = "«Школу откроют первого сентября», — сказала директор Ольга Иванова."
TEXT_B = "Депутат назвал проект «сырым». «Будем дорабатывать», — сказала Иванова."
TEXT_C = "В городе прошёл дождь."


def fake_quotes(text: str) -> list[Quote]:
    """Every «…» is a quote of Ольга Иванова: one word is mixed, more is direct."""
    quotes = []
    for match in re.finditer(r"«([^»]*)»", text):
        cue_at = text.find("сказала")
        quotes.append(
            Quote(
                start=match.start(1),
                end=match.end(1),
                text=match.group(1),
                kind="mixed" if " " not in match.group(1) else "direct",
                speaker=Speaker("Ольга Иванова", "Иванова"),
                cue=Cue("сказала", cue_at, cue_at + 7) if cue_at >= 0 else None,
                confidence=0.9,
            )
        )
    return quotes


class FakeMiner:
    """Batches like ``nlp.pipe``: reads ``batch_size`` texts ahead, then answers them in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.texts_read = 0

    def pipe(
        self, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
    ) -> Iterator[list[Quote]]:
        self.calls.append((n_process, batch_size))
        batch: list[str] = []
        for text in texts:
            self.texts_read += 1
            batch.append(text)
            if len(batch) == batch_size:
                yield from (fake_quotes(t) for t in batch)
                batch = []
        yield from (fake_quotes(t) for t in batch)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMiner:
    miner = FakeMiner()
    loads: list[tuple[str, object]] = []

    def load(model: str, kinds: object) -> FakeMiner:
        loads.append((model, kinds))
        return miner

    monkeypatch.setattr(cli, "load_miner", load)
    miner.loads = loads  # type: ignore[attr-defined]
    return miner


def write_jsonl(path: Path, *lines: object) -> Path:
    rendered = [
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    ]
    path.write_text("\n".join(rendered) + "\n", encoding="utf-8")
    return path


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def assert_one_line_error(err: str, fragment: str) -> None:
    assert err.startswith("quotemine: error: ")
    assert err.count("\n") == 1, err
    assert fragment in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- extract


def test_extract_jsonl_in_input_order(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        {"id": "b", "text": TEXT_B, "source": "https://example.org/b"},
        {"text": TEXT_C},
    )
    code = cli.main(["extract", str(tmp_path / "a.txt"), str(feed), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 0
    records = jsonl(out)
    assert [r["id"] for r in records] == ["a", "b", "feed:2"]
    assert records[1] == {
        "id": "b",
        "source": "https://example.org/b",
        "quotes": [q.to_dict() for q in fake_quotes(TEXT_B)],
    }
    assert records[2]["quotes"] == []
    assert err == "3 documents done, 0 skipped, 3 quotes (direct 2, mixed 1, indirect 0)\n"


def test_extract_many_documents_streams_in_order(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    lines = [{"id": f"n{i}", "text": f"«Ответ номер {i}», — сказала она."} for i in range(100)]
    path = write_jsonl(tmp_path / "many.jsonl", *lines)
    assert cli.main(["extract", str(path), "--batch-size", "8", "--n-process", "1"]) == 0
    records = jsonl(capsys.readouterr().out)
    assert [r["id"] for r in records] == [f"n{i}" for i in range(100)]
    assert all(r["quotes"][0]["text"] == f"Ответ номер {i}" for i, r in enumerate(records))
    assert fake.calls == [(1, 8)]


def test_pair_results_holds_only_the_batch_in_flight() -> None:
    miner = FakeMiner()
    documents = (Document(str(i), f"«Текст {i}»", {}) for i in range(50))
    for index, (document, quotes) in enumerate(cli.pair_results(documents, miner, batch_size=5)):
        assert document.id == str(index)
        assert quotes[0].text == f"Текст {index}"
        assert miner.texts_read - index <= 5  # never more than one batch read ahead


def test_extract_options_reach_the_loader(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    argv = ["extract", str(tmp_path / "a.txt"), "--model", "natasha", "--kinds", "mixed,direct"]
    assert cli.main(argv + ["--n-process", "2", "--batch-size", "4"]) == 0
    assert fake.loads == [("natasha", ("direct", "mixed"))]  # type: ignore[attr-defined]
    assert fake.calls == [(2, 4)]


def test_extract_to_file_as_csv(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    feed = write_jsonl(tmp_path / "f.jsonl", {"id": "b", "text": TEXT_B}, {"id": "c", "text": TEXT_C})
    out_path = tmp_path / "out.csv"
    assert cli.main(["extract", str(feed), "--format", "csv", "-o", str(out_path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "2 documents done, 0 skipped, 2 quotes" in err
    rows = list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))
    assert [(r["id"], r["kind"], r["text"], r["speaker"]) for r in rows] == [
        ("b", "mixed", "сырым", "Ольга Иванова"),
        ("b", "direct", "Будем дорабатывать", "Ольга Иванова"),
    ]


def test_extract_pretty(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    assert cli.main(["extract", str(tmp_path / "a.txt"), "-f", "pretty"]) == 0
    out = capsys.readouterr().out
    assert "== a (1 quote) ==" in out
    assert "Ольга Иванова (Иванова) —сказала→ «Школу откроют первого сентября»" in out


def test_extract_reads_stdin(monkeypatch: pytest.MonkeyPatch, fake: FakeMiner, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(TEXT_A))
    assert cli.main(["extract"]) == 0
    [record] = jsonl(capsys.readouterr().out)
    assert record["id"] == "stdin"
    assert record["quotes"][0]["text"] == "Школу откроют первого сентября"


def test_progress_bar_on_request(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    assert cli.main(["extract", str(tmp_path / "a.txt"), "--progress"]) == 0
    assert "1/1" in capsys.readouterr().err
    assert cli.main(["extract", str(tmp_path / "a.txt")]) == 0  # stderr is not a terminal here
    assert capsys.readouterr().err == "1 document done, 0 skipped, 1 quote (direct 1, mixed 0, indirect 0)\n"


# --------------------------------------------------------------------------- errors


def test_missing_file_exits_2_before_loading_the_model(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    missing = str(tmp_path / "missing.txt")
    assert cli.main(["extract", missing]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"quotemine: error: no such file: {missing}\n"
    assert fake.loads == []  # type: ignore[attr-defined]


def test_bad_jsonl_line_keeps_what_was_written(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", {"id": "ok", "text": TEXT_A}, "{not json")
    assert cli.main(["extract", str(path), "--batch-size", "1", "--on-error", "fail"]) == 2
    out, err = capsys.readouterr()
    assert [r["id"] for r in jsonl(out)] == ["ok"]
    assert_one_line_error(err, f"{path}:2: not a JSON object (")


def test_non_utf8_input_exits_2(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Новость".encode("cp1251"))
    assert cli.main(["extract", str(path), "--on-error", "fail"]) == 2
    assert_one_line_error(capsys.readouterr().err, f"{path} is not UTF-8 text (byte offset 0)")


def test_missing_text_field_exits_2(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", {"id": "x", "body": TEXT_A})
    assert cli.main(["extract", str(path), "--on-error", "fail"]) == 2
    assert_one_line_error(capsys.readouterr().err, f'{path}:1: no "text" field')


def test_unwritable_output_exits_2(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / "no-such-dir" / "out.jsonl"
    assert cli.main(["extract", str(tmp_path / "a.txt"), "-o", str(out)]) == 2
    assert_one_line_error(capsys.readouterr().err, f"cannot write {out} (No such file or directory)")


def test_unknown_model_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def load(model: str, kinds: object) -> FakeMiner:
        raise ModelNotFoundError(f"unknown model {model!r}: not built in and not installed")

    monkeypatch.setattr(cli, "load_miner", load)
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    assert cli.main(["extract", str(tmp_path / "a.txt"), "--model", "ru_nothing"]) == 2
    assert_one_line_error(capsys.readouterr().err, "unknown model 'ru_nothing'")


def test_bad_kinds_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["extract", "x.txt", "--kinds", "direct,quoted"])
    assert exit_info.value.code == 2
    assert "invalid kinds" in capsys.readouterr().err


def test_interrupt_exits_130_and_keeps_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    class Interrupted(FakeMiner):
        def pipe(self, texts, *, n_process=1, batch_size=32):  # type: ignore[override]
            for number, text in enumerate(texts):
                if number == 1:
                    raise KeyboardInterrupt
                yield fake_quotes(text)

    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: Interrupted())
    feed = write_jsonl(tmp_path / "f.jsonl", {"id": "first", "text": TEXT_A}, {"text": TEXT_B})
    out_path = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(feed), "-o", str(out_path)]) == 130
    assert [r["id"] for r in jsonl(out_path.read_text(encoding="utf-8"))] == ["first"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err


def test_broken_pipe_exits_quietly(tmp_path: Path, fake: FakeMiner, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    assert cli.main(["extract", str(tmp_path / "a.txt")]) == cli.EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


def test_python_dash_m_reports_a_missing_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quotemine", "extract", "missing.txt"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "quotemine: error: no such file: missing.txt\n"


# --------------------------------------------------------------------------- evaluate

GOLD_TEXT = (
    "«Дорогу отремонтируют летом», — сказала Ольга Иванова. "
    "Затем она добавила, что денег хватит. «Работы начнутся в мае», — уточнила она."
)


def gold_line(**extra: object) -> dict:
    return {
        "id": "g1",
        "text": GOLD_TEXT,
        "quotes": [
            {"quote": "Дорогу отремонтируют летом", "kind": "direct", "speaker": "Ольга Иванова",
             "speaker_mention": "Ольга Иванова", "cue": "сказала"},
            {"quote": "Работы начнутся в мае", "kind": "direct", "speaker": "Ольга Иванова",
             "speaker_mention": "она", "cue": "уточнила"},
            {"quote": "денег хватит", "kind": "indirect", "speaker": "Ольга Иванова",
             "speaker_mention": "она", "cue": "добавила"},
        ],
        **extra,
    }


def predicted_line() -> dict:
    """One right quote, one spurious one (the gold's second quote is missed)."""
    right_start = GOLD_TEXT.index("Дорогу")
    wrong_start = GOLD_TEXT.index("Затем")
    quotes = [
        Quote(right_start, right_start + 26, "Дорогу отремонтируют летом",
              speaker=Speaker("Ольга Иванова", "Ольга Иванова"), confidence=0.9),
        Quote(wrong_start, wrong_start + 5, "Затем", kind="mixed", confidence=0.2),
    ]
    return {"id": "g1", "quotes": [q.to_dict() for q in quotes]}


def test_evaluate_with_predictions(tmp_path: Path, capsys) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_line())
    pred = write_jsonl(tmp_path / "pred.jsonl", predicted_line())
    assert cli.main(["evaluate", str(gold), "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("direct+mixed"))
    # gold, pred, matched, P, R, F1, exact F1, kind accuracy
    assert row.split()[1:9] == ["2", "2", "1", "0.500", "0.500", "0.500", "0.500", "1.000"]
    assert "documents: 1" in out


def test_evaluate_reads_a_gold_directory(tmp_path: Path, capsys) -> None:
    (tmp_path / "gold").mkdir()
    write_jsonl(tmp_path / "gold" / "part1.jsonl", gold_line())
    (tmp_path / "gold" / "README.txt").write_text("не gold", encoding="utf-8")
    pred = write_jsonl(tmp_path / "pred.jsonl", predicted_line())
    assert cli.main(["evaluate", str(tmp_path / "gold"), "--pred", str(pred)]) == 0
    assert "documents: 1" in capsys.readouterr().out


def test_evaluate_json_and_errors(tmp_path: Path, capsys) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_line())
    pred = write_jsonl(tmp_path / "pred.jsonl", predicted_line())
    assert cli.main(["evaluate", str(gold), "--pred", str(pred), "--json", "--errors"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["groups"]["direct+mixed"]["precision"] == 0.5
    assert report["groups"]["direct+mixed"]["recall"] == 0.5
    assert {error["type"] for error in report["errors"]} == {"missed", "spurious"}

    assert cli.main(["evaluate", str(gold), "--pred", str(pred), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "missed (1)" in out and "spurious (1)" in out


def test_evaluate_indirect_not_evaluated_without_the_kind(tmp_path: Path, capsys) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_line(indirect_annotated=True))
    pred = write_jsonl(tmp_path / "pred.jsonl", predicted_line())
    assert cli.main(["evaluate", str(gold), "--pred", str(pred)]) == 0
    indirect = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("indirect"))
    assert indirect.split()[1] == "1"  # judged: one gold indirect quote

    assert cli.main(["evaluate", str(gold), "--pred", str(pred), "--kinds", "direct,mixed"]) == 0
    out = capsys.readouterr().out
    indirect = next(l for l in out.splitlines() if l.startswith("indirect "))
    assert set(indirect.split()[1:]) == {"-"}
    assert "indirect: not evaluated (not in --kinds)" in out

    argv = ["evaluate", str(gold), "--pred", str(pred), "--kinds", "direct,mixed", "--json"]
    assert cli.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["groups"]["indirect"]["applicable"] is False
    assert report["kinds"] == ["direct", "mixed"]


def test_evaluate_runs_the_miner_without_pred(tmp_path: Path, fake: FakeMiner, capsys) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_line())
    assert cli.main(["evaluate", str(gold)]) == 0
    row = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("direct+mixed"))
    assert row.split()[1:5] == ["2", "2", "2", "1.000"]
    assert fake.loads == [("auto", None)]  # type: ignore[attr-defined]


def test_evaluate_predictions_for_another_text_exit_2(tmp_path: Path, capsys) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_line())
    moved = Quote(0, 6, "Совсем", speaker=Speaker("Ольга Иванова", "Ольга Иванова"))
    pred = write_jsonl(tmp_path / "pred.jsonl", {"id": "g1", "quotes": [moved.to_dict()]})
    assert cli.main(["evaluate", str(gold), "--pred", str(pred)]) == 2
    assert_one_line_error(capsys.readouterr().err, "were they run on the same text?")


def test_evaluate_missing_gold_exits_2(tmp_path: Path, capsys) -> None:
    assert cli.main(["evaluate", str(tmp_path / "nope.jsonl")]) == 2
    assert_one_line_error(capsys.readouterr().err, "nope.jsonl")


# --------------------------------------------------------------------------- real model

REAL_TEXT = "«Мы откроем новую школу в сентябре», — заявил мэр города Иван Петров."


@pytest.mark.slow
def test_real_model_extract_end_to_end(tmp_path: Path, miner, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The natasha pipeline behind the CLI: one quote of Иван Петров comes out as JSONL."""
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: miner)
    path = write_jsonl(tmp_path / "news.jsonl", {"id": "r1", "text": REAL_TEXT}, {"id": "r2", "text": TEXT_C})
    assert cli.main(["extract", str(path), "--no-progress"]) == 0
    first, second = jsonl(capsys.readouterr().out)
    assert first["id"] == "r1" and second == {"id": "r2", "quotes": []}
    [quote] = first["quotes"]
    assert quote["text"] == "Мы откроем новую школу в сентябре"
    assert quote["kind"] == "direct"
    assert "Петров" in quote["speaker"]["name"]


@pytest.mark.slow
def test_real_model_evaluate_end_to_end(tmp_path: Path, miner, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: miner)
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        {"id": "r1", "text": REAL_TEXT, "quotes": [
            {"quote": "Мы откроем новую школу в сентябре", "kind": "direct",
             "speaker": "Иван Петров", "speaker_mention": "Иван Петров", "cue": "заявил"}]},
    )
    assert cli.main(["evaluate", str(gold), "--model", "natasha", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["groups"]["direct+mixed"]["recall"] == 1.0


def test_the_program_freezes_what_it_loads_and_python_callers_keep_their_collector(
    tmp_path: Path, miner, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """``quotemine extract`` owns its process: the models, loaded at once, are frozen out
    of the garbage collector (and all is frozen again before the exit). ``cli.main()``
    called from a notebook or a test freezes nothing."""
    calls: list[str] = []
    warm_up = miner.warm_up
    monkeypatch.setattr(miner, "warm_up", lambda: (calls.append("warm_up"), warm_up())[1], raising=False)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: miner)
    path = write_jsonl(tmp_path / "news.jsonl", {"id": "r1", "text": REAL_TEXT})
    assert cli.main(["extract", str(path), "--no-progress"]) == 0
    assert calls == []
    monkeypatch.setattr(sys, "argv", ["quotemine", "extract", str(path), "--no-progress"])
    assert cli.command() == 0
    assert calls == ["warm_up", "freeze", "freeze"]
    assert [quote["kind"] for quote in jsonl(capsys.readouterr().out)[-1]["quotes"]] == ["direct"]
