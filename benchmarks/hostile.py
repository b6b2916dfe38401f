"""Hostile documents through the full pipeline: does each finish, and in linear time?

    .venv/bin/python benchmarks/hostile.py                 # every kind, full sizes
    .venv/bin/python benchmarks/hostile.py nested long_token --timeout 120
    .venv/bin/python benchmarks/hostile.py --quick         # sizes / 8, a smoke run

Each kind runs in a process of its own, so a hang or a crash in one does not stop the
rest, at doubling sizes up to the full one (the size the issue names: 1 MB of text
with no newline, 100,000 quote marks, nesting 1,000 deep, a 50,000-character token).
For each size it prints the seconds, the microseconds per KB of text (flat down a
column means linear time), the process's peak RSS, the quotes found, and whether
every quote passes quotemine.quote.offset_problems.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import string
import subprocess
import sys
import time
from collections.abc import Callable

WORDS = (
    "мы не будем это комментировать ситуация остается сложной правительство готово к диалогу "
    "решение примут на следующей неделе компания продолжит работу в обычном режиме"
).split()
NAMES = ["Иванов", "Мария Петрова", "глава МИД Сергей Лавров", "пресс-секретарь Кремля", "он"]
VERBS = ["сказал", "заявил", "отметила", "подчеркнул", "сообщили"]


def _sentence(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
    shape = rng.randrange(4)
    name, verb = rng.choice(NAMES), rng.choice(VERBS)
    if shape == 0:
        return f"«{words.capitalize()}», — {verb} {name}."
    if shape == 1:
        return f"{name.capitalize()} {verb}: «{words}»."
    if shape == 2:
        return f"{name.capitalize()} {verb}, что {words}."
    return f"{words.capitalize()}."


def _fill(piece: Callable[[random.Random], str], size: int, sep: str = " ") -> str:
    rng = random.Random(size)
    parts, total = [], 0
    while total < size:
        part = piece(rng)
        parts.append(part)
        total += len(part) + len(sep)
    return sep.join(parts)[:size]


def no_newline(size: int) -> str:
    """News-like sentences with quotes, attributions and dashes, and not one newline."""
    return _fill(_sentence, size)


def one_sentence(size: int) -> str:
    """Quotes and attributions strung together by commas: one sentence as long as the text."""
    def piece(rng: random.Random) -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        return rng.choice([f"«{words}», — {rng.choice(VERBS)} {rng.choice(NAMES)}",
                           f"{rng.choice(NAMES)} {rng.choice(VERBS)}, что {words}"])

    return _fill(piece, size, sep=", ")


def dialogue(size: int) -> str:
    """An interview: thousands of dash-speech paragraphs with mixed quotes and reported speech."""
    def piece(rng: random.Random) -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
        return rng.choice([
            f"— {words.capitalize()} «{rng.choice(WORDS)}», — {rng.choice(VERBS)} {rng.choice(NAMES)}.",
            f"— {words.capitalize()}.",
            f"«{words.capitalize()}», — {rng.choice(VERBS)} он. {rng.choice(NAMES).capitalize()} "
            f"{rng.choice(VERBS)}, что {words}.",
        ])

    return _fill(piece, size, sep="\n")


def whitespace(size: int) -> str:
    return (" \t\n\r\u00a0\u3000\u2009\n\n" * (size // 9 + 1))[:size]


def marks_only(size: int) -> str:
    """Nothing but quotation marks of every family."""
    rng = random.Random(size)
    return "".join(rng.choice("«»„“”\"‘’‹›‚") for _ in range(size))


def marks_in_words(size: int) -> str:
    """``size`` quotation marks strewn through words, dashes and attributions."""
    rng = random.Random(size)
    parts = []
    for _ in range(size):
        parts.append(rng.choice("«»„“”\""))
        if rng.random() < 0.6:
            parts.append(rng.choice(WORDS + VERBS + [",", " —", ":", "."]))
        parts.append(rng.choice(["", " "]))
    return "".join(parts)


def nested(depth: int) -> str:
    """``«Он сказал: «Она сказала: «...»»»`` ``depth`` levels deep."""
    return "«Иванов сказал: " * depth + "мы готовы" + "»" * depth + ", — заявил Петров."


def nested_straight(depth: int) -> str:
    return '"Иванов сказал: ' * depth + "мы готовы" + '"' * depth + ", — заявил Петров."


def punctuation(size: int) -> str:
    rng = random.Random(size)
    return "".join(rng.choice(string.punctuation + "«»—–…„“ \n") for _ in range(size))


CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\n") + "\x7f\x85\u200b\u200e\u202e\ufeff\u2028\u2029\ufffd"


def control(size: int) -> str:
    """Sentences with NUL, C0/C1 controls, zero-width and bidi marks, and lone surrogates."""
    rng = random.Random(size)

    def piece(rng: random.Random) -> str:
        chars = list(_sentence(rng))
        for _ in range(rng.randint(1, 4)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(CONTROL + "\ud800\udfff"))
        return "".join(chars)

    return _fill(piece, size, sep=rng.choice(["\x00", "\r\n", " "]))


def html(size: int) -> str:
    def piece(rng: random.Random) -> str:
        quote = _sentence(rng).replace("«", "&laquo;" if rng.random() < 0.5 else "«")
        return (
            f'<div class="news"><p>{quote} <a href="/x?q=&quot;{rng.random()}&quot;">'
            f'<b>{rng.choice(NAMES)}</b></a></p><script>var s = "«" + \'"\';</script>'
            f"<!-- {rng.choice(WORDS)} --></div>"
        )

    return _fill(piece, size, sep="\n")


def latin(size: int) -> str:
    def piece(rng: random.Random) -> str:
        return rng.choice([
            '"We will not comment," the minister said.',
            "Trump said: “We are ready to talk”.",
            "The company's spokesman told 'Reuters' it would continue.",
        ])

    return _fill(piece, size)


def mixed_script(size: int) -> str:
    def piece(rng: random.Random) -> str:
        return rng.choice([
            "Путин said: «We are ready», — заявил Trump.",
            "Ο υπουργός είπε «Είμαστε έτοιμοι», — сказал 習近平 🙂.",
            "«مرحبا بكم», — сказала Мария Петрова (Maria Petrova).",
            "Иvanov заявил: «гoтовы» (смешанные буквы).",
        ])

    return _fill(piece, size)


def long_token(size: int) -> str:
    return "а" * size


def long_token_mixed(size: int) -> str:
    """One token of letters, digits, hyphens and dots: razdel's worst case (``т.е.-а-1``)."""
    return ("т.е.-а1б" * (size // 8 + 1))[:size]


def long_url(size: int) -> str:
    return ("«Ссылка», — сказал он: https://example.org/" + "a/" * size)[: size + 44]


# kind -> (generator, full size, unit)
KINDS: dict[str, tuple[Callable[[int], str], int, str]] = {
    "empty": (lambda n: "", 0, "chars"),
    "whitespace": (whitespace, 100_000, "chars"),
    "no_newline": (no_newline, 1 << 20, "chars"),
    "dialogue": (dialogue, 1 << 20, "chars"),
    "one_sentence": (one_sentence, 1 << 20, "chars"),
    "marks_only": (marks_only, 100_000, "marks"),
    "marks_in_words": (marks_in_words, 100_000, "marks"),
    "nested": (nested, 1_000, "levels"),
    "nested_straight": (nested_straight, 1_000, "levels"),
    "punctuation": (punctuation, 100_000, "chars"),
    "control": (control, 100_000, "chars"),
    "html": (html, 200_000, "chars"),
    "latin": (latin, 100_000, "chars"),
    "mixed_script": (mixed_script, 100_000, "chars"),
    "long_token": (long_token, 50_000, "chars"),
    "long_token_mixed": (long_token_mixed, 50_000, "chars"),
    "long_url": (long_url, 50_000, "chars"),
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, sizes: list[int], repeat: int) -> None:
    import quotemine
    from quotemine.quote import offset_problems

    miner = quotemine.load("natasha")
    miner.extract("«Прогрев», — сказал он.")
    print(json.dumps({"loaded_rss_mb": round(peak_rss_mb(), 1)}), flush=True)
    generate = KINDS[kind][0]
    for size in sizes:
        text = generate(size)
        seconds = float("inf")
        for attempt in range(repeat):  # the best of a few runs: other load only slows a run down
            started = time.perf_counter()
            try:
                quotes = miner.extract(text)
                error = None
            except Exception as exc:  # the point of the benchmark is to see these
                quotes, error = [], f"{type(exc).__name__}: {exc}"[:200]
            seconds = min(seconds, time.perf_counter() - started)
            if seconds > 20:
                break
        kb = max(len(text.encode("utf-8", "surrogatepass")) / 1024, 1e-9)
        print(
            json.dumps({
                "size": size,
                "chars": len(text),
                "seconds": round(seconds, 3),
                "us_per_kb": round(seconds * 1e6 / kb) if len(text) else None,
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "quotes": len(quotes),
                "error": error,
                "problems": offset_problems(text, quotes)[:3],
            }),
            flush=True,
        )


def run_kind(kind: str, sizes: list[int], timeout: float, repeat: int) -> None:
    _, _, unit = KINDS[kind]
    print(f"\n== {kind} ==", flush=True)
    command = [sys.executable, __file__, "--child", kind, "--sizes", ",".join(map(str, sizes)),
               "--repeat", str(repeat)]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = 0
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        stderr += f"\nTIMEOUT after {timeout:.0f} s"
    for line in stdout.splitlines():
        row = json.loads(line)
        if "loaded_rss_mb" in row:
            print(f"  model loaded, peak RSS {row['loaded_rss_mb']} MB")
            continue
        done += 1
        per_kb = "-" if row["us_per_kb"] is None else f"{row['us_per_kb']:>9} µs/KB"
        status = row["error"] or ("ok" if not row["problems"] else "; ".join(row["problems"]))
        print(
            f"  {row['size']:>9} {unit:<6} {row['chars']:>9} chars {row['seconds']:>8.2f} s "
            f"{per_kb}  peak {row['peak_rss_mb']:>7.1f} MB  {row['quotes']:>5} quotes  {status}",
            flush=True,
        )
    if done < len(sizes):
        tail = stderr.strip().splitlines()[-3:]
        print(f"  STOPPED after {done} of {len(sizes)} sizes ({time.monotonic() - started:.0f} s): "
              + " | ".join(tail))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", metavar="KIND",
                        help=f"which inputs (default: all of {', '.join(KINDS)})")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per kind (default 600)")
    parser.add_argument("--quick", action="store_true", help="sizes divided by 8")
    parser.add_argument("--steps", type=int, default=4, help="doubling sizes per kind (default 4)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per size, the fastest counts (default 3; one past 20 s)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = [kind for kind in args.kinds if kind not in KINDS]
    if unknown:
        parser.error(f"unknown kind {unknown[0]!r} (choose from {', '.join(KINDS)})")
    if args.child:
        child(args.child, [int(size) for size in args.sizes.split(",")], args.repeat)
        return
    for kind in args.kinds or KINDS:
        full = KINDS[kind][1] // (8 if args.quick else 1)
        sizes = sorted({full >> shift for shift in range(args.steps)} - {0}) or [0]
        run_kind(kind, sizes, args.timeout, args.repeat)


if __name__ == "__main__":
    main()
