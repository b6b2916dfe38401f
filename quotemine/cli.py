"""The ``quotemine`` command: ``extract`` quotes from files, ``evaluate`` against gold.

Errors the user can fix (``QuotemineError``) print one line and exit 2; Ctrl-C
exits 130 keeping what was written; a closed pipe (``| head``) exits quietly.
The model is loaded only after the inputs are checked, so a typo fails fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, TextIO

import attrs

from .errors import InputError, QuotemineError
from .io import (
    FORMATS,
    Document,
    count_documents,
    expand_paths,
    make_writer,
    read_documents,
    read_predictions,
)
from .io.readers import JSONL_SUFFIXES
from .quote import KINDS, Quote

PROG = "quotemine"
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool cut off by `head`


class Miner(Protocol):
    """The part of ``QuoteMiner`` the CLI uses; tests substitute a fake."""

    def pipe(
        self, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
    ) -> Iterator[list[Quote]]: ...


def load_miner(model: str, kinds: Sequence[str] | None) -> Miner:
    """Load the pipeline; imported here so ``--help`` and input errors never wait for spaCy."""
    from .api import load

    return load(model, kinds=kinds)


# --------------------------------------------------------------------------- arguments


def parse_kinds(value: str) -> tuple[str, ...]:
    """``direct,mixed`` -> ``("direct", "mixed")``, in the canonical order."""
    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = sorted(names - set(KINDS))
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"invalid kinds {value!r} (choose from {', '.join(KINDS)}, comma-separated)"
        )
    return tuple(kind for kind in KINDS if kind in names)


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        default="auto",
        help="base pipeline: auto (an installed ru_core_news_lg/md/sm, else natasha), "
        "natasha (embedded, offline), or a spaCy package name or path (default: auto)",
    )
    parser.add_argument(
        "--kinds",
        type=parse_kinds,
        default=None,
        metavar="KINDS",
        help=f"comma-separated quote kinds to find (default: {','.join(KINDS)})",
    )
    parser.add_argument(
        "--n-process", type=positive_int, default=1, metavar="N", help="worker processes (default: 1)"
    )
    parser.add_argument(
        "--batch-size", type=positive_int, default=32, metavar="N", help="texts per batch (default: 32)"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: on when stderr is a terminal)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Find quotes and their speakers in Russian news texts."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    extract = commands.add_parser(
        "extract",
        help="find the quotes in text or JSONL files",
        description="Find the quotes in FILEs and write them to stdout (or -o OUT), one "
        "document at a time. A .jsonl/.ndjson file holds one document per line "
        '({"text": ..., "id": ...}, other fields are copied to the output); any other '
        "file is one document named after the file; a directory means its .txt/.jsonl "
        "files; '-' or no FILE reads stdin. A summary line goes to stderr at the end.",
    )
    extract.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' for stdin)")
    extract.add_argument(
        "--format", "-f", choices=FORMATS, default="jsonl", help="output format (default: jsonl)"
    )
    extract.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    _add_model_options(extract)

    evaluate = commands.add_parser(
        "evaluate",
        help="score quotes against gold JSONL files",
        description="Score predictions against gold files (corpus/GUIDELINES.md format). "
        "Predictions come from --pred files in the extract JSONL format, or from "
        "running the pipeline on the gold texts (--model and the batch options apply "
        "only then). --kinds filters the predictions; without 'indirect' in it, "
        "indirect quotes are not evaluated (their rows show '-').",
    )
    evaluate.add_argument("gold", nargs="+", metavar="GOLD", help="gold JSONL files or directories")
    evaluate.add_argument(
        "--pred",
        action="append",
        metavar="PRED",
        help="predictions (extract --format jsonl output) instead of running the model; repeatable",
    )
    evaluate.add_argument("--errors", action="store_true", help="also list every error")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_model_options(evaluate)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("quotemine")
    except Exception:  # not installed: the checkout's own number, if it has one
        return str(getattr(sys.modules.get("quotemine"), "__version__", "unknown"))


# --------------------------------------------------------------------------- helpers


def _progress(enabled: bool | None) -> bool:
    if enabled is not None:
        return enabled
    return sys.stderr.isatty()


def _progress_bar(enabled: bool, total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=not enabled, dynamic_ncols=True)


def _utf8(stream: TextIO) -> TextIO:
    """JSONL and CSV are UTF-8 whatever the locale says."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")
    return stream


def _open_output(path: str) -> TextIO:
    """Opened before the model loads, so a bad -o fails in a second, not after a minute."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write {path} ({exc.strerror})") from None


def pair_results(
    documents: Iterable[Document],
    miner: Miner,
    *,
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[tuple[Document, list[Quote]]]:
    """Each document with its quotes, in input order, holding only the batch in flight.

    ``miner.pipe`` yields one list per text in order; the deque keeps the documents
    it has read ahead but not yet answered.
    """
    pending: deque[Document] = deque()

    def texts() -> Iterator[str]:
        for document in documents:
            pending.append(document)
            yield document.text

    for quotes in miner.pipe(texts(), n_process=n_process, batch_size=batch_size):
        yield pending.popleft(), quotes


def summary(n_documents: int, kinds: Counter[str]) -> str:
    n_quotes = sum(kinds.values())
    per_kind = ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS)
    docs = "document" if n_documents == 1 else "documents"
    quotes = "quote" if n_quotes == 1 else "quotes"
    return f"{n_documents} {docs}, {n_quotes} {quotes} ({per_kind})"


# --------------------------------------------------------------------------- commands


def run_extract(args: argparse.Namespace) -> int:
    documents = read_documents(args.files)  # checks every path now
    progress = _progress(args.progress)
    total = count_documents(args.files) if progress else None
    to_file = args.output not in (None, "-")
    stream = _open_output(args.output) if to_file else _utf8(sys.stdout)
    try:
        miner = load_miner(args.model, args.kinds)
    except BaseException:
        if to_file:
            stream.close()
        raise
    writer = make_writer(args.format, stream)
    n_documents = 0
    kinds: Counter[str] = Counter()
    try:
        with _progress_bar(progress, total) as bar:
            results = pair_results(
                documents, miner, n_process=args.n_process, batch_size=args.batch_size
            )
            for document, quotes in results:
                writer.write(document, quotes)
                n_documents += 1
                kinds.update(quote.kind for quote in quotes)
                bar.update(1)
        writer.close()
    finally:
        if to_file:
            stream.close()
    print(summary(n_documents, kinds), file=sys.stderr)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import format_errors, format_scores, read_gold, score, scores_to_dict

    gold = read_gold(expand_paths(args.gold, JSONL_SUFFIXES))
    kinds = args.kinds or KINDS
    if "indirect" not in kinds:
        # Not asked for, so not judged: the scorer shows indirect rows as not applicable.
        gold = [attrs.evolve(document, indirect_annotated=False) for document in gold]

    if args.pred:
        predicted = read_predictions(args.pred)
    else:
        miner = load_miner(args.model, args.kinds)
        documents = (Document(id=d.id, text=d.text, extra={}) for d in gold)
        with _progress_bar(_progress(args.progress), len(gold)) as bar:
            predicted = {}
            results = pair_results(
                documents, miner, n_process=args.n_process, batch_size=args.batch_size
            )
            for document, quotes in results:
                predicted[document.id] = quotes
                bar.update(1)
    predicted = {
        doc_id: [quote for quote in quotes if quote.kind in kinds]
        for doc_id, quotes in predicted.items()
    }

    scores = score(gold, predicted)
    if args.json:
        report = scores_to_dict(scores, errors=args.errors)
        report["kinds"] = list(kinds)
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(format_scores(scores))
    if "indirect" not in kinds:
        print("indirect: not evaluated (not in --kinds)")
    if args.errors:
        print()
        print(format_errors(scores))
    return 0


COMMANDS = {"extract": run_extract, "evaluate": run_evaluate}


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit-time flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing will be flushed to a pipe


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except QuotemineError as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted (output written so far is kept)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    raise SystemExit(main())
