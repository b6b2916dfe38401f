"""The ``quotemine`` command: ``extract`` quotes, ``evaluate`` against gold, ``render`` to HTML.

Errors the user can fix (``QuotemineError``) print one line and exit 2; Ctrl-C
exits 130 keeping what was written; a closed pipe (``| head``) exits quietly.
The model is loaded only after the inputs are checked, so a typo fails fast.
``extract`` writes each document as soon as it is done, skips (or with
``--on-error fail`` stops at) a document or input line it cannot process, and with
``--resume`` carries on an interrupted run where it stopped.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from .errors import InputError, QuotemineError
from .io import FORMATS, Document, count_documents, expand_paths, make_writer, read_documents, read_predictions
from .io.readers import JSONL_SUFFIXES
from .io.runs import Failed, Miner, completed_ids, process
from .quote import KINDS, Quote

if TYPE_CHECKING:
    from .api import QuoteMiner

PROG = "quotemine"
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool cut off by `head`
ON_ERROR = ("skip", "fail")


class DocumentError(QuotemineError):
    """A document the pipeline could not process, under ``--on-error fail``."""


def load_miner(model: str, kinds: Sequence[str] | None) -> QuoteMiner:
    """Load the pipeline; imported here so ``--help`` and input errors never wait for spaCy."""
    from .api import load

    return load(model, kinds=kinds)


def loaded_miner(args: argparse.Namespace) -> QuoteMiner:
    """``load_miner`` for a command. In the program (``command()``), which owns its
    process, the models are loaded at once and frozen out of the garbage collector: its
    full collections walked them again and again as the run's caches grew, about a
    tenth of a run over new text. ``main()`` called from Python code leaves the caller's collector be."""
    miner = load_miner(args.model, args.kinds)
    if args.owns_process:
        miner.warm_up()
        gc.freeze()
    return miner


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


def _add_on_error(parser: argparse.ArgumentParser, default: str, help: str) -> None:
    parser.add_argument("--on-error", choices=ON_ERROR, default=default, help=f"{help} (default: {default})")


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
    _add_on_error(
        extract,
        "skip",
        "a document or input line that cannot be processed: skip it with a warning on "
        "stderr, or fail (exit 2 once everything before it is written)",
    )
    extract.add_argument(
        "--resume",
        action="store_true",
        help="carry on an interrupted run: skip the documents whose ids are already in -o OUT "
        "(JSONL) and append the rest; a cut-off last line is removed first",
    )
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
    _add_on_error(
        evaluate,
        "fail",
        "a gold document the pipeline cannot process: fail (exit 2), or skip it with a "
        "warning and score it as predicting nothing",
    )
    _add_model_options(evaluate)

    render = commands.add_parser(
        "render",
        help="write an HTML page that highlights the quotes",
        description="Write one standalone HTML page (to stdout or -o OUT) showing FILEs with "
        "each quote highlighted in its speaker's colour, the speaker's mention boxed, the "
        "cue underlined and the addressee in a dashed box. FILEs are read as by extract; "
        "several documents come one after another under their ids. With --pred the quotes "
        "are taken from extract's JSONL output (matched by document id) instead of "
        "running the model.",
    )
    render.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' for stdin)")
    render.add_argument("-o", "--output", metavar="OUT", help="write the page here instead of stdout")
    render.add_argument(
        "--pred",
        action="append",
        metavar="PRED",
        help="quotes from extract --format jsonl output instead of running the model; repeatable",
    )
    render.add_argument("--title", default=None, help="page title (default: the file name)")
    _add_on_error(
        render,
        "fail",
        "a document the pipeline cannot process: fail (exit 2, no page written), or leave it "
        "off the page with a warning",
    )
    _add_model_options(render)
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


def _open_output(path: str, append: bool = False) -> TextIO:
    """Opened before the model loads, so a bad -o fails in a second, not after a minute."""
    try:
        return open(path, "a" if append else "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write {path} ({exc.strerror})") from None


def warn(message: str) -> None:
    """``quotemine: warning: ...`` on stderr, on its own line even under a progress bar."""
    from tqdm import tqdm

    tqdm.write(f"{PROG}: warning: {' '.join(message.split())}", file=sys.stderr)


def pair_results(
    documents: Iterable[Document],
    miner: Miner,
    *,
    n_process: int = 1,
    batch_size: int = 32,
    on_error: str = "fail",
) -> Iterator[tuple[Document, list[Quote]]]:
    """Each document with its quotes, in input order, holding only the batch in flight
    (``io.runs.process``). A document the pipeline cannot process stops the run, or with
    ``on_error="skip"`` is left out with a warning."""
    for result in process(documents, miner, n_process=n_process, batch_size=batch_size):
        if isinstance(result, Failed):
            if on_error != "skip":
                raise _failed(result)
            warn(f"skipped document {result.document.id}: {result.reason}")
            continue
        yield result


def _failed(result: Failed) -> DocumentError:
    return DocumentError(f"document {result.document.id} could not be processed: {result.reason}")


def summary(n_documents: int, kinds: Counter[str], skipped: int | None = None) -> str:
    """``3 documents, 5 quotes (direct 2, mixed 1, indirect 2)``; with ``skipped``,
    ``3 documents done, 1 skipped, 5 quotes (...)``."""
    n_quotes = sum(kinds.values())
    per_kind = ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS)
    docs = "document" if n_documents == 1 else "documents"
    quotes = "quote" if n_quotes == 1 else "quotes"
    if skipped is not None:
        docs += f" done, {skipped} skipped"
    return f"{n_documents} {docs}, {n_quotes} {quotes} ({per_kind})"


# --------------------------------------------------------------------------- commands


def run_extract(args: argparse.Namespace) -> int:
    skip = args.on_error == "skip"
    skipped = 0

    def unreadable(error: InputError) -> None:
        nonlocal skipped
        skipped += 1
        warn(f"skipped unreadable input: {error}")

    documents = read_documents(args.files, on_error=unreadable if skip else None)  # checks paths
    progress = _progress(args.progress)
    total = count_documents(args.files) if progress else None
    to_file = args.output not in (None, "-")
    done: frozenset[str] = frozenset()
    if args.resume:
        if not to_file or args.format != "jsonl":
            raise InputError("--resume needs the output file of a JSONL run: -o OUT --format jsonl")
        done = completed_ids(args.output, warn).ids
        if done:
            print(f"{PROG}: resuming: {len(done)} documents already in {args.output} are skipped",
                  file=sys.stderr)
    stream = _open_output(args.output, append=args.resume) if to_file else _utf8(sys.stdout)
    try:
        miner = loaded_miner(args)
    except BaseException:
        if to_file:
            stream.close()
        raise
    writer = make_writer(args.format, stream)
    n_documents = 0
    kinds: Counter[str] = Counter()
    try:
        with _progress_bar(progress, total) as bar:

            def todo() -> Iterator[Document]:
                for document in documents:
                    if document.id in done:
                        bar.update(1)
                    else:
                        yield document

            results = process(todo(), miner, n_process=args.n_process, batch_size=args.batch_size)
            for result in results:
                bar.update(1)
                if isinstance(result, Failed):
                    if not skip:
                        raise _failed(result)
                    skipped += 1
                    warn(f"skipped document {result.document.id}: {result.reason}")
                    continue
                document, quotes = result
                writer.write(document, quotes)
                n_documents += 1
                kinds.update(quote.kind for quote in quotes)
        writer.close()
    finally:
        if to_file:
            stream.close()
    print(summary(n_documents, kinds, skipped), file=sys.stderr)
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
        miner = loaded_miner(args)
        documents = (Document(id=d.id, text=d.text, extra={}) for d in gold)
        with _progress_bar(_progress(args.progress), len(gold)) as bar:
            predicted = {}
            results = pair_results(
                documents, miner, n_process=args.n_process, batch_size=args.batch_size, on_error=args.on_error
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


def run_render(args: argparse.Namespace) -> int:
    """``quotemine render FILE... [-o page.html]``: one HTML page for all the documents."""
    from .render import render_documents

    documents = list(read_documents(args.files))
    kinds = args.kinds or KINDS
    if args.pred:
        predicted = read_predictions(args.pred)
        missing = [d.id for d in documents if d.id not in predicted]
        if missing:
            raise InputError(f"no predictions for document {missing[0]!r} in {', '.join(args.pred)}")
        results = [(d, predicted[d.id]) for d in documents]
    else:
        miner = loaded_miner(args)
        with _progress_bar(_progress(args.progress), len(documents)) as bar:
            results = []
            for pair in pair_results(
                documents, miner, n_process=args.n_process, batch_size=args.batch_size, on_error=args.on_error
            ):
                results.append(pair)
                bar.update(1)
    shown = [(d.id, d.text, [q for q in quotes if q.kind in kinds]) for d, quotes in results]
    title = args.title or (documents[0].id if len(args.files) == 1 and documents else PROG)
    markup = render_documents(shown, title=title).page(title)
    if args.output not in (None, "-"):
        with _open_output(args.output) as stream:
            stream.write(markup)
    else:
        _utf8(sys.stdout).write(markup)
    n_kinds: Counter[str] = Counter(q.kind for _, _, quotes in shown for q in quotes)
    print(summary(len(shown), n_kinds), file=sys.stderr)
    return 0


COMMANDS = {"extract": run_extract, "evaluate": run_evaluate, "render": run_render}


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit-time flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing will be flushed to a pipe


def main(argv: Sequence[str] | None = None, *, owns_process: bool = False) -> int:
    """Run the command line; returns the exit status. ``owns_process``: see ``loaded_miner``."""
    args = build_parser().parse_args(argv)
    args.owns_process = owns_process
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


def command() -> int:
    """The ``quotemine`` program: ``main()`` in a process of its own, then a quick exit.
    The interpreter's teardown garbage-collects what is left several times over, 0.3 s of
    every run; frozen, it is left out (the process ends, so nothing is held longer)."""
    status = main(owns_process=True)
    gc.freeze()
    return status


if __name__ == "__main__":
    raise SystemExit(command())
