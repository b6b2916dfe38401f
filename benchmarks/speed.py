"""How fast quotemine finds quotes, against natasha's own annotation of the same texts.

    .venv/bin/python benchmarks/speed.py                      # the dev corpus, ~6-8 minutes
    .venv/bin/python benchmarks/speed.py --corpus news/       # a folder of .txt / .jsonl
    .venv/bin/python benchmarks/speed.py --quick              # a smoke run, ~1 minute

One run, every variant on the same documents (the corpus texts repeated until they
hold ``--min-tokens`` tokens), interleaved over ``--rounds`` rounds; each row keeps
its best round, so a busy neighbour on the machine costs a round, not the result.

1. Throughput, tokens per second (razdel tokens, whitespace not counted):
   natasha's own full annotation (``Doc``, ``segment``, ``tag_morph``,
   ``parse_syntax``, ``tag_ner``; and the same plus ``lemmatize``), then quotemine
   extract with the default pipeline (``quotemine.load("natasha")``, scope
   ``auto``) and with every sentence annotated (scope ``all``); where quotemine's
   time goes (tokenizer, annotation, quotemine's own component and its Quote
   records) and the ratios; and the ``quotemine extract`` command on the same texts
   as a file, in a fresh process (model load, JSONL reading and writing included).
   Repeated texts hold no word new to the process after their first pass, so the
   caches kept per word (lemmas, word tests) answer nearly everything: the corpus is
   also run once, unrepeated, in fresh processes (``--rounds`` + 1, the best kept),
   quotemine and natasha, to show what text with new words costs.
2. ``n_process`` 1 against 2 over ``--docs`` documents: ``QuoteMiner.pipe`` in this
   process, then the ``quotemine extract --n-process`` command itself, on the corpus
   documents (with the BLAS threads below, and with the library's own) and on as many
   synthetic articles of ``--article-kb`` KB.
3. Load time and peak memory (the peak resident set, VmHWM of /proc/PID/status,
   of a fresh process, and of each ``n_process`` worker; workers share the models'
   pages with the parent they fork from, so their peaks overlap).
4. Time per document as one synthetic news text grows from 1 KB to ``--max-kb`` KB
   (KB = 1024 characters), doubling: microseconds per KB stay flat when the cost
   is linear.

BLAS threads are set to ``--blas-threads`` (default 1) before numpy loads, for the
baseline and quotemine alike: with ``--n-process`` each worker then uses one core, and
single-process figures do not depend on how busy the second core is. The command is
also run on the corpus documents with no BLAS variable set, as most users run it
(``--n-process`` then gives each worker its share of the cores itself).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus" / "dev"
COMMAND_ROW = "the command: quotemine extract FILE -o OUT (fresh process, load and I/O included)"
BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def set_blas_threads(argv: Sequence[str]) -> None:
    """Before numpy is imported: ``--blas-threads N`` (0 leaves the library default)."""
    threads = "1"
    for i, arg in enumerate(argv):
        if arg == "--blas-threads" and i + 1 < len(argv):
            threads = argv[i + 1]
        elif arg.startswith("--blas-threads="):
            threads = arg.split("=", 1)[1]
    if threads != "0":
        for name in BLAS_VARIABLES:
            os.environ[name] = threads


# --------------------------------------------------------------------------- input


def read_texts(path: Path) -> list[str]:
    """Texts of a JSONL file (``text`` field), a .txt file, or a folder of them."""
    from quotemine.io import read_documents

    if not path.exists():
        raise SystemExit(f"speed.py: no corpus at {path}")
    texts = [document.text for document in read_documents([str(path)])]
    texts = [text for text in texts if text.strip()]
    if not texts:
        raise SystemExit(f"speed.py: no texts in {path}")
    return texts


def count_tokens(texts: Sequence[str]) -> list[int]:
    """Razdel tokens of each text, whitespace not counted: the unit of every rate below."""
    from quotemine.annotation.tokenizer import RazdelTokenizer

    counts = []
    for text in texts:
        words, _ = RazdelTokenizer.split(text)
        counts.append(sum(1 for word in words if not word.isspace()))
    return counts


def repeat_to(texts: Sequence[str], counts: Sequence[int], minimum: int) -> tuple[list[str], int]:
    """The texts, repeated in order until they hold at least ``minimum`` tokens."""
    out: list[str] = []
    total = 0
    while total < minimum or not out:
        for text, count in zip(texts, counts, strict=True):
            out.append(text)
            total += count
            if total >= minimum:
                break
    return out, total


# Sentences for the synthetic article: quotes in every shape quotemine handles, and the
# plain reporting between them that a news article is mostly made of.
SPEECH = [
    "«Мы не будем менять планы из-за погоды», — заявил глава администрации {name}.",
    "«Работы идут по графику. Мост откроют в срок», — сказал он журналистам.",
    "Министр транспорта {name} заявил, что ремонт дороги завершат к осени.",
    "По словам {genitive}, на эти цели из бюджета выделили 2,4 млрд рублей.",
    "{woman} отметила: «Жители давно ждали этого решения».",
    "Как сообщили в пресс-службе мэрии, движение по мосту будет открыто в субботу.",
    "«Это не окончательное решение», — подчеркнула представитель министерства.",
    "— Мы готовы обсуждать любые предложения, — ответил губернатор.",
    "— Когда начнутся работы? — спросил корреспондент.",
    "— Уже в понедельник.",
    "Об этом заявил депутат городской думы {name}.",
    "В заявлении министерства говорится, что проверка продлится две недели.",
    "Эксперт назвал ситуацию «вполне предсказуемой».",
    "Губернатор пообещал, что новые школы построят в каждом районе.",
    "«Мы ждём ответа от подрядчика», — добавил {surname}.",
]
# Surnames are made up from these, so a long article keeps naming new people, as a long
# compilation of news does: the cost must not grow with the number of people either.
SURNAME_PARTS = ("вор", "кузн", "смир", "бел", "ган", "тар", "лес", "мор", "дуб", "сок", "зим", "крут")
FIRST_NAMES = ("Сергей", "Олег", "Игорь", "Павел", "Андрей", "Денис")
WOMEN_NAMES = ("Анна", "Ольга", "Мария", "Елена")
PLAIN = [
    "Погода в столице в выходные будет облачной, местами пройдут дожди.",
    "Температура воздуха днём составит от пяти до восьми градусов тепла.",
    "Движение на участке трассы было ограничено до позднего вечера.",
    "В прошлом году здесь открылась новая школа на восемьсот мест.",
    "Строительство моста планируют завершить к концу следующего года.",
    "Цены на бензин за неделю выросли в среднем на полтора процента.",
    "На месте работали пожарные расчёты и бригады скорой помощи.",
    "Курс доллара на торгах в пятницу снизился на двенадцать копеек.",
    "Матч завершился со счётом два на один в пользу хозяев поля.",
    "Выставка продлится до конца месяца и будет открыта ежедневно.",
    "Ранее в городе уже проходили подобные мероприятия.",
    "Площадь нового парка превысит двенадцать гектаров.",
    "Жители нескольких домов остались без горячей воды.",
    "Урожай зерна в регионе оказался выше прошлогоднего.",
    "Компания планирует открыть ещё три филиала в соседних областях.",
    "Сейчас на объекте ведутся отделочные работы.",
    "Электрички будут ходить по изменённому расписанию.",
    "Новый терминал аэропорта рассчитан на пять миллионов пассажиров в год.",
]


def synthetic_article(size: int, seed: int = 0) -> str:
    """A news-like text of ``size`` characters: paragraphs of two to five sentences, about
    a third of them quotes or reported speech; a new person joins every few paragraphs."""
    rng = random.Random(seed)
    paragraphs: list[str] = ["Мэрия отчиталась о ремонте дорог и мостов"]
    total = len(paragraphs[0])
    surname = "Воронин"
    while total < size:
        if rng.random() < 0.3:
            parts = rng.sample(SURNAME_PARTS, 3)
            surname = "".join(parts).capitalize() + rng.choice(("ов", "ин", "ев"))
        sentences = [
            rng.choice(SPEECH) if rng.random() < 0.35 else rng.choice(PLAIN)
            for _ in range(rng.randint(2, 5))
        ]
        paragraph = " ".join(sentences).format(
            name=f"{rng.choice(FIRST_NAMES)} {surname}",
            surname=surname,
            genitive=surname + "а",
            woman=f"{rng.choice(WOMEN_NAMES)} {surname}а",
        )
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:size]


# --------------------------------------------------------------------------- timing


class Clock:
    """Seconds spent in wrapped methods, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def wrap(self, owner: type, method: str, name: str) -> Iterator[None]:
        original = getattr(owner, method)
        seconds = self.seconds
        seconds.setdefault(name, 0.0)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - start

        setattr(owner, method, timed)
        try:
            yield
        finally:
            setattr(owner, method, original)


def natasha_baseline(lemmas: bool) -> Callable[[Sequence[str]], None]:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    emb = NewsEmbedding()
    segmenter = Segmenter()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    vocab = MorphVocab() if lemmas else None

    def run(texts: Sequence[str]) -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            if vocab is not None:
                for token in doc.tokens:
                    token.lemmatize(vocab)

    return run


def quotemine_run(scope: str, clock: Clock | None = None, miner: Any = None) -> Callable[[Sequence[str]], None]:
    """``quotemine extract``'s work: ``QuoteMiner.pipe`` (nlp.pipe, then Quote records);
    with ``miner``, that pipeline rather than a new one."""
    import quotemine
    from quotemine.annotation.natasha import NatashaAnnotator
    from quotemine.annotation.tokenizer import RazdelTokenizer
    from quotemine.pipeline import QuotemineComponent

    miner = miner or quotemine.load("natasha")
    miner.nlp.get_pipe("quotemine_natasha").scope = scope

    def run(texts: Sequence[str]) -> None:
        if clock is None:
            for _ in miner.pipe(texts):
                pass
            return
        records = clock.seconds.setdefault("Quote records", 0.0)
        with (
            clock.wrap(RazdelTokenizer, "__call__", "tokenizer"),
            clock.wrap(NatashaAnnotator, "annotate", "annotation"),
            clock.wrap(QuotemineComponent, "__call__", "quotemine component"),
        ):
            for doc in miner.nlp.pipe(texts, batch_size=32):
                start = time.perf_counter()
                list(doc._.quotes)  # what QuoteMiner.pipe yields
                records += time.perf_counter() - start
        clock.seconds["Quote records"] = records

    return run


def extract_command(workdir: Path, n_process: int = 1, env: dict[str, str] | None = None) -> Callable[[Sequence[str]], None]:
    """The ``quotemine extract`` command itself, in a fresh process: the texts as JSONL
    in, the quotes as JSONL out, model load and file I/O included; ``env``, the child's
    environment if not this one."""

    def run(texts: Sequence[str]) -> None:
        source, target = workdir / "corpus.jsonl", workdir / "quotes.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
        command = [sys.executable, "-m", "quotemine", "extract", str(source), "-o", str(target),
                   "--no-progress", "--n-process", str(n_process)]
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"quotemine extract failed ({done.returncode}): {done.stderr.strip()}")

    return run


def children_cpu() -> float:
    """CPU seconds of the finished child processes (the command, n_process workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def annotated_share(texts: Sequence[str]) -> float:
    """Share of the tokens that scope ``auto`` gives to the models."""
    import spacy

    from quotemine.annotation.natasha import plan_doc
    from quotemine.annotation.tokenizer import RazdelTokenizer

    tokenizer = RazdelTokenizer(spacy.blank("ru").vocab)
    total = chosen = 0
    for text in texts:
        plan = plan_doc(tokenizer(text), "auto")
        for (start, end), annotated in zip(plan.sents, plan.annotated, strict=True):
            words = sum(1 for i in range(start, end) if not plan.texts[i].isspace())
            total += words
            chosen += words * annotated
    return chosen / total if total else 0.0


# --------------------------------------------------------------------------- children


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident set of a process (VmHWM), in MB. Not ``ru_maxrss``: that one keeps
    the parent's size across the fork of ``subprocess``."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    if pid == "self":
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return None


class WorkerWatch:
    """Polls the peak resident set of this process's children (the n_process workers)."""

    def __init__(self) -> None:
        import threading

        self.peaks: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.poll, daemon=True)

    def poll(self) -> None:
        import multiprocessing

        while not self.stop.wait(0.1):
            for process in multiprocessing.active_children():
                peak = peak_rss_mb(process.pid)
                if peak is not None:
                    self.peaks[process.pid] = max(peak, self.peaks.get(process.pid, 0.0))

    def __enter__(self) -> WorkerWatch:  # noqa: PYI034
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def child(kind: str, args: argparse.Namespace) -> dict:
    """Work done in a fresh process, so load time and peak memory are its own."""
    start = time.perf_counter()
    import quotemine

    miner = quotemine.load("natasha")
    loaded = time.perf_counter() - start
    result: dict = {"load_s": loaded}
    if kind == "load":
        start = time.perf_counter()
        miner.extract("«Мы готовы к диалогу», — заявил министр Сергей Лавров.")
        result["first_doc_s"] = time.perf_counter() - start
    elif kind == "corpus":
        texts, _ = repeat_to(*_corpus(args), args.min_tokens)
        with WorkerWatch() as watch:
            for _ in miner.pipe(texts, n_process=args.n_process):
                pass
        result["workers_peak_rss_mb"] = sorted(watch.peaks.values())
    elif kind == "unseen":
        # every corpus text once, in this fresh process: each word is new but for the
        # warm-up's, so the caches kept per word (lemmas, word tests) start empty
        from quotemine.api import WARM_UP

        texts, counts = _corpus(args)
        clock = Clock()
        run = quotemine_run("auto", clock, miner)
        run([WARM_UP])
        clock.seconds.clear()
        start = time.perf_counter()
        run(texts)
        result["quotemine_s"] = time.perf_counter() - start
        result["parts_s"] = dict(clock.seconds)
        natasha = natasha_baseline(lemmas=False)  # keeps nothing per word
        natasha([WARM_UP])
        start = time.perf_counter()
        natasha(texts)
        result["natasha_s"] = time.perf_counter() - start
        result["tokens"] = sum(counts)
    elif kind == "growth":
        # spaCy refuses texts over nlp.max_length (1,000,000 characters) by default, a guard
        # for its own parser's memory; quotemine's annotator works in bounded blocks.
        result["max_length"] = miner.nlp.max_length
        miner.nlp.max_length = max(miner.nlp.max_length, args.max_kb * 1024 + 1)
        miner.extract(synthetic_article(1024))  # models loaded, caches warm
        rows = []
        size = 1024
        while size <= args.max_kb * 1024:
            text = synthetic_article(size)  # each a prefix of the next
            reps = max(1, (64 * 1024) // size)
            start = time.perf_counter()
            for _ in range(reps):
                quotes = miner.extract(text)
            seconds = (time.perf_counter() - start) / reps
            rows.append(
                {
                    "kb": size // 1024,
                    "tokens": count_tokens([text])[0],
                    "quotes": len(quotes),
                    "seconds": seconds,
                    "us_per_kb": seconds / (size / 1024) * 1e6,
                    "annotated": annotated_share([text]),
                }
            )
            size *= 2
        result["rows"] = rows
        # the same long article with every sentence annotated: what scope=auto saves
        text = synthetic_article(256 * 1024)
        annotator = miner.nlp.get_pipe("quotemine_natasha")
        scopes = {}
        for scope in ("auto", "all", "auto", "all"):
            annotator.scope = scope
            start = time.perf_counter()
            miner.extract(text)
            seconds = time.perf_counter() - start
            scopes[scope] = min(scopes.get(scope, seconds), seconds)
        annotator.scope = "auto"
        result["scopes_256kb"] = scopes
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def run_child(kind: str, args: argparse.Namespace, *extra: str) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--corpus",
        str(args.corpus),
        "--min-tokens",
        str(args.min_tokens),
        "--max-kb",
        str(args.max_kb),
        "--blas-threads",
        str(args.blas_threads),
        *extra,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"speed.py: child {kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _corpus(args: argparse.Namespace) -> tuple[list[str], list[int]]:
    texts = read_texts(Path(args.corpus))
    return texts, count_tokens(texts)


# --------------------------------------------------------------------------- report


def environment(args: argparse.Namespace) -> dict:
    from importlib.metadata import version

    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "versions": {
            name: version(name) for name in ("spacy", "numpy", "natasha", "slovnet", "razdel", "pymorphy3")
        },
        "blas_threads": args.blas_threads or "library default",
        "load_average": os.getloadavg(),
    }


def table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(cell.rjust(width) if i else cell.ljust(width) for i, (cell, width) in enumerate(zip(row, widths))))
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def throughput(args: argparse.Namespace, texts: list[str], tokens: int) -> dict:
    variants: dict[str, Callable[[Sequence[str]], None]] = {
        "natasha: segment, morph, syntax, ner": natasha_baseline(lemmas=False),
    }
    if args.lemmas:
        variants["natasha: the same + lemmatize"] = natasha_baseline(lemmas=True)
    variants["quotemine extract (default, scope=auto)"] = quotemine_run("auto")
    variants["quotemine extract, scope=all"] = quotemine_run("all")
    workdir = Path(tempfile.mkdtemp(prefix="quotemine-speed-"))
    variants[COMMAND_ROW] = extract_command(workdir)
    for run in variants.values():  # load models, warm up
        run(texts[:5])

    best: dict[str, float] = {}
    best_cpu: dict[str, float] = {}
    for number in range(args.rounds):
        for name, run in variants.items():
            if name.startswith("natasha: the same") and number > 0:
                continue  # the slowest row: one round is enough to show it
            start, cpu = time.perf_counter(), time.process_time() + children_cpu()
            run(texts)
            seconds, cpu = time.perf_counter() - start, time.process_time() + children_cpu() - cpu
            best[name] = min(best.get(name, seconds), seconds)
            best_cpu[name] = min(best_cpu.get(name, cpu), cpu)
            print(f"  round {number + 1}: {name}: {tokens / seconds:,.0f} tok/s", file=sys.stderr)

    shutil.rmtree(workdir, ignore_errors=True)
    # where quotemine's time goes, one more pass with the stages timed
    breakdown = {}
    for scope in ("auto", "all"):
        clock = Clock()
        start = time.perf_counter()
        quotemine_run(scope, clock)(texts)
        total = time.perf_counter() - start
        own = clock.seconds["quotemine component"] + clock.seconds["Quote records"]
        breakdown[scope] = {"total_s": total, **clock.seconds, "quotemine_share": own / total}
    return {"best_s": best, "best_cpu_s": best_cpu, "breakdown": breakdown}


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity() -> float:
    """How much faster two processes run plain Python than one, on this machine now: 2.0
    on two idle cores, less when something else is running. Bounds the n_process ratio."""
    import multiprocessing

    work = [3_000_000] * 4
    start = time.perf_counter()
    for n in work:
        _spin(n)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_spin, work)
        parallel = time.perf_counter() - start
    return serial / parallel


def n_process_ratio(args: argparse.Namespace, texts: list[str]) -> dict:
    import quotemine

    docs = [texts[i % len(texts)] for i in range(args.docs)]
    miner = quotemine.load("natasha")
    miner.extract(docs[0])
    import multiprocessing

    best: dict[int, float] = {}
    cpu: dict[int, tuple[float, float]] = {}  # (main, workers) CPU seconds of the best round
    for _ in range(args.rounds):
        for n_process in (1, 2):
            children, main, start = children_cpu(), time.process_time(), time.perf_counter()
            for _ in miner.pipe(docs, n_process=n_process):
                pass
            for process in multiprocessing.active_children():
                process.join()  # reaped, so their CPU time is counted
            seconds = time.perf_counter() - start
            if seconds < best.get(n_process, float("inf")):
                best[n_process] = seconds
                cpu[n_process] = (time.process_time() - main, children_cpu() - children)
    # the same documents through the command, ``--n-process 1`` and ``2``: load included;
    # then as many whole articles (the synthetic one, ``--article-kb`` long, a new seed
    # each), where the start-up that does not divide weighs less than on short excerpts
    articles = [synthetic_article(args.article_kb * 1024, seed) for seed in range(args.docs)]
    return {
        "docs": len(docs),
        "tokens": sum(count_tokens(docs)),
        "best_s": best,
        "cpu_s": cpu,
        "command_s": command_seconds(docs, args.rounds),
        # what a user gets who sets no BLAS variable: OpenBLAS's thread per core
        "default_blas_command_s": command_seconds(docs, args.rounds, default_blas_environment())
        if args.blas_threads
        else None,
        "article_tokens": sum(count_tokens(articles)),
        "article_command_s": command_seconds(articles, args.rounds),
        "capacity": parallel_capacity(),
    }


def default_blas_environment() -> dict[str, str]:
    """This environment without the BLAS thread variables ``set_blas_threads`` set."""
    return {name: value for name, value in os.environ.items() if name not in BLAS_VARIABLES}


def command_seconds(texts: Sequence[str], rounds: int, env: dict[str, str] | None = None) -> dict[int, float]:
    """Best wall time of ``quotemine extract --n-process 1`` and ``2`` over ``texts``."""
    workdir = Path(tempfile.mkdtemp(prefix="quotemine-speed-"))
    best: dict[int, float] = {}
    for _ in range(rounds):
        for n_process in (1, 2):
            start = time.perf_counter()
            extract_command(workdir, n_process, env)(texts)
            best[n_process] = min(best.get(n_process, float("inf")), time.perf_counter() - start)
    shutil.rmtree(workdir, ignore_errors=True)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL file, .txt file or folder (default: ../shared/corpus/dev)")
    parser.add_argument("--min-tokens", type=int, default=200_000, help="repeat the texts to at least this many tokens")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every variant; each keeps its best (default 2)")
    parser.add_argument("--docs", type=int, default=500, help="documents for the n_process comparison (default 500)")
    parser.add_argument("--article-kb", type=int, default=3, help="size of the synthetic articles of the second n_process run, in KB (default 3)")
    parser.add_argument("--max-kb", type=int, default=1024, help="largest synthetic document, in KB (default 1024)")
    parser.add_argument("--blas-threads", type=int, default=1, help="BLAS threads per process, 0 for the library default (default 1)")
    parser.add_argument("--no-lemmas", dest="lemmas", action="store_false", help="skip the natasha + lemmatize row")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20,000 tokens, 1 round, 100 docs, up to 64 KB")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.min_tokens, args.rounds, args.docs, args.max_kb = 20_000, 1, 100, 64
    if args.child:
        print(json.dumps(child(args.child, args)))
        return 0

    env = environment(args)
    texts, counts = _corpus(args)
    corpus_tokens = sum(counts)
    texts, tokens = repeat_to(texts, counts, args.min_tokens)
    print(f"corpus {args.corpus}: {len(counts)} texts, {corpus_tokens:,} tokens; "
          f"repeated to {len(texts)} texts, {tokens:,} tokens", file=sys.stderr)

    speed = throughput(args, texts, tokens)
    share = annotated_share(texts[: len(counts)])
    processes = n_process_ratio(args, texts)
    unseen = [run_child("unseen", args) for _ in range(args.rounds + 1)]
    load = run_child("load", args)
    memory = {n: run_child("corpus", args, "--n-process", str(n)) for n in (1, 2)}
    growth = run_child("growth", args)
    env["load_average_end"] = os.getloadavg()

    best, cpu = speed["best_s"], speed["best_cpu_s"]
    base = "natasha: segment, morph, syntax, ner"
    rows = [
        (
            name,
            f"{tokens / seconds:,.0f}",
            f"{seconds:.2f}",
            f"{best[base] / seconds:.2f}x",
            f"{tokens / cpu[name]:,.0f}",
            f"{cpu[base] / cpu[name]:.2f}x",
        )
        for name, seconds in best.items()
    ]
    print()
    print(f"cores: {env['cores']} (usable {env['usable_cores']}), {env['cpu']}; Python {env['python']}; "
          + ", ".join(f"{k} {v}" for k, v in env["versions"].items())
          + f"; BLAS threads: {env['blas_threads']}")
    print(f"load average at start {env['load_average'][0]:.2f}, at end {env['load_average_end'][0]:.2f}")
    print(f"input: {len(texts)} documents, {tokens:,} tokens ({args.corpus}, repeated); "
          f"scope=auto annotates {share:.1%} of the corpus tokens")
    print()
    print(table(rows, ("variant", "tok/s", "seconds", "vs natasha", "tok/CPU-s", "vs natasha (CPU)")))
    print()
    stage_rows = []
    for scope, parts in speed["breakdown"].items():
        total = parts["total_s"]
        other = total - sum(v for k, v in parts.items() if k not in ("total_s", "quotemine_share"))
        stage_rows.append(
            (
                f"scope={scope}",
                *(f"{parts[k] / total:.1%}" for k in ("tokenizer", "annotation", "quotemine component", "Quote records")),
                f"{other / total:.1%}",
                f"{parts['quotemine_share']:.1%}",
            )
        )
    print(table(stage_rows, ("time share", "tokenizer", "annotation", "component", "Quote records", "spaCy/other", "quotemine own")))
    print()
    first = min(unseen, key=lambda run: run["quotemine_s"])
    natasha_s = min(run["natasha_s"] for run in unseen)
    parts = first["parts_s"]
    own = parts["quotemine component"] + parts["Quote records"]
    print(f"unseen text, each corpus text once in a fresh process ({first['tokens']:,} tokens, best of "
          f"{len(unseen)}; the figures above repeat the texts, so every word has been seen before): "
          f"quotemine {first['tokens'] / first['quotemine_s']:,.0f} tok/s, natasha "
          f"{first['tokens'] / natasha_s:,.0f} tok/s ({natasha_s / first['quotemine_s']:.2f}x, the best of each, "
          "maybe from different runs); time share: "
          + ", ".join(f"{name} {parts[name] / first['quotemine_s']:.1%}"
                      for name in ("tokenizer", "annotation", "quotemine component"))
          + f", quotemine own {own / first['quotemine_s']:.1%}")
    print()
    one, two = processes["best_s"][1], processes["best_s"][2]
    process_rows = []
    for n, seconds in ((1, one), (2, two)):
        main, workers = processes["cpu_s"][n]
        process_rows.append((
            f"n_process={n}", f"{processes['tokens'] / seconds:,.0f}", f"{seconds:.2f}", f"{one / seconds:.2f}x",
            f"{main:.2f}", f"{workers:.2f}",
        ))
    for label, tokens_key, seconds_key in (
        ("quotemine extract", "tokens", "command_s"),
        ("quotemine extract, library's BLAS threads", "tokens", "default_blas_command_s"),
        (f"quotemine extract, {processes['docs']} articles of {args.article_kb} KB", "article_tokens", "article_command_s"),
    ):
        command = processes[seconds_key]
        if command is None:
            continue
        for n, seconds in command.items():
            process_rows.append((
                f"{label} --n-process {n}", f"{processes[tokens_key] / seconds:,.0f}", f"{seconds:.2f}",
                f"{command[1] / seconds:.2f}x", "-", "-",
            ))
    print(table(process_rows, (f"{processes['docs']} documents", "tok/s", "seconds", "vs n_process=1",
                               "CPU s, main", "CPU s, workers")))
    print(f"(the command rows start a fresh process each, model load included; the articles hold "
          f"{processes['article_tokens']:,} tokens, the corpus documents {processes['tokens']:,}; "
          "\"library's BLAS threads\": no BLAS variable set, as for a user who sets none)")
    print(f"two processes of plain Python on this machine, now: {processes['capacity']:.2f}x one "
          "(2.00 on two idle cores; the bound for the row above)")
    print()
    print(f"load: quotemine.load('natasha') {load['load_s']:.2f} s in a fresh process (imports included); "
          f"first document {load['first_doc_s']:.2f} s (the models load on first use); "
          f"peak RSS after it {load['peak_rss_mb']:.0f} MB")
    print(f"peak RSS (VmHWM) running the corpus: n_process=1 {memory[1]['peak_rss_mb']:.0f} MB; "
          f"n_process=2 main {memory[2]['peak_rss_mb']:.0f} MB, workers "
          + ", ".join(f"{mb:.0f}" for mb in memory[2]["workers_peak_rss_mb"]) + " MB; "
          f"growth run up to {args.max_kb} KB {growth['peak_rss_mb']:.0f} MB")
    print()
    grow_rows = [
        (f"{row['kb']} KB", f"{row['tokens']:,}", row["quotes"], f"{row['annotated']:.0%}",
         f"{row['seconds'] * 1000:,.1f}", f"{row['us_per_kb']:,.0f}")
        for row in growth["rows"]
    ]
    print(table(grow_rows, ("document", "tokens", "quotes", "annotated", "ms / doc", "us / KB")))
    scopes = growth["scopes_256kb"]
    print(f"the 256 KB article: scope=auto {scopes['auto']:.2f} s, scope=all {scopes['all']:.2f} s "
          f"({scopes['all'] / scopes['auto']:.2f}x)")
    per_kb = [row["us_per_kb"] for row in growth["rows"]]
    print(f"us/KB, largest document / smallest: {per_kb[-1] / per_kb[0]:.2f}; max / min: {max(per_kb) / min(per_kb):.2f}")

    if args.json:
        args.json.write_text(json.dumps(
            {"environment": env, "tokens": tokens, "documents": len(texts), "annotated_share": share,
             "throughput": speed, "unseen": unseen, "n_process": processes, "load": load, "memory": memory,
             "growth": growth},
            ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    set_blas_threads(sys.argv[1:])
    raise SystemExit(main())
