"""Long ``extract`` runs lose nothing: each document is written when done, a document
that breaks the pipeline is skipped (or stops the run) without taking its batch with
it, unreadable input lines are reported by file and line, and ``--resume`` carries on
an interrupted run. A fake miner stands in for the model, so these run in moments."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from quotemine import cli
from quotemine.io import Document
from quotemine.io.runs import Failed, completed_ids, process
from quotemine.quote import Quote, Speaker


def quotes_of(text: str) -> list[Quote]:
    """Each «…» is a direct quote of Иванов."""
    return [
        Quote(m.start(1), m.end(1), m.group(1), "direct", Speaker("Иванов", "Иванов"), confidence=0.9)
        for m in re.finditer(r"«([^»]*)»", text)
    ]


class BatchingMiner:
    """Answers ``batch_size`` texts at a time, like ``nlp.pipe``; a text with ``BOOM`` in it
    raises, which (as in spaCy) loses the whole batch in flight."""

    def __init__(self, on_yield=None) -> None:
        self.batches: list[list[str]] = []
        self.on_yield = on_yield

    def pipe(
        self, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
    ) -> Iterator[list[Quote]]:
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == batch_size:
                yield from self._answer(batch)
                batch = []
        if batch:
            yield from self._answer(batch)

    def _answer(self, batch: list[str]) -> Iterator[list[Quote]]:
        self.batches.append(list(batch))
        if any("BOOM" in text for text in batch):
            raise ValueError("the parser fell over")
        for text in batch:
            if self.on_yield is not None:
                self.on_yield(text)
            yield quotes_of(text)


@pytest.fixture
def miner(monkeypatch: pytest.MonkeyPatch) -> BatchingMiner:
    fake = BatchingMiner()
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: fake)
    return fake


def feed(path: Path, *texts: str) -> Path:
    lines = [json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


TEXTS = [f"«Ответ номер {i}», — сказал Иванов." for i in range(7)]


# --------------------------------------------------------------------------- --on-error


def test_a_failing_document_is_skipped_and_its_batch_is_kept(tmp_path: Path, miner, capsys) -> None:
    texts = TEXTS[:3] + ["«BOOM», — сказал он."] + TEXTS[4:]
    out = tmp_path / "out.jsonl"
    argv = ["extract", str(feed(tmp_path / "in.jsonl", *texts)), "-o", str(out), "--batch-size", "3"]
    assert cli.main(argv) == 0
    assert ids(out) == ["d0", "d1", "d2", "d4", "d5", "d6"]  # d3's batch-mates survive, in order
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "quotemine: warning: skipped document d3: ValueError: the parser fell over",
        "6 documents done, 1 skipped, 6 quotes (direct 6, mixed 0, indirect 0)",
    ]


def test_on_error_fail_stops_after_writing_everything_before(tmp_path: Path, miner, capsys) -> None:
    texts = TEXTS[:4] + ["BOOM"] + TEXTS[5:]
    out = tmp_path / "out.jsonl"
    argv = ["extract", str(feed(tmp_path / "in.jsonl", *texts)), "-o", str(out), "--batch-size", "3"]
    assert cli.main(argv + ["--on-error", "fail"]) == 2
    assert ids(out) == ["d0", "d1", "d2", "d3"]  # d3 shared the failing batch and is still written
    assert capsys.readouterr().err == (
        "quotemine: error: document d4 could not be processed: ValueError: the parser fell over\n"
    )


def test_process_reruns_only_the_batch_that_failed() -> None:
    fake = BatchingMiner()
    documents = [Document(f"d{i}", text) for i, text in enumerate(["a", "b", "BOOM", "c", "d", "e"])]
    results = list(process(documents, fake, batch_size=2))
    assert [r.document.id if isinstance(r, Failed) else r[0].id for r in results] == [
        "d0", "d1", "d2", "d3", "d4", "d5"
    ]
    assert [type(r).__name__ for r in results] == ["tuple", "tuple", "Failed", "tuple", "tuple", "tuple"]
    # one stream up to the failure, the failed batch one by one, then a new stream
    assert fake.batches == [["a", "b"], ["BOOM", "c"], ["BOOM"], ["c"], ["d", "e"]]


def test_bad_input_lines_are_skipped_with_file_and_line(tmp_path: Path, miner, capsys) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "\xc2\xab\xd0\x94\xd0\xb0\xc2\xbb"}\n'  # «Да»
        b"{not json\n"
        b'{"id": "b"}\n'
        b'{"id": "c", "text": "\xff\xfe"}\n'  # not UTF-8
        b'{"id": "d", "text": "\xd0\x9d\xd0\xb5\xd1\x82"}\n'
    )
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(path), "-o", str(out)]) == 0
    assert ids(out) == ["a", "d"]
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"quotemine: warning: skipped unreadable input: {path}:2: not a JSON object")
    assert err[1] == f'quotemine: warning: skipped unreadable input: {path}:3: no "text" field'
    assert err[2].startswith(f"quotemine: warning: skipped unreadable input: {path} is not UTF-8 text")
    assert err[2].endswith(", line 4)")
    assert err[3] == "2 documents done, 3 skipped, 1 quote (direct 1, mixed 0, indirect 0)"


def test_a_file_that_is_not_utf8_is_skipped(tmp_path: Path, miner, capsys) -> None:
    (tmp_path / "a.txt").write_bytes("Новость".encode("cp1251"))
    (tmp_path / "b.txt").write_text(TEXTS[0], encoding="utf-8")
    assert cli.main(["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["b"]
    assert "skipped unreadable input: " in err and "a.txt is not UTF-8 text" in err


def test_a_lone_surrogate_is_written_as_valid_json(tmp_path: Path, miner, capsys) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "s", "text": "«Да\\ud800»"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(path), "-o", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["quotes"][0]["text"] == "Да\ud800"


# --------------------------------------------------------------------------- written as done


def test_each_document_is_on_disk_before_the_next_is_done(tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "out.jsonl"
    seen_on_disk: list[list[str]] = []
    fake = BatchingMiner(on_yield=lambda text: seen_on_disk.append(ids(out) if out.exists() else []))
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: fake)
    assert cli.main(["extract", str(feed(tmp_path / "in.jsonl", *TEXTS[:3])), "-o", str(out)]) == 0
    assert seen_on_disk == [[], ["d0"], ["d0", "d1"]]


# --------------------------------------------------------------------------- --resume


def test_resume_skips_what_is_done_and_appends(tmp_path: Path, miner, capsys) -> None:
    source = feed(tmp_path / "in.jsonl", *TEXTS[:5])
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "d0", "quotes": []}\n{"id": "d2", "quotes": []}\n', encoding="utf-8")
    assert cli.main(["extract", str(source), "-o", str(out), "--resume"]) == 0
    assert ids(out) == ["d0", "d2", "d1", "d3", "d4"]
    assert sum(len(batch) for batch in miner.batches) == 3  # d0 and d2 never reached the model
    assert capsys.readouterr().err.splitlines() == [
        f"quotemine: resuming: 2 documents already in {out} are skipped",
        "3 documents done, 0 skipped, 3 quotes (direct 3, mixed 0, indirect 0)",
    ]


def test_resume_drops_a_cut_off_last_line(tmp_path: Path, miner, capsys) -> None:
    source = feed(tmp_path / "in.jsonl", *TEXTS[:3])
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "d0", "quotes": []}\n{"id": "d1", "quo', encoding="utf-8")
    assert cli.main(["extract", str(source), "-o", str(out), "--resume"]) == 0
    assert ids(out) == ["d0", "d1", "d2"]  # d1 done again, every line whole
    err = capsys.readouterr().err
    assert f"quotemine: warning: {out}: removed an incomplete last line (17 bytes)" in err


def test_an_interrupted_run_resumed_ends_with_every_document_once(tmp_path: Path, monkeypatch, capsys) -> None:
    source = feed(tmp_path / "in.jsonl", *TEXTS)
    out = tmp_path / "out.jsonl"

    def interrupt(text: str) -> None:
        if "номер 4" in text:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: BatchingMiner(on_yield=interrupt))
    assert cli.main(["extract", str(source), "-o", str(out), "--batch-size", "2"]) == 130
    assert ids(out) == ["d0", "d1", "d2", "d3"]
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: BatchingMiner())
    assert cli.main(["extract", str(source), "-o", str(out), "--resume"]) == 0
    assert ids(out) == [f"d{i}" for i in range(7)]


def test_resume_refuses_a_file_that_is_not_extract_output(tmp_path: Path, miner, capsys) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "d0"}\nnot json\n{"id": "d1"}\n', encoding="utf-8")
    source = feed(tmp_path / "in.jsonl", *TEXTS[:2])
    assert cli.main(["extract", str(source), "-o", str(out), "--resume"]) == 2
    assert capsys.readouterr().err == (
        f"quotemine: error: {out}:2: not a JSON line (JSONDecodeError); "
        "cannot tell which documents are done\n"
    )
    assert out.read_text(encoding="utf-8").count("\n") == 3  # left as it was


@pytest.mark.parametrize("extra", [[], ["-o", "out.csv", "--format", "csv"]])
def test_resume_needs_a_jsonl_output_file(tmp_path: Path, miner, capsys, extra) -> None:
    source = feed(tmp_path / "in.jsonl", TEXTS[0])
    assert cli.main(["extract", str(source), "--resume", *extra]) == 2
    assert "--resume needs the output file of a JSONL run" in capsys.readouterr().err
    assert miner.batches == []


def test_resume_from_a_missing_file_starts_afresh(tmp_path: Path) -> None:
    assert completed_ids(str(tmp_path / "none.jsonl")).ids == frozenset()


def test_completed_ids_reports_what_it_cut_off(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "d0", "quotes": []}\n{"id": "d1", "quo', encoding="utf-8")
    warnings: list[str] = []
    done = completed_ids(str(out), warn=warnings.append)
    assert done.ids == frozenset({"d0"}) and done.dropped == 17
    assert out.read_text(encoding="utf-8") == '{"id": "d0", "quotes": []}\n'
    assert len(warnings) == 1
    again = completed_ids(str(out), warn=warnings.append)  # a whole file: nothing to cut
    assert again.ids == frozenset({"d0"}) and again.dropped == 0 and len(warnings) == 1


# --------------------------------------------------------------------------- --on-error in evaluate and render


def gold_file(path: Path, *texts: str) -> Path:
    """Gold lines whose every «…» is a direct quote of Иванов, as ``quotes_of`` predicts."""
    lines = []
    for i, text in enumerate(texts):
        quotes = [{"quote": q.text, "kind": "direct", "speaker": "Иванов", "speaker_mention": "Иванов",
                   "cue": "сказал"} for q in quotes_of(text)]
        lines.append(json.dumps({"id": f"d{i}", "text": text, "quotes": quotes}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_fails_on_a_document_it_cannot_process_unless_told_to_skip(tmp_path: Path, miner, capsys) -> None:
    gold = gold_file(tmp_path / "gold.jsonl", TEXTS[0], "«BOOM», — сказал Иванов.", TEXTS[2])
    assert cli.main(["evaluate", str(gold), "--batch-size", "1"]) == 2
    assert "document d1 could not be processed" in capsys.readouterr().err

    assert cli.main(["evaluate", str(gold), "--batch-size", "1", "--on-error", "skip", "--json"]) == 0
    captured = capsys.readouterr()
    assert "quotemine: warning: skipped document d1: ValueError: the parser fell over" in captured.err
    counts = json.loads(captured.out)["groups"]["direct+mixed"]["counts"]
    assert (counts["gold"], counts["tp"], counts["fn"]) == (3, 2, 1)  # d1's quote counts as missed


def test_render_leaves_a_failing_document_off_the_page_only_when_told(tmp_path: Path, miner, capsys) -> None:
    source = feed(tmp_path / "in.jsonl", TEXTS[0], "«BOOM», — сказал Иванов.", TEXTS[2])
    page = tmp_path / "page.html"
    assert cli.main(["render", str(source), "-o", str(page), "--batch-size", "1"]) == 2
    assert not page.exists()
    capsys.readouterr()
    assert cli.main(["render", str(source), "-o", str(page), "--batch-size", "1", "--on-error", "skip"]) == 0
    markup = page.read_text(encoding="utf-8")
    assert "Ответ номер 0" in markup and "Ответ номер 2" in markup and "BOOM" not in markup
    assert "skipped document d1" in capsys.readouterr().err
