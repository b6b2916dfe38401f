"""Memory over a long run: 20,000 synthetic documents through ``QuoteMiner.pipe``.

    .venv/bin/python benchmarks/memory.py                    # 20,000 docs, report every 1,000
    .venv/bin/python benchmarks/memory.py --docs 5000 --every 500 --n-process 2
    .venv/bin/python benchmarks/memory.py --raw              # plain nlp.pipe, no memory zones

Every document is made of words invented for it (random syllables, random surnames and
numbers), so each one brings strings spaCy has never seen: the worst case for the
StringStore, which keeps every string added to it for the life of the Vocab. The run
prints, at each interval, the resident memory of the process (and its workers with
``--n-process``), the size of the StringStore, the lexemes alive in the Vocab, the
entries of quotemine's own word caches (``functools.lru_cache``, each with a maximum
size: they fill up, then stay), and the throughput. Flat columns mean a run of a
million articles fits in the same memory as one of a thousand.

``--raw`` runs ``nlp.pipe`` directly, without the memory zones ``QuoteMiner.pipe``
opens, to show what the zones save. ``--vocabulary N`` draws the words from N
invented ones (numbers stay new in every document), closer to real news: the word
caches fill early and the memory curve flattens sooner.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SYLLABLES = "ба ва га да жа за ка ла ма на па ра са та фа ха ца ча ша ко ло но ро то ви ли ни ри ти ку лу ну ру ту ме ле не ре те".split()
SURNAME_ENDINGS = ["ов", "ев", "ин", "ский", "енко", "ова", "ева", "ина", "ская"]
FIRST_NAMES = ["Иван", "Мария", "Олег", "Анна", "Сергей", "Елена", "Павел", "Ольга", "Рустам", "Дина"]
VERBS = ["сказал", "заявил", "отметила", "подчеркнул", "сообщил", "рассказала"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def surname(rng: random.Random) -> str:
    return word(rng).capitalize() + rng.choice(SURNAME_ENDINGS)


def document(rng: random.Random, word=word, surname=surname) -> str:
    """Three to six sentences of invented words: a direct quote, an indirect one, a plain one."""
    sentences = []
    for _ in range(rng.randint(3, 6)):
        name = f"{rng.choice(FIRST_NAMES)} {surname(rng)}"
        words = " ".join(word(rng) for _ in range(rng.randint(4, 10)))
        number = rng.randint(0, 10**9)
        shape = rng.randrange(3)
        if shape == 0:
            sentences.append(f"«{words.capitalize()} {number}», — {rng.choice(VERBS)} {name}.")
        elif shape == 1:
            sentences.append(f"{name} {rng.choice(VERBS)}, что {words} {number}.")
        else:
            sentences.append(f"{words.capitalize()} {surname(rng)} {number}.")
    return " ".join(sentences)


def documents(count: int, seed: int, vocabulary: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    if vocabulary:
        words = [word(rng) for _ in range(vocabulary)]
        surnames = [surname(rng) for _ in range(max(vocabulary // 5, 1))]
        pick_word = lambda rng: rng.choice(words)  # noqa: E731
        pick_surname = lambda rng: rng.choice(surnames)  # noqa: E731
        for _ in range(count):
            yield document(rng, pick_word, pick_surname)
        return
    for _ in range(count):
        yield document(rng)


def rss_mb() -> tuple[float, float]:
    """Resident memory of this process, and of it with its worker processes, in MB."""
    def rss(pid: int | str) -> float:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    own = rss("self")
    children: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            children += (task / "children").read_text().split()
        except OSError:
            pass
    return own, own + sum(rss(pid) for pid in children)


def cache_entries() -> int:
    """Entries in the lru caches of quotemine's modules (this process only)."""
    seen, total = set(), 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("quotemine"):
            continue
        for value in vars(module).values():
            if hasattr(value, "cache_info") and id(value) not in seen:
                seen.add(id(value))
                total += value.cache_info().currsize
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=1_000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--raw", action="store_true", help="nlp.pipe without memory zones")
    parser.add_argument("--vocabulary", type=int, default=0, metavar="N",
                        help="draw words from N invented ones (default: every word new)")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import quotemine

    miner = quotemine.load("natasha")
    miner.extract("«Прогрев», — сказал он.")
    nlp = miner.nlp
    texts = documents(args.docs, args.seed, args.vocabulary)
    if args.raw:
        results = (list(doc._.quotes) for doc in nlp.pipe(
            texts, batch_size=args.batch_size, n_process=args.n_process))
    else:
        results = miner.pipe(texts, batch_size=args.batch_size, n_process=args.n_process)

    own, total = rss_mb()
    mode = "nlp.pipe (no memory zones)" if args.raw else "QuoteMiner.pipe"
    words = f"words from {args.vocabulary}" if args.vocabulary else "every word new"
    print(f"{mode}, {args.docs} documents ({words}), batch {args.batch_size}, "
          f"{args.n_process} process(es), pid {os.getpid()}")
    print(f"{'docs':>7} {'seconds':>8} {'docs/s':>7} {'RSS MB':>8} {'+workers':>9} "
          f"{'strings':>9} {'lexemes':>9} {'cached':>8} {'quotes':>7}")
    print(f"{0:>7} {0:>8.1f} {'-':>7} {own:>8.1f} {total:>9.1f} {len(nlp.vocab.strings):>9} "
          f"{sum(1 for _ in nlp.vocab):>9} {cache_entries():>8} {0:>7}", flush=True)
    started = time.perf_counter()
    quotes = 0
    for done, found in enumerate(results, start=1):
        quotes += len(found)
        if done % args.every == 0 or done == args.docs:
            seconds = time.perf_counter() - started
            own, total = rss_mb()
            print(f"{done:>7} {seconds:>8.1f} {done / seconds:>7.1f} {own:>8.1f} {total:>9.1f} "
                  f"{len(nlp.vocab.strings):>9} {sum(1 for _ in nlp.vocab):>9} "
                  f"{cache_entries():>8} {quotes:>7}", flush=True)


if __name__ == "__main__":
    main()
