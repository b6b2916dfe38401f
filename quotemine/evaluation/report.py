"""Human- and machine-readable views of ``Scores``: a fixed-width table, an error listing, a dict.

Plain text on purpose: the table goes to terminals, logs and commit messages,
where a fixed-width layout survives and diffs line by line.
"""

from __future__ import annotations

from typing import Any

from ..quote import Quote
from .gold import GoldQuote
from .scoring import ERROR_TYPES, GROUPS, METRICS, ErrorRecord, GroupScores, Scores, speaker_correct

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("P", "precision"),
    ("R", "recall"),
    ("F1", "f1"),
    ("exact F1", "exact_f1"),
    ("kind acc", "kind_accuracy"),
    ("attr strict", "attribution_strict"),
    ("attr lenient", "attribution_lenient"),
    ("e2e P", "e2e_precision"),
    ("e2e R", "e2e_recall"),
    ("e2e F1", "e2e_f1"),
)
_MISSING = "-"


def _number(value: float | None) -> str:
    return _MISSING if value is None else f"{value:.3f}"


def _matched(row: GroupScores) -> str:
    counts = row.counts
    if counts.matched_gold == counts.matched_predicted:
        return str(counts.matched_gold)
    return f"{counts.matched_gold}/{counts.matched_predicted}"


def format_scores(scores: Scores) -> str:
    """The score table (one row per group), the confidence lines and the document count."""
    headers = ["group", "gold", "pred", "matched"] + [title for title, _ in _COLUMNS]
    rows: list[list[str]] = []
    split_matched = False
    for name in GROUPS:
        row = scores.groups[name]
        if row.applicable:
            cells = [name, str(row.counts.gold), str(row.counts.predicted), _matched(row)]
            split_matched |= row.counts.matched_gold != row.counts.matched_predicted
        else:
            cells = [name, _MISSING, _MISSING, _MISSING]
        cells += [_number(getattr(row, metric)) for _, metric in _COLUMNS]
        rows.append(cells)
    widths = [max(len(line[i]) for line in [headers, *rows]) for i in range(len(headers))]

    def layout(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    lines = [layout(headers), layout(["-" * width for width in widths])]
    lines += [layout(cells) for cells in rows]
    if split_matched:
        lines.append(
            "matched a/b: a gold quotes of the kind matched, b predictions of the kind matched"
        )

    shown = ("direct+mixed", "indirect", "all")
    auc = "  ".join(f"{name} {_number(scores.groups[name].auc)}" for name in shown)
    lines.append(f"confidence AUC (strict-correct vs wrong, matched quotes): {auc}")
    means = "  ".join(
        f"{name} {_number(scores.groups[name].mean_confidence_correct)}"
        f"/{_number(scores.groups[name].mean_confidence_wrong)}"
        for name in shown
    )
    lines.append(f"mean confidence correct/wrong: {means}")
    lines.append(
        f"documents: {scores.n_documents} (indirect annotated: {scores.n_indirect_documents})"
    )
    if scores.ignored_indirect:
        lines.append(
            f"ignored: {scores.ignored_indirect} predicted indirect quotes in documents "
            "without indirect gold"
        )
    if scores.unknown_doc_ids:
        listed = ", ".join(scores.unknown_doc_ids[:10])
        more = ", ..." if len(scores.unknown_doc_ids) > 10 else ""
        lines.append(
            f"ignored: predictions for {len(scores.unknown_doc_ids)} document ids not in the "
            f"gold ({listed}{more})"
        )
    return "\n".join(lines)


def shorten(text: str, limit: int = 100) -> str:
    """One line of at most ``limit`` characters: newlines folded, the cut marked with ``…``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _span(quote: GoldQuote | Quote | None) -> str:
    return f"{quote.start}:{quote.end}" if quote is not None else _MISSING


def _describe_gold(quote: GoldQuote | None) -> str:
    if quote is None:
        return _MISSING
    return f"{quote.kind}, {quote.speaker if quote.speaker is not None else 'no speaker'}"


def _describe_predicted(quote: Quote | None) -> str:
    if quote is None:
        return _MISSING
    speaker = quote.speaker.name if quote.speaker is not None else "no speaker"
    return f"{quote.kind}, {speaker}, conf {quote.confidence:.2f}"


def _format_error(error: ErrorRecord) -> list[str]:
    """Two or three lines: where, gold vs predicted kind and speaker, then the quote text(s)."""
    gold, predicted = error.gold, error.predicted
    if (
        gold is not None
        and predicted is not None
        and (gold.start, gold.end)
        != (
            predicted.start,
            predicted.end,
        )
    ):
        where = f"gold {_span(gold)} pred {_span(predicted)}"
    else:
        where = _span(gold if gold is not None else predicted)
    line = (
        f"  {error.doc_id} [{where}] gold: {_describe_gold(gold)}"
        f" | pred: {_describe_predicted(predicted)}"
    )
    if error.type == "wrong_speaker" and gold is not None and predicted is not None:
        if speaker_correct(gold, predicted, lenient=True):
            line += " (lenient ok)"
    lines = [line]
    if gold is not None:
        lines.append(f"      gold: «{shorten(gold.text)}»")
    if predicted is not None and (gold is None or predicted.text != gold.text):
        lines.append(f"      pred: «{shorten(predicted.text)}»")
    return lines


def format_errors(scores: Scores) -> str:
    """The error records grouped by type (gold/predicted shown as ``gold / pred``)."""
    sections: list[str] = []
    for error_type in ERROR_TYPES:
        errors = [error for error in scores.errors if error.type == error_type]
        if not errors:
            continue
        lines = [f"{error_type} ({len(errors)})"]
        for error in errors:
            lines += _format_error(error)
        sections.append("\n".join(lines))
    return "\n\n".join(sections) if sections else "no errors"


def _row_to_dict(row: GroupScores) -> dict[str, Any]:
    counts = row.counts
    return {
        "applicable": row.applicable,
        "counts": {
            "gold": counts.gold,
            "predicted": counts.predicted,
            "matched_gold": counts.matched_gold,
            "matched_predicted": counts.matched_predicted,
            "tp": counts.tp,
            "fp": counts.fp,
            "fn": counts.fn,
            "exact_gold": counts.exact_gold,
            "exact_predicted": counts.exact_predicted,
            "correct_gold": counts.correct_gold,
            "correct_predicted": counts.correct_predicted,
            "judged": counts.judged,
            "strict": counts.strict,
            "lenient": counts.lenient,
            "kind_judged": counts.kind_judged,
            "kind_correct": counts.kind_correct,
        },
        **{metric: row.metrics()[metric] for metric in METRICS},
    }


def scores_to_dict(scores: Scores, *, errors: bool = True) -> dict[str, Any]:
    """A JSON-ready dict of the scores (``None`` = not applicable), errors included by default."""
    result: dict[str, Any] = {
        "documents": scores.n_documents,
        "indirect_documents": scores.n_indirect_documents,
        "ignored_indirect": scores.ignored_indirect,
        "unknown_doc_ids": list(scores.unknown_doc_ids),
        "groups": {name: _row_to_dict(scores.groups[name]) for name in GROUPS},
    }
    if errors:
        result["errors"] = [error.to_dict() for error in scores.errors]
    return result
